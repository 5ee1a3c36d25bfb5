//! Any text through the spelling tokeniser (markup and plain): never
//! panics, and every reported range is a real slice of the input.
#![no_main]

use std::sync::LazyLock;

use copydesk::rules::spell::Speller;
use libfuzzer_sys::fuzz_target;

static SPELLER: LazyLock<Speller> = LazyLock::new(|| Speller::bundled().expect("the bundled dictionary loads"));

fuzz_target!(|text: &str| {
    for found in SPELLER.misspellings(text) {
        assert!(text.get(found.range.clone()).is_some(), "{:?} is not a slice of the text", found.range);
    }
    for found in SPELLER.misspellings_plain(text) {
        assert!(text.get(found.range.clone()).is_some(), "{:?} is not a slice of the text", found.range);
    }
});
