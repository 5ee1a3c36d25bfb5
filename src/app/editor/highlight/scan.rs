//! The highlighter's grammar: which bytes of a body line are syntax,
//! heading, quote, attribution, emphasis or link. Held to the parser by
//! tests, so what the editor colours is what the page will show.

use std::ops::Range;

/// What a piece of body text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Plain,
    /// Markup syntax: `## `, `> `, `- `, `*`, brackets.
    Syntax,
    Heading2,
    Heading3,
    Quote,
    Attribution,
    Emphasis,
    Strong,
    LinkText,
    LinkUrl,
    /// A suggestion mark's braces (`{++`, `~>`, `==}{>>` …), dimmed.
    CriticBrace,
    /// Words suggested for adding.
    Added,
    /// Words suggested for removal.
    Removed,
    /// A commented passage.
    Passage,
    /// A comment's words.
    CommentText,
}

/// What a line's marks depend on besides the line: whether the lines
/// around it are quote lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Around {
    pub after_quote: bool,
    pub before_quote: bool,
}

impl Around {
    pub(super) fn key(self) -> u64 {
        (u64::from(self.after_quote) << 62) | (u64::from(self.before_quote) << 63)
    }
}

/// The lines of `text[start..end]` (whole lines), each with what it needs
/// to know of its neighbours, including the lines just outside the range.
pub(super) fn lines_around(text: &str, start: usize, end: usize) -> impl Iterator<Item = (&str, Around)> {
    let mut previous = if start > 0 { text[..start - 1].rsplit('\n').next() } else { None };
    let after = if end < text.len() { text[end + 1..].split('\n').next() } else { None };
    let mut lines = text[start..end].split('\n').peekable();
    std::iter::from_fn(move || {
        let line = lines.next()?;
        let next = lines.peek().copied().or(after);
        let around = Around {
            after_quote: previous.is_some_and(is_quote_line),
            before_quote: next.is_some_and(is_quote_line),
        };
        previous = Some(line);
        Some((line, around))
    })
}

/// The marks of every line of `text`, as the editor draws them, with byte
/// ranges in `text` (for tests that hold the highlighter to the parser).
pub fn marks_of_text(text: &str) -> Vec<(Range<usize>, Mark)> {
    let mut marks = Vec::new();
    let mut line_start = 0;
    for (line, around) in lines_around(text, 0, text.len()) {
        for (range, mark) in scan_line(line, around) {
            marks.push((line_start + range.start..line_start + range.end, mark));
        }
        line_start += line.len() + 1;
    }
    marks
}

fn is_quote_line(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with('>')
}

/// Marks one line of body text; every byte is covered exactly once. As in
/// the parser, `> — Name` is an attribution only as the last line of a
/// quote of two lines or more; alone it is quote text. Suggestion marks
/// are laid over the rest (see `critic`).
pub fn scan_line(line: &str, around: Around) -> Vec<(Range<usize>, Mark)> {
    super::critic::overlay(line, block_marks(line, around))
}

fn block_marks(line: &str, around: Around) -> Vec<(Range<usize>, Mark)> {
    let mut marks = Vec::new();
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    if indent > 0 {
        marks.push((0..indent, Mark::Plain));
    }
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let after_hashes = rest.as_bytes().get(hashes);
    if (hashes == 2 || hashes == 3) && matches!(after_hashes, None | Some(b' ')) {
        let marker = (hashes + 1).min(rest.len());
        marks.push((indent..indent + marker, Mark::Syntax));
        let base = if hashes == 2 { Mark::Heading2 } else { Mark::Heading3 };
        inline(line, indent + marker, base, &mut marks);
        return marks;
    }
    if rest.starts_with('>') {
        let marker = if rest.starts_with("> ") { 2 } else { 1 };
        marks.push((indent..indent + marker, Mark::Syntax));
        let content = &rest[marker..];
        for dash in ["— ", "-- "] {
            if around.after_quote && !around.before_quote && content.starts_with(dash) {
                let start = indent + marker;
                marks.push((start..start + dash.len(), Mark::Syntax));
                marks.push((start + dash.len()..line.len(), Mark::Attribution));
                return marks;
            }
        }
        inline(line, indent + marker, Mark::Quote, &mut marks);
        return marks;
    }
    let marker = list_marker(rest);
    if marker > 0 {
        marks.push((indent..indent + marker, Mark::Syntax));
    }
    inline(line, indent + marker, Mark::Plain, &mut marks);
    marks
}

fn list_marker(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'-' | b'*' | b'+') if bytes.get(1) == Some(&b' ') => 2,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match (bytes.get(digits), bytes.get(digits + 1)) {
                (Some(b'.' | b')'), Some(b' ')) if digits <= 9 => digits + 2,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Marks inline markup in `line[from..]` over a base mark.
fn inline(line: &str, from: usize, base: Mark, marks: &mut Vec<(Range<usize>, Mark)>) {
    let bytes = line.as_bytes();
    let mut plain_start = from;
    let mut i = from;
    let flush = |marks: &mut Vec<(Range<usize>, Mark)>, start: usize, end: usize| {
        if start < end {
            marks.push((start..end, base));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                flush(marks, plain_start, i);
                marks.push((i..i + 1, Mark::Syntax));
                marks.push((i + 1..i + 2, base));
                i += 2;
                plain_start = i;
            }
            b'*' => {
                let strong = bytes.get(i + 1) == Some(&b'*');
                let width = if strong { 2 } else { 1 };
                let closing = if strong { "**" } else { "*" };
                let content = i + width;
                let close = line[content..].find(closing).map(|at| content + at);
                match close {
                    Some(close) if close > content && !bytes[content].is_ascii_whitespace() => {
                        flush(marks, plain_start, i);
                        marks.push((i..content, Mark::Syntax));
                        marks.push((content..close, if strong { Mark::Strong } else { Mark::Emphasis }));
                        marks.push((close..close + width, Mark::Syntax));
                        i = close + width;
                        plain_start = i;
                    }
                    _ => i += width,
                }
            }
            b'[' => {
                let link = line[i..]
                    .find("](")
                    .map(|at| i + at)
                    .and_then(|mid| line[mid + 2..].find(')').map(|at| (mid, mid + 2 + at)));
                match link {
                    Some((mid, close)) => {
                        flush(marks, plain_start, i);
                        marks.push((i..i + 1, Mark::Syntax));
                        marks.push((i + 1..mid, Mark::LinkText));
                        marks.push((mid..mid + 2, Mark::Syntax));
                        marks.push((mid + 2..close, Mark::LinkUrl));
                        marks.push((close..close + 1, Mark::Syntax));
                        i = close + 1;
                        plain_start = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    flush(marks, plain_start, bytes.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(line: &str) -> Vec<(&str, Mark)> {
        scan_line(line, Around::default()).into_iter().map(|(range, mark)| (&line[range], mark)).collect()
    }

    #[test]
    fn covers_every_byte_once() {
        for line in [
            "## Head *x*",
            "> Quote [a](b) \\*",
            "> — Name",
            "1. Item **b**",
            "  plain",
            "",
            "*",
            "[x](",
            "é *ü*",
        ] {
            let mut at = 0;
            for (range, _) in scan_line(line, Around::default()) {
                assert_eq!(range.start, at, "{line:?}");
                at = range.end;
            }
            assert_eq!(at, line.len(), "{line:?}");
        }
    }

    #[test]
    fn marks_block_and_inline_syntax() {
        assert_eq!(
            marks("## A *b*"),
            vec![
                ("## ", Mark::Syntax),
                ("A ", Mark::Heading2),
                ("*", Mark::Syntax),
                ("b", Mark::Emphasis),
                ("*", Mark::Syntax),
            ]
        );
        let last_of_quote = Around { after_quote: true, before_quote: false };
        let line = "> — Mia Chen";
        let marked: Vec<(&str, Mark)> =
            scan_line(line, last_of_quote).into_iter().map(|(range, mark)| (&line[range], mark)).collect();
        assert_eq!(marked, vec![("> ", Mark::Syntax), ("— ", Mark::Syntax), ("Mia Chen", Mark::Attribution)]);
        // Alone, the parser reads it as the quote's text; so does the highlighter.
        assert!(marks(line).iter().all(|(_, mark)| *mark != Mark::Attribution));
        assert_eq!(
            marks("- see [map](https://example.org)"),
            vec![
                ("- ", Mark::Syntax),
                ("see ", Mark::Plain),
                ("[", Mark::Syntax),
                ("map", Mark::LinkText),
                ("](", Mark::Syntax),
                ("https://example.org", Mark::LinkUrl),
                (")", Mark::Syntax),
            ]
        );
    }
}
