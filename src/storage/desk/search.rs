//! Finding text across a desk: every match of a query in the prose of each
//! article (what the field catalogue calls prose: headline, dek, the lead
//! image's words, the body markup with its captions, related titles and
//! teasers), as hits naming the article, the field and the line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::article::{Article, Field};
use crate::model::find::{Finder, line_of};
use crate::model::markup;
use crate::storage::store;

/// One match in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: PathBuf,
    /// The article's headline (its file name when it has none).
    pub article: String,
    pub field: Field,
    /// The 1-based line of the match in the body markup (1 elsewhere).
    pub line: usize,
    /// Where the match starts: a byte of the body markup, or of the field.
    pub at: usize,
    /// The line the match is on, trimmed to a readable length.
    pub excerpt: String,
}

/// What a search of the desk found, and what it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Articles that could not be read, with why.
    pub unreadable: Vec<(PathBuf, String)>,
    /// The search stopped early (a newer query, or the hit limit).
    pub stopped: bool,
}

/// A search stops listing after this many hits: nobody reads further, and
/// a one-letter query on a big desk must not fill memory.
pub const HIT_LIMIT: usize = 2_000;

/// How many characters of a line an excerpt shows around its match.
const EXCERPT_CHARS: usize = 90;

/// An article as an editor holds it, unsaved: searched in place of its
/// file, so hits (and body offsets) are of the text on screen.
#[derive(Debug, Clone, Default)]
pub struct Unsaved {
    /// The metadata as edited (its body is not read: see `body`).
    pub fields: Article,
    /// The body markup as the editor shows it.
    pub body: Arc<str>,
}

/// Searches the articles at `paths`, in order; an article in `unsaved` is
/// searched as held there instead of as on disk. `stop` is looked at
/// between articles, so a search a newer query replaced ends quickly.
pub fn search(
    paths: &[PathBuf],
    unsaved: &HashMap<PathBuf, Unsaved>,
    finder: &Finder,
    stop: &AtomicBool,
) -> Found {
    let mut found = Found::default();
    for path in paths {
        if stop.load(Ordering::Relaxed) || found.hits.len() >= HIT_LIMIT {
            found.stopped = true;
            break;
        }
        let article = match unsaved.get(path) {
            Some(held) => Ok(held.clone()),
            None => store::load(path).map(|mut article| Unsaved {
                body: Arc::from(markup::render(&std::mem::take(&mut article.body))),
                fields: article,
            }),
        };
        match article {
            Ok(article) => {
                let headline = article.fields.headline.trim();
                let name = if headline.is_empty() { file_name(path) } else { headline.to_string() };
                let mut add = |field: Field, text: &str| {
                    for range in finder.matches(text) {
                        let line = line_of(text, range.start);
                        found.hits.push(Hit {
                            path: path.clone(),
                            article: name.clone(),
                            field,
                            line,
                            at: range.start,
                            excerpt: excerpt(text, range.start),
                        });
                    }
                };
                for field in Field::ALL {
                    if field == Field::Body {
                        // Hits fall on the markup, as on screen.
                        add(field, &article.body);
                    } else {
                        for text in field.prose(&article.fields) {
                            add(field, text);
                        }
                    }
                }
            }
            Err(error) => found.unreadable.push((path.clone(), error.to_string())),
        }
    }
    found.hits.truncate(HIT_LIMIT);
    found
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The line of `text` holding byte `at`, cut to about [`EXCERPT_CHARS`]
/// characters around it.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let before = text[start..at].chars().count();
    let skip = before.saturating_sub(EXCERPT_CHARS / 3);
    let mut shown: String = line.chars().skip(skip).take(EXCERPT_CHARS).collect();
    if skip > 0 {
        shown.insert(0, '…');
    }
    if line.chars().count() > skip + EXCERPT_CHARS {
        shown.push('…');
    }
    shown.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_the_line_around_the_match() {
        let text = "first line\nthe second line holds Millrace here\nthird";
        let at = text.find("Millrace").unwrap_or_default();
        assert_eq!(excerpt(text, at), "the second line holds Millrace here");
        let long = format!("{}Millrace{}", "a ".repeat(80), " b".repeat(80));
        let at = long.find("Millrace").unwrap_or_default();
        let shown = excerpt(&long, at);
        assert!(shown.starts_with('…') && shown.ends_with('…') && shown.contains("Millrace"), "{shown}");
    }
}
