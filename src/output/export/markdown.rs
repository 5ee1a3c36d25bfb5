//! Markdown with YAML front matter, in the conventions static-site
//! generators read (Hugo, Jekyll, Decap), carrying every Copydesk field so
//! that importing the file gives the same article back.
//!
//! The front matter is one struct below, in the order it is written: a new
//! article field (format 2's lead image, format 3's copy-desk fields) is
//! one more field here and one more key in `import::front_matter::apply`.
//! [`to_string`] names every field of the article, so a new one does not
//! compile until it is here. `published_to` alone stays out (see there).

use std::sync::Arc;

use serde::Serialize;

use crate::model::article::{Article, Correction, Note, Related, ShareTarget, Status};
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
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embargo_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_words: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seo_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seo_description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    social_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    social_description: Option<&'a str>,
    related: Vec<Card<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a crate::model::article::Image>,
    /// The pixel sizes of the body's images, which their markup has no
    /// place for, so an import gives them back without the files at hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image_sizes: Vec<ImageSize<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    corrections: &'a [Correction],
    /// The CriticMarkup marks stay in the body below; who made them, the
    /// replies and what is resolved come along here.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [Arc<Note>],
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
        id,
        slug,
        headline,
        dek,
        category,
        tags,
        bylines,
        status,
        published_at,
        updated_at,
        embargo_until,
        language,
        target_words,
        seo_title,
        seo_description,
        social_title,
        social_description,
        image,
        share,
        body,
        related,
        corrections,
        notes,
        // Where this desk published the story (remote ids, modified times)
        // is its own machine state: a Markdown copy goes to other tools and
        // other sites, and read back it would make the copy claim the
        // original's CMS posts (a publish of it would overwrite them).
        published_to: _,
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
        id: id.as_deref(),
        embargo_until: embargo_until.map(|at| at.to_string()),
        language: language.as_deref(),
        target_words: *target_words,
        seo_title: seo_title.as_deref(),
        seo_description: seo_description.as_deref(),
        social_title: social_title.as_deref(),
        social_description: social_description.as_deref(),
        related: related.iter().map(Card::of).collect(),
        image: image.as_ref(),
        image_sizes: ImageSize::of_body(body),
        corrections,
        notes,
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
