//! How social networks show a shared article: a large card (a 1.91:1
//! picture, the site's domain, the title over two lines, one line of
//! description) and an X card (title on one line). Cut by pixel width like
//! the search result, at the cards' usual sizes.

use super::search::Cut;
use super::{Settings, base_url};
use crate::model::article::Article;

/// The width of a card's text column, in pixels.
pub const CARD_WIDTH: f32 = 500.0;
/// A card's picture: width over height.
pub const CARD_RATIO: f32 = 1.91;
/// The smallest picture that fills a large card sharply.
pub const CARD_IMAGE_MIN: (u32, u32) = (1200, 630);

/// Which card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// Facebook, LinkedIn and others reading Open Graph.
    OpenGraph,
    /// X (Twitter), reading its own card tags.
    X,
}

/// One card as a network would draw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The site's host name in capitals for Open Graph; `None` without a
    /// base URL.
    pub domain: Option<String>,
    pub title: Cut,
    pub description: Cut,
    /// True when the card has a picture (X: `summary_large_image`).
    pub large: bool,
}

/// The card `network` would show for `article`.
pub fn card(article: &Article, settings: Settings<'_>, network: Network) -> Card {
    let (title_size, title_lines, description_lines) = match network {
        Network::OpenGraph => (17.0, 2.0, 1.0),
        Network::X => (15.0, 1.0, 2.0),
    };
    Card {
        domain: domain(settings.base_url),
        title: Cut::of(super::social_title(article), title_size, CARD_WIDTH * title_lines),
        description: Cut::of(super::social_description(article), 14.0, CARD_WIDTH * description_lines),
        large: article.image.as_ref().is_some_and(|image| !image.src.trim().is_empty()),
    }
}

/// The host of the desk's base URL (`news.example.org`).
pub fn domain(base: Option<&str>) -> Option<String> {
    let base = base_url(base)?;
    let rest = base.split_once("://").map_or(base.as_str(), |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or_default();
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_cut_long_titles_and_name_the_domain() {
        let article = Article {
            headline: "Kestrel Bend Council Votes to Rebuild the Old Flood Wall Along the Whole River Front Before Spring Rains and Summer Fairs".into(),
            dek: "Short dek.".into(),
            ..Article::default()
        };
        let settings = Settings { base_url: Some("https://news.example.org/local"), publisher: "" };
        let og = card(&article, settings, Network::OpenGraph);
        assert_eq!(og.domain.as_deref(), Some("news.example.org"));
        assert!(!og.description.cut);
        assert!(!og.large);
        let x = card(&article, settings, Network::X);
        assert!(x.title.cut, "{:?}", x.title);
        assert!(x.title.shown.ends_with(" ..."));
        assert_eq!(domain(None), None);
    }
}
