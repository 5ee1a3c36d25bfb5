//! Markdown with YAML front matter, in the conventions static-site
//! generators read (Hugo, Jekyll, Decap), carrying every Copydesk field so
//! that importing the file gives the same article back.
//!
//! The front matter is one struct below, in the order it is written: a new
//! article field (format 2's lead image) is one more field here and one
//! more key in `import::front_matter::apply`. [`to_string`] names every
//! field of the article, so a new one does not compile until it is here.

use serde::Serialize;

use crate::model::article::{Article, Related, ShareTarget, Status};
use crate::model::markup;

/// The front matter keys, conventional ones first, Copydesk's own after.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    description: &'a str,
    slug: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lastmod: Option<String>,
    category: &'a str,
    tags: &'a [String],
    authors: &'a [String],
    /// For site generators: only a published article is live.
    draft: bool,
    status: &'static str,
    share: Vec<&'static str>,
    related: Vec<Card<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a crate::model::article::Image>,
    /// The pixel sizes of the body's images, which their markup has no
    /// place for, so an import gives them back without the files at hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image_sizes: Vec<ImageSize<'a>>,
}

#[derive(Serialize)]
struct ImageSize<'a> {
    src: &'a str,
    width: u32,
    height: u32,
}

impl<'a> ImageSize<'a> {
    /// The sizes of the body's measured images, in body order.
    fn of_body(blocks: &'a [crate::model::article::Block]) -> Vec<ImageSize<'a>> {
        blocks
            .iter()
            .filter_map(|block| match block {
                crate::model::article::Block::Image(crate::model::article::Image {
                    src,
                    width: Some(width),
                    height: Some(height),
                    ..
                }) => Some(ImageSize { src, width: *width, height: *height }),
                _ => None,
            })
            .collect()
    }
}

#[derive(Serialize)]
struct Card<'a> {
    slug: &'a str,
    category: &'a str,
    title: &'a str,
    teaser: &'a str,
}

impl<'a> Card<'a> {
    fn of(related: &'a Related) -> Card<'a> {
        Card {
            slug: &related.slug,
            category: &related.category,
            title: &related.title,
            teaser: &related.teaser,
        }
    }
}

/// Why an article could not be written as Markdown.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the front matter: {0}")]
pub struct ExportError(String);

/// The article as a Markdown file: `---` YAML front matter `---`, then the
/// body in the editor's own markup.
pub fn to_string(article: &Article) -> Result<String, ExportError> {
    let Article {
        // The file format's version; the Markdown file has its own.
        format: _,
        slug,
        headline,
        dek,
        category,
        tags,
        bylines,
        status,
        published_at,
        updated_at,
        image,
        share,
        body,
        related,
    } = article;
    let front = FrontMatter {
        title: headline,
        description: dek,
        slug,
        date: published_at.map(|at| at.to_string()),
        lastmod: updated_at.map(|at| at.to_string()),
        category,
        tags,
        authors: bylines,
        draft: *status != Status::Published,
        status: status.label(),
        share: share.iter().map(|t: &ShareTarget| t.label()).collect(),
        related: related.iter().map(Card::of).collect(),
        image: image.as_ref(),
        image_sizes: ImageSize::of_body(body),
    };
    let yaml = serde_saphyr::to_string(&front).map_err(|e| ExportError(e.to_string()))?;
    let mut out = String::with_capacity(yaml.len() + 64);
    out.push_str("---\n");
    out.push_str(&yaml);
    if !yaml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    let body = markup::render(body);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    Ok(out)
}
