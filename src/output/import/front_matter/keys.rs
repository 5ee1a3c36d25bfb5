//! The conventional front-matter keys mapped onto an article: title to
//! headline, description to dek, dates, categories, authors, draft, and
//! Copydesk's own status, share, related and image.

use super::super::{Findings, dates};
use super::{Entry, Value};
use crate::model::article::{Article, Related, ShareTarget, Status};

/// Every key the mapping reads; anything else is reported and left out.
pub const KNOWN_KEYS: &[&str] = &[
    "image",
    "title",
    "description",
    "summary",
    "excerpt",
    "slug",
    "date",
    "publishDate",
    "published",
    "lastmod",
    "modified",
    "updated",
    "categories",
    "category",
    "tags",
    "keywords",
    "authors",
    "author",
    "draft",
    "status",
    "share",
    "related",
    "image_sizes",
    // Format 3, read by `copy_desk`.
    "id",
    "embargo_until",
    "language",
    "lang",
    "target_words",
    "seo_title",
    "seo_description",
    "social_title",
    "social_description",
    "corrections",
    "notes",
];

/// What the front matter set, before the body is read.
#[derive(Debug, Default)]
pub struct Mapped {
    pub has_headline: bool,
    pub has_slug: bool,
    /// The line of the `related` key, for findings about its links.
    pub related_line: usize,
    /// Pixel sizes of body images by source (`image_sizes`), in body order.
    pub image_sizes: Vec<(String, u32, u32)>,
}

/// Maps front matter entries onto the article's fields.
pub(crate) fn apply(entries: &[Entry], article: &mut Article, findings: &mut Findings) -> Mapped {
    let mut mapped = Mapped::default();
    let mut dek_from: Option<&str> = None;
    let mut status_key = false;
    let mut draft: Option<(bool, usize)> = None;
    let mut keywords: Vec<String> = Vec::new();
    article.share = ShareTarget::ALL.to_vec();
    for Entry { key, value, line } in entries {
        let line = *line;
        match key.as_str() {
            "title" => {
                article.headline = value.text();
                mapped.has_headline = true;
            }
            "description" | "summary" | "excerpt" => match dek_from {
                None => {
                    article.dek = value.text();
                    dek_from = Some(key.as_str());
                }
                Some(first) if article.dek != value.text() => findings.warn(
                    line,
                    "import-dek-conflict",
                    format!(
                        "`{key}` left out: the dek comes from `{first}` (this one says “{}”)",
                        value.text()
                    ),
                ),
                Some(_) => {}
            },
            "slug" => {
                article.slug = value.text();
                mapped.has_slug = true;
            }
            "published" if matches!(value, Value::Bool(_)) => {
                draft = Some((matches!(value, Value::Bool(false)), line));
            }
            "date" | "publishDate" | "published" => {
                date(value, line, "published", &mut article.published_at, findings);
            }
            "lastmod" | "modified" | "updated" => {
                date(value, line, "updated", &mut article.updated_at, findings)
            }
            "categories" | "category" => {
                let mut names = value.strings(false).into_iter();
                if let Some(first) = names.next() {
                    article.category = first;
                } else {
                    article.category.clear();
                }
                let rest: Vec<String> = names.collect();
                if !rest.is_empty() {
                    findings.warn(
                        line,
                        "import-extra-categories",
                        format!(
                            "an article has one category: “{}” kept, {} left out",
                            article.category,
                            rest.iter().map(|c| format!("“{c}”")).collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
            "tags" => article.tags.extend(value.strings(true)),
            // Keywords are tags by another name; a keyword already tagged
            // is not repeated.
            "keywords" => keywords.extend(value.strings(true)),
            "authors" | "author" => {
                article.bylines = match value {
                    // Decap and Front Matter CMS write authors as objects.
                    Value::List(items) => items.iter().map(|i| i.get("name").unwrap_or(i).text()).collect(),
                    Value::Map(_) => vec![value.get("name").map_or_else(|| value.text(), Value::text)],
                    Value::Null => Vec::new(),
                    other => vec![other.text()],
                };
            }
            "draft" => match value {
                Value::Bool(true) => draft = Some((true, line)),
                Value::Bool(false) => draft = Some((false, line)),
                other => findings.warn(
                    line,
                    "import-bad-value",
                    format!("`draft: {}` left out: expected true or false", other.text()),
                ),
            },
            "status" => {
                match Status::ALL.iter().find(|s| s.label().eq_ignore_ascii_case(value.text().trim())) {
                    Some(status) => {
                        article.status = *status;
                        status_key = true;
                    }
                    None => findings.warn(
                        line,
                        "import-bad-value",
                        format!(
                            "`status: {}` left out: expected Draft, Edit, Ready or Published",
                            value.text()
                        ),
                    ),
                }
            }
            "share" => {
                article.share.clear();
                for label in value.strings(true) {
                    match ShareTarget::ALL.iter().find(|t| t.label().eq_ignore_ascii_case(&label)) {
                        Some(target) if !article.share.contains(target) => article.share.push(*target),
                        Some(_) => {}
                        None => findings.warn(
                            line,
                            "import-bad-value",
                            format!("share target “{label}” left out: not a network Copydesk shares to"),
                        ),
                    }
                }
            }
            "related" => {
                article.related = related(value, line, findings);
                mapped.related_line = line;
            }
            "image" => article.image = image(value, line, findings),
            "image_sizes" => mapped.image_sizes = image_sizes(value, line, findings),
            key if super::copy_desk::apply(key, value, line, article, findings) => {}
            _ => {
                let mut message = format!("unknown front matter key `{key}` left out (its value: “");
                // A `String` takes any text.
                let _ = value.write_text(&mut message);
                message.push_str("”)");
                findings.warn(line, "import-unknown-key", message)
            }
        }
    }
    // Keywords come after the tags whatever the key order (TOML tables
    // arrive sorted); one already tagged is not repeated.
    for keyword in keywords {
        if !article.tags.contains(&keyword) {
            article.tags.push(keyword);
        }
    }
    if !status_key {
        article.status = match draft {
            Some((true, _)) => Status::Draft,
            Some((false, _)) => Status::Published,
            None => Status::Draft,
        };
        if draft.is_none() {
            findings.note(1, "import-status", "no `draft` or `status` key: imported as a Draft");
        }
    } else if let Some((is_draft, line)) = draft
        && is_draft != (article.status != Status::Published)
    {
        findings.warn(
            line,
            "import-status-conflict",
            format!("`draft` disagrees with `status: {}`; the status is kept", article.status),
        );
    }
    mapped
}

pub(super) fn date(
    value: &Value,
    line: usize,
    field: &str,
    slot: &mut Option<jiff::Timestamp>,
    findings: &mut Findings,
) {
    let text = value.text();
    if matches!(value, Value::Null) || text.trim().is_empty() {
        *slot = None;
        return;
    }
    match dates::parse(&text) {
        Some(parsed) => {
            *slot = Some(parsed.at);
            if let Some(assumed) = parsed.assumed {
                findings.note(
                    line,
                    "import-date",
                    format!("{field} “{text}” is {}: {}", assumed.describe(), parsed.at),
                );
            } else if parsed.at.to_string() != text.trim() {
                findings.note(line, "import-date", format!("{field} “{text}” read as {} (UTC)", parsed.at));
            }
        }
        None => findings.warn(
            line,
            "import-bad-date",
            format!("{field} date “{text}” left out: not a date this import reads"),
        ),
    }
}

/// The lead image: a map with src, alt, caption, credit and (optionally)
/// width and height, or just its source.
fn image(value: &Value, line: usize, findings: &mut Findings) -> Option<crate::model::article::Image> {
    let field = |name: &str| value.get(name).map(Value::text).unwrap_or_default();
    let size = |name: &str| value.get(name).and_then(|v| v.text().parse::<u32>().ok());
    match value {
        Value::Map(_) => Some(crate::model::article::Image {
            alt: field("alt"),
            caption: field("caption"),
            credit: field("credit"),
            src: field("src"),
            width: size("width"),
            height: size("height"),
        }),
        Value::Text(src) => Some(crate::model::article::Image { src: src.clone(), ..Default::default() }),
        Value::Null => None,
        other => {
            findings.warn(
                line,
                "import-bad-value",
                format!(
                    "`image` left out: expected src, alt, caption and credit (it says “{}”)",
                    other.text()
                ),
            );
            None
        }
    }
}

/// Copydesk's own list of body image sizes: `src`, `width`, `height` each.
fn image_sizes(value: &Value, line: usize, findings: &mut Findings) -> Vec<(String, u32, u32)> {
    let Value::List(items) = value else {
        findings.warn(
            line,
            "import-bad-value",
            format!("`image_sizes` left out: expected a list (it says “{}”)", value.text()),
        );
        return Vec::new();
    };
    let mut sizes = Vec::with_capacity(items.len());
    for item in items {
        let size = |name: &str| item.get(name).and_then(|v| v.text().trim().parse::<u32>().ok());
        match (item.get("src").map(Value::text), size("width"), size("height")) {
            (Some(src), Some(width), Some(height)) => sizes.push((src, width, height)),
            _ => findings.warn(
                line,
                "import-bad-value",
                format!("image size “{}” left out: expected src, width and height", item.text()),
            ),
        }
    }
    sizes
}

fn related(value: &Value, line: usize, findings: &mut Findings) -> Vec<Related> {
    let Value::List(items) = value else {
        findings.warn(
            line,
            "import-bad-value",
            format!("`related` left out: expected a list of links (it says “{}”)", value.text()),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Map(_) => {
                let field = |name: &str| item.get(name).map(Value::text).unwrap_or_default();
                Some(Related {
                    slug: field("slug"),
                    category: field("category"),
                    title: field("title"),
                    teaser: field("teaser"),
                })
            }
            Value::Text(slug) => Some(Related { slug: slug.clone(), ..Related::default() }),
            other => {
                findings.warn(
                    line,
                    "import-bad-value",
                    format!(
                        "related link “{}” left out: expected slug, category, title and teaser",
                        other.text()
                    ),
                );
                None
            }
        })
        .collect()
}
