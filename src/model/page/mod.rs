//! The published page: an article and its desk's settings turned into the
//! elements a reader sees, in order. The window's preview draws this list
//! and the HTML export writes it, so what the editor previews is what ships.

mod search;
pub mod social;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::model::article::{Article, Block, Correction, Image, Related, ShareTarget};

pub use search::{Cut, SearchResult, search_result, text_width};

/// What a page needs from its desk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings<'a> {
    /// Where the site lives (`https://…/`); pages get canonical URLs and
    /// share links only when it is set.
    pub base_url: Option<&'a str>,
    /// The publication's name, the page's publisher.
    pub publisher: &'a str,
}

/// The page of one article.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub article: &'a Article,
    /// The article's public address: the desk's base URL, the slug and a
    /// slash (the site export writes `<slug>/index.html`).
    pub url: Option<String>,
    pub elements: Vec<Element<'a>>,
}

/// One element of the page, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Element<'a> {
    /// The category, above the headline.
    Kicker(&'a str),
    /// Always present; an empty headline shows [`UNTITLED`].
    Headline(&'a str),
    Dek(&'a str),
    LeadFigure(&'a Image),
    Byline(Byline<'a>),
    ShareBar(Vec<Share>),
    Body(&'a Block),
    /// Corrections, updates and editor's notes, oldest first, at the
    /// story's foot.
    Corrections(&'a [Correction]),
    Related(&'a [Related]),
}

/// A phone's screen, the width the phone preview shows the page at.
pub const PHONE_VIEWPORT: f32 = 375.0;
/// Pages at most this wide lay out for a phone (the stylesheet's media query).
pub const NARROW_UP_TO: f32 = 560.0;
/// The widest the story's column (its box, padding included) gets.
pub const STORY_MAX: f32 = 720.0;
/// Around the story on a wide screen (none on a narrow one).
pub const PAGE_MARGIN: f32 = 8.0;
/// Inside the story box, either side: wide, narrow.
pub const STORY_PADDING: f32 = 32.0;
pub const STORY_PADDING_NARROW: f32 = 16.0;

/// How the published page lays its story out at a screen width: the one
/// set of numbers the exported stylesheet is written from and the preview
/// draws with, so a line wraps at the same word in both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The story box's width, its padding included.
    pub story: f32,
    /// The story box's padding on either side.
    pub padding: f32,
    /// The headline's and the dek's type size, in px.
    pub headline_px: f32,
    pub dek_px: f32,
}

impl Column {
    /// The column on a screen `viewport` px wide.
    pub fn at(viewport: f32) -> Column {
        if viewport <= NARROW_UP_TO {
            Column { story: viewport, padding: STORY_PADDING_NARROW, headline_px: 28.0, dek_px: 18.0 }
        } else {
            let story = (viewport - 2.0 * PAGE_MARGIN).min(STORY_MAX);
            Column { story, padding: STORY_PADDING, headline_px: 34.0, dek_px: 20.0 }
        }
    }

    /// Where the text wraps: the story box less its padding.
    pub fn text_width(&self) -> f32 {
        self.story - 2.0 * self.padding
    }

    /// The stylesheet's rules for the column, wide and (in the media query)
    /// narrow, written from the same numbers.
    pub fn stylesheet() -> String {
        let (wide, narrow) = (Column::at(NARROW_UP_TO + 1.0), Column::at(PHONE_VIEWPORT));
        format!(
            "main{{padding:16px {PAGE_MARGIN}px}}\n\
             .story{{max-width:{STORY_MAX}px;margin:0 auto;background:#fff;padding:24px {pad}px {pad}px;border-radius:2px;overflow-wrap:anywhere}}\n\
             h1{{margin:0;font-size:{h1}px;line-height:1.15;font-weight:700}}\n\
             .dek{{margin:8px 0 0;color:#5c5c5c;font-size:{dek}px;line-height:1.4}}\n\
             @media (max-width:{NARROW_UP_TO}px){{main{{padding:0}}.story{{padding:{npad}px}}h1{{font-size:{nh1}px}}.dek{{font-size:{ndek}px}}}}\n",
            pad = wide.padding,
            h1 = wide.headline_px,
            dek = wide.dek_px,
            npad = narrow.padding,
            nh1 = narrow.headline_px,
            ndek = narrow.dek_px,
        )
    }
}

/// Characters percent-encoded in one path segment of a URL (an image's
/// file name): anything that could end the segment or the URL.
pub const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b':')
    .add(b'\'');

/// A slug as a path segment: a dot too, so no slug can be `.` or `..`.
pub const SEGMENT: &AsciiSet = &PATH_SEGMENT.add(b'.');

/// What an article without a headline is called on its page.
pub const UNTITLED: &str = "Untitled story";

impl Element<'_> {
    /// A stable name for the element, the same in the preview and in the
    /// exported HTML (its `data-element` attribute).
    pub fn kind(&self) -> &'static str {
        match self {
            Element::Kicker(_) => "kicker",
            Element::Headline(_) => "headline",
            Element::Dek(_) => "dek",
            Element::LeadFigure(_) => "lead-figure",
            Element::Byline(_) => "byline",
            Element::ShareBar(_) => "share",
            Element::Body(block) => match block {
                Block::Heading { .. } => "heading",
                Block::Paragraph(_) => "paragraph",
                Block::Quote { .. } => "quote",
                Block::List { .. } => "list",
                Block::Image(_) => "figure",
            },
            Element::Corrections(_) => "corrections",
            Element::Related(_) => "related",
        }
    }
}

/// The bylines and dates line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline<'a> {
    /// Trimmed, empty names left out, in byline order.
    pub names: Vec<&'a str>,
    pub published: Option<jiff::Timestamp>,
    pub updated: Option<jiff::Timestamp>,
}

impl Byline<'_> {
    /// "By A", "By A and B", "By A, B and C"; empty without names.
    pub fn names_line(&self) -> String {
        match self.names.as_slice() {
            [] => String::new(),
            [one] => format!("By {one}"),
            [init @ .., last] => format!("By {} and {last}", init.join(", ")),
        }
    }

    /// "Published March 10, 2026 at 11:00 UTC · Updated …".
    pub fn dates_line(&self) -> String {
        let mut dates = Vec::new();
        if let Some(published) = self.published {
            dates.push(format!("Published {}", human_time(published)));
        }
        if let Some(updated) = self.updated {
            dates.push(format!("Updated {}", human_time(updated)));
        }
        dates.join(" · ")
    }
}

/// How the page heads a correction: "Correction, March 11, 2026" (the
/// day in UTC, as the byline's times are).
pub fn correction_heading(correction: &Correction) -> String {
    format!("{}, {}", correction.kind.label(), correction_date(correction))
}

/// The day of a correction: "March 11, 2026".
pub fn correction_date(correction: &Correction) -> String {
    correction.at.strftime("%B %-d, %Y").to_string()
}

/// A time as the page prints it.
pub fn human_time(at: jiff::Timestamp) -> String {
    at.strftime("%B %-d, %Y at %H:%M UTC").to_string()
}

/// One button of the share bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub target: ShareTarget,
    /// The network's share address for this page; `None` while the desk
    /// has no base URL (there is nothing to share yet).
    pub href: Option<String>,
}

impl Share {
    pub fn label(&self) -> &'static str {
        self.target.label()
    }
}

/// The page of `article`, its body taken from the article.
pub fn build<'a>(article: &'a Article, settings: Settings<'_>) -> Page<'a> {
    build_with_body(article, &article.body, settings)
}

/// The page of `article` with `body` as its body: the window passes the
/// blocks it parsed from the editor, which are newer than the article's.
pub fn build_with_body<'a>(article: &'a Article, body: &'a [Block], settings: Settings<'_>) -> Page<'a> {
    let url = article_url(settings.base_url, &article.slug);
    let mut elements = Vec::with_capacity(body.len() + 8);
    let category = article.category.trim();
    if !category.is_empty() {
        elements.push(Element::Kicker(category));
    }
    elements.push(Element::Headline(article.headline.trim()));
    let dek = article.dek.trim();
    if !dek.is_empty() {
        elements.push(Element::Dek(dek));
    }
    if let Some(image) = &article.image {
        elements.push(Element::LeadFigure(image));
    }
    let byline = Byline {
        names: article.bylines.iter().map(|b| b.trim()).filter(|b| !b.is_empty()).collect(),
        published: article.published_at,
        updated: article.updated_at,
    };
    if !byline.names.is_empty() || byline.published.is_some() || byline.updated.is_some() {
        elements.push(Element::Byline(byline));
    }
    if !article.share.is_empty() {
        let title = title_of(article);
        let shares = article
            .share
            .iter()
            .map(|&target| Share { target, href: url.as_deref().map(|url| share_href(target, url, title)) })
            .collect();
        elements.push(Element::ShareBar(shares));
    }
    elements.extend(body.iter().map(Element::Body));
    if !article.corrections.is_empty() {
        elements.push(Element::Corrections(&article.corrections));
    }
    if !article.related.is_empty() {
        elements.push(Element::Related(&article.related));
    }
    Page { article, url, elements }
}

impl Page<'_> {
    /// The element kinds in order.
    pub fn kinds(&self) -> Vec<&'static str> {
        self.elements.iter().map(Element::kind).collect()
    }
}

/// The headline, or [`UNTITLED`].
pub fn title_of(article: &Article) -> &str {
    let headline = article.headline.trim();
    if headline.is_empty() { UNTITLED } else { headline }
}

/// An override if it says anything, else the fallback.
fn or_fallback<'a>(value: &'a Option<String>, fallback: &'a str) -> &'a str {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).unwrap_or(fallback)
}

/// The title search engines show: `seo_title`, else the headline.
pub fn search_title(article: &Article) -> &str {
    or_fallback(&article.seo_title, title_of(article))
}

/// The description search engines show: `seo_description`, else the dek.
pub fn search_description(article: &Article) -> &str {
    or_fallback(&article.seo_description, article.dek.trim())
}

/// The title a share card shows: `social_title`, else the headline.
pub fn social_title(article: &Article) -> &str {
    or_fallback(&article.social_title, title_of(article))
}

/// The description a share card shows: `social_description`, else the dek.
pub fn social_description(article: &Article) -> &str {
    or_fallback(&article.social_description, article.dek.trim())
}

/// The desk's base URL when it is a web address, ending in `/`.
pub fn base_url(base_url: Option<&str>) -> Option<String> {
    let base = base_url?.trim();
    let web = base.starts_with("https://") || base.starts_with("http://");
    if !web || base.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some(if base.ends_with('/') { base.to_string() } else { format!("{base}/") })
}

/// `base_url` + slug + `/`, when the desk has a base URL and the article a
/// slug. The slug is percent-encoded, so no slug can change the host.
pub fn article_url(base_url: Option<&str>, slug: &str) -> Option<String> {
    let base = self::base_url(base_url)?;
    let slug = slug.trim();
    if slug.is_empty() {
        return None;
    }
    Some(format!("{base}{}/", utf8_percent_encode(slug, SEGMENT)))
}

/// The network's "share this page" address.
pub fn share_href(target: ShareTarget, url: &str, title: &str) -> String {
    let url_q = utf8_percent_encode(url, NON_ALPHANUMERIC);
    let text_q = utf8_percent_encode(title, NON_ALPHANUMERIC);
    let both = utf8_percent_encode(&format!("{title} {url}"), NON_ALPHANUMERIC).to_string();
    match target {
        ShareTarget::Facebook => format!("https://www.facebook.com/sharer/sharer.php?u={url_q}"),
        ShareTarget::X => format!("https://x.com/intent/tweet?url={url_q}&text={text_q}"),
        ShareTarget::LinkedIn => format!("https://www.linkedin.com/sharing/share-offsite/?url={url_q}"),
        ShareTarget::Bluesky => format!("https://bsky.app/intent/compose?text={both}"),
        ShareTarget::WhatsApp => format!("https://wa.me/?text={both}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_phone_column_is_the_stylesheets_at_375_px() {
        let phone = Column::at(PHONE_VIEWPORT);
        assert_eq!(phone.text_width(), 343.0, "375 px less 16 px padding either side");
        assert_eq!(Column::at(1280.0).story, STORY_MAX);
        assert_eq!(Column::at(1280.0).text_width(), 656.0);
        assert_eq!(Column::at(700.0).story, 684.0, "a screen under the column keeps 8 px each side");
        let css = Column::stylesheet();
        assert!(
            css.contains("@media (max-width:560px){main{padding:0}.story{padding:16px}h1{font-size:28px}"),
            "{css}"
        );
        assert!(
            css.contains(".story{max-width:720px;margin:0 auto;background:#fff;padding:24px 32px 32px;"),
            "{css}"
        );
    }

    use super::*;
    use crate::model::article::Status;

    fn article() -> Article {
        Article {
            slug: "river-park-vote".into(),
            headline: "Council Approves River Park".into(),
            dek: "The 9-2 vote ends a dispute.".into(),
            category: "Local".into(),
            bylines: vec!["Ana Ruiz".into(), " ".into(), "Tomas Berg".into()],
            status: Status::Published,
            published_at: Some("2026-01-27T09:30:00Z".parse().unwrap_or_default()),
            image: Some(Image { alt: "A park".into(), src: "park.png".into(), ..Image::default() }),
            body: vec![
                Block::Paragraph("One.".into()),
                Block::Image(Image::default()),
                Block::Heading { level: 2, text: "Two".into() },
            ],
            related: vec![Related::default()],
            ..Article::default()
        }
    }

    #[test]
    fn elements_come_in_page_order() {
        let article = article();
        let page = build(&article, Settings { base_url: Some("https://news.example.org"), publisher: "N" });
        assert_eq!(
            page.kinds(),
            [
                "kicker",
                "headline",
                "dek",
                "lead-figure",
                "byline",
                "share",
                "paragraph",
                "figure",
                "heading",
                "related"
            ]
        );
        assert_eq!(page.url.as_deref(), Some("https://news.example.org/river-park-vote/"));
        let Some(Element::Byline(byline)) = page.elements.get(4) else { panic!("no byline") };
        assert_eq!(byline.names_line(), "By Ana Ruiz and Tomas Berg");
        assert_eq!(byline.dates_line(), "Published January 27, 2026 at 09:30 UTC");
    }

    #[test]
    fn empty_parts_are_left_out_but_the_headline_stays() {
        let article = Article { share: Vec::new(), ..Article::default() };
        let page = build(&article, Settings::default());
        assert_eq!(page.kinds(), ["headline"]);
        assert_eq!(title_of(&article), UNTITLED);
        assert_eq!(page.url, None);
    }

    #[test]
    fn share_links_need_a_base_url_and_encode_everything() {
        let mut article = article();
        article.headline = "Fish & Chips \"Now\"".into();
        let without = build(&article, Settings::default());
        let Some(Element::ShareBar(shares)) = without.elements.iter().find(|e| e.kind() == "share") else {
            panic!("no share bar")
        };
        assert!(shares.iter().all(|s| s.href.is_none()));
        let with = build(&article, Settings { base_url: Some("https://n.example.org/"), publisher: "" });
        let Some(Element::ShareBar(shares)) = with.elements.iter().find(|e| e.kind() == "share") else {
            panic!("no share bar")
        };
        let x = shares.iter().find(|s| s.target == ShareTarget::X).and_then(|s| s.href.clone());
        assert_eq!(
            x.as_deref(),
            Some(
                "https://x.com/intent/tweet?url=https%3A%2F%2Fn%2Eexample%2Eorg%2Friver%2Dpark%2Dvote%2F&text=Fish%20%26%20Chips%20%22Now%22"
            )
        );
    }

    #[test]
    fn a_slug_cannot_leave_the_site() {
        assert_eq!(
            article_url(Some("https://n.example.org/"), "../../evil.example.com/x").as_deref(),
            Some("https://n.example.org/%2E%2E%2F%2E%2E%2Fevil%2Eexample%2Ecom%2Fx/")
        );
        assert_eq!(article_url(Some("javascript:alert(1)"), "x"), None);
    }
}
