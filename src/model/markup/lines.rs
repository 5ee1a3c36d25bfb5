//! The lines of a block as the parser reads them: markers stripped
//! (`## `, `> `, list markers), lines joined into one text with a map back
//! to body offsets, and a quote's attribution line split off.

use super::*;

/// Text assembled from source lines: each line trimmed (after stripping
/// its block marker), empty lines skipped, the rest joined with one space.
pub(super) struct Joined {
    pub(super) text: String,
    pub(super) segments: Vec<(usize, usize)>,
}

/// One kept line: its byte range in the body text.
type Piece = Range<usize>;

impl Joined {
    pub(super) fn lines(source: &str, range: Range<usize>, mut strip: impl FnMut(&str) -> usize) -> Joined {
        // Most blocks are one line: no list of pieces for them.
        let block = &source[range.clone()];
        if memchr::memchr(b'\n', block.as_bytes()).is_none() {
            let skip = strip(block);
            let rest = &block[skip..];
            let lead = rest.len() - rest.trim_start_matches(is_markdown_space).len();
            let content = rest.trim_matches(is_markdown_space);
            if content.is_empty() {
                return Joined { text: String::new(), segments: Vec::new() };
            }
            // Room for the escape a literal block may need.
            let mut text = String::with_capacity(content.len() + 1);
            text.push_str(content);
            return Joined { text, segments: vec![(0, range.start + skip + lead)] };
        }
        Joined::from_pieces(source, Joined::line_pieces(source, range, strip))
    }

    pub(super) fn line_pieces(
        source: &str,
        range: Range<usize>,
        mut strip: impl FnMut(&str) -> usize,
    ) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut line_start = range.start;
        let block = &source[range.clone()];
        // memchr's vector search: this runs over every block of the body.
        let ends = memchr::memchr_iter(b'\n', block.as_bytes()).chain(std::iter::once(block.len()));
        for end in ends {
            let line = &source[line_start..range.start + end];
            let line_end = line_start + line.len();
            let skip = strip(line);
            let rest = &line[skip..];
            let lead = rest.len() - rest.trim_start_matches(is_markdown_space).len();
            let content = rest.trim_matches(is_markdown_space);
            if !content.is_empty() {
                let start = line_start + skip + lead;
                pieces.push(start..start + content.len());
            }
            line_start = line_end + 1;
        }
        pieces
    }

    pub(super) fn from_pieces(source: &str, pieces: Vec<Piece>) -> Joined {
        let mut text = String::with_capacity(pieces.iter().map(|p| p.len() + 1).sum());
        let mut segments = Vec::with_capacity(pieces.len());
        for piece in pieces {
            if !text.is_empty() {
                text.push(' ');
            }
            segments.push((text.len(), piece.start));
            text.push_str(&source[piece]);
        }
        Joined { text, segments }
    }
}

/// Markdown's own whitespace. Other Unicode spaces (a no-break space) are
/// content to Markdown, so they are content here too.
pub(super) fn is_markdown_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

pub(super) fn strip_nothing(_: &str) -> usize {
    0
}

pub(super) fn is_atx(line: &str) -> bool {
    let trimmed = line.trim_start_matches(is_markdown_space);
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && trimmed[hashes..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

pub(super) fn strip_atx(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(is_markdown_space).len();
    lead + line[lead..].bytes().take_while(|&b| b == b'#').count()
}

pub(super) fn first_line_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let end = text[range.clone()].find('\n').map_or(range.end, |at| range.start + at);
    range.start..end
}

pub(super) fn strip_quote(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(is_markdown_space).len();
    if line[lead..].starts_with('>') { lead + 1 } else { 0 }
}

pub(super) fn strip_list_marker(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(is_markdown_space).len();
    let rest = &line[lead..];
    match rest.bytes().next() {
        Some(b'-' | b'*' | b'+') => lead + 1,
        Some(b'0'..=b'9') => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            match rest.as_bytes().get(digits) {
                Some(b'.' | b')') => lead + digits + 1,
                _ => lead,
            }
        }
        _ => lead,
    }
}

/// The last line of a quote is its attribution when it starts with an em
/// dash (or `--`, for keyboards without one) and a space, and is not the
/// only line: a one-line quote that starts with a dash is just text.
pub(super) fn split_attribution(
    source: &str,
    mut lines: Vec<Piece>,
) -> (Vec<Piece>, Option<(Piece, String)>) {
    if lines.len() >= 2
        && let Some(last) = lines.last().cloned()
    {
        let line = &source[last.clone()];
        for dash in ["—", "--"] {
            if let Some(rest) = line.strip_prefix(dash) {
                let name = rest.trim_start_matches(is_markdown_space);
                if !name.is_empty() && name.len() < rest.len() {
                    lines.pop();
                    let start = last.end - name.len();
                    return (lines, Some((start..last.end, name.to_string())));
                }
            }
        }
    }
    (lines, None)
}
