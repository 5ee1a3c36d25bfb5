//! The one rules pipeline: an article, its desk's rules and the dictionary
//! in, every finding out. The window's background analysis and
//! `copydesk check` both go through here, so what the window shows and what
//! the command line reports cannot drift apart.

use std::sync::Arc;

use crate::model::article::Article;
use crate::model::markup;
use crate::rules::check::{self, Finding, Location, Severity};
use crate::rules::spell::{ArticleSpelling, SpellCache, Speller};
use crate::storage::desk;

/// What a desk decides about checking its articles: categories, length
/// limits, and the dictionary with the desk's own words added (built once
/// per change of `desk.ron`, never per check: adding words copies the
/// dictionary).
#[derive(Clone, Default)]
pub struct Rules {
    pub limits: check::Limits,
    pub taxonomy: Option<Arc<Vec<String>>>,
    pub speller: Option<Speller>,
    /// The desk's target length per category.
    pub target_words: Option<Arc<std::collections::BTreeMap<String, u32>>>,
    /// The zone typed times are read in (the desk's; the system's when
    /// none is given).
    pub zone: Option<jiff::tz::TimeZone>,
}

/// Words every desk accepts: the trade's own and the keys the welcome
/// article names.
pub const NEWSROOM_WORDS: &[&str] = &["dek", "deks", "Copydesk", "Ctrl", "Cmd"];

impl Rules {
    /// The rules of a desk's settings, with `extra_words` (accepted for a
    /// session) added to the dictionary besides the desk's own.
    pub fn new(settings: &desk::config::Loaded, speller: Option<&Speller>, extra_words: &[String]) -> Rules {
        let mut words: Vec<String> = NEWSROOM_WORDS.iter().map(|w| w.to_string()).collect();
        words.extend(settings.config.words.iter().cloned());
        words.extend(extra_words.iter().cloned());
        Rules {
            limits: settings.config.limits,
            taxonomy: settings.taxonomy().map(Arc::new),
            speller: speller.map(|s| s.with_words(&words)),
            target_words: Some(Arc::new(settings.config.target_words.clone()))
                .filter(|targets| !targets.is_empty()),
            zone: Some(settings.config.zone()),
        }
    }

    /// The zone typed times are read in.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        self.zone.clone().unwrap_or_else(jiff::tz::TimeZone::system)
    }

    /// The context the checks run in, for an article of `desk` (if any).
    pub fn context<'a>(&'a self, desk: Option<&'a dyn check::Desk>) -> check::Context<'a> {
        check::Context {
            limits: self.limits,
            taxonomy: self.taxonomy.as_deref().map(Vec::as_slice),
            desk,
            target_words: self.target_words.as_deref(),
            folder: None,
        }
    }
}

/// Every finding for an article, with the misspellings behind the spelling
/// notes (the window underlines them).
#[derive(Debug, Default)]
pub struct Review {
    /// Sorted by severity, then by place: fields, body, related links.
    pub findings: Vec<Finding>,
    pub spelling: Option<ArticleSpelling>,
}

/// Runs every rule and the speller on `article`. `cache` carries spelling
/// results between runs on the same article (the window's worker keeps
/// one; the command line uses a fresh one per file).
pub fn review(
    article: &Article,
    rules: &Rules,
    desk: Option<&dyn check::Desk>,
    cache: &mut SpellCache,
) -> Review {
    review_in(article, rules, desk, None, cache)
}

/// `review` of an article stored in `folder`, whose local pictures are
/// looked at there (a desk knows its articles' folders already).
pub fn review_in(
    article: &Article,
    rules: &Rules,
    desk: Option<&dyn check::Desk>,
    folder: Option<&std::path::Path>,
    cache: &mut SpellCache,
) -> Review {
    let mut findings = check::article(article, &rules.context(desk).in_folder(folder));
    let spelling = rules.speller.as_ref().map(|speller| {
        let spelling = speller.check_article(article, cache);
        findings.extend(speller.spelling_findings(&spelling, cache));
        spelling
    });
    sort(&mut findings);
    Review { findings, spelling }
}

/// Constructs outside the markup subset, found while parsing body text into
/// blocks, as findings on the block they are in.
pub fn markup_findings(parsed: &markup::Parsed) -> Vec<Finding> {
    parsed
        .findings
        .iter()
        .map(|found| Finding {
            severity: Severity::Warning,
            code: found.code,
            message: found.message.to_string(),
            location: Location::Body { block: block_at(&parsed.sources, found.offset), part: 0, offset: 0 },
        })
        .collect()
}

/// The block whose source holds body offset `offset` (the first block when
/// none does). Sources are in body order and do not overlap, so a binary
/// search finds it: an article of 400,000 findings was quadratic here.
fn block_at(sources: &[markup::BlockSource], offset: usize) -> usize {
    let at = sources.partition_point(|source| source.range.end <= offset);
    if sources.get(at).is_some_and(|source| source.range.contains(&offset)) { at } else { 0 }
}

/// The order findings are listed in: errors first, then by place.
pub fn sort(findings: &mut [Finding]) {
    let place = |f: &Finding| match f.location {
        Location::Field { .. } => (0, 0),
        Location::Body { block, .. } => (1, block),
        Location::Related { index } => (2, index),
    };
    findings.sort_by_key(|f| (f.severity, place(f)));
}
