//! How a search engine lists the article: its title and description cut
//! by pixel width, as result pages cut them (about 600 px of 20 px Arial
//! for the title, 920 px of 14 px Arial for the description). Liberation
//! Sans has Arial's metrics, so its advance widths give the same cuts.

use std::sync::OnceLock;

use super::{Settings, article_url};
use crate::model::article::Article;

/// The width a result page gives a title, and its font size.
pub const TITLE_WIDTH: f32 = 600.0;
pub const TITLE_SIZE: f32 = 20.0;
/// The width of a description (over two lines), and its font size.
pub const DESCRIPTION_WIDTH: f32 = 920.0;
pub const DESCRIPTION_SIZE: f32 = 14.0;

/// What result pages append to a cut text.
const ELLIPSIS: &str = " ...";

static FONT_BYTES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/LiberationSans-Regular.ttf"));

/// Advance widths in font units, and units per em.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| Metrics { face: ttf_parser::Face::parse(FONT_BYTES, 0).ok() })
}

/// The width in pixels of `text` set in Arial at `size` px. Characters the
/// font lacks (CJK, emoji) count as one em, as wide fallback fonts are.
pub fn text_width(text: &str, size: f32) -> f32 {
    let Some(face) = &metrics().face else {
        // The font is compiled in; if it ever failed to parse, half an em
        // per character is Arial's average.
        return text.chars().count() as f32 * size * 0.5;
    };
    let per_unit = size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| match face.glyph_index(c).and_then(|glyph| face.glyph_hor_advance(glyph)) {
            Some(advance) => f32::from(advance) * per_unit,
            None if c.is_control() => 0.0,
            None => size,
        })
        .sum()
}

/// A text as a result page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// What is shown, ending in " ..." when cut.
    pub shown: String,
    /// True when the full text did not fit.
    pub cut: bool,
    /// Width of the full text in pixels.
    pub width: f32,
    /// The width it had to fit in.
    pub limit: f32,
}

impl Cut {
    /// Cuts `text` at a word boundary so that it and " ..." fit `limit`.
    pub fn of(text: &str, size: f32, limit: f32) -> Cut {
        let text = text.trim();
        let width = text_width(text, size);
        if width <= limit {
            return Cut { shown: text.to_string(), cut: false, width, limit };
        }
        let budget = limit - text_width(ELLIPSIS, size);
        let mut end = 0;
        let mut used = 0.0;
        for (at, word) in crate::model::words::bound_indices(text) {
            used += text_width(word, size);
            if used > budget {
                break;
            }
            end = at + word.len();
        }
        let shown = format!("{}{ELLIPSIS}", text[..end].trim_end());
        Cut { shown, cut: true, width, limit }
    }
}

/// The article as one search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The page's address, when the desk has a base URL.
    pub url: Option<String>,
    pub title: Cut,
    pub description: Cut,
}

/// How a search engine would list `article`.
pub fn search_result(article: &Article, settings: Settings<'_>) -> SearchResult {
    SearchResult {
        url: article_url(settings.base_url, &article.slug),
        title: Cut::of(super::search_title(article), TITLE_SIZE, TITLE_WIDTH),
        description: Cut::of(super::search_description(article), DESCRIPTION_SIZE, DESCRIPTION_WIDTH),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_arial_metrics() {
        // Arial's advances: "i" is narrow, "W" wide; 20 px of "W" is 18.9 px.
        assert!((text_width("W", 20.0) - 18.88).abs() < 0.1, "{}", text_width("W", 20.0));
        assert!(text_width("iiii", 20.0) < text_width("WW", 20.0));
        assert_eq!(text_width("日", 20.0), 20.0);
    }

    #[test]
    fn long_titles_are_cut_at_a_word_with_an_ellipsis() {
        let short = Cut::of("Council Approves River Park", TITLE_SIZE, TITLE_WIDTH);
        assert!(!short.cut);
        assert_eq!(short.shown, "Council Approves River Park");
        let long = "Council Approves River Park After a Two-Year Fight Over the Old Rail Yard and Its Future";
        let cut = Cut::of(long, TITLE_SIZE, TITLE_WIDTH);
        assert!(cut.cut);
        assert!(cut.shown.ends_with(" ..."), "{}", cut.shown);
        assert!(text_width(&cut.shown, TITLE_SIZE) <= TITLE_WIDTH);
        assert!(long.starts_with(cut.shown.trim_end_matches(" ...")));
        // Narrow letters fit more characters than wide ones.
        let narrow = Cut::of(&"il ".repeat(100), TITLE_SIZE, TITLE_WIDTH);
        let wide = Cut::of(&"WM ".repeat(100), TITLE_SIZE, TITLE_WIDTH);
        assert!(narrow.shown.len() > 2 * wide.shown.len());
    }
}
