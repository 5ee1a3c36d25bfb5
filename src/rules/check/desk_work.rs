//! Findings about the copy desk's work on an article: suggested changes
//! and comments still open (which hold a story back from Ready and
//! Published, so the publish gate refuses it), malformed CriticMarkup,
//! notes whose mark is gone, and the body's length against its target.

use super::{Field, Findings, Location, Severity};
use crate::model::article::suggestions::{self, describe};
use crate::model::article::{Article, Status};
use crate::model::stats::Stats;

/// The codes of work still open on the desk (a suggestion not yet decided,
/// a comment not yet resolved): errors that hold a story back at the
/// publish gate, but not faults in what ships, since every export writes
/// the story as published (suggestions as if rejected, comments gone).
pub const OPEN_DESK_WORK: [&str; 2] = ["open-suggestion", "open-comment"];

/// The share a body may run over or under its target before a note.
pub const LENGTH_SLACK: f64 = 0.10;

pub(super) fn marks(article: &Article, out: &mut Findings) {
    let ready = article.status >= Status::Ready;
    let open = if ready { Severity::Error } else { Severity::Note };
    let found = suggestions::find(&article.body, &article.notes);
    let author = |note: Option<usize>| {
        note.and_then(|n| article.notes.get(n)).map_or("an unknown author".to_string(), |n| n.author.clone())
    };
    let held = if ready { " Accept or reject it before the story is Ready." } else { "" };
    for change in found.changes() {
        let text = suggestions::text_of(&article.body, change);
        out.push(
            open,
            "open-suggestion",
            Location::Body { block: change.block, part: change.part, offset: change.mark.range.start },
            sentence(
                format!("Open suggestion by {}: {}", author(change.note), describe(text, &change.mark)),
                held,
            ),
        );
    }
    let resolve = if ready { " Resolve it before the story is Ready." } else { "" };
    for comment in found.open_comments(&article.notes) {
        let text = suggestions::text_of(&article.body, comment);
        out.push(
            open,
            "open-comment",
            Location::Body { block: comment.block, part: comment.part, offset: comment.mark.range.start },
            sentence(
                format!("Open comment by {} {}", author(comment.note), describe(text, &comment.mark)),
                resolve,
            ),
        );
    }
    for (_, note) in suggestions::open_field_notes(&article.notes) {
        let field = note.on.unwrap_or(Field::Notes);
        out.field(
            open,
            "open-comment",
            field,
            sentence(
                format!(
                    "Open comment by {} on the {}: {}",
                    note.author,
                    field.label().to_lowercase(),
                    note.text
                ),
                resolve,
            ),
        );
    }
    for bad in &found.malformed {
        out.push(
            if ready { Severity::Error } else { Severity::Warning },
            bad.bad.problem.code(),
            Location::Body { block: bad.block, part: bad.part, offset: bad.bad.range.start },
            bad.bad.problem.message(),
        );
    }
    for &index in &found.orphaned {
        let Some(note) = article.notes.get(index) else { continue };
        let mark = note.anchor.as_ref().map_or("", |a| a.mark.as_str());
        out.field(
            Severity::Note,
            "orphaned-note",
            Field::Notes,
            format!(
                "A {} by {} lost its mark {mark} (the text was changed elsewhere); it is kept, open, until resolved.",
                note.kind.label().to_lowercase(),
                note.author
            ),
        );
    }
}

/// `words` ended as a sentence (a full stop unless it ends in one, a
/// question or an exclamation), then `more`.
fn sentence(mut words: String, more: &str) -> String {
    if !words.trim_end().ends_with(['.', '?', '!']) {
        words.push('.');
    }
    words.push_str(more);
    words
}

/// A note when the body (as it would be published) runs more than
/// [`LENGTH_SLACK`] over or under `target` words.
pub(super) fn length(article: &Article, target: Option<u32>, out: &mut Findings) {
    let Some(target) = target.filter(|&t| t > 0) else { return };
    let words = Stats::of_blocks(&article.body).words;
    let (target_f, words_f) = (f64::from(target), words as f64);
    if words_f > target_f * (1.0 + LENGTH_SLACK) {
        out.field(
            Severity::Note,
            "length-over-target",
            Field::TargetWords,
            format!(
                "The story runs {words} words against a target of {target}; cut {}.",
                words - target as usize
            ),
        );
    } else if words_f < target_f * (1.0 - LENGTH_SLACK) {
        out.field(
            Severity::Note,
            "length-under-target",
            Field::TargetWords,
            format!(
                "The story runs {words} words against a target of {target}; {} short.",
                target as usize - words
            ),
        );
    }
}
