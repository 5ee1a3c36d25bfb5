//! Any text as a recovery record: never panics; a record that reads writes
//! back to text that reads as the same record.
#![no_main]

use std::path::Path;

use copydesk::storage::recovery::Record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("record.ron");
    let Ok(record) = Record::parse(text, path) else { return };
    let Ok(written) = record.to_ron() else { return };
    let again = Record::parse(&written, path).expect("what the journal writes, it reads");
    assert_eq!(again, record, "a record changed through the journal");
});
