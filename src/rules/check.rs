//! Editorial findings: what is wrong with an article before it goes out.
//! The same engine feeds the window's checks panel, the publish gate and
//! `copydesk check`.

use serde::{Deserialize, Serialize};

use crate::model::article::{Article, Field, Related, Status};
use crate::model::slug;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Where a finding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A field of the catalogue, named as the file names it.
    Field {
        field: Field,
    },
    /// Byte `offset` of text `part` (in [`Block::texts`] order) of body
    /// block `block`.
    Body {
        block: usize,
        part: usize,
        offset: usize,
    },
    Related {
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `headline-too-long`; pipelines match on it.
    pub code: &'static str,
    pub message: String,
    pub location: Location,
}

/// Length limits a desk may override in `desk.ron`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Search results cut headlines around here.
    pub headline_search: usize,
    pub headline_max: usize,
    pub dek_max: usize,
    pub slug_max: usize,
    pub paragraph_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { headline_search: 60, headline_max: 90, dek_max: 160, slug_max: 75, paragraph_words: 120 }
    }
}

/// What the desk knows about an article another one links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub headline: String,
    pub category: String,
    pub dek: String,
}

impl Target {
    /// The related card this target should produce today.
    pub fn related_card(&self, slug: &str) -> Related {
        Related {
            slug: slug.to_string(),
            category: self.category.clone(),
            title: self.headline.clone(),
            teaser: teaser(&self.dek),
        }
    }
}

/// Longest teaser a related card takes from a dek.
pub const TEASER_MAX: usize = 120;

/// A dek cut at a word boundary to fit [`TEASER_MAX`] characters, ending in
/// `...` when cut.
pub fn teaser(dek: &str) -> String {
    let dek = dek.trim();
    if dek.chars().count() <= TEASER_MAX {
        return dek.to_string();
    }
    let budget = TEASER_MAX - 3;
    let mut cut = 0;
    for (at, _) in crate::model::words::bound_indices(dek) {
        if dek[..at].chars().count() > budget {
            break;
        }
        cut = at;
    }
    if cut == 0 {
        cut = dek.char_indices().nth(budget).map_or(dek.len(), |(at, _)| at);
    }
    format!(
        "{}...",
        dek[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':')
    )
}

/// What a related link's slug finds in the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Missing,
    Found(Target),
    /// Several articles share the slug (a duplicate to fix first).
    Ambiguous(usize),
}

/// The other articles of a desk, as the checks need them.
pub trait Desk: Sync {
    /// Articles with this slug, other than the one being checked.
    fn others_with_slug(&self, slug: &str) -> usize;
    /// The article a related link points at.
    fn lookup(&self, slug: &str) -> Lookup;
    /// Where the article being checked is stored, when the desk knows.
    fn article_path(&self) -> Option<&std::path::Path> {
        None
    }
}

/// Everything beyond the article that the rules depend on.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    pub limits: Limits,
    /// The desk's category list, when it has one.
    pub taxonomy: Option<&'a [String]>,
    pub desk: Option<&'a dyn Desk>,
    /// The desk's target length per category, for articles without one.
    pub target_words: Option<&'a std::collections::BTreeMap<String, u32>>,
    /// The folder the article is stored in, where its local pictures are
    /// (else the desk's idea of it, else the pictures are not looked at).
    pub folder: Option<&'a std::path::Path>,
}

impl<'a> Context<'a> {
    /// The same context for an article stored in `folder`.
    pub fn in_folder(self, folder: Option<&'a std::path::Path>) -> Context<'a> {
        Context { folder, ..self }
    }

    fn article_folder(&self) -> Option<&'a std::path::Path> {
        self.folder.or_else(|| self.desk.and_then(|desk| desk.article_path()?.parent()))
    }
}

/// Findings about what was typed into the time fields (`field`, text):
/// a text that reads as no time is an error (the article cannot be saved
/// with it), said the way the field says it.
pub fn typed_times(texts: &[(Field, &str)], now: &jiff::ZonedDateTime) -> Vec<Finding> {
    texts
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .filter_map(|(field, text)| {
            let error = crate::model::when::parse(text, now).err()?;
            Some(Finding {
                severity: Severity::Error,
                code: "time-invalid",
                message: error.to_string(),
                location: Location::Field { field: *field },
            })
        })
        .collect()
}

/// Runs every rule (but spelling, see `spell`) on an article.
pub fn article(article: &Article, context: &Context) -> Vec<Finding> {
    let mut out = Findings(Vec::new());
    metadata(article, context, &mut out);
    images::check(article, context.article_folder(), &mut out);
    body::body(&article.body, context.limits, &mut out);
    related::related(article, context, &mut out);
    desk_work::marks(article, &mut out);
    let target = article
        .target_words
        .or_else(|| context.target_words.and_then(|targets| targets.get(article.category.trim()).copied()));
    desk_work::length(article, target, &mut out);
    out.0
}

mod body;
mod desk_work;
mod images;
mod related;
mod scan;

pub use body::scheme_allowed;
pub use desk_work::{LENGTH_SLACK, OPEN_DESK_WORK};
pub use related::{RelatedState, is_web_address, related_state};

struct Findings(Vec<Finding>);

impl Findings {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) {
        self.0.push(Finding { severity, code, message: message.into(), location });
    }

    fn field(&mut self, severity: Severity, code: &'static str, field: Field, message: impl Into<String>) {
        self.push(severity, code, Location::Field { field }, message);
    }
}

fn metadata(article: &Article, context: &Context, out: &mut Findings) {
    use Severity::*;
    let limits = context.limits;
    let ready = article.status >= Status::Ready;

    let headline = article.headline.trim();
    let headline_len = headline.chars().count();
    if headline.is_empty() {
        out.field(Error, "headline-missing", Field::Headline, "The headline is empty.");
    } else if headline_len > limits.headline_max {
        out.field(
            Warning,
            "headline-too-long",
            Field::Headline,
            format!("The headline has {headline_len} characters; keep it to {}.", limits.headline_max),
        );
    } else if headline_len > limits.headline_search {
        out.field(
            Note,
            "headline-long-for-search",
            Field::Headline,
            format!(
                "The headline has {headline_len} characters; search results cut it after about {}.",
                limits.headline_search
            ),
        );
    }

    let dek = article.dek.trim();
    let dek_len = dek.chars().count();
    if dek.is_empty() {
        if ready {
            out.field(Error, "dek-missing", Field::Dek, "A story marked Ready needs a dek.");
        }
    } else if dek_len > limits.dek_max {
        out.field(
            Warning,
            "dek-too-long",
            Field::Dek,
            format!("The dek has {dek_len} characters; keep it to {}.", limits.dek_max),
        );
    }

    if article.slug.is_empty() {
        out.field(Error, "slug-missing", Field::Slug, "The slug is empty.");
    } else if let Err(reason) = slug::validate(&article.slug) {
        out.field(Error, "slug-invalid", Field::Slug, format!("The slug is not valid: {reason}."));
    } else {
        let slug_len = article.slug.len();
        if slug_len > limits.slug_max {
            out.field(
                Warning,
                "slug-too-long",
                Field::Slug,
                format!("The slug has {slug_len} characters; keep it to {}.", limits.slug_max),
            );
        }
        if let Some(desk) = context.desk {
            let others = desk.others_with_slug(&article.slug);
            if others > 0 {
                out.field(
                    Error,
                    "slug-duplicate",
                    Field::Slug,
                    format!(
                        "{others} other article{} in this desk use{} the slug “{}”.",
                        if others == 1 { "" } else { "s" },
                        if others == 1 { "s" } else { "" },
                        article.slug
                    ),
                );
            }
        }
    }

    let category = article.category.trim();
    if category.is_empty() {
        out.field(Error, "category-missing", Field::Category, "Choose a category.");
    } else if let Some(taxonomy) = context.taxonomy
        && !taxonomy.iter().any(|known| known == category)
    {
        out.field(
            Error,
            "category-unknown",
            Field::Category,
            format!("“{category}” is not one of the desk's categories: {}.", taxonomy.join(", ")),
        );
    }

    // The slug's rule and the body's (which says where) cover those two.
    for field in Field::ALL.into_iter().filter(|f| !matches!(f, Field::Slug | Field::Body)) {
        if let Some(c) = field.texts(article).into_iter().find_map(control_character) {
            out.field(Error, "control-character", field, control_message(c));
        }
    }

    if ready && article.bylines.iter().all(|b| b.trim().is_empty()) {
        out.field(Error, "byline-missing", Field::Bylines, "A story marked Ready needs a byline.");
    }

    if article.status == Status::Published && article.published_at.is_none() {
        out.field(
            Error,
            "published-at-missing",
            Field::PublishedAt,
            "A published story needs its publication time.",
        );
    }
    if let (Some(published), Some(updated)) = (article.published_at, article.updated_at)
        && updated < published
    {
        out.field(
            Error,
            "updated-before-published",
            Field::UpdatedAt,
            format!("Updated ({updated}) is earlier than published ({published})."),
        );
    }
}

/// The first character of `text` that a terminal or a page would act on
/// instead of showing (ESC, carriage return, C1 controls…); line feeds and
/// tabs are text.
pub fn control_character(text: &str) -> Option<char> {
    text.chars().find(|&c| c.is_control() && c != '\n' && c != '\t')
}

fn control_message(c: char) -> String {
    format!(
        "This holds an invisible control character (U+{:04X}); it can garble pages and terminals. Delete it.",
        c as u32
    )
}

/// Findings that stop a story from being marked `status`: the article is
/// checked as if it already had that status.
pub fn gate(article: &Article, status: Status, context: &Context) -> Vec<Finding> {
    let mut candidate = article.clone();
    candidate.status = status;
    self::article(&candidate, context)
}

#[cfg(test)]
mod tests;
