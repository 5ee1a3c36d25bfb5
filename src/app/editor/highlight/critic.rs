//! Suggested changes and comments in the editor: each CriticMarkup mark
//! of a line laid over the line's own marks, its words coloured (an
//! insertion underlined, a removal struck through, a commented passage
//! and its comment on a tint) and its braces dimmed and small.
//!
//! The braces are kept, not hidden: the text editor's caret, selection,
//! clipboard and screen reader all work on the text itself, so a glyph
//! left out of the layout would put every caret after it one place off.
//! Drawn small and faint, they read as punctuation of the mark.

use std::ops::Range;

use super::scan::Mark;
use crate::model::markup::critic::{self, Kind};

/// `marks` (covering every byte of `line` once) with the line's
/// CriticMarkup laid over them.
pub(super) fn overlay(line: &str, marks: Vec<(Range<usize>, Mark)>) -> Vec<(Range<usize>, Mark)> {
    if !critic::may_have_marks(line) {
        return marks;
    }
    let spans = spans(line);
    if spans.is_empty() {
        return marks;
    }
    let mut out = Vec::with_capacity(marks.len() + spans.len() * 2);
    let mut next = 0;
    for (range, mark) in marks {
        let mut at = range.start;
        while at < range.end {
            while next < spans.len() && spans[next].0.end <= at {
                next += 1;
            }
            match spans.get(next) {
                Some((span, critic)) if span.start <= at => {
                    let end = span.end.min(range.end);
                    out.push((at..end, *critic));
                    at = end;
                }
                Some((span, _)) if span.start < range.end => {
                    out.push((at..span.start, mark));
                    at = span.start;
                }
                _ => {
                    out.push((at..range.end, mark));
                    at = range.end;
                }
            }
        }
    }
    out
}

/// The pieces of every mark of the line, in order, covering each mark
/// whole: braces, and the words each part holds.
fn spans(line: &str) -> Vec<(Range<usize>, Mark)> {
    let mut spans = Vec::new();
    for mark in critic::scan(line).marks {
        let mut parts: Vec<(Range<usize>, Mark)> = Vec::with_capacity(3);
        match mark.kind {
            Kind::Addition => parts.push((mark.new.clone(), Mark::Added)),
            Kind::Deletion => parts.push((mark.old.clone(), Mark::Removed)),
            Kind::Substitution => {
                parts.push((mark.old.clone(), Mark::Removed));
                parts.push((mark.new.clone(), Mark::Added));
            }
            Kind::Comment => parts.push((mark.old.clone(), Mark::Passage)),
        }
        if let Some(comment) = mark.comment.clone() {
            parts.push((comment, Mark::CommentText));
        }
        let mut at = mark.range.start;
        for (part, kind) in parts {
            if part.start > at {
                spans.push((at..part.start, Mark::CriticBrace));
            }
            if !part.is_empty() {
                spans.push((part.clone(), kind));
            }
            at = at.max(part.end);
        }
        if at < mark.range.end {
            spans.push((at..mark.range.end, Mark::CriticBrace));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::editor::highlight::{Around, scan_line};

    fn marked(line: &str) -> Vec<(&str, Mark)> {
        scan_line(line, Around::default()).into_iter().map(|(r, m)| (&line[r], m)).collect()
    }

    #[test]
    fn marks_lay_over_the_line_and_cover_it_once() {
        assert_eq!(
            marked("A {~~b~>c~~} *d* {==e==}{>>f<<}"),
            vec![
                ("A ", Mark::Plain),
                ("{~~", Mark::CriticBrace),
                ("b", Mark::Removed),
                ("~>", Mark::CriticBrace),
                ("c", Mark::Added),
                ("~~}", Mark::CriticBrace),
                (" ", Mark::Plain),
                ("*", Mark::Syntax),
                ("d", Mark::Emphasis),
                ("*", Mark::Syntax),
                (" ", Mark::Plain),
                ("{==", Mark::CriticBrace),
                ("e", Mark::Passage),
                ("==}{>>", Mark::CriticBrace),
                ("f", Mark::CommentText),
                ("<<}", Mark::CriticBrace),
            ]
        );
        // Over a heading's own marks too; a malformed mark stays as it is.
        assert_eq!(
            marked("## {++New++} head {--"),
            vec![
                ("## ", Mark::Syntax),
                ("{++", Mark::CriticBrace),
                ("New", Mark::Added),
                ("++}", Mark::CriticBrace),
                (" head {--", Mark::Heading2),
            ]
        );
    }
}
