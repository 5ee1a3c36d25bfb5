//! Blocks written back as body text, in the one canonical form that
//! [`super::parse`] reads back to the same blocks.

use super::image;
use crate::model::article::Block;

/// Writes blocks back as body text, in the one canonical form that
/// [`parse`] reads back to the same blocks.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<ListStyle> = None;
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut style = None;
        match block {
            Block::Heading { level, text } => {
                for _ in 0..(*level).clamp(2, 3) {
                    out.push('#');
                }
                if !text.is_empty() {
                    out.push(' ');
                    out.push_str(text);
                }
            }
            Block::Paragraph(text) => out.push_str(text),
            Block::Quote { text, attribution } => {
                push_prefixed(&mut out, ">", text);
                if let Some(name) = attribution {
                    out.push('\n');
                    out.push_str("> — ");
                    out.push_str(name);
                }
            }
            Block::List { ordered, items } => {
                let chosen = ListStyle::choose(*ordered, items, previous);
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push('\n');
                    }
                    let marker = chosen.marker(n + 1);
                    push_prefixed(&mut out, &marker, item);
                }
                style = Some(chosen);
            }
            Block::Image(image) => image::render(&mut out, image),
        }
        previous = style;
    }
    out
}

fn push_prefixed(out: &mut String, prefix: &str, text: &str) {
    out.push_str(prefix);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
}

/// The marker a rendered list uses. Two lists in a row must use different
/// markers, or Markdown would read them back as one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListStyle {
    Bullet(char),
    Number(char),
}

impl ListStyle {
    fn choose(ordered: bool, items: &[String], previous: Option<ListStyle>) -> ListStyle {
        let candidates: &[ListStyle] = if ordered {
            &[ListStyle::Number('.'), ListStyle::Number(')')]
        } else {
            &[ListStyle::Bullet('-'), ListStyle::Bullet('*'), ListStyle::Bullet('+')]
        };
        candidates
            .iter()
            .copied()
            .find(|style| Some(*style) != previous && style.fits(items))
            .unwrap_or(candidates[candidates.len() - 1])
    }

    /// A bullet followed by an item made only of the same character (`- --`)
    /// would read as a thematic break.
    fn fits(self, items: &[String]) -> bool {
        match self {
            ListStyle::Bullet(bullet) => !items.iter().any(|item| {
                item.chars().any(|c| c == bullet)
                    && item.chars().all(|c| c == bullet || c == ' ' || c == '\t')
            }),
            ListStyle::Number(_) => true,
        }
    }

    fn marker(self, n: usize) -> String {
        match self {
            ListStyle::Bullet(bullet) => bullet.to_string(),
            ListStyle::Number(delimiter) => format!("{n}{delimiter}"),
        }
    }
}
