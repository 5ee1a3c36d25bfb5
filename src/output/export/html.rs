//! The page as one self-contained HTML file: the elements of `page` in
//! order, inline CSS that looks like the preview, and the head search
//! engines and social networks read (title, description, canonical URL,
//! Open Graph, X card, one schema.org `NewsArticle` JSON-LD block).
//!
//! Everything an article says goes through askama's HTML escaping; the
//! only text written unescaped is the body's inline markup, built here
//! from escaped runs, and the JSON-LD, escaped for a `<script>` element.

use askama::Template;
use askama::filters::{Escaper as _, Html};
use percent_encoding::{AsciiSet, utf8_percent_encode};

use crate::model::article::{Article, Block, Correction, CorrectionKind, Image, Related};
use crate::model::markup::{critic, inline};
use crate::model::page::{self, Element, Page, Settings};
use crate::rules::check::scheme_allowed;
use crate::storage::media::{self, Source};

/// Characters escaped in a path segment of an image or related link.
const SEGMENT: &AsciiSet = page::PATH_SEGMENT;

/// Where the exported page's links point for things outside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Links {
    /// A page on its own: related cards link to the site's URL when the
    /// desk has one.
    #[default]
    Standalone,
    /// A page of the static site at `<slug>/index.html`: related cards link
    /// to `../<slug>/`.
    Site,
}

/// The HTML page of `article`. Local images are referred to by their path
/// relative to the article's folder; whoever writes the page puts them
/// there (see `export::site`).
pub fn page(article: &Article, settings: Settings<'_>, links: Links) -> String {
    // What ships has no mark in it: an open suggestion is written as if
    // rejected and a comment leaves only its passage.
    let published = critic::published_blocks(&article.body);
    let body = published.as_deref().unwrap_or(&article.body);
    let page = page::build_with_body(article, body, settings);
    let head = Head::of(&page, settings);
    let elements = page.elements.iter().map(|element| View::of(element, &page, settings, links)).collect();
    let template = ArticleHtml { head, elements, style: STYLE.as_str(), cms: false };
    // One buffer, sized once: the body's text plus room for tags and
    // escapes, the style sheet and the head.
    let text: usize = article.body.iter().map(text_len).sum();
    let mut out = String::with_capacity(text + text / 4 + STYLE.len() + 8192);
    // Writing into a String cannot fail, and no value here has a fallible
    // Display; an empty page would be caught by every test.
    match template.render_into(&mut out) {
        Ok(()) => super::files::printable(out),
        Err(_) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticleHtml<'a> {
    head: Head,
    elements: Vec<View<'a>>,
    style: &'static str,
    /// Writing for a CMS (see `body.html`): never, for a whole page.
    cms: bool,
}

/// The body alone, as a CMS takes it: the page's body elements (the same
/// model and markup as the page, so the preview is what lands), each
/// picture's address given by `image_url` (where the CMS keeps the
/// uploaded file); a picture it gives no address shows its alt text.
pub fn body_fragment(article: &Article, image_url: &dyn Fn(&Image) -> Option<String>) -> String {
    let page = page::build(article, Settings::default());
    let elements: Vec<View<'_>> = page
        .elements
        .iter()
        .filter_map(|element| match element {
            Element::Body(Block::Image(image)) => {
                Some(View::Figure(FigureView { src: image_url(image), ..FigureView::of(image, "figure") }))
            }
            Element::Body(block) => Some(body_view(block, &page.language)),
            // The head's parts are the CMS's own fields, and the
            // corrections go once, after the body (`corrections_fragment`).
            _ => None,
        })
        .collect();
    let text: usize = article.body.iter().map(text_len).sum();
    let mut out = String::with_capacity(text + text / 4 + 256);
    match (BodyHtml { elements, cms: true }).render_into(&mut out) {
        Ok(()) => out,
        Err(_) => String::new(),
    }
}

/// The corrections as the page's foot writes them (one `<aside>`, oldest
/// first), for a CMS that takes them after the body; empty when there are
/// none. [`body_fragment`] leaves them out, so they are sent once.
pub fn corrections_fragment(article: &Article) -> String {
    if article.corrections.is_empty() {
        return String::new();
    }
    let elements = vec![View::Corrections(article.corrections.iter().map(CorrectionView::of).collect())];
    let mut out = String::new();
    match (BodyHtml { elements, cms: true }).render_into(&mut out) {
        Ok(()) => out.trim().to_string(),
        Err(_) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyHtml<'a> {
    elements: Vec<View<'a>>,
    cms: bool,
}

/// The `<head>` values, already decided.
struct Head {
    /// The search title and description (`seo_*`, else headline and dek).
    title: String,
    description: String,
    /// The share cards' (`social_*`, else headline and dek).
    social_title: String,
    social_description: String,
    canonical: Option<String>,
    publisher: String,
    image: Option<String>,
    image_alt: String,
    published: Option<String>,
    modified: Option<String>,
    section: String,
    tags: Vec<String>,
    /// `<html lang>` and the JSON-LD `inLanguage`.
    lang: String,
    json_ld: String,
}

impl Head {
    fn of(page: &Page<'_>, settings: Settings<'_>) -> Head {
        let article = page.article;
        let lead = article.image.as_ref();
        let image = lead.and_then(|image| absolute_image_url(image, page.url.as_deref()));
        let head = Head {
            title: page::search_title(article).to_string(),
            description: page::search_description(article).to_string(),
            social_title: page::social_title(article).to_string(),
            social_description: page::social_description(article).to_string(),
            canonical: page.url.clone(),
            publisher: settings.publisher.trim().to_string(),
            image_alt: lead.map(|i| i.alt.trim().to_string()).unwrap_or_default(),
            image,
            published: article.published_at.map(|t| t.to_string()),
            modified: article.updated_at.or(article.published_at).map(|t| t.to_string()),
            section: article.category.trim().to_string(),
            tags: article.tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            lang: page.language.clone(),
            json_ld: String::new(),
        };
        Head { json_ld: json_ld(&head, article), ..head }
    }
}

/// The `NewsArticle` JSON-LD, safe inside `<script>`: no field can close
/// the element or start a comment, and U+2028/U+2029 (line breaks to
/// JavaScript) are escaped too.
fn json_ld(head: &Head, article: &Article) -> String {
    let authors: Vec<serde_json::Value> = article
        .bylines
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(|name| serde_json::json!({ "@type": "Person", "name": name }))
        .collect();
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page::title_of(article),
        "description": article.dek.trim(),
        "author": authors,
        "articleSection": head.section,
        "keywords": head.tags,
        "inLanguage": head.lang,
    });
    if let Some(object) = value.as_object_mut() {
        if let Some(image) = &head.image {
            object.insert("image".into(), serde_json::json!([image]));
        }
        if let Some(published) = &head.published {
            object.insert("datePublished".into(), published.clone().into());
        }
        if let Some(modified) = &head.modified {
            object.insert("dateModified".into(), modified.clone().into());
        }
        if !head.publisher.is_empty() {
            object.insert(
                "publisher".into(),
                serde_json::json!({ "@type": "NewsMediaOrganization", "name": head.publisher }),
            );
        }
        if let Some(url) = &head.canonical {
            object.insert("mainEntityOfPage".into(), serde_json::json!({ "@type": "WebPage", "@id": url }));
        }
        // schema.org's `correction` is for corrections; updates and
        // editor's notes are on the page only.
        let corrections: Vec<serde_json::Value> = article
            .corrections
            .iter()
            .filter(|c| c.kind == CorrectionKind::Correction)
            .map(|c| {
                serde_json::json!({
                    "@type": "CorrectionComment",
                    "text": c.text.trim(),
                    "datePublished": c.at.to_string(),
                })
            })
            .collect();
        if !corrections.is_empty() {
            object.insert("correction".into(), corrections.into());
        }
    }
    let json = value.to_string();
    let mut safe = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

/// An image's address as the page writes it: a remote `https://` URL, or
/// the percent-encoded path relative to the page; `None` for a source the
/// export refuses (it never writes `javascript:`, `data:` or a path out of
/// the folder).
pub fn image_src(image: &Image) -> Option<String> {
    match media::resolve(std::path::Path::new(""), &image.src) {
        Source::Remote(url) => Some(url),
        Source::Local { relative, .. } => Some(
            relative
                .split('/')
                .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
                .collect::<Vec<_>>()
                .join("/"),
        ),
        Source::Refused(_) => None,
    }
}

/// The image's absolute address for search engines and social cards.
fn absolute_image_url(image: &Image, page_url: Option<&str>) -> Option<String> {
    let src = image_src(image)?;
    if image.is_remote() {
        return Some(src);
    }
    page_url.map(|url| format!("{url}{src}"))
}

/// One page element, ready for the template.
enum View<'a> {
    Kicker(&'a str),
    Headline(&'a str),
    Dek(&'a str),
    Figure(FigureView<'a>),
    Byline {
        names: String,
        published: Option<(String, String)>,
        updated: Option<(String, String)>,
    },
    Share(Vec<ShareView>),
    Heading {
        level: u8,
        html: Markup<'a>,
    },
    Paragraph(Markup<'a>),
    Quote {
        html: Markup<'a>,
        attribution: Option<Markup<'a>>,
        /// The language's quotation marks around it (none when the text
        /// brings its own).
        open: String,
        close: String,
    },
    /// `ol` or `ul`.
    List {
        tag: &'static str,
        items: Vec<Markup<'a>>,
    },
    Corrections(Vec<CorrectionView<'a>>),
    Related(Vec<RelatedView<'a>>),
}

/// One correction at the story's foot.
struct CorrectionView<'a> {
    /// "Correction", "Update", "Editor's Note".
    kind: &'static str,
    /// "March 11, 2026", and as RFC 3339.
    date: String,
    iso: String,
    text: &'a str,
}

impl<'a> CorrectionView<'a> {
    fn of(correction: &'a Correction) -> CorrectionView<'a> {
        CorrectionView {
            kind: correction.kind.label(),
            date: page::correction_date(correction),
            iso: correction.at.to_string(),
            text: correction.text.trim(),
        }
    }
}

struct FigureView<'a> {
    kind: &'static str,
    src: Option<String>,
    alt: &'a str,
    caption: &'a str,
    credit: &'a str,
    width: Option<u32>,
    height: Option<u32>,
}

impl<'a> FigureView<'a> {
    fn of(image: &'a Image, kind: &'static str) -> FigureView<'a> {
        FigureView {
            kind,
            src: image_src(image),
            alt: image.alt.trim(),
            caption: image.caption.trim(),
            credit: image.credit.trim(),
            width: image.width,
            height: image.height,
        }
    }
}

struct ShareView {
    label: &'static str,
    href: Option<String>,
}

struct RelatedView<'a> {
    href: Option<String>,
    category: &'a str,
    title: &'a str,
    teaser: &'a str,
}

impl<'a> View<'a> {
    fn of(element: &Element<'a>, page: &Page<'a>, settings: Settings<'_>, links: Links) -> View<'a> {
        match element {
            Element::Kicker(text) => View::Kicker(text),
            Element::Headline(text) => View::Headline(if text.is_empty() { page::UNTITLED } else { text }),
            Element::Dek(text) => View::Dek(text),
            Element::LeadFigure(image) => View::Figure(FigureView::of(image, "lead-figure")),
            Element::Byline(byline) => {
                let time = |at: Option<jiff::Timestamp>| at.map(|at| (at.to_string(), page::human_time(at)));
                View::Byline {
                    names: byline.names_line(),
                    published: time(byline.published),
                    updated: time(byline.updated),
                }
            }
            Element::ShareBar(shares) => View::Share(
                shares.iter().map(|s| ShareView { label: s.label(), href: s.href.clone() }).collect(),
            ),
            Element::Body(block) => body_view(block, &page.language),
            Element::Corrections(entries) => {
                View::Corrections(entries.iter().map(CorrectionView::of).collect())
            }
            Element::Related(cards) => {
                View::Related(cards.iter().map(|card| related_view(card, page, settings, links)).collect())
            }
        }
    }
}

fn related_view<'a>(
    card: &'a Related,
    _page: &Page<'_>,
    settings: Settings<'_>,
    links: Links,
) -> RelatedView<'a> {
    let slug = card.slug.trim();
    // A page outside the desk, when its address is one a page may link
    // (anything else is written as any slug is: encoded, under the site).
    let outside = card.address().filter(|address| crate::rules::check::is_web_address(address));
    let href = if let Some(address) = outside {
        Some(address.to_string())
    } else if slug.is_empty() {
        None
    } else {
        match links {
            Links::Site => Some(format!("../{}/", utf8_percent_encode(slug, SEGMENT))),
            Links::Standalone => page::article_url(settings.base_url, slug),
        }
    };
    RelatedView { href, category: card.category.trim(), title: card.title.trim(), teaser: card.teaser.trim() }
}

fn body_view<'a>(block: &'a Block, language: &str) -> View<'a> {
    match block {
        Block::Heading { level, text } => View::Heading { level: (*level).clamp(2, 3), html: Markup(text) },
        Block::Paragraph(text) => View::Paragraph(Markup(text)),
        Block::Quote { text, attribution } => {
            let (open, close) = page::quote_marks(language, text).unwrap_or_default();
            View::Quote {
                html: Markup(text),
                attribution: attribution.as_deref().filter(|a| !a.trim().is_empty()).map(Markup),
                open,
                close,
            }
        }
        Block::List { ordered, items } => View::List {
            tag: if *ordered { "ol" } else { "ul" },
            items: items.iter().map(|item| Markup(item)).collect(),
        },
        Block::Image(image) => View::Figure(FigureView::of(image, "figure")),
    }
}

/// Bytes of text in a block, to size the page's buffer.
fn text_len(block: &Block) -> usize {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) => text.len(),
        Block::Quote { text, attribution } => text.len() + attribution.as_ref().map_or(0, String::len),
        Block::List { items, .. } => items.iter().map(|item| item.len() + 9).sum(),
        Block::Image(image) => {
            image.alt.len() + image.caption.len() + image.credit.len() + image.src.len() + 96
        }
    }
}

/// A block text whose inline markup is written as HTML straight into the
/// page as the template renders it: no string per block.
struct Markup<'a>(&'a str);

impl std::fmt::Display for Markup<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_inline(f, self.0)
    }
}

/// Writes a block text's inline markup as HTML into `out`, in one pass
/// over it: emphasis, strong and links whose address is allowed;
/// everything else as escaped text.
fn write_inline<W: std::fmt::Write>(out: &mut W, text: &str) -> std::fmt::Result {
    // A text without markup comes back from the walk as one plain run.
    let mut writer =
        InlineWriter { out, link: None, anchor: false, strong: false, emphasis: false, error: Ok(()) };
    inline::walk(text, &mut writer);
    writer.close_styles();
    writer.close_link();
    writer.error
}

/// Writes runs as they come, opening and closing tags only where the
/// style changes.
struct InlineWriter<'w, W> {
    out: &'w mut W,
    /// The link the text written last is in.
    link: Option<String>,
    /// An `<a>` is open (the link's address is allowed).
    anchor: bool,
    strong: bool,
    emphasis: bool,
    error: std::fmt::Result,
}

impl<W: std::fmt::Write> InlineWriter<'_, W> {
    fn put(&mut self, text: &str) {
        if self.error.is_ok() {
            self.error = self.out.write_str(text);
        }
    }

    fn close_styles(&mut self) {
        if std::mem::take(&mut self.emphasis) {
            self.put("</em>");
        }
        if std::mem::take(&mut self.strong) {
            self.put("</strong>");
        }
    }

    fn close_link(&mut self) {
        if std::mem::take(&mut self.anchor) {
            self.put("</a>");
        }
        self.link = None;
    }
}

impl<W: std::fmt::Write> inline::Sink for InlineWriter<'_, W> {
    fn text(
        &mut self,
        text: &str,
        emphasis: bool,
        strong: bool,
        link: Option<&str>,
        _: std::ops::Range<usize>,
    ) {
        if self.link.as_deref() != link {
            self.close_styles();
            self.close_link();
            if let Some(url) = link {
                if scheme_allowed(url) {
                    self.put("<a href=\"");
                    if self.error.is_ok() {
                        self.error = Html.write_escaped_str(&mut *self.out, url.trim());
                    }
                    self.put("\">");
                    self.anchor = true;
                }
                self.link = Some(url.to_string());
            }
        }
        if (self.strong, self.emphasis) != (strong, emphasis) {
            self.close_styles();
            if strong {
                self.put("<strong>");
                self.strong = true;
            }
            if emphasis {
                self.put("<em>");
                self.emphasis = true;
            }
        }
        if self.error.is_ok() {
            self.error = Html.write_escaped_str(&mut *self.out, text);
        }
    }
}

/// Inline CSS: the preview's look (serif headline, grey dek, red kicker,
/// pill share bar, figure with caption and credit, related cards), in one
/// column that fits a phone; the column's own rules come from the page
/// model ([`page::Column`]), as the preview's do.
static STYLE: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{}{}", include_str!("page.css"), page::Column::stylesheet()));

#[cfg(test)]
mod tests {
    use super::*;

    fn inline_html(text: &str) -> String {
        let mut out = String::new();
        write_inline(&mut out, text).expect("a String takes any text");
        out
    }

    #[test]
    fn inline_markup_becomes_tags_and_bad_links_plain_text() {
        assert_eq!(inline_html("a <b> & \"c\""), "a &#60;b&#62; &#38; &#34;c&#34;");
        assert_eq!(
            inline_html("*em* **st** [x](https://a.example/?q=1&r=\"2\")"),
            "<em>em</em> <strong>st</strong> <a href=\"https://a.example/?q=1&#38;r=&#34;2&#34;\">x</a>"
        );
        assert_eq!(inline_html("[click](javascript:alert(1))"), "click");
        assert_eq!(inline_html("[m](mailto:desk@example.org)"), "<a href=\"mailto:desk@example.org\">m</a>");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let article =
            Article { headline: "</script><script>alert(1)</script>\u{2028}&".into(), ..Article::default() };
        let page = page(&article, Settings::default(), Links::Standalone);
        let script = page.split("application/ld+json\">").nth(1).unwrap_or_default();
        let script = script.split("</script>").next().unwrap_or_default();
        assert!(!script.contains(['<', '>', '&', '\u{2028}']), "{script}");
        let value: serde_json::Value = serde_json::from_str(script).unwrap_or_default();
        assert_eq!(value["headline"], "</script><script>alert(1)</script>\u{2028}&");
    }

    #[test]
    fn image_sources_are_local_or_https_only() {
        let src = |s: &str| image_src(&Image { src: s.into(), ..Image::default() });
        assert_eq!(src("photos/a b.jpg").as_deref(), Some("photos/a%20b.jpg"));
        assert_eq!(src("https://img.example.org/a.jpg").as_deref(), Some("https://img.example.org/a.jpg"));
        assert_eq!(src("javascript:alert(1)"), None);
        assert_eq!(src("../../etc/passwd"), None);
        assert_eq!(src("http://img.example.org/a.jpg"), None);
    }
}
