//! Suggest mode: what a keystroke does to the body when the editor
//! suggests rather than edits. Typing makes an insertion mark
//! (`{++words++}`), deleting makes a removal mark (`{--words--}`, the
//! words struck, not gone), typing over a selection makes a replacement
//! (`{~~old~>new~~}`); each is signed with the editor's name in a note.
//!
//! An editor's own marks grow as they type and shrink as they take
//! their words back (a suggestion taken back whole is gone, note and
//! all); someone else's marks are never typed into: the caret steps
//! past them. A line break can be neither suggested nor struck (a mark
//! lives in one paragraph), so Enter and deleting a line end are refused.
//!
//! Only the paragraph around the caret is read, so a keystroke costs the
//! same in a long story as in a short one; the result is one splice of
//! the body and the note changes, which [`crate::editing::document::Document::splice_with`]
//! records as one edit.

pub mod decide;
mod paragraph;

use std::ops::Range;

use crate::editing::document::Splice;
use crate::model::article::{Anchor, Note};
use paragraph::Para;

/// A keystroke in suggest mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typing {
    /// Text typed or pasted (over the selection, if any).
    Insert(String),
    /// Backspace (Ctrl+Backspace: a word).
    Backspace { word: bool },
    /// Delete (Ctrl+Delete: a word).
    Delete { word: bool },
}

/// Who is suggesting, and when.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub name: &'a str,
    pub now: jiff::Timestamp,
}

/// A change to the article's notes, by note id.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteChange {
    Add(Note),
    /// The note's mark now reads differently.
    Anchor {
        id: String,
        anchor: Anchor,
    },
    /// A suggestion its author took back whole.
    Remove {
        id: String,
    },
}

/// Applies note changes, in order, to the article's notes.
pub fn apply_notes(notes: &mut Vec<Note>, changes: &[NoteChange]) {
    for change in changes {
        match change {
            NoteChange::Add(note) => notes.push(note.clone()),
            NoteChange::Anchor { id, anchor } => {
                if let Some(note) = notes.iter_mut().find(|n| &n.id == id) {
                    note.anchor = Some(anchor.clone());
                }
            }
            NoteChange::Remove { id } => notes.retain(|n| &n.id != id),
        }
    }
}

/// What a keystroke comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Splice the body, change the notes, put the caret at byte `caret`
    /// of the new body.
    Edit { splice: Splice, notes: Vec<NoteChange>, caret: usize },
    /// Nothing to change: only the caret moves (past someone else's mark).
    Move(usize),
    /// Cannot be suggested; why, in words.
    Refused(&'static str),
}

/// Why Enter does nothing in suggest mode.
pub const NO_LINE_BREAK: &str = "A paragraph break cannot be suggested: switch Suggest Changes off (Edit menu) to split or join paragraphs.";

/// What `typing` does at `selection` (body bytes) of `body`, signed by `me`.
pub fn keystroke(
    body: &str,
    selection: Range<usize>,
    typing: &Typing,
    notes: &[Note],
    me: Signer,
) -> Outcome {
    let valid = |at: usize| at <= body.len() && body.is_char_boundary(at);
    if selection.start > selection.end || !valid(selection.start) || !valid(selection.end) {
        return Outcome::Move(selection.start.min(body.len()));
    }
    let start = paragraph_start(body, selection.start);
    let end = paragraph_end(body, selection.end);
    let mut para = Para::new(&body[start..end], notes, me);
    let (from, to) = (selection.start - start, selection.end - start);
    let caret = match typing {
        Typing::Insert(text) => {
            if text.trim_matches(['\n', '\r']).is_empty() {
                return Outcome::Refused(NO_LINE_BREAK);
            }
            // Pasted lines join as one: a mark lives in one paragraph.
            let text = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
            if from < to {
                match para.replace(from..to, &text) {
                    Some(caret) => caret,
                    None => {
                        let at = para.delete(from..to, false);
                        para.insert(at, &text)
                    }
                }
            } else {
                para.insert(from, &text)
            }
        }
        Typing::Backspace { .. } | Typing::Delete { .. } if from < to => para.delete(from..to, false),
        // At a paragraph's edge the next thing is a line break.
        Typing::Backspace { word } => match para.back(from, *word) {
            Ok(caret) => caret,
            Err(Outcome::Move(0)) if start > 0 => return Outcome::Refused(NO_LINE_BREAK),
            Err(outcome) => return outcome.shifted(start),
        },
        Typing::Delete { word } => match para.forward(from, *word) {
            Ok(caret) => caret,
            Err(Outcome::Move(at)) if at == end - start && end < body.len() => {
                return Outcome::Refused(NO_LINE_BREAK);
            }
            Err(outcome) => return outcome.shifted(start),
        },
    };
    let old = &body[start..end];
    if para.text == old {
        return Outcome::Move(start + caret);
    }
    let (head, tail) = common_ends(old, &para.text);
    Outcome::Edit {
        splice: Splice::new(start + head..end - tail, &para.text[head..para.text.len() - tail]),
        notes: para.changes,
        caret: start + caret,
    }
}

impl Outcome {
    fn shifted(self, by: usize) -> Outcome {
        match self {
            Outcome::Move(at) => Outcome::Move(at + by),
            other => other,
        }
    }
}

/// The start of the paragraph holding byte `at` (after a blank line).
pub fn paragraph_start(body: &str, at: usize) -> usize {
    memchr::memmem::rfind(&body.as_bytes()[..at], b"\n\n").map_or(0, |i| i + 2)
}

/// The end of the paragraph holding byte `at` (before a blank line).
pub fn paragraph_end(body: &str, at: usize) -> usize {
    memchr::memmem::find(&body.as_bytes()[at..], b"\n\n").map_or(body.len(), |i| at + i)
}

/// How many bytes two texts share at the start and, after that, at the
/// end, on character boundaries.
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let mut head = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
        head -= 1;
    }
    let most = old.len().min(new.len()) - head;
    let mut tail = old.bytes().rev().zip(new.bytes().rev()).take(most).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    (head, tail)
}

/// The text before byte `at` of a paragraph (or body) as a block's text
/// would have it before a mark: from the line's start, its block marker
/// left out (what a note's anchor keeps).
pub fn text_before(text: &str, at: usize) -> &str {
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    let rest = line.trim_start_matches([' ', '\t']);
    let marker = ["### ", "## ", "> ", "- ", "* ", "+ "].iter().find(|m| rest.starts_with(**m));
    match marker {
        Some(marker) => &rest[marker.len()..],
        None => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            match rest.get(digits..digits + 2) {
                Some(". " | ") ") if digits > 0 => &rest[digits + 2..],
                _ => rest,
            }
        }
    }
}

#[cfg(test)]
mod tests;
