//! The document against a plain replay of the same edits: any mix of body
//! splices, headline edits, pauses (which group typing into undo steps),
//! undo, redo and saves keeps the dirty flag equal to comparing whole
//! states, undoes back to where it started and redoes forward to its newest
//! step. The same check runs as a property test here and as the `editing`
//! fuzz target, which is why it takes plain data and panics on a mismatch.

use std::path::Path;

use super::Document;
use crate::model::article::Article;
use crate::model::markup;

/// One thing an editor does to an open article.
#[derive(Debug, Clone)]
pub enum Step {
    /// Replace the bytes from `start` (clamped, moved back to a character
    /// boundary) for `len` bytes with `text`.
    Splice {
        start: usize,
        len: usize,
        text: String,
    },
    Headline(String),
    /// Time passes: typing so far becomes an undo step of its own.
    Pause,
    Undo,
    Redo,
    Save,
}

/// Applies `steps` to a document whose body is `body` (as parsed), checking it against whole-state
/// comparison after every step.
pub fn replay(body: &str, steps: &[Step]) {
    let start = Article { headline: "Start".into(), body: markup::parse(body).blocks, ..Article::default() };
    let mut doc = Document::new(start, Some("/desk/replay.ron".into()));
    let first = state(&doc);
    let mut saved = first.clone();
    let mut now = 0.0;
    for step in steps {
        match step {
            Step::Splice { start, len, text } => {
                let body = doc.body();
                let mut from = (*start).min(body.len());
                while !body.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = from.saturating_add(*len).min(body.len());
                while !body.is_char_boundary(to) {
                    to -= 1;
                }
                assert!(doc.replace_body(from..to, text), "a valid range is applied");
            }
            Step::Headline(text) => doc.edit_fields(|fields| fields.article.headline = text.clone()),
            Step::Pause => {
                // Longer than the grouping time, fed twice as the window does.
                now += 10.0;
                doc.feed_undo(now);
                now += 10.0;
                doc.feed_undo(now);
            }
            Step::Undo => {
                doc.undo();
            }
            Step::Redo => {
                doc.redo();
            }
            Step::Save => {
                doc.mark_saved(Path::new("/desk/replay.ron"));
                saved = state(&doc);
            }
        }
        assert_eq!(doc.is_dirty(), state(&doc) != saved, "dirty flag after {step:?}");
    }
    // Forward to the newest step (the replay may have ended on an undo),
    // back to the start, and forward again to the same place.
    while doc.redo().is_some() {}
    let newest = state(&doc);
    while doc.undo().is_some() {}
    assert_eq!(state(&doc), first, "undo goes back to the start");
    while doc.redo().is_some() {}
    assert_eq!(state(&doc), newest, "redo comes forward to the newest step");
}

/// What an editor sees: the body and the headline.
fn state(doc: &Document) -> (String, String) {
    (doc.body().to_string(), doc.fields().article.headline.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0usize..80, 0usize..12, "[a-c é\n]{0,6}")
                .prop_map(|(start, len, text)| Step::Splice { start, len, text }),
            1 => "[A-Z][a-z]{0,5}".prop_map(Step::Headline),
            2 => Just(Step::Pause),
            2 => Just(Step::Undo),
            1 => Just(Step::Redo),
            1 => Just(Step::Save),
        ]
    }

    /// Found by the property test: the headline typed, then a letter at
    /// the body's start at once; undo put the letter's step together
    /// with the headline's and took bytes from the body's end.
    #[test]
    fn a_field_then_the_body_are_two_steps_and_undo_keeps_the_body_whole() {
        replay(
            "Harbour news",
            &[
                Step::Headline("Ferry".into()),
                Step::Splice { start: 0, len: 0, text: "Late ".into() },
                Step::Undo,
                Step::Undo,
            ],
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn the_document_agrees_with_a_replay(
            body in "[a-c é\n]{0,60}",
            steps in proptest::collection::vec(step(), 0..40),
        ) {
            replay(&body, &steps);
        }
    }
}
