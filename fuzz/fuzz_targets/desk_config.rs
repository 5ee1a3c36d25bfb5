//! Any bytes as `desk.ron`: never panics; settings that load write back to
//! text that loads to the same settings, and the speller takes their words.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use copydesk::storage::desk::config;
use copydesk::rules::spell::Speller;
use libfuzzer_sys::fuzz_target;

static SPELLER: LazyLock<Option<Speller>> = LazyLock::new(|| Speller::bundled().ok());

fuzz_target!(|data: &[u8]| {
    let path = Path::new("desk.ron");
    let Ok(desk) = config::parse(data, path) else { return };
    let text = config::to_string(&desk);
    let again = config::parse(text.as_bytes(), path).expect("what Copydesk writes, it reads");
    assert_eq!(again, desk, "desk.ron changed through a write");
    if let Some(speller) = SPELLER.as_ref() {
        let _ = Speller::unusable_words(&desk.words);
        let _ = speller.with_words(&desk.words);
    }
});
