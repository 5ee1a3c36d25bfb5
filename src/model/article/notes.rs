//! The copy desk's notes on an article (format 3): who wrote each comment
//! and suggested change, when, the replies, and whether it is resolved;
//! and how a note finds its CriticMarkup mark in the body.
//!
//! The mark itself (`{++added++}`, `{--removed--}`, `{~~old~>new~~}`,
//! `{==passage==}{>>comment<<}`) stays plain CriticMarkup in the block
//! text, so other tools read it and it moves and merges with its text. The
//! note keys itself to the mark from the outside, by an [`Anchor`]: the
//! mark's exact text plus the words just before it. A mark and a note pair
//! when their mark texts are equal; identical marks (two `{--very --}`)
//! are told apart by which stored context matches best (see [`pair`]). A
//! mark no note pairs with is by an unknown author; an open note whose mark
//! is gone is orphaned, and listed, never dropped. README "Format 3" says
//! why this and not an id written into the mark.

use serde::{Deserialize, Serialize};

use super::Field;
use super::rfc3339;

/// A comment or suggested change and the conversation on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// A UUID, given when the note is made; merges and replies key on it.
    pub id: String,
    pub kind: NoteKind,
    /// The metadata field the note is on (a comment on the headline);
    /// `None` for the body, where its mark is.
    pub on: Option<Field>,
    /// The body mark the note belongs to; `None` for a note on a field.
    pub anchor: Option<Anchor>,
    pub author: String,
    #[serde(with = "rfc3339::required")]
    pub at: jiff::Timestamp,
    /// What the author wrote: a comment's words (also in its body mark, so
    /// an orphaned note still says them), or why a change is suggested.
    pub text: String,
    pub replies: Vec<Reply>,
    pub resolved: bool,
}

impl Note {
    /// Every piece of text the note holds, replies included.
    pub fn texts(&self) -> Vec<&str> {
        let mut texts = vec![self.author.as_str(), self.text.as_str()];
        if let Some(anchor) = &self.anchor {
            texts.extend([anchor.mark.as_str(), anchor.before.as_str()]);
        }
        texts.extend(self.replies.iter().flat_map(|r| [r.author.as_str(), r.text.as_str()]));
        texts
    }

    /// The note as one line of history: kind, author, time, words, how
    /// many replies, resolved.
    pub fn summary(&self) -> String {
        let mut line = format!("{} by {}, {}: {}", self.kind.label(), self.author, self.at, self.text);
        if let Some(field) = self.on {
            line.push_str(&format!(" (on the {})", field.label().to_lowercase()));
        } else if let Some(anchor) = &self.anchor {
            line.push_str(&format!(" (at {})", anchor.mark));
        }
        for reply in &self.replies {
            line.push_str(&format!(" / {}, {}: {}", reply.author, reply.at, reply.text));
        }
        if self.resolved {
            line.push_str(" (resolved)");
        }
        line
    }
}

/// What a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NoteKind {
    Comment,
    Suggestion,
}

impl NoteKind {
    pub const ALL: [NoteKind; 2] = [NoteKind::Comment, NoteKind::Suggestion];

    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Comment => "Comment",
            NoteKind::Suggestion => "Suggestion",
        }
    }
}

/// One answer in a note's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub author: String,
    #[serde(with = "rfc3339::required")]
    pub at: jiff::Timestamp,
    pub text: String,
}

/// Where a note's mark is in the body, told by content, not position, so
/// it follows the mark through every edit, merge and block move.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The mark exactly as in the block text, braces included
    /// (`{~~Tuesday~>Wednesday~~}`, `{==the yard==}{>>Which one?<<}`).
    pub mark: String,
    /// Up to [`Anchor::CONTEXT`] characters of block text just before the
    /// mark when the note was made: tells identical marks apart.
    pub before: String,
}

impl Anchor {
    /// How many characters of the text before a mark a note keeps.
    pub const CONTEXT: usize = 32;

    /// The anchor of `mark`, found after `text_before` in its block.
    pub fn new(mark: &str, text_before: &str) -> Anchor {
        let skip = text_before.chars().count().saturating_sub(Anchor::CONTEXT);
        Anchor { mark: mark.to_string(), before: text_before.chars().skip(skip).collect() }
    }
}

/// A mark as the body holds it now: its text and the block text before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundMark<'a> {
    pub mark: &'a str,
    pub before: &'a str,
}

/// Which note each mark belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pairing {
    /// For each mark (in the order given), the index of its note; `None`:
    /// by an unknown author (a mark typed by hand or imported).
    pub notes: Vec<Option<usize>>,
    /// Open notes with an anchor whose mark is no longer in the body (a
    /// resolved note without its mark is simply done, not orphaned).
    pub orphaned: Vec<usize>,
}

/// Pairs the body's marks (in reading order) with the notes anchored on
/// them. A note pairs only with a mark of exactly its mark text. A mark
/// whose context reads as its note's anchor does (what the note was
/// signed with, so nearly every mark) pairs with it at once, in reading
/// and note order. Among the identical marks left, the pairs whose stored
/// context agrees longest with the mark's present context are made first
/// (ties in reading order, then note order), so two identical marks keep
/// their authors even when other text around them changes, and swap only
/// when all that told them apart is gone.
pub fn pair(marks: &[FoundMark<'_>], notes: &[Note]) -> Pairing {
    use std::collections::HashMap;
    let mut paired = Pairing { notes: vec![None; marks.len()], orphaned: Vec::new() };
    let mut taken = vec![false; notes.len()];
    // Notes by a hash of their anchor, those sharing one chained in note
    // order: a story with hundreds of marks pairs in one pass over each
    // (hashing the two texts once, no list per anchor), not every mark
    // against every note of the same text.
    let key = |mark: &str, before: &str| {
        xxhash_rust::xxh3::xxh3_64(mark.as_bytes())
            ^ xxhash_rust::xxh3::xxh3_64(before.as_bytes()).rotate_left(29)
    };
    let mut first: HashMap<u64, usize> = HashMap::with_capacity(notes.len());
    let mut next = vec![usize::MAX; notes.len()];
    for (n, note) in notes.iter().enumerate().rev() {
        if let Some(anchor) = &note.anchor
            && let Some(later) = first.insert(key(&anchor.mark, &anchor.before), n)
        {
            next[n] = later;
        }
    }
    let mut left = Vec::new();
    for (m, found) in marks.iter().enumerate() {
        let before = context(found.before);
        let mut n = first.get(&key(found.mark, before)).copied().unwrap_or(usize::MAX);
        while let Some(note) = notes.get(n) {
            let reads_so = note
                .anchor
                .as_ref()
                .is_some_and(|anchor| anchor.mark == found.mark && anchor.before == before);
            if reads_so && !taken[n] {
                paired.notes[m] = Some(n);
                taken[n] = true;
                break;
            }
            n = next[n];
        }
        if paired.notes[m].is_none() {
            left.push(m);
        }
    }
    if !left.is_empty() {
        let mut by_mark: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, note) in notes.iter().enumerate().filter(|(n, _)| !taken[*n]) {
            if let Some(anchor) = &note.anchor {
                by_mark.entry(anchor.mark.as_str()).or_default().push(n);
            }
        }
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for &m in &left {
            let found = &marks[m];
            for &n in by_mark.get(found.mark).map_or(&[][..], Vec::as_slice) {
                if let Some(anchor) = &notes[n].anchor {
                    candidates.push((common_suffix(&anchor.before, found.before), m, n));
                }
            }
        }
        candidates.sort_by_key(|&(agree, m, n)| (std::cmp::Reverse(agree), m, n));
        for (_, m, n) in candidates {
            if paired.notes[m].is_none() && !taken[n] {
                paired.notes[m] = Some(n);
                taken[n] = true;
            }
        }
    }
    paired.orphaned = notes
        .iter()
        .enumerate()
        .filter(|(n, note)| !taken[*n] && !note.resolved && note.anchor.is_some())
        .map(|(n, _)| n)
        .collect();
    paired
}

/// The end of `before` that an anchor keeps ([`Anchor::CONTEXT`]
/// characters).
fn context(before: &str) -> &str {
    // Prose is mostly ASCII: then the characters are the last bytes.
    let bytes = before.as_bytes();
    if bytes.len() <= Anchor::CONTEXT {
        return before;
    }
    let tail = bytes.len() - Anchor::CONTEXT;
    if bytes[tail..].is_ascii() {
        return &before[tail..];
    }
    match before.char_indices().rev().nth(Anchor::CONTEXT - 1) {
        Some((at, _)) => &before[at..],
        None => before,
    }
}

/// How many characters two texts share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str, mark: &str, before: &str) -> Note {
        Note {
            id: id.into(),
            kind: NoteKind::Suggestion,
            on: None,
            anchor: Some(Anchor::new(mark, before)),
            author: format!("Editor {id}"),
            at: jiff::Timestamp::UNIX_EPOCH,
            text: String::new(),
            replies: Vec::new(),
            resolved: false,
        }
    }

    fn found<'a>(mark: &'a str, before: &'a str) -> FoundMark<'a> {
        FoundMark { mark, before }
    }

    #[test]
    fn identical_marks_keep_their_notes_when_they_move() {
        let notes = [note("a", "{--very --}", "The tide was "), note("b", "{--very --}", "and the wind ")];
        // The second paragraph moved above the first, and text was added.
        let marks = [found("{--very --}", "By noon, and the wind "), found("{--very --}", "The tide was ")];
        let paired = pair(&marks, &notes);
        assert_eq!(paired.notes, vec![Some(1), Some(0)]);
        assert!(paired.orphaned.is_empty());
    }

    #[test]
    fn a_mark_without_a_note_is_unknown_and_a_note_without_its_mark_is_orphaned() {
        let mut done = note("c", "{++gone++}", "");
        done.resolved = true;
        let notes =
            [note("a", "{++late++}", "The ferry ran "), note("b", "{==pier==}{>>Which?<<}", ""), done];
        let marks = [found("{++late++}", "The ferry ran "), found("{--early--}", "")];
        let paired = pair(&marks, &notes);
        assert_eq!(paired.notes, vec![Some(0), None]);
        assert_eq!(paired.orphaned, vec![1], "the resolved note is done, not orphaned");
    }

    #[test]
    fn an_anchor_keeps_the_last_characters_before_its_mark() {
        let before = "é".repeat(40);
        let anchor = Anchor::new("{++x++}", &before);
        assert_eq!(anchor.before.chars().count(), Anchor::CONTEXT);
        assert_eq!(Anchor::new("{++x++}", "Short ").before, "Short ");
        for before in [before.as_str(), "Short ", "", &"ab".repeat(16), &"ab".repeat(17)] {
            assert_eq!(context(before), Anchor::new("{++x++}", before).before, "{before}");
        }
    }

    #[test]
    fn a_mark_that_reads_as_its_anchor_takes_its_note_first() {
        // The note was signed on the second mark, near the line's start;
        // the first mark's context ends the same way, after more text.
        let notes = [note("a", "{++late++}", "The ferry ran ")];
        let marks = [found("{++late++}", "By noon. The ferry ran "), found("{++late++}", "The ferry ran ")];
        assert_eq!(pair(&marks, &notes).notes, vec![None, Some(0)]);
        // Many identical marks, each where its note was signed.
        let notes: Vec<Note> =
            (0..200).map(|i| note(&i.to_string(), "{--the --}", &format!("{i} "))).collect();
        let befores: Vec<String> = (0..200).rev().map(|i| format!("{i} ")).collect();
        let marks: Vec<FoundMark> = befores.iter().map(|b| found("{--the --}", b)).collect();
        let expected: Vec<Option<usize>> = (0..200).rev().map(Some).collect();
        assert_eq!(pair(&marks, &notes).notes, expected);
    }
}
