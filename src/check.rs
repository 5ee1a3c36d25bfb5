//! Editorial findings: what is wrong with an article before it goes out.
//! The same engine feeds the window's checks panel, the publish gate and
//! `copydesk check`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::article::{Article, Block, Image, Related, Status};
use crate::markup::{self, inline};
use crate::slug;

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

/// A metadata field of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Headline,
    Dek,
    Slug,
    Category,
    Tags,
    Bylines,
    Status,
    PublishedAt,
    UpdatedAt,
    Image,
    Share,
    Body,
    Related,
}

impl Field {
    /// The field's name in the file.
    pub fn name(self) -> &'static str {
        match self {
            Field::Headline => "headline",
            Field::Dek => "dek",
            Field::Slug => "slug",
            Field::Category => "category",
            Field::Tags => "tags",
            Field::Bylines => "bylines",
            Field::Status => "status",
            Field::PublishedAt => "published_at",
            Field::UpdatedAt => "updated_at",
            Field::Image => "image",
            Field::Share => "share",
            Field::Body => "body",
            Field::Related => "related",
        }
    }
}

/// Where a finding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
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
    for (at, _) in dek.split_word_bound_indices() {
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
pub trait Desk {
    /// Articles with this slug, other than the one being checked.
    fn others_with_slug(&self, slug: &str) -> usize;
    /// The article a related link points at.
    fn lookup(&self, slug: &str) -> Lookup;
}

/// Everything beyond the article that the rules depend on.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    pub limits: Limits,
    /// The desk's category list, when it has one.
    pub taxonomy: Option<&'a [String]>,
    pub desk: Option<&'a dyn Desk>,
}

/// Runs every rule (but spelling, see `spell`) on an article.
pub fn article(article: &Article, context: &Context) -> Vec<Finding> {
    let mut out = Findings(Vec::new());
    metadata(article, context, &mut out);
    images::check(article, &mut out);
    body(&article.body, context.limits, &mut out);
    related(article, context, &mut out);
    out.0
}

mod images;

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

    let fields: [(Field, Vec<&str>); 5] = [
        (Field::Headline, vec![&article.headline]),
        (Field::Dek, vec![&article.dek]),
        (Field::Category, vec![&article.category]),
        (Field::Tags, article.tags.iter().map(String::as_str).collect()),
        (Field::Bylines, article.bylines.iter().map(String::as_str).collect()),
    ];
    for (field, texts) in fields {
        if let Some(c) = texts.into_iter().find_map(control_character) {
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

fn body(blocks: &[Block], limits: Limits, out: &mut Findings) {
    use Severity::*;
    if blocks.iter().all(|b| b.texts().iter().all(|t| t.trim().is_empty())) {
        out.field(Error, "body-empty", Field::Body, "The body is empty.");
        return;
    }
    for (index, block) in blocks.iter().enumerate() {
        let at = |part: usize, offset: usize| Location::Body { block: index, part, offset };
        match block {
            Block::Heading { text, level } => {
                if !(2..=3).contains(level) {
                    out.push(
                        Error,
                        "heading-level",
                        at(0, 0),
                        format!(
                            "This heading has level {level}; sections use level 2 or 3 (the headline is level 1). It shows as level {} until fixed.",
                            (*level).clamp(2, 3)
                        ),
                    );
                }
                if text.trim().is_empty() {
                    out.push(Warning, "heading-empty", at(0, 0), "This heading has no text.");
                }
                let next = blocks.get(index + 1);
                if next.is_none() || matches!(next, Some(Block::Heading { .. })) {
                    out.push(
                        Warning,
                        "heading-without-section",
                        at(0, 0),
                        "Nothing follows this heading before the next one.",
                    );
                }
            }
            Block::Quote { attribution, .. } => {
                if attribution.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    out.push(
                        Warning,
                        "quote-unattributed",
                        at(0, 0),
                        "This quote has no attribution; end it with a line “> — Name”.",
                    );
                }
            }
            Block::Paragraph(_) | Block::List { .. } | Block::Image(_) => {}
        }
        if !block_is_canonical(block) {
            out.push(
                Warning,
                "block-not-canonical",
                at(0, 0),
                format!(
                    "This {} would read back as different markup; open and save it in Copydesk to fix it.",
                    block.kind()
                ),
            );
        }
        let balance = matches!(block, Block::Paragraph(_) | Block::List { .. });
        for (part, text) in block.texts().into_iter().enumerate() {
            if let Some(offset) = text.find(|c: char| c.is_control() && c != '\n' && c != '\t')
                && let Some(c) = text[offset..].chars().next()
            {
                out.push(Error, "control-character", at(part, offset), control_message(c));
            }
            let words = prose(text, balance, &|offset| at(part, offset), out);
            if matches!(block, Block::Paragraph(_)) && words > limits.paragraph_words {
                out.push(
                    Note,
                    "paragraph-too-long",
                    at(0, 0),
                    format!(
                        "This paragraph has {words} words; readers on phones lose their place past {}.",
                        limits.paragraph_words
                    ),
                );
            }
        }
    }
}

/// True when rendering the block alone and parsing it gives it back.
fn block_is_canonical(block: &Block) -> bool {
    // Most blocks are one line of prose that starts like prose: those read
    // back as themselves without a parse.
    let simple = |text: &str| {
        !text.is_empty()
            && !text.contains(['\n', '\r'])
            && text.trim() == text
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || matches!(c, '“' | '‘' | '"' | '\'' | '('))
    };
    match block {
        Block::Paragraph(text) | Block::Heading { text, .. } if simple(text) => return true,
        _ => {}
    }
    // The pixel size is read from the file, not written in the markup.
    let cleared;
    let block = match block {
        Block::Image(image) => {
            cleared = Block::Image(Image { width: None, height: None, ..image.clone() });
            &cleared
        }
        other => other,
    };
    let single = std::slice::from_ref(block);
    markup::parse(&markup::render(single)).blocks == single
}

/// Checks one piece of block text: inline markup, links, repeated words,
/// spacing and (for paragraphs and list items) balanced marks.
/// Returns the number of words the reader sees.
fn prose(text: &str, balance: bool, at: &dyn Fn(usize) -> Location, out: &mut Findings) -> usize {
    use Severity::*;
    let analysed = inline::analyze(text);
    for finding in &analysed.findings {
        out.push(Warning, finding.code, at(finding.offset), finding.message);
    }
    for link in &analysed.links {
        if !scheme_allowed(&link.url) {
            out.push(
                Error,
                "link-scheme",
                at(link.range.start),
                format!("The link to “{}” must start with https://, http:// or mailto:.", link.url),
            );
        }
        if link.text.trim().is_empty() {
            out.push(
                Warning,
                "link-empty-text",
                at(link.range.start),
                "This link has no text for readers to click.",
            );
        }
    }
    if let Some(offset) = text.find("  ") {
        out.push(Warning, "double-space", at(offset), "Two spaces in a row.");
    }
    // One pass over what the reader sees counts the words and finds repeats.
    let plain = analysed.plain();
    let (words, repeats) = scan_words(&plain);
    // Repeats come in text order, so one walk over the runs places them all.
    let mut runs = RunWalk::default();
    let total = repeats.len();
    for (offset, word) in repeats.into_iter().take(MAX_REPEATS_SHOWN) {
        out.push(
            Warning,
            "repeated-word",
            at(runs.source_offset(&analysed, offset)),
            format!("“{word}” is repeated."),
        );
    }
    if total > MAX_REPEATS_SHOWN {
        out.push(
            Note,
            "repeated-word-more",
            at(0),
            format!(
                "{} more repeated words in this text are not listed one by one.",
                total - MAX_REPEATS_SHOWN
            ),
        );
    }
    if balance && let Some(problem) = unbalanced(&plain) {
        out.push(Warning, "unbalanced-marks", at(0), problem);
    }
    words
}

/// Maps offsets in the reader's text back to the block text, for offsets
/// asked in increasing order: each run is stepped over once in all.
#[derive(Default)]
struct RunWalk {
    run: usize,
    plain_start: usize,
}

impl RunWalk {
    /// Where byte `plain_offset` of the reader's text is in the block text.
    fn source_offset(&mut self, analysed: &inline::Inline, plain_offset: usize) -> usize {
        if plain_offset < self.plain_start {
            *self = RunWalk::default();
        }
        while let Some(run) = analysed.runs.get(self.run) {
            let plain_end = self.plain_start + run.text.len();
            if plain_offset < plain_end {
                // A run whose source has escapes or entities maps to its start.
                return if run.text.len() == run.range.len() {
                    run.range.start + (plain_offset - self.plain_start)
                } else {
                    run.range.start
                };
            }
            self.plain_start = plain_end;
            self.run += 1;
        }
        analysed.runs.last().map_or(0, |run| run.range.end)
    }
}

/// Links may only go to the web or to a mail address; the export writes
/// any other link as plain text.
pub fn scheme_allowed(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    // Something must follow the scheme: a host for the web, an address
    // (however short) for mail.
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.strip_prefix(scheme).is_some_and(|rest| !rest.is_empty()))
}

/// Repeated words listed one by one per text; past this a paragraph is
/// pasted junk, and a finding per word (a hundred thousand in a megabyte)
/// would only bury the rest.
const MAX_REPEATS_SHOWN: usize = 50;

/// Words that are grammatical when doubled ("had had", "that that").
const DOUBLE_OK: &[&str] = &["had", "that"];

/// The number of words (Unicode word boundaries) and the words repeated
/// twice in a row, with their offsets.
fn scan_words(text: &str) -> (usize, Vec<(usize, &str)>) {
    let mut count = 0;
    let mut found = Vec::new();
    let mut previous: Option<(usize, &str)> = None;
    for (offset, segment) in text.split_word_bound_indices() {
        let is_word = segment.chars().any(char::is_alphanumeric);
        if is_word {
            count += 1;
            if let Some((_, before)) = previous
                && before.eq_ignore_ascii_case(segment)
                && !segment.chars().all(|c| c.is_ascii_digit())
                && !DOUBLE_OK.iter().any(|ok| ok.eq_ignore_ascii_case(segment))
            {
                found.push((offset, segment));
            }
            previous = Some((offset, segment));
        } else if !segment.chars().all(|c| c == ' ') {
            // Punctuation between the two ("no. No.") makes it deliberate.
            previous = None;
        }
    }
    (count, found)
}

/// Describes the first unbalanced quotation mark or bracket, if any.
fn unbalanced(plain: &str) -> Option<String> {
    let mut stack: Vec<char> = Vec::new();
    let mut straight_quotes = 0usize;
    for c in plain.chars() {
        match c {
            '(' | '[' | '{' | '“' => stack.push(c),
            ')' | ']' | '}' | '”' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    _ => '“',
                };
                if stack.last() == Some(&open) {
                    stack.pop();
                } else {
                    return Some(format!("A closing {c} has no opening {open}."));
                }
            }
            '"' => straight_quotes += 1,
            _ => {}
        }
    }
    if let Some(open) = stack.pop() {
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            _ => '”',
        };
        return Some(format!("An opening {open} is never closed with {close}."));
    }
    if straight_quotes % 2 == 1 {
        return Some("An odd number of \" quotation marks: one is not closed.".into());
    }
    None
}

fn related(article: &Article, context: &Context, out: &mut Findings) {
    use Severity::*;
    let mut seen = HashSet::new();
    for (index, link) in article.related.iter().enumerate() {
        let at = Location::Related { index };
        let slug = link.slug.trim();
        if !seen.insert(slug.to_string()) {
            out.push(Warning, "related-duplicate", at, format!("“{slug}” is already in the related list."));
        }
        if link.title.trim().is_empty() {
            out.push(Error, "related-title-empty", at, "This related link has no title.");
        }
        if link.teaser.trim().is_empty() {
            out.push(Warning, "related-teaser-empty", at, "This related link has no teaser.");
        }
        if !slug.is_empty() && slug == article.slug {
            out.push(Error, "related-self", at, "This related link points at this article itself.");
            continue;
        }
        let Some(desk) = context.desk else { continue };
        match desk.lookup(slug) {
            Lookup::Missing => out.push(
                Error,
                "related-broken",
                at,
                format!("No article in the desk has the slug “{slug}”."),
            ),
            Lookup::Ambiguous(count) => out.push(
                Error,
                "related-ambiguous",
                at,
                format!("{count} articles in the desk share the slug “{slug}”; this link cannot tell which is meant."),
            ),
            Lookup::Found(target) => {
                if related_state(link, &target) == RelatedState::Stale {
                    out.push(
                        Warning,
                        "related-stale",
                        at,
                        format!("“{slug}” has changed since this link was made; refresh it."),
                    );
                }
            }
        }
    }
}

/// How a related link compares with the article it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelatedState {
    Ok,
    Stale,
    Broken,
    SelfLink,
}

/// Compares a related link with its target: stale when the title, category
/// or teaser no longer match what the target would give today.
pub fn related_state(link: &Related, target: &Target) -> RelatedState {
    let fresh = target.related_card(&link.slug);
    if link.title != fresh.title || link.category != fresh.category || link.teaser != fresh.teaser {
        RelatedState::Stale
    } else {
        RelatedState::Ok
    }
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
