//! Any bytes as an article file: loading never panics, and what loads saves
//! to text that loads back to the same article and the same text
//! (load → save → load is a fixpoint).
#![no_main]

use std::path::Path;

use copydesk::storage::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.ron");
    let Ok(article) = store::parse_bytes(data, path) else { return };
    let saved = store::to_string(&article);
    let again = store::parse_str(&saved, path).expect("what Copydesk saves, it loads");
    assert_eq!(again, article, "load → save → load changed the article");
    assert_eq!(store::to_string(&again), saved, "saving twice gave different text");
});
