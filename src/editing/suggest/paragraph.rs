//! The paragraph a suggest-mode keystroke works on: its marks and whose
//! they are, and what typing, deleting and striking do to them (an own
//! mark grows or shrinks, someone else's is stepped past), with the note
//! changes that sign, re-anchor or drop a mark's note.

use std::collections::HashSet;
use std::ops::Range;

use super::{NO_LINE_BREAK, NoteChange, Outcome, Signer, text_before};
use crate::model::article::{Anchor, FoundMark, Note, NoteKind, new_id, pair};
use crate::model::markup::critic::{self, Kind, Mark};

/// A mark of the paragraph and whose it is.
#[derive(Debug, Clone)]
struct Local {
    mark: Mark,
    /// Index into [`Para::notes`].
    note: Option<usize>,
    own: bool,
}

/// The paragraph being edited, the notes that may be its marks', and the
/// note changes made so far.
pub(super) struct Para<'a> {
    pub(super) text: String,
    /// Notes whose marks are in the paragraph (copies, kept up to date).
    notes: Vec<Note>,
    pub(super) changes: Vec<NoteChange>,
    me: Signer<'a>,
}

impl<'a> Para<'a> {
    pub(super) fn new(text: &str, notes: &[Note], me: Signer<'a>) -> Para<'a> {
        let found: HashSet<&str> = critic::scan(text).marks.iter().map(|m| &text[m.range.clone()]).collect();
        let notes = if found.is_empty() {
            Vec::new()
        } else {
            notes
                .iter()
                .filter(|n| n.anchor.as_ref().is_some_and(|a| found.contains(a.mark.as_str())))
                .cloned()
                .collect()
        };
        Para { text: text.to_string(), notes, changes: Vec::new(), me }
    }

    /// The paragraph's marks with their notes, as the text is now.
    fn marks(&self) -> Vec<Local> {
        let scan = critic::scan(&self.text);
        let found: Vec<FoundMark> = scan
            .marks
            .iter()
            .map(|m| FoundMark {
                mark: &self.text[m.range.clone()],
                before: text_before(&self.text, m.range.start),
            })
            .collect();
        let paired = pair(&found, &self.notes);
        scan.marks
            .into_iter()
            .zip(paired.notes)
            .map(|(mark, note)| {
                let own = note.and_then(|n| self.notes.get(n)).is_some_and(|n| {
                    n.author.trim() == self.me.name.trim() && n.kind == NoteKind::Suggestion && !n.resolved
                });
                Local { mark, note, own }
            })
            .collect()
    }

    /// The mark at `range` is new: a note signs it.
    fn sign(&mut self, range: Range<usize>) {
        let anchor = Anchor::new(&self.text[range.clone()], text_before(&self.text, range.start));
        let note = Note {
            id: new_id(),
            kind: NoteKind::Suggestion,
            on: None,
            anchor: Some(anchor),
            author: self.me.name.trim().to_string(),
            at: self.me.now,
            text: String::new(),
            replies: Vec::new(),
            resolved: false,
        };
        self.changes.push(NoteChange::Add(note.clone()));
        self.notes.push(note);
    }

    /// The mark of note `note` now spans `range`.
    fn reanchor(&mut self, note: Option<usize>, range: Range<usize>) {
        let Some(note) = note.and_then(|n| self.notes.get_mut(n)) else { return };
        let anchor = Anchor::new(&self.text[range.clone()], text_before(&self.text, range.start));
        note.anchor = Some(anchor.clone());
        self.changes.push(NoteChange::Anchor { id: note.id.clone(), anchor });
    }

    fn forget(&mut self, note: Option<usize>) {
        let Some(index) = note.filter(|&n| n < self.notes.len()) else { return };
        let note = self.notes.remove(index);
        self.changes.push(NoteChange::Remove { id: note.id });
    }

    /// Types `words` at `at`; returns the caret.
    pub(super) fn insert(&mut self, at: usize, words: &str) -> usize {
        let marks = self.marks();
        let mut at = at;
        let touching: Vec<&Local> =
            marks.iter().filter(|l| l.mark.range.start <= at && at <= l.mark.range.end).collect();
        // An own insertion (or replacement) grows: anywhere in its own
        // words, or at its edges (a mark ends in its closing braces,
        // unless a reason follows them).
        let grows = |local: &Local| {
            let mark = &local.mark;
            local.own
                && matches!(mark.kind, Kind::Addition | Kind::Substitution)
                && ((mark.new.start <= at && at <= mark.new.end)
                    || (mark.comment.is_none() && at == mark.range.end)
                    || (mark.kind == Kind::Addition && at == mark.range.start))
        };
        if let Some(local) = touching.iter().find(|l| grows(l)) {
            let mark = &local.mark;
            let at = at.clamp(mark.new.start, mark.new.end);
            self.text.insert_str(at, words);
            let range = mark.range.start..mark.range.end + words.len();
            self.reanchor(local.note, range);
            return at + words.len();
        }
        if let Some(local) = touching.iter().find(|l| l.mark.range.start < at && at < l.mark.range.end) {
            // Never inside someone else's mark (or a removal): after it.
            at = local.mark.range.end;
        }
        let mark = format!("{{++{words}++}}");
        self.text.insert_str(at, &mark);
        self.sign(at..at + mark.len());
        at + 3 + words.len()
    }

    /// Typing `words` over plain text `range` on one line: a replacement.
    /// `None` when the selection holds marks or a line break.
    pub(super) fn replace(&mut self, range: Range<usize>, words: &str) -> Option<usize> {
        let old = &self.text[range.clone()];
        if old.contains('\n') {
            return None;
        }
        let marks = self.marks();
        if marks.iter().any(|l| l.mark.range.start < range.end && range.start < l.mark.range.end) {
            return None;
        }
        let mark = format!("{{~~{old}~>{words}~~}}");
        self.text.replace_range(range.clone(), &mark);
        self.sign(range.start..range.start + mark.len());
        Some(range.start + mark.len() - 3)
    }

    /// Suggests removing `range`: plain words are struck (joining an own
    /// removal beside them), words of an own insertion are taken back,
    /// other marks are left alone. Returns where the caret goes: before
    /// the struck words, or after them when `forward`.
    pub(super) fn delete(&mut self, range: Range<usize>, forward: bool) -> usize {
        let marks = self.marks();
        // Pieces of the range, right to left, so earlier offsets hold.
        let mut pieces: Vec<(Range<usize>, Option<usize>)> = Vec::new();
        let mut at = range.start;
        for (index, local) in marks.iter().enumerate() {
            let mark = &local.mark.range;
            if mark.end <= range.start || mark.start >= range.end {
                continue;
            }
            if at < mark.start {
                pieces.push((at..mark.start, None));
            }
            pieces.push((mark.start.max(range.start)..mark.end.min(range.end), Some(index)));
            at = mark.end;
        }
        if at < range.end {
            pieces.push((at..range.end, None));
        }
        // Processed right to left: going back, the caret ends before the
        // leftmost piece; going forward, after the rightmost.
        let mut caret = range.start;
        // (The distance from the end to the right of everything changed
        // since holds.)
        let mut right: Option<usize> = None;
        for (piece, mark) in pieces.into_iter().rev() {
            let moved = match mark {
                None => self.strike(piece, forward),
                Some(index) => self.take_back(&marks[index], piece),
            };
            if right.is_none() {
                right = Some(self.text.len() - moved.min(self.text.len()));
            }
            caret = moved;
        }
        if forward && let Some(from_end) = right {
            caret = self.text.len() - from_end;
        }
        caret.min(self.text.len())
    }

    /// Strikes plain `range` line by line; returns the caret (before the
    /// first removal mark, or after the last when `forward`).
    fn strike(&mut self, range: Range<usize>, forward: bool) -> usize {
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut start = range.start;
        for (i, c) in self.text[range.clone()].char_indices() {
            if c == '\n' {
                lines.push(start..range.start + i);
                start = range.start + i + 1;
            }
        }
        lines.push(start..range.end);
        lines.retain(|r| !r.is_empty());
        let mut caret = if forward { range.end } else { range.start };
        let mut right: Option<usize> = None;
        for line in lines.into_iter().rev() {
            let (mark_start, mark_end) = self.strike_line(line);
            if right.is_none() {
                right = Some(self.text.len() - mark_end);
            }
            caret = mark_start;
        }
        if forward && let Some(from_end) = right {
            caret = self.text.len() - from_end;
        }
        caret
    }

    /// Strikes one line's plain words, joining an own removal mark right
    /// before or after them; returns the removal mark's span.
    fn strike_line(&mut self, line: Range<usize>) -> (usize, usize) {
        let marks = self.marks();
        let own_removal = |l: &&Local| l.own && l.mark.kind == Kind::Deletion && l.mark.comment.is_none();
        let after = marks.iter().filter(own_removal).find(|l| l.mark.range.start == line.end);
        let before = marks.iter().filter(own_removal).find(|l| l.mark.range.end == line.start);
        let words = self.text[line.clone()].to_string();
        match (before, after) {
            (Some(left), Some(right)) => {
                // old-left + words + old-right, one mark.
                let (left, right) = (left.clone(), right.clone());
                let merged = format!(
                    "{{--{}{}{}--}}",
                    &self.text[left.mark.old.clone()],
                    words,
                    &self.text[right.mark.old.clone()]
                );
                let span = left.mark.range.start..right.mark.range.end;
                self.text.replace_range(span.clone(), &merged);
                let range = span.start..span.start + merged.len();
                // The right mark's note goes; the left one's covers both.
                let right_note = right.note.and_then(|n| self.notes.get(n)).map(|n| n.id.clone());
                self.reanchor(left.note, range.clone());
                if let Some(id) = right_note
                    && let Some(index) = self.notes.iter().position(|n| n.id == id)
                {
                    self.forget(Some(index));
                }
                (range.start, range.end)
            }
            (Some(left), None) => {
                let left = left.clone();
                // "--}" + words becomes words + "--}".
                let closing = left.mark.old.end;
                self.text.replace_range(closing..line.end, &format!("{words}--}}"));
                let range = left.mark.range.start..line.end;
                self.reanchor(left.note, range.clone());
                (range.start, range.end)
            }
            (None, Some(right)) => {
                let right = right.clone();
                // words + "{--" becomes "{--" + words.
                self.text.replace_range(line.start..right.mark.old.start, &format!("{{--{words}"));
                let range = line.start..right.mark.range.end;
                self.reanchor(right.note, range.clone());
                (range.start, range.end)
            }
            (None, None) => {
                let mark = format!("{{--{words}--}}");
                self.text.replace_range(line.clone(), &mark);
                self.sign(line.start..line.start + mark.len());
                (line.start, line.start + mark.len())
            }
        }
    }

    /// Deleting `piece` of the mark `local`: an own insertion (or own
    /// replacement's new words) gives those words back; anything else is
    /// left. Returns where the caret goes.
    fn take_back(&mut self, local: &Local, piece: Range<usize>) -> usize {
        let mark = &local.mark;
        let own_words = local.own && matches!(mark.kind, Kind::Addition | Kind::Substitution);
        let cut = piece.start.max(mark.new.start)..piece.end.min(mark.new.end);
        if !own_words || cut.is_empty() {
            return piece.start;
        }
        let mut words = self.text[mark.new.clone()].to_string();
        words.replace_range(cut.start - mark.new.start..cut.end - mark.new.start, "");
        let reason = mark.comment.clone().map(|c| format!("{{>>{}<<}}", &self.text[c])).unwrap_or_default();
        let rewritten = match mark.kind {
            _ if mark.kind == Kind::Addition && words.is_empty() => String::new(),
            Kind::Substitution if words.is_empty() => {
                format!("{{--{}--}}{reason}", &self.text[mark.old.clone()])
            }
            Kind::Substitution => format!("{{~~{}~>{words}~~}}{reason}", &self.text[mark.old.clone()]),
            _ => format!("{{++{words}++}}{reason}"),
        };
        let start = mark.range.start;
        self.text.replace_range(mark.range.clone(), &rewritten);
        if rewritten.is_empty() {
            self.forget(local.note);
            start
        } else {
            self.reanchor(local.note, start..start + rewritten.len());
            if mark.kind == Kind::Substitution && words.is_empty() { start } else { cut.start }
        }
    }

    /// Backspace at `at`: the character (or word) before it, past other
    /// people's marks.
    pub(super) fn back(&mut self, at: usize, word: bool) -> Result<usize, Outcome> {
        let mut at = at;
        loop {
            let marks = self.marks();
            if let Some(local) = marks.iter().find(|l| l.mark.range.start < at && at <= l.mark.range.end) {
                let mark = &local.mark;
                let own_words = local.own && matches!(mark.kind, Kind::Addition | Kind::Substitution);
                if own_words && mark.new.start < at && at <= mark.new.end {
                    let from = previous_char(&self.text, at);
                    return Ok(self.delete(from..at, false));
                }
                if own_words
                    && at == mark.range.end
                    && mark.comment.is_none()
                    && mark.new.end > mark.new.start
                {
                    let end = mark.new.end;
                    let from = previous_char(&self.text, end);
                    return Ok(self.delete(from..end, false));
                }
                // Struck words, a comment or someone else's mark: step over.
                at = mark.range.start;
                continue;
            }
            if at == 0 {
                return Err(Outcome::Move(0));
            }
            let from = if word { word_start(&self.text, at) } else { previous_char(&self.text, at) };
            if self.text[from..at].contains('\n') {
                return Err(Outcome::Refused(NO_LINE_BREAK));
            }
            return Ok(self.delete(from..at, false));
        }
    }

    /// Delete at `at`: the character (or word) after it.
    pub(super) fn forward(&mut self, at: usize, word: bool) -> Result<usize, Outcome> {
        let mut at = at;
        loop {
            let marks = self.marks();
            if let Some(local) = marks.iter().find(|l| l.mark.range.start <= at && at < l.mark.range.end) {
                let mark = &local.mark;
                let own_words = local.own && matches!(mark.kind, Kind::Addition | Kind::Substitution);
                if own_words && mark.new.start <= at && at < mark.new.end {
                    let to = next_char(&self.text, at);
                    return Ok(self.delete(at..to, true));
                }
                at = mark.range.end;
                continue;
            }
            if at >= self.text.len() {
                return Err(Outcome::Move(self.text.len()));
            }
            let to = if word { word_end(&self.text, at) } else { next_char(&self.text, at) };
            if self.text[at..to].contains('\n') {
                return Err(Outcome::Refused(NO_LINE_BREAK));
            }
            return Ok(self.delete(at..to, true));
        }
    }
}

fn previous_char(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Where the word before `at` starts: spaces, then letters, back to a
/// mark's brace or the line's start.
fn word_start(text: &str, at: usize) -> usize {
    let stop = |c: char| c == '\n' || c == '}';
    let mut start = at;
    let mut seen_word = false;
    for (i, c) in text[..at].char_indices().rev() {
        if stop(c) || (c.is_whitespace() && seen_word) {
            break;
        }
        seen_word |= !c.is_whitespace();
        start = i;
    }
    if start == at { previous_char(text, at) } else { start }
}

/// Where the word after `at` ends.
fn word_end(text: &str, at: usize) -> usize {
    let stop = |c: char| c == '\n' || c == '{';
    let mut end = at;
    let mut seen_word = false;
    for (i, c) in text[at..].char_indices() {
        if stop(c) || (c.is_whitespace() && seen_word) {
            break;
        }
        seen_word |= !c.is_whitespace();
        end = at + i + c.len_utf8();
    }
    if end == at { next_char(text, at) } else { end }
}
