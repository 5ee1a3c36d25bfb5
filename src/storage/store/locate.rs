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
    /// is [`crate::model::article::Block::texts`] order for body blocks).
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

/// Something to find in the file, for [`Map::positions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot<'s> {
    /// A top-level field's name.
    Field(&'s str),
    /// Byte `offset` of decoded text `part` of body block `block`.
    BlockText { block: usize, part: usize, offset: usize },
    /// A related link, or one of its fields.
    Related { index: usize, field: Option<&'s str> },
}

impl Map<'_> {
    /// The positions of many spots, in one pass over the file whatever
    /// their number (`copydesk check` on a paragraph with a hundred
    /// thousand findings must not read it a hundred thousand times).
    /// `None` for a spot the file does not have.
    pub fn positions(&self, spots: &[Spot]) -> Vec<Option<Position>> {
        let mut offsets: Vec<Option<usize>> = vec![None; spots.len()];
        // Decoded offsets inside literals, grouped by literal and walked
        // in order, so each literal is stepped over once.
        let mut in_literals: Vec<(usize, usize, usize)> = Vec::new();
        for (at, spot) in spots.iter().enumerate() {
            offsets[at] = match *spot {
                Spot::Field(name) => self.fields.iter().find(|(n, _)| n == name).map(|&(_, at)| at),
                Spot::Related { index, field } => self.related.get(index).map(|element| {
                    field
                        .and_then(|name| element.fields.iter().find(|(n, _)| n == name))
                        .map_or(element.start, |&(_, at)| at)
                }),
                Spot::BlockText { block, part, offset } => match self.body.get(block) {
                    Some(element) => match element.strings.get(part) {
                        Some(&literal) => {
                            in_literals.push((literal, offset, at));
                            None
                        }
                        None => Some(element.start),
                    },
                    None => None,
                },
            };
        }
        in_literals.sort_unstable();
        let mut walk: Option<LiteralWalk> = None;
        for (literal, offset, at) in in_literals {
            let current = match &mut walk {
                Some(current) if current.literal == literal => current,
                _ => walk.insert(LiteralWalk::new(self.text, literal)),
            };
            offsets[at] = Some(current.advance(self.text, offset));
        }
        positions_of(self.text, &offsets)
    }
}

/// The 1-based positions of byte offsets in `text`, found in one sweep.
pub fn positions_of(text: &str, offsets: &[Option<usize>]) -> Vec<Option<Position>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(at, offset)| offset.map(|o| (o.min(text.len()), at)))
        .collect();
    order.sort_unstable();
    let mut out = vec![None; offsets.len()];
    let (mut byte, mut line, mut col) = (0usize, 1usize, 1usize);
    for (offset, at) in order {
        // Offsets inside a character count from that character's start.
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end > byte {
            for c in text[byte..end].chars() {
                if c == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
            byte = end;
        }
        out[at] = Some(Position { line, col });
    }
    out
}

/// Walks one string literal, turning decoded offsets (asked in increasing
/// order) into file offsets.
struct LiteralWalk {
    literal: usize,
    raw: Option<usize>,
    i: usize,
    decoded: usize,
}

impl LiteralWalk {
    fn new(text: &str, literal: usize) -> LiteralWalk {
        let bytes = text.as_bytes();
        let raw = (bytes.get(literal) == Some(&b'r'))
            .then(|| bytes[literal + 1..].iter().take_while(|&&b| b == b'#').count());
        LiteralWalk { literal, raw, i: literal + 1, decoded: 0 }
    }

    fn advance(&mut self, text: &str, offset: usize) -> usize {
        if let Some(hashes) = self.raw {
            return (self.literal + 2 + hashes + offset).min(text.len());
        }
        if offset < self.decoded {
            *self = LiteralWalk::new(text, self.literal);
        }
        let bytes = text.as_bytes();
        while self.i < bytes.len() && self.decoded < offset {
            match bytes[self.i] {
                b'"' => break,
                b'\\' => {
                    // One escape stands for one character; close enough for
                    // a column in a message.
                    self.decoded += 1;
                    self.i += if bytes.get(self.i + 1) == Some(&b'u') {
                        text[self.i..].find('}').map_or(2, |n| n + 1)
                    } else {
                        2
                    };
                }
                _ => {
                    self.decoded += 1;
                    self.i += 1;
                }
            }
        }
        self.i.min(text.len())
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
    // A body paragraph can be a megabyte long: jump between the only two
    // bytes that matter.
    while let Some(found) = bytes.get(i..).and_then(|rest| memchr::memchr2(b'\\', b'"', rest)) {
        i += found;
        match bytes[i] {
            b'\\' => i += 2,
            _ => return i + 1,
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
    LiteralWalk::new(text, literal).advance(text, offset)
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
    fn positions_in_one_pass_agree_with_one_at_a_time() {
        let map = Map::of(FILE);
        let spots = [
            Spot::BlockText { block: 1, part: 0, offset: 14 },
            Spot::Field("headline"),
            Spot::BlockText { block: 1, part: 0, offset: 2 },
            Spot::BlockText { block: 3, part: 1, offset: 0 },
            Spot::Related { index: 0, field: Some("title") },
            Spot::Field("nope"),
            Spot::BlockText { block: 2, part: 1, offset: 0 },
            Spot::BlockText { block: 9, part: 0, offset: 0 },
        ];
        let one_at_a_time: Vec<Option<Position>> = spots
            .iter()
            .map(|spot| match *spot {
                Spot::Field(name) => map.field(name),
                Spot::BlockText { block, part, offset } => map.block_text(block, part, offset),
                Spot::Related { index, field } => map.related(index, field),
            })
            .collect();
        assert_eq!(map.positions(&spots), one_at_a_time);
        assert_eq!(map.positions(&spots)[0], Some(Position { line: 10, col: 36 }));
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "(((", "\"unterminated", "r#\"raw", "/* open", "Article(body: [", "é'"] {
            let map = Map::of(text);
            let _ = map.block(0);
        }
    }
}
