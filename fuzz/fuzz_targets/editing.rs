//! Any run of edits to an open article (body splices, headline edits,
//! pauses, undo, redo, saves): the document keeps its dirty flag equal to a
//! whole comparison, undoes back to its start and redoes to its newest
//! step. The checks are the core's own (`editing::document::replay`).
#![no_main]

use arbitrary::Arbitrary;
use copydesk::editing::document::replay::{Step, replay};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Op {
    Splice { start: u8, len: u8, text: String },
    Headline(String),
    Pause,
    Undo,
    Redo,
    Save,
}

fuzz_target!(|input: (String, Vec<Op>)| {
    let (body, ops) = input;
    let steps: Vec<Step> = ops
        .into_iter()
        .take(64)
        .map(|op| match op {
            Op::Splice { start, len, text } => Step::Splice { start: start.into(), len: len.into(), text },
            Op::Headline(text) => Step::Headline(text),
            Op::Pause => Step::Pause,
            Op::Undo => Step::Undo,
            Op::Redo => Step::Redo,
            Op::Save => Step::Save,
        })
        .collect();
    replay(&body, &steps);
});
