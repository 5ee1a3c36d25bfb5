//! The body markup: the small Markdown subset writers type, parsed into
//! [`Block`]s and written back canonically.
//!
//! Block texts keep their inline markup *source* (`*em*`, `**strong**`,
//! `[text](url)`), so parsing never has to reconstruct what the writer typed:
//! it finds each block with pulldown-cmark, then cuts the writer's own
//! characters out of the text. Anything outside the subset is kept as a
//! literal paragraph and reported, never dropped.

pub mod critic;
pub mod image;
pub mod inline;
mod lines;
mod render;

use lines::*;
pub use render::render;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

use crate::model::article::Block;

/// Something in the body text that is outside the supported subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupFinding {
    /// Stable code, e.g. `unsupported-code-block`.
    pub code: &'static str,
    /// Most messages are fixed sentences: borrowed, not copied per finding.
    pub message: Cow<'static, str>,
    /// Byte offset in the body text where the construct starts.
    pub offset: usize,
}

/// Where each text of a block came from in the body text, so a position in
/// a block's text can be turned back into a cursor position in the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockSource {
    /// Byte range of the whole block in the body text.
    pub range: Range<usize>,
    /// One entry per text of the block (in [`Block::texts`] order): pairs of
    /// (offset in the block text, offset in the body text) where a run of
    /// copied characters starts.
    pub parts: Vec<Vec<(usize, usize)>>,
}

impl BlockSource {
    /// The body-text byte offset of byte `offset` of text `part`.
    pub fn body_offset(&self, part: usize, offset: usize) -> usize {
        let Some(segments) = self.parts.get(part) else {
            return self.range.start;
        };
        let index = segments.partition_point(|&(text_at, _)| text_at <= offset);
        match index.checked_sub(1).and_then(|i| segments.get(i)) {
            Some(&(text_at, body_at)) => body_at + (offset - text_at),
            None => self.range.start,
        }
    }
}

/// The result of parsing a body text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub blocks: Vec<Block>,
    /// Parallel to `blocks`.
    pub sources: Vec<BlockSource>,
    pub findings: Vec<MarkupFinding>,
}

/// Parses body text into blocks. Total: any string gives blocks, and every
/// letter the writer typed ends up in some block's text.
pub fn parse(text: &str) -> Parsed {
    // A lone carriage return ends a line for pulldown-cmark but not for the
    // rest of this module, so text kept literally (an unclosed code fence)
    // rendered back as different blocks (found by the markup fuzzer).
    // Read as a line feed: the same length, so every offset still holds.
    let normalised;
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalised = lone_carriage_returns_as_line_feeds(text);
        normalised.as_str()
    } else {
        text
    };
    let found = top_level_blocks(text);
    // Sized once: a body of 400,000 one-line blocks grew these by copying.
    let mut out = Parsed {
        blocks: Vec::with_capacity(found.len()),
        sources: Vec::with_capacity(found.len()),
        findings: Vec::new(),
    };
    let mut cursor = 0;
    for (kind, range, items) in found {
        // Text pulldown-cmark did not place in any block (link reference
        // definitions) is kept as literal text rather than silently eaten.
        if range.start > cursor && !text[cursor..range.start].trim_matches(is_markdown_space).is_empty() {
            push_literal(
                &mut out,
                text,
                cursor..range.start,
                "unsupported-reference",
                "Link reference definitions are not supported; write links as [text](https://…). Kept as text.",
            );
        }
        cursor = cursor.max(range.end);
        build_block(&mut out, text, kind, range, items);
    }
    if cursor < text.len() && !text[cursor..].trim_matches(is_markdown_space).is_empty() {
        push_literal(
            &mut out,
            text,
            cursor..text.len(),
            "unsupported-reference",
            "Link reference definitions are not supported; write links as [text](https://…). Kept as text.",
        );
    }
    out
}

/// What pulldown-cmark found at the top level of the document.
#[derive(Debug)]
enum TopKind {
    Paragraph,
    Heading(HeadingLevel),
    Quote { nested: bool },
    List { start: Option<u64>, nested: bool },
    CodeBlock,
    Html,
    Rule,
    Other,
}

fn top_level_blocks(text: &str) -> Vec<(TopKind, Range<usize>, Vec<Range<usize>>)> {
    let mut blocks: Vec<(TopKind, Range<usize>, Vec<Range<usize>>)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Paragraph => TopKind::Paragraph,
                        Tag::Heading { level, .. } => TopKind::Heading(level),
                        Tag::BlockQuote(_) => TopKind::Quote { nested: false },
                        Tag::List(start) => TopKind::List { start, nested: false },
                        Tag::CodeBlock(_) => TopKind::CodeBlock,
                        Tag::HtmlBlock => TopKind::Html,
                        _ => TopKind::Other,
                    };
                    blocks.push((kind, range, Vec::new()));
                } else if let Some((kind, _, items)) = blocks.last_mut() {
                    match kind {
                        TopKind::List { nested, .. } => {
                            if depth == 1 && matches!(tag, Tag::Item) {
                                items.push(range);
                            } else if depth == 2 && is_nested_block(&tag) {
                                *nested = true;
                            }
                        }
                        TopKind::Quote { nested } if depth == 1 && is_nested_block(&tag) => {
                            *nested = true;
                        }
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                // A list's range can run past its last item over a link
                // reference definition; end it at the item so that text is
                // seen as a gap and kept.
                if depth == 0
                    && let Some((TopKind::List { .. }, list_range, items)) = blocks.last_mut()
                    && let Some(last) = items.last()
                {
                    list_range.end = last.end;
                }
            }
            Event::Rule if depth == 0 => blocks.push((TopKind::Rule, range, Vec::new())),
            Event::Rule => {
                if let Some((TopKind::Quote { nested } | TopKind::List { nested, .. }, ..)) =
                    blocks.last_mut()
                {
                    *nested = true;
                }
            }
            _ if depth == 0 => blocks.push((TopKind::Other, range, Vec::new())),
            _ => {}
        }
    }
    blocks
}

/// Block structure inside a list item or quote that the subset flattens.
fn is_nested_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::Heading { .. }
            | Tag::HtmlBlock
            | Tag::Table(_)
    )
}

fn build_block(out: &mut Parsed, text: &str, kind: TopKind, range: Range<usize>, items: Vec<Range<usize>>) {
    match kind {
        TopKind::Paragraph => {
            if let Some((image, source)) = image::parse(text, range.clone()) {
                out.blocks.push(Block::Image(image));
                out.sources.push(source);
                return;
            }
            let joined = Joined::lines(text, range.clone(), strip_nothing);
            if joined.text.is_empty() {
                return;
            }
            // A paragraph's first line can look like a block on its own
            // ("-" after a reference definition); defuse it so it reads back
            // as this same paragraph.
            let (text_out, shift) =
                if may_start_block(&joined.text) { escape_paragraph(&joined.text) } else { (joined.text, 0) };
            let segments = shift_after_first(joined.segments, shift);
            out.blocks.push(Block::Paragraph(text_out));
            out.sources.push(BlockSource { range, parts: vec![segments] });
        }
        TopKind::Heading(level) => {
            let level = match level {
                HeadingLevel::H2 => 2,
                HeadingLevel::H3 => 3,
                HeadingLevel::H1 => {
                    return push_literal(
                        out,
                        text,
                        range,
                        "unsupported-heading-level",
                        "A level-1 heading (#) is the headline's job; use ## for a section heading. Kept as text.",
                    );
                }
                _ => {
                    return push_literal(
                        out,
                        text,
                        range,
                        "unsupported-heading-level",
                        "Only ## and ### headings are supported. Kept as text.",
                    );
                }
            };
            let first_line = text[range.clone()].lines().next().unwrap_or("");
            let joined = if is_atx(first_line) {
                Joined::lines(text, first_line_range(text, &range), strip_atx)
            } else {
                // A setext heading ("Title" over "---"): its underline is syntax.
                let content_end = text[range.clone()]
                    .trim_end_matches(is_markdown_space)
                    .rfind('\n')
                    .map_or(range.end, |at| range.start + at);
                Joined::lines(text, range.start..content_end, strip_nothing)
            };
            out.blocks.push(Block::Heading { level, text: joined.text });
            out.sources.push(BlockSource { range, parts: vec![joined.segments] });
        }
        TopKind::Quote { nested } => {
            if nested {
                out.findings.push(MarkupFinding {
                    code: "quote-structure",
                    message: Cow::Borrowed(
                        "A quote holds plain text only; its lists, headings or code are kept as text.",
                    ),
                    offset: range.start,
                });
            }
            let lines = Joined::line_pieces(text, range.clone(), strip_quote);
            let (text_lines, attribution) = split_attribution(text, lines);
            let body = Joined::from_pieces(text, text_lines);
            let mut parts = vec![body.segments];
            let attribution = attribution.map(|(name_range, name)| {
                parts.push(vec![(0, name_range.start)]);
                name
            });
            out.blocks.push(Block::Quote { text: body.text, attribution });
            out.sources.push(BlockSource { range, parts });
        }
        TopKind::List { start, nested } => {
            if let Some(number) = start
                && number != 1
            {
                return push_literal(
                    out,
                    text,
                    range,
                    "unsupported-list-start",
                    format!("A numbered list must start at 1 (this one starts at {number}); kept as text."),
                );
            }
            if nested {
                out.findings.push(MarkupFinding {
                    code: "list-structure",
                    message: Cow::Borrowed(
                        "List items hold one line of text; nested lists, quotes or code inside them are kept as text.",
                    ),
                    offset: range.start,
                });
            }
            let mut texts = Vec::with_capacity(items.len());
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                let mut first = true;
                let joined = Joined::lines(text, item, |line| {
                    if std::mem::take(&mut first) { strip_list_marker(line) } else { 0 }
                });
                texts.push(joined.text);
                parts.push(joined.segments);
            }
            out.blocks.push(Block::List { ordered: start.is_some(), items: texts });
            out.sources.push(BlockSource { range, parts });
        }
        TopKind::CodeBlock => push_literal(
            out,
            text,
            range,
            "unsupported-code-block",
            "Code blocks are not part of article markup; kept as plain text.",
        ),
        TopKind::Html => push_literal(
            out,
            text,
            range,
            "raw-html",
            "Raw HTML is not allowed in the body; kept as plain text.",
        ),
        TopKind::Rule => push_literal(
            out,
            text,
            range,
            "unsupported-rule",
            "Horizontal rules (---, ***) are not supported; kept as text.",
        ),
        TopKind::Other => push_literal(
            out,
            text,
            range,
            "unsupported-markup",
            "This markup is not supported; kept as text.",
        ),
    }
}

/// Keeps a construct outside the subset as one literal paragraph (escaped
/// so that it reads back as that same paragraph) and reports it.
fn push_literal(
    out: &mut Parsed,
    text: &str,
    range: Range<usize>,
    code: &'static str,
    message: impl Into<Cow<'static, str>>,
) {
    let mut joined = Joined::lines(text, range.clone(), strip_nothing);
    if joined.text.is_empty() {
        return;
    }
    // Escaped in place: one string per block, however many blocks.
    let shift = if reads_as_paragraph(&joined.text) {
        0
    } else {
        joined.text.insert(escape_point(&joined.text), '\\');
        1
    };
    let segments = shift_after_first(joined.segments, shift);
    out.findings.push(MarkupFinding { code, message: message.into(), offset: range.start });
    out.blocks.push(Block::Paragraph(joined.text));
    out.sources.push(BlockSource { range, parts: vec![segments] });
}

/// The escape backslash has no source; every later segment starts `shift`
/// bytes further along in the block text.
fn shift_after_first(segments: Vec<(usize, usize)>, shift: usize) -> Vec<(usize, usize)> {
    if shift == 0 {
        return segments;
    }
    segments
        .into_iter()
        .enumerate()
        .map(|(i, (text_at, body_at))| (if i == 0 { text_at } else { text_at + shift }, body_at))
        .collect()
}

/// Cheap pre-check: only a text starting like this can read as something
/// other than a paragraph. Prose almost never does, so most paragraphs skip
/// the extra parse.
fn may_start_block(text: &str) -> bool {
    matches!(
        text.bytes().next(),
        Some(
            b'#' | b'>' | b'-' | b'+' | b'*' | b'=' | b'_' | b'~' | b'`' | b'<' | b'[' | b'|' | b'!' | b'0'
                ..=b'9'
        )
    )
}

/// Returns `text`, or `text` with one backslash inserted, such that it reads
/// back as a single paragraph holding exactly that text. The second value
/// is how many bytes were inserted (0 or 1).
pub fn escape_paragraph(text: &str) -> (String, usize) {
    if reads_as_paragraph(text) {
        return (text.to_string(), 0);
    }
    let at = escape_point(text);
    let mut escaped = String::with_capacity(text.len() + 1);
    escaped.push_str(&text[..at]);
    escaped.push('\\');
    escaped.push_str(&text[at..]);
    (escaped, 1)
}

/// Where a backslash defuses the block syntax at the start of a line: before
/// the first punctuation character, or before the `.`/`)` of `2026.`.
fn escape_point(text: &str) -> usize {
    // A backslash before any other character is a literal backslash, so
    // escaping at 0 is harmless even when the first character is a letter.
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// True when `text` (one line, trimmed) parses as exactly one paragraph.
fn reads_as_paragraph(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    // An ATX heading (`#` to `######`, then a space or nothing) never is;
    // saying so without a parse keeps a file of 400,000 `####` lines linear
    // in practice as well as in theory.
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && matches!(text.as_bytes().get(hashes), None | Some(b' ' | b'\t')) {
        return false;
    }
    // Lines joined with a space can spell an image block ("![a" and "b]()"
    // on two lines are prose; "![a b]()" is a picture).
    if image::parse(text, 0..text.len()).is_some() {
        return false;
    }
    let mut events = Parser::new_ext(text, Options::empty()).into_offset_iter();
    match events.next() {
        Some((Event::Start(Tag::Paragraph), range)) if range.start == 0 => {}
        _ => return false,
    }
    let mut depth = 1;
    for (event, _) in events {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    return false;
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            _ if depth == 0 => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests;

/// `text` with every `\r` not followed by `\n` replaced by `\n`: the same
/// length, so every byte offset holds (import reads files this way too).
pub fn lone_carriage_returns_as_line_feeds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}
