//! Deciding the marks of an open document: Accept, Reject and Resolve of
//! one mark, or of all (of one author), each one undo step made of
//! ordinary splices of the body text (the braces go, the kept words stay
//! where they are), with the notes of the decided marks resolved in the
//! same step. The marks are found block by block as `copydesk review`
//! and the checks find them, then placed in the body text.

use std::ops::Range;

use crate::editing::document::{Document, Splice};
use crate::model::article::suggestions::{self, Found, Suggestions};
use crate::model::article::{Block, Note};
use crate::model::markup::critic::{Keep, Kind};
use crate::model::markup::{self, BlockSource, Parsed};

/// A mark of the body text: the block's mark and where it is in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub found: Found,
    /// The mark as its block text holds it (a line break read as a space).
    pub text: String,
    /// The whole mark in the body text.
    pub range: Range<usize>,
    /// Its old and new words in the body text (an empty side: `None`).
    old: Option<Range<usize>>,
    new: Option<Range<usize>>,
}

impl Placed {
    /// What the mark says, in one line (see `suggestions::describe`).
    pub fn describe(&self) -> String {
        let shift = self.found.mark.range.start;
        let back = |r: &Range<usize>| r.start.saturating_sub(shift)..r.end.saturating_sub(shift);
        let mark = &self.found.mark;
        let local = crate::model::markup::critic::Mark {
            kind: mark.kind,
            range: back(&mark.range),
            old: back(&mark.old),
            new: back(&mark.new),
            comment: mark.comment.as_ref().map(back),
        };
        suggestions::describe(&self.text, &local)
    }

    /// The splices that keep `keep` of the mark: the braces and the other
    /// side go, the kept words do not move.
    pub fn splices(&self, keep: Keep) -> Vec<Splice> {
        let kept = match keep {
            Keep::Old => &self.old,
            Keep::New => &self.new,
            Keep::Mark => return Vec::new(),
        };
        match kept {
            Some(kept) => [self.range.start..kept.start, kept.end..self.range.end]
                .into_iter()
                .filter(|r| !r.is_empty())
                .map(|r| Splice::new(r, ""))
                .collect(),
            None => vec![Splice::new(self.range.clone(), "")],
        }
    }
}

/// Which bytes of the block text must be found next to a mapped offset
/// for the mapping to be trusted.
enum Beside<'a> {
    /// These bytes start at the offset.
    After(&'a str),
    /// These bytes end at the offset.
    Before(&'a str),
}

/// The body byte of byte `offset` of a block text, checked against the
/// delimiter beside it (an escaped paragraph's backslash shifts a block
/// text by one against the body; it is looked for one byte either way).
fn map(body: &str, source: &BlockSource, part: usize, offset: usize, beside: Beside) -> Option<usize> {
    let at = source.body_offset(part, offset);
    [at, at.wrapping_sub(1), at + 1].into_iter().find(|&at| match beside {
        Beside::After(bytes) => body.get(at..).is_some_and(|rest| rest.starts_with(bytes)),
        Beside::Before(bytes) => body.get(..at).is_some_and(|head| head.ends_with(bytes)),
    })
}

/// The block-text range `range` of `text` in the body, if it is not empty.
fn side(
    body: &str,
    source: &BlockSource,
    part: usize,
    text: &str,
    range: &Range<usize>,
) -> Option<Option<Range<usize>>> {
    if range.is_empty() {
        return Some(None);
    }
    let before = text.get(range.start.saturating_sub(2)..range.start)?;
    let after = text.get(range.end..(range.end + 2).min(text.len()))?;
    let start = map(body, source, part, range.start, Beside::Before(before))?;
    let end = map(body, source, part, range.end, Beside::After(after))?;
    (start <= end).then_some(Some(start..end))
}

/// Every mark of the body text, placed, with the pairing it came from.
pub fn place(body: &str, parsed: &Parsed, notes: &[Note]) -> (Vec<Placed>, Suggestions) {
    let suggestions = suggestions::find(&parsed.blocks, notes);
    let placed = suggestions
        .found
        .iter()
        .filter_map(|found| {
            let source = parsed.sources.get(found.block)?;
            let text = suggestions::text_of(&parsed.blocks, found);
            let mark = &found.mark;
            let opener = text.get(mark.range.start..mark.range.start + 3)?;
            let closer = text.get(mark.range.end.checked_sub(3)?..mark.range.end)?;
            let start = map(body, source, found.part, mark.range.start, Beside::After(opener))?;
            let end = map(body, source, found.part, mark.range.end, Beside::Before(closer))?;
            let old = side(body, source, found.part, text, &mark.old)?;
            let new = side(body, source, found.part, text, &mark.new)?;
            let mark_text = text.get(mark.range.clone())?.to_string();
            (start < end).then(|| Placed {
                found: found.clone(),
                text: mark_text,
                range: start..end,
                old,
                new,
            })
        })
        .collect();
    (placed, suggestions)
}

/// The marks of the document's body, placed (parsing it now).
pub fn marks_of(doc: &Document) -> (Vec<Placed>, Suggestions, Vec<Block>) {
    let parsed = markup::parse(doc.body());
    let (placed, suggestions) = place(doc.body(), &parsed, &doc.fields().article.notes);
    (placed, suggestions, parsed.blocks)
}

/// Decides the marks `choose` picks (given each and its note), keeping
/// `keep` of each, as one undo step; their notes are resolved. Returns
/// where the decided marks were in the body before (none: nothing done).
pub fn decide(
    doc: &mut Document,
    keep: Keep,
    choose: impl Fn(&Placed, Option<&Note>) -> bool,
) -> Vec<Range<usize>> {
    let (placed, ..) = marks_of(doc);
    let notes = &doc.fields().article.notes;
    let mut splices = Vec::new();
    let mut resolved = Vec::new();
    let mut decided = Vec::new();
    for mark in &placed {
        let note = mark.found.note.and_then(|n| notes.get(n));
        if !choose(mark, note) {
            continue;
        }
        splices.extend(mark.splices(keep));
        resolved.extend(note.map(|n| n.id.clone()));
        decided.push(mark.range.clone());
    }
    if decided.is_empty() {
        return decided;
    }
    let done = doc.splice_as_one_step(&splices, |fields| {
        for note in fields.article.notes.iter_mut().filter(|n| resolved.contains(&n.id)) {
            note.resolved = true;
        }
    });
    if done { decided } else { Vec::new() }
}

/// Picks the change at body byte `at` (inside it or at its edge).
pub fn change_at(at: usize) -> impl Fn(&Placed, Option<&Note>) -> bool {
    move |mark, _| mark.found.mark.kind.is_change() && mark.range.start <= at && at <= mark.range.end
}

/// Picks the mark starting at body byte `at` whose text is `text` (a mark
/// chosen in the panel, if it is still there).
pub fn mark_at(at: usize, text: &str) -> impl Fn(&Placed, Option<&Note>) -> bool + '_ {
    move |mark, _| mark.range.start == at && mark.text == text
}

/// Picks the comments whose note is `id`.
pub fn comment_of(id: &str) -> impl Fn(&Placed, Option<&Note>) -> bool + '_ {
    move |mark, note| mark.found.mark.kind == Kind::Comment && note.is_some_and(|n| n.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::{Anchor, Article, NoteKind};

    fn doc(body: Vec<Block>, notes: Vec<Note>) -> Document {
        Document::new(Article { body, notes, ..Article::default() }, None)
    }

    fn note(id: &str, mark: &str, before: &str, author: &str) -> Note {
        Note {
            id: id.into(),
            kind: NoteKind::Suggestion,
            on: None,
            anchor: Some(Anchor::new(mark, before)),
            author: author.into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            text: String::new(),
            replies: Vec::new(),
            resolved: false,
        }
    }

    #[test]
    fn accept_one_reject_all_and_each_undoes_in_one_step() {
        let mut doc = doc(
            vec![
                Block::Paragraph("The ferry ran {++late++} on {--every--} Sunday.".into()),
                Block::Quote {
                    text: "We {~~waited~>hoped~~} long.".into(),
                    attribution: Some("Ines {==Marrow==}{>>Spelling?<<}".into()),
                },
                Block::List { ordered: false, items: vec!["One {++more++}".into(), "Broken {++".into()] },
            ],
            vec![note("a", "{++late++}", "The ferry ran ", "Tomas Reyes")],
        );
        let before = doc.body().to_string();
        let late = doc.body().find("{++late").unwrap_or(0);
        assert_eq!(decide(&mut doc, Keep::New, change_at(late + 2)).len(), 1);
        assert!(doc.body().starts_with("The ferry ran late on {--every--}"));
        assert!(doc.fields().article.notes[0].resolved);
        assert_eq!(decide(&mut doc, Keep::Old, |m, _| m.found.mark.kind.is_change()).len(), 3);
        assert_eq!(
            doc.body(),
            "The ferry ran late on every Sunday.\n\n> We waited long.\n> — Ines {==Marrow==}{>>Spelling?<<}\n\n- One \n- Broken {++"
        );
        doc.undo();
        assert!(doc.body().contains("{--every--}") && doc.body().contains("{++more++}"));
        doc.undo();
        assert_eq!(doc.body(), before);
        assert!(!doc.fields().article.notes[0].resolved);
    }

    #[test]
    fn a_mark_across_a_line_break_and_an_escaped_paragraph_are_placed() {
        let mut doc = doc(Vec::new(), Vec::new());
        doc.replace_body(0..0, "2026\\. was {++a\ngood++} year.");
        assert_eq!(decide(&mut doc, Keep::New, |_, _| true).len(), 1);
        assert_eq!(doc.body(), "2026\\. was a\ngood year.");
    }
}
