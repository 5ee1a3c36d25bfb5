//! Findings about photos and about how the article shows in search
//! results: a story going out without a lead image, images without alt
//! text or too small for a social card, sources the export refuses (a
//! link among them), and a headline or dek that a result page cuts.

use std::path::Path;

use super::{Field, Findings, Location, Severity};
use crate::model::article::{Article, Block, Image, Status};
use crate::model::page::{self, Settings};
use crate::storage::desk::paths::{self, Refused};
use crate::storage::media::{self, Source};

pub(super) fn check(article: &Article, folder: Option<&Path>, out: &mut Findings) {
    use Severity::*;
    let (card_width, card_height) = page::social::CARD_IMAGE_MIN;
    match &article.image {
        None if article.status >= Status::Ready => out.field(
            Warning,
            "image-missing",
            Field::Image,
            format!(
                "A story marked {} should have a lead image for its page and social cards.",
                article.status
            ),
        ),
        None => {}
        Some(image) => {
            let at = Location::Field { field: Field::Image };
            one(image, at, article.status, folder, out);
            if let (Some(width), Some(height)) = (image.width, image.height)
                && (width < card_width || height < card_height)
            {
                out.push(
                    Warning,
                    "image-too-small",
                    at,
                    format!(
                        "The lead image is {width}×{height} pixels; social cards need at least {card_width}×{card_height}."
                    ),
                );
            }
        }
    }
    for (index, block) in article.body.iter().enumerate() {
        if let Block::Image(image) = block {
            let at = Location::Body { block: index, part: 0, offset: 0 };
            one(image, at, article.status, folder, out);
        }
    }

    // Search results show the search title and description when set.
    let result = page::search_result(article, Settings::default());
    let set = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
    let (title_field, title) = if set(&article.seo_title) {
        (Field::SeoTitle, "search title")
    } else {
        (Field::Headline, "headline")
    };
    let (dek_field, dek) = if set(&article.seo_description) {
        (Field::SeoDescription, "search description")
    } else {
        (Field::Dek, "dek")
    };
    if result.title.cut {
        out.field(
            Warning,
            "headline-cut-in-search",
            title_field,
            format!(
                "Search results cut this {title} to “{}” ({:.0} of {:.0} pixels).",
                result.title.shown, result.title.width, result.title.limit
            ),
        );
    }
    if result.description.cut {
        out.field(
            Warning,
            "dek-cut-in-search",
            dek_field,
            format!(
                "Search results cut this {dek} to “{}” ({:.0} of {:.0} pixels).",
                result.description.shown, result.description.width, result.description.limit
            ),
        );
    }
}

fn one(image: &Image, at: Location, status: Status, folder: Option<&Path>, out: &mut Findings) {
    use Severity::*;
    if image.alt.trim().is_empty() {
        out.push(
            Error,
            "image-alt-missing",
            at,
            "This image has no alt text; describe what it shows for readers who cannot see it.",
        );
    }
    match media::resolve(Path::new(""), &image.src) {
        Source::Refused(reason) => {
            out.push(Error, "image-source-invalid", at, format!("This image cannot be published: {reason}."))
        }
        // A teammate's link to a file outside the desk would publish that
        // file; the export leaves it out, and a story going out must not
        // count on it.
        Source::Local { relative, .. } => {
            if let Some(folder) = folder
                && let Err(Refused::Link { at: link }) = paths::real_file(folder, &relative)
            {
                let severity = if status >= Status::Ready { Error } else { Warning };
                out.push(
                    severity,
                    "image-linked",
                    at,
                    format!(
                        "The picture “{relative}” is reached through a symbolic link ({link}); links are never followed, so the export leaves it out. Put the file itself in the article's folder."
                    ),
                );
            }
        }
        Source::Remote(_) => {}
    }
}
