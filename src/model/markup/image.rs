//! The body spelling of an image block: a paragraph made of one Markdown
//! image, optionally followed by a credit line.
//!
//! ```text
//! ![Alt text](photos/flood-wall.jpg "The caption")
//! Credit: Photographer Name
//! ```
//!
//! Alt text and caption are plain text (the HTML `alt` and `<figcaption>`),
//! so they are written with every ASCII punctuation character escaped and
//! read back unescaped; the credit line is kept as typed. The pixel size is
//! not part of the markup: it is read from the file (see `media`).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{BlockSource, Joined, strip_nothing};
use crate::model::article::Image;

/// The word that starts a credit line.
pub const CREDIT_PREFIX: &str = "Credit:";

/// The image block in paragraph `range` of `source`, when the paragraph is
/// exactly one image line and an optional credit line.
pub(super) fn parse(source: &str, range: Range<usize>) -> Option<(Image, BlockSource)> {
    // Nearly every paragraph is prose: turn it away before splitting lines.
    if !source[range.clone()].trim_start_matches(super::is_markdown_space).starts_with("![") {
        return None;
    }
    let pieces = Joined::line_pieces(source, range.clone(), strip_nothing);
    let (first, credit_line) = match pieces.as_slice() {
        [first] => (first.clone(), None),
        [first, second] => (first.clone(), Some(second.clone())),
        _ => return None,
    };
    let line = &source[first.clone()];
    if !line.starts_with("![") {
        return None;
    }
    let (alt, src, caption) = image_line(line)?;
    let mut credit = String::new();
    let mut credit_at = first.end;
    if let Some(piece) = credit_line {
        let rest = source[piece.clone()].strip_prefix(CREDIT_PREFIX)?;
        let name = rest.trim_start_matches([' ', '\t']);
        credit_at = piece.end - name.len();
        credit = name.to_string();
    }
    let caption_at = line.rfind(" \"").map_or(first.start, |at| first.start + at + 2);
    let parts = vec![vec![(0, first.start + 2)], vec![(0, caption_at)], vec![(0, credit_at)]];
    Some((Image { alt, caption, credit, src, width: None, height: None }, BlockSource { range, parts }))
}

/// Alt text, source and caption of a line that is one inline image and
/// nothing else.
fn image_line(line: &str) -> Option<(String, String, String)> {
    let mut events = Parser::new_ext(line, Options::empty()).into_offset_iter();
    if !matches!(events.next(), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let (src, caption) = match events.next() {
        Some((Event::Start(Tag::Image { link_type: LinkType::Inline, dest_url, title, .. }), span))
            if span == (0..line.len()) =>
        {
            (dest_url.into_string(), title.into_string())
        }
        _ => return None,
    };
    let mut alt = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Image) => break,
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) | Event::Html(text) => {
                alt.push_str(&text)
            }
            // Emphasis inside alt text has no meaning in an `alt` attribute.
            _ => {}
        }
    }
    match (events.next(), events.next()) {
        (Some((Event::End(TagEnd::Paragraph), _)), None) => Some((alt, src, caption)),
        _ => None,
    }
}

/// Writes `image` in the spelling [`parse`] reads back.
pub(super) fn render(out: &mut String, image: &Image) {
    out.push_str("![");
    escape_punctuation(out, &image.alt);
    out.push_str("](");
    push_destination(out, &image.src);
    if !image.caption.is_empty() {
        out.push_str(" \"");
        for c in image.caption.chars() {
            if matches!(c, '"' | '\\' | '&') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push(')');
    if !image.credit.is_empty() {
        out.push('\n');
        out.push_str(CREDIT_PREFIX);
        out.push(' ');
        out.push_str(&image.credit);
    }
}

/// A backslash before ASCII punctuation makes it literal, so escaping all
/// of it keeps any alt text plain, whatever it contains.
fn escape_punctuation(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A bare destination where it reads back unchanged, else the `<…>` form.
fn push_destination(out: &mut String, src: &str) {
    let bare = !src.is_empty()
        && !src.starts_with('<')
        && src.chars().all(|c| {
            !c.is_control() && !c.is_whitespace() && !matches!(c, ' ' | '(' | ')' | '\\' | '&' | '<' | '>')
        });
    if bare {
        out.push_str(src);
        return;
    }
    out.push('<');
    for c in src.chars() {
        if matches!(c, '<' | '>' | '\\' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
}
