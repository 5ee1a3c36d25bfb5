//! Finds where things are in an article file's text, so that findings about
//! a loaded article can say `file:line:col` (ron gives positions for errors
//! only, not for values it parsed).

use super::{Position, position_at};

/// One element of the `body` or `related` list.
#[derive(Debug, Clone, Default)]
struct Element {
    start: usize,
    /// Field names directly inside the element, with their offsets.
    fields: Vec<(String, usize)>,
    /// Offsets of every string literal in the element, in file order (which
    /// is [`crate::article::Block::texts`] order for body blocks).
    strings: Vec<usize>,
}

/// Offsets of the fields and list elements of an article file.
#[derive(Debug, Default)]
pub struct Map<'a> {
    text: &'a str,
    fields: Vec<(String, usize)>,
    body: Vec<Element>,
    related: Vec<Element>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    None,
    Body,
    Related,
}

impl<'a> Map<'a> {
    /// Scans `text` once. Never fails: on text that is not an article it
    /// finds less.
    pub fn of(text: &'a str) -> Map<'a> {
        let mut map = Map { text, ..Map::default() };
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut list = List::None;
        let mut element_open = false;
        let mut pending_ident: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let start = i;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    i += 1;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = skip_block_comment(bytes, i);
                    continue;
                }
                _ => {}
            }
            // Anything but whitespace or a ':' ends a pending identifier.
            if b == b':' {
                if let Some((ident_start, ident_end)) = pending_ident.take() {
                    let name = text[ident_start..ident_end].trim_start_matches("r#").to_string();
                    if depth == 1 {
                        list = match name.as_str() {
                            "body" => List::Body,
                            "related" => List::Related,
                            _ => List::None,
                        };
                        map.fields.push((name, ident_start));
                    } else if depth == 3
                        && let Some(element) = map.current(list)
                    {
                        element.fields.push((name, ident_start));
                    }
                }
                i += 1;
                continue;
            }
            pending_ident = None;

            // A new element of body/related starts with its first token.
            let token_starts_element =
                depth == 2 && list != List::None && !element_open && !matches!(b, b']' | b',' | b')');
            if token_starts_element {
                let element = Element { start, ..Element::default() };
                match list {
                    List::Body => map.body.push(element),
                    List::Related => map.related.push(element),
                    List::None => {}
                }
                element_open = true;
            }

            match b {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth < 2 {
                        element_open = false;
                    }
                    if depth < 1 {
                        list = List::None;
                    }
                    i += 1;
                }
                b',' => {
                    if depth == 2 {
                        element_open = false;
                    }
                    i += 1;
                }
                b'"' => {
                    if depth >= 3
                        && let Some(element) = map.current(list)
                    {
                        element.strings.push(start);
                    }
                    i = skip_string(bytes, i);
                }
                b'r' if is_raw_string(bytes, i) => {
                    if depth >= 3
                        && let Some(element) = map.current(list)
                    {
                        element.strings.push(start);
                    }
                    i = skip_raw_string(bytes, i);
                }
                b'\'' => i = skip_char(bytes, i),
                _ if b.is_ascii_alphabetic() || b == b'_' => {
                    let mut end = i + 1;
                    if b == b'r' && bytes.get(end) == Some(&b'#') {
                        end += 1;
                    }
                    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                        end += 1;
                    }
                    pending_ident = Some((i, end));
                    i = end;
                }
                _ => {
                    // Numbers, signs, non-ASCII: step one character.
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        map
    }

    fn current(&mut self, list: List) -> Option<&mut Element> {
        match list {
            List::Body => self.body.last_mut(),
            List::Related => self.related.last_mut(),
            List::None => None,
        }
    }

    fn at(&self, offset: usize) -> Position {
        position_at(self.text, offset)
    }

    /// Where a top-level field's name is.
    pub fn field(&self, name: &str) -> Option<Position> {
        self.fields.iter().find(|(n, _)| n == name).map(|&(_, at)| self.at(at))
    }

    /// Where body block `block` starts.
    pub fn block(&self, block: usize) -> Option<Position> {
        self.body.get(block).map(|e| self.at(e.start))
    }

    /// Where byte `offset` of text `part` of body block `block` is, falling
    /// back to the block's start.
    pub fn block_text(&self, block: usize, part: usize, offset: usize) -> Option<Position> {
        let element = self.body.get(block)?;
        match element.strings.get(part) {
            Some(&literal) => Some(self.at(offset_in_literal(self.text, literal, offset))),
            None => Some(self.at(element.start)),
        }
    }

    /// Where related link `index` (or one of its fields) is.
    pub fn related(&self, index: usize, field: Option<&str>) -> Option<Position> {
        let element = self.related.get(index)?;
        let at = field
            .and_then(|name| element.fields.iter().find(|(n, _)| n == name))
            .map_or(element.start, |&(_, at)| at);
        Some(self.at(at))
    }
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut nesting = 0usize;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                nesting += 1;
                i += 2;
            }
            (b'*', b'/') => {
                nesting -= 1;
                i += 2;
                if nesting == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_raw_string(bytes: &[u8], i: usize) -> bool {
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    bytes.get(i + 1 + hashes) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    let mut j = i + 2 + hashes;
    while j < bytes.len() {
        if bytes[j] == b'"' && bytes[j + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

fn skip_char(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The file offset of decoded byte `offset` of the string literal at
/// `literal`, stepping over escapes.
fn offset_in_literal(text: &str, literal: usize, offset: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(literal) == Some(&b'r') {
        let hashes = bytes[literal + 1..].iter().take_while(|&&b| b == b'#').count();
        return (literal + 2 + hashes + offset).min(text.len());
    }
    let mut decoded = 0;
    let mut i = literal + 1;
    while i < bytes.len() && decoded < offset {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                // One escape stands for one character; close enough for a
                // column in a message.
                decoded += 1;
                i += if bytes.get(i + 1) == Some(&b'u') {
                    text[i..].find('}').map_or(2, |n| n + 1)
                } else {
                    2
                };
            }
            _ => {
                decoded += 1;
                i += 1;
            }
        }
    }
    i.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"Article(
    format: 1,
    slug: "a-b-c",
    headline: "Head",
    body: [
        Heading(
            level: 2,
            text: "Section",
        ),
        Paragraph("Some \"quoted\" words here."),
        Quote(
            text: "Said it.",
            attribution: Some("Ana"),
        ),
        List(ordered: false, items: ["one", "two"]), // comment, with "quote"
    ],
    related: [
        Related(slug: "x-y-z", category: "Local", title: "T", teaser: "U"),
    ],
)
"#;

    #[test]
    fn finds_fields_and_elements() {
        let map = Map::of(FILE);
        assert_eq!(map.field("format"), Some(Position { line: 2, col: 5 }));
        assert_eq!(map.field("headline"), Some(Position { line: 4, col: 5 }));
        assert_eq!(map.field("nope"), None);
        assert_eq!(map.block(0), Some(Position { line: 6, col: 9 }));
        assert_eq!(map.block(1), Some(Position { line: 10, col: 9 }));
        assert_eq!(map.block(3), Some(Position { line: 15, col: 9 }));
        assert_eq!(map.block(4), None);
        // "words" is byte 14 of the decoded text; two escapes precede it.
        assert_eq!(map.block_text(1, 0, 14), Some(Position { line: 10, col: 20 + 16 }));
        assert_eq!(map.block_text(2, 1, 0), Some(Position { line: 13, col: 32 }));
        assert_eq!(map.block_text(3, 1, 0), Some(Position { line: 15, col: 46 }));
        assert_eq!(map.related(0, None), Some(Position { line: 18, col: 9 }));
        assert_eq!(map.related(0, Some("title")), Some(Position { line: 18, col: 51 }));
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "(((", "\"unterminated", "r#\"raw", "/* open", "Article(body: [", "é'"] {
            let map = Map::of(text);
            let _ = map.block(0);
        }
    }
}
