//! Vale's own test expectations, for the house-style tests: a Markdown
//! file read into segments the way Vale reads it (headings by level,
//! paragraphs, list items, block quotes; code masked with `*`, link
//! addresses and images left out), each character mapped back to the file,
//! and the findings printed as Vale prints them: `file:line:col:Rule:message`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::rules::house::{HouseCache, HouseStyle, Scope, Segment};

/// A segment's text and, for each of its bytes, the file byte it came from.
struct Piece {
    scope: Scope,
    text: String,
    source: Vec<usize>,
}

impl Piece {
    fn push(&mut self, text: &str, at: impl Fn(usize) -> usize) {
        for (i, _) in text.bytes().enumerate() {
            self.source.push(at(i));
        }
        self.text.push_str(text);
    }
}

fn pieces(markdown: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open: Option<Piece> = None;
    let (mut quotes, mut items, mut code, mut image) = (0, 0, false, 0);
    let close = |open: &mut Option<Piece>, pieces: &mut Vec<Piece>| {
        if let Some(piece) = open.take().filter(|p| !p.text.trim().is_empty()) {
            pieces.push(piece);
        }
    };
    let begin = |scope: Scope| Some(Piece { scope, text: String::new(), source: Vec::new() });
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                close(&mut open, &mut pieces);
                open = begin(Scope::Heading(level as u8));
            }
            // A list item's first paragraph is the item itself.
            Event::Start(Tag::Paragraph)
                if open
                    .as_ref()
                    .is_none_or(|p| !(p.scope == Scope::ListItem && p.text.trim().is_empty())) =>
            {
                close(&mut open, &mut pieces);
                let scope = if items > 0 {
                    Scope::ListItem
                } else if quotes > 0 {
                    Scope::Quote
                } else {
                    Scope::Paragraph
                };
                open = begin(scope);
            }
            Event::Start(Tag::Item) => {
                items += 1;
                close(&mut open, &mut pieces);
                open = begin(Scope::ListItem);
            }
            Event::End(TagEnd::Item) => {
                items -= 1;
                close(&mut open, &mut pieces);
            }
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image -= 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => close(&mut open, &mut pieces),
            Event::Text(text) if !code && image == 0 => {
                if let Some(piece) = &mut open {
                    let literal = markdown.get(range.clone()) == Some(&*text);
                    piece.push(&text, |i| if literal { range.start + i } else { range.start });
                }
            }
            Event::Code(text) => {
                if let Some(piece) = &mut open {
                    let stars = "*".repeat(text.chars().count());
                    let at = range.start + markdown[range.clone()].find(&*text).unwrap_or(0);
                    piece.push(&stars, |i| at + i);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(piece) = &mut open {
                    piece.push("\n", |_| range.start);
                }
            }
            _ => {}
        }
    }
    close(&mut open, &mut pieces);
    pieces
}

/// The line and column (1-based, in characters) of a byte of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// `style`'s findings in a Markdown file, as Vale prints them (without the
/// file name): `line:col:Rule:message`, in file order.
pub fn lint_markdown(style: &HouseStyle, markdown: &str) -> Vec<String> {
    let pieces = pieces(markdown);
    let segments: Vec<Segment> = pieces
        .iter()
        .enumerate()
        .map(|(block, p)| Segment { scope: p.scope, text: &p.text, block: Some(block) })
        .collect();
    let mut found: Vec<((usize, usize), String)> = style
        .check(&segments, &mut HouseCache::default())
        .into_iter()
        .map(|alert| {
            let at = match &alert.at {
                Some((segment, range)) => {
                    let source = pieces[*segment].source.get(range.start).copied().unwrap_or(0);
                    line_col(markdown, source)
                }
                None => (1, 1),
            };
            (at, format!("{}:{}:{}:{}", at.0, at.1, alert.rule, alert.message))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().map(|(_, line)| line).collect()
}
