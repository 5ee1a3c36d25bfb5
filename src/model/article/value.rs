//! The value of one catalogue field, held apart from its article: for
//! comparing, showing, diffing word by word and putting back.

use std::sync::Arc;

use similar::{ChangeTag, TextDiff};

use super::{Block, Correction, Note, Publication, Related, ShareTarget, Status};
use crate::model::markup;

/// The value of one field (see [`super::Field::read`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Status(Status),
    Time(Option<jiff::Timestamp>),
    Strings(Vec<String>),
    Share(Vec<ShareTarget>),
    Related(Vec<Related>),
    /// A picture's pixel size.
    Size {
        width: Option<u32>,
        height: Option<u32>,
    },
    Blocks(Vec<Block>),
    /// A number that may be unset (the target length).
    Count(Option<u32>),
    Corrections(Vec<Correction>),
    Notes(Vec<Arc<Note>>),
    Publications(Vec<Publication>),
}

impl Value {
    /// The value as an editor reads it: body blocks in the editor's markup
    /// (with the pixel sizes of its pictures, which the markup has no place
    /// for, noted after it), lists one item a line.
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Status(status) => status.label().to_string(),
            Value::Time(at) => at.map(|at| at.to_string()).unwrap_or_default(),
            Value::Strings(items) => items.join("\n"),
            Value::Share(targets) => targets.iter().map(|t| t.label()).collect::<Vec<_>>().join("\n"),
            Value::Related(links) => {
                links.iter().map(|r| format!("{}: {}", r.slug, r.title)).collect::<Vec<_>>().join("\n")
            }
            Value::Size { width, height } => size_text(*width, *height),
            Value::Count(count) => count.map(|n| n.to_string()).unwrap_or_default(),
            Value::Corrections(entries) => entries
                .iter()
                .map(|c| format!("{}, {}: {}", c.kind.label(), c.at, c.text))
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Notes(notes) => notes.iter().map(|n| n.summary()).collect::<Vec<_>>().join("\n"),
            Value::Publications(posts) => posts
                .iter()
                .map(|p| {
                    format!("{}: {} (post {}, modified {})", p.target, p.url, p.remote_id, p.remote_modified)
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Blocks(blocks) => {
                let mut text = markup::render(blocks);
                for block in blocks {
                    if let Block::Image(image) = block {
                        let size = size_text(image.width, image.height);
                        if !size.is_empty() {
                            text.push_str(&format!("\n\n({}: {size})", image.src));
                        }
                    }
                }
                text
            }
        }
    }

    /// About how many bytes the value holds beyond its own size (undo
    /// bounds its history by it).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Value::Text(text) => text.len(),
            Value::Status(_) | Value::Time(_) | Value::Size { .. } | Value::Count(_) => 0,
            Value::Corrections(entries) => entries.iter().map(|c| c.text.len()).sum(),
            Value::Notes(notes) => notes.iter().flat_map(|n| n.texts()).map(str::len).sum(),
            Value::Publications(posts) => {
                posts.iter().map(|p| p.target.len() + p.remote_id.len() + p.url.len()).sum()
            }
            Value::Strings(items) => items.iter().map(String::len).sum(),
            Value::Share(targets) => targets.len(),
            Value::Related(links) => {
                links.iter().map(|r| r.slug.len() + r.category.len() + r.title.len() + r.teaser.len()).sum()
            }
            Value::Blocks(blocks) => blocks.iter().flat_map(Block::texts).map(str::len).sum(),
        }
    }
}

/// "1200 × 800 px", or nothing when the size is not known.
fn size_text(width: Option<u32>, height: Option<u32>) -> String {
    match (width, height) {
        (Some(w), Some(h)) => format!("{w} × {h} px"),
        (Some(w), None) => format!("{w} px wide"),
        (None, Some(h)) => format!("{h} px high"),
        (None, None) => String::new(),
    }
}

/// One piece of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    Same(String),
    Removed(String),
    Added(String),
}

/// A word-level diff of two texts, runs of the same kind joined.
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Words::Same(s)))
            | (ChangeTag::Delete, Some(Words::Removed(s)))
            | (ChangeTag::Insert, Some(Words::Added(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => out.push(Words::Same(text.to_string())),
            (ChangeTag::Delete, _) => out.push(Words::Removed(text.to_string())),
            (ChangeTag::Insert, _) => out.push(Words::Added(text.to_string())),
        }
    }
    out
}
