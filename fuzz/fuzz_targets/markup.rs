//! Any text as body markup: parsing never panics, and rendering what was
//! parsed reads back as the same blocks (parse ⇄ render is stable).
#![no_main]

use copydesk::model::markup::{parse, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let first = parse(text).blocks;
    let rendered = render(&first);
    let second = parse(&rendered).blocks;
    assert_eq!(second, first, "rendered {rendered:?}");
});
