//! The one rules pipeline: an article, its desk's rules and the dictionary
//! in, every finding out. The window's background analysis and
//! `copydesk check` both go through here, so what the window shows and what
//! the command line reports cannot drift apart.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::model::article::{Article, Field};
use crate::model::{language, markup};
use crate::rules::check::{self, Finding, Location, Severity};
use crate::rules::grammar::{Grammar, GrammarCache};
use crate::rules::house::{HouseCache, HouseStyle};
use crate::rules::memo::TextMemo;
use crate::rules::spell::{ArticleSpelling, Shelf, Shown, SpellCache, Speller};
use crate::rules::style::Style;
use crate::rules::typography::TypographyCache;
use crate::storage::desk;

mod prose;

pub use prose::house_problems;

/// What a desk decides about checking its articles: categories, length
/// limits, its language and house style, and the dictionary with the
/// desk's own words added (built once per change of `desk.ron`, never per
/// check: adding words copies the dictionary).
#[derive(Clone, Default)]
pub struct Rules {
    pub limits: check::Limits,
    pub taxonomy: Option<Arc<Vec<String>>>,
    /// The US English dictionary with the desk's words.
    pub speller: Option<Speller>,
    /// The desk's target length per category.
    pub target_words: Option<Arc<std::collections::BTreeMap<String, u32>>>,
    /// The zone typed times are read in (the desk's; the system's when
    /// none is given).
    pub zone: Option<jiff::tz::TimeZone>,
    /// The desk's language for articles that name none.
    pub language: Option<String>,
    pub style: Style,
    /// Harper, when the desk has grammar on.
    pub grammar: Option<Arc<Grammar>>,
    /// The desk's Vale styles, when it has a `.vale.ini` and has them on.
    pub house: Option<Arc<HouseStyle>>,
    /// Whether each review lists the house style's setup problems (the
    /// window's); `copydesk check` lists them once per desk instead.
    pub house_problems_in_review: bool,
    languages: Arc<Languages>,
}

/// Other languages' dictionaries, each with the desk's words for it added
/// once, on first use.
#[derive(Default)]
struct Languages {
    shelf: Option<Arc<Shelf>>,
    /// Words for every language (newsroom, desk, session).
    words: Vec<String>,
    /// The desk's words by primary language subtag.
    by_language: std::collections::BTreeMap<String, Vec<String>>,
    ready: Mutex<HashMap<String, Result<Speller, String>>>,
}

/// Words every desk accepts: the trade's own and the keys the welcome
/// article names.
pub const NEWSROOM_WORDS: &[&str] = &["dek", "deks", "Copydesk", "Ctrl", "Cmd"];

impl Rules {
    /// The rules of a desk's settings, with `extra_words` (accepted for a
    /// session) added to the dictionary besides the desk's own.
    pub fn new(settings: &desk::config::Loaded, speller: Option<&Speller>, extra_words: &[String]) -> Rules {
        let config = &settings.config;
        let mut words: Vec<String> = NEWSROOM_WORDS.iter().map(|w| w.to_string()).collect();
        words.extend(config.words.iter().cloned());
        words.extend(extra_words.iter().cloned());
        let english = config.language_words.get("en").cloned().unwrap_or_default();
        let us_words: Vec<String> = words.iter().chain(&english).cloned().collect();
        Rules {
            limits: config.limits,
            taxonomy: settings.taxonomy().map(Arc::new),
            speller: speller.map(|s| s.with_words(&us_words)),
            target_words: Some(Arc::new(config.target_words.clone())).filter(|targets| !targets.is_empty()),
            zone: Some(config.zone()),
            language: config.language.clone(),
            style: config.style.clone(),
            grammar: config.style.grammar.then(|| Grammar::shared(&config.style.grammar_off)),
            house: None,
            house_problems_in_review: true,
            languages: Arc::new(Languages {
                shelf: Some(Shelf::global()),
                words,
                by_language: config.language_words.clone(),
                ready: Mutex::default(),
            }),
        }
    }

    /// The zone typed times are read in.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        self.zone.clone().unwrap_or_else(jiff::tz::TimeZone::system)
    }

    /// These rules with the house style of the desk folder `root` (its
    /// `.vale.ini`), unless the desk turned house style off.
    pub fn with_house_style(mut self, root: &Path) -> Rules {
        self.house = if self.style.house_style { HouseStyle::of_desk(root).map(Arc::new) } else { None };
        self
    }

    /// These rules with other languages' dictionaries taken from `shelf`
    /// (tests give one of their own).
    pub fn with_shelf(mut self, shelf: Arc<Shelf>) -> Rules {
        let languages = Languages {
            shelf: Some(shelf),
            words: self.languages.words.clone(),
            by_language: self.languages.by_language.clone(),
            ready: Mutex::default(),
        };
        self.languages = Arc::new(languages);
        self
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

    /// The language an article is checked in.
    pub fn language_of<'a>(&'a self, article: &'a Article) -> &'a str {
        language::effective(article.language.as_deref(), self.language.as_deref())
    }

    /// The dictionary (with the desk's words) for a language: `Ok(None)`
    /// while US English is still loading; an error names what to install.
    /// Loads another language's dictionary the first time (call it off the
    /// UI thread).
    pub fn speller_for(&self, tag: &str) -> Result<Option<Speller>, String> {
        self.speller_with(tag, true)
    }

    /// [`Rules::speller_for`] without loading anything: `Ok(None)` when
    /// the language's dictionary is not loaded yet.
    pub fn loaded_speller_for(&self, tag: &str) -> Result<Option<Speller>, String> {
        self.speller_with(tag, false)
    }

    fn speller_with(&self, tag: &str, load: bool) -> Result<Option<Speller>, String> {
        if language::primary(tag) == "en" && matches!(language::region(tag).as_deref(), None | Some("US")) {
            return Ok(self.speller.clone());
        }
        let languages = &self.languages;
        if let Some(ready) = languages.ready.lock().ok().and_then(|ready| ready.get(tag).cloned()) {
            return ready.map(Some);
        }
        let Some(shelf) = &languages.shelf else { return Ok(None) };
        let plain = if load {
            shelf.get(tag)
        } else {
            match shelf.loaded(tag) {
                Some(found) => found,
                None => return Ok(None),
            }
        };
        let own = languages.by_language.get(&language::primary(tag)).cloned().unwrap_or_default();
        let words: Vec<String> = languages.words.iter().chain(&own).cloned().collect();
        let ready = plain.map(|speller| speller.with_words(&words));
        if let Ok(mut cache) = languages.ready.lock() {
            cache.insert(tag.to_string(), ready.clone());
        }
        ready.map(Some)
    }
}

/// Every finding for an article, with the misspellings behind the spelling
/// notes (the window underlines them) and the repairs behind typography
/// and grammar notes (the window applies them).
#[derive(Debug, Default)]
pub struct Review {
    /// Sorted by severity, then by place: fields, body, related links.
    pub findings: Vec<Finding>,
    pub spelling: Option<ArticleSpelling>,
    pub fixes: Vec<PlacedFix>,
}

/// A repair a finding offers: replace `range` of the text at `location`
/// (a field's text, or a body block's text part) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedFix {
    pub code: &'static str,
    /// Where the finding is: `Body { offset }` is `range.start`.
    pub location: Location,
    pub range: Range<usize>,
    pub replacement: String,
}

/// Block texts as shown, remembered per text.
type ShownTexts = TextMemo<Arc<Shown<'static>>>;

/// What the checks remember between runs on one document, so a keystroke
/// re-checks only the paragraph it changed.
#[derive(Debug, Default)]
pub struct ReviewCache {
    /// Each text with markup as the reader sees it, for grammar and house
    /// style.
    shown: ShownTexts,
    pub spelling: SpellCache,
    pub typography: TypographyCache,
    pub grammar: GrammarCache,
    pub house: HouseCache,
}

/// Runs every rule, the speller, typography, grammar and house style on
/// `article`. `cache` carries results between runs on the same article
/// (the window's worker keeps one; the command line uses a fresh one per
/// file).
pub fn review(
    article: &Article,
    rules: &Rules,
    desk: Option<&dyn check::Desk>,
    cache: &mut ReviewCache,
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
    cache: &mut ReviewCache,
) -> Review {
    let tag = rules.language_of(article);
    let texts = prose::Texts::of(article);
    // The texts as shown are for grammar and house style only.
    let shown = if rules.grammar.is_some() || rules.house.is_some() {
        prose::shown_texts(&texts, &mut cache.shown)
    } else {
        Vec::new()
    };
    let ReviewCache {
        spelling: spell_cache,
        typography: typography_cache,
        grammar: grammar_cache,
        house,
        ..
    } = cache;
    let mut other_passes = || {
        let mut findings = check::article(article, &rules.context(desk).in_folder(folder));
        let speller = match rules.speller_for(tag) {
            Ok(speller) => speller,
            Err(message) => {
                findings.push(Finding {
                    severity: Severity::Warning,
                    code: "dictionary-missing",
                    message: format!("Spelling is not checked: {message}."),
                    location: Location::Field { field: Field::Language },
                });
                None
            }
        };
        let spelling = speller.map(|speller| {
            let spelling = speller.check_article(article, spell_cache);
            findings.extend(speller.spelling_findings(&spelling, spell_cache));
            spelling
        });
        let mut fixes = Vec::new();
        prose::typography(&texts, rules, tag, typography_cache, &mut findings, &mut fixes);
        // Listed after grammar's, as before grammar ran beside.
        let mut house_findings = Vec::new();
        if let Some(style) = &rules.house {
            prose::house_style(&texts, style, &shown, house, &mut house_findings);
            if rules.house_problems_in_review {
                prose::house_problem_findings(style, &mut house_findings);
            }
        }
        (findings, spelling, fixes, house_findings)
    };
    // Grammar (Harper: milliseconds for a new sentence, seconds for a new
    // article) runs on a core of its own beside the other checks, so a
    // keystroke waits for the longer of the two rather than their sum.
    // Without it everything stays on this thread: handing the work to the
    // pool cost the default checks more than it saved.
    let (grammar_found, (mut findings, spelling, mut fixes, house_findings)) = match &rules.grammar {
        Some(grammar) => {
            rayon::join(|| prose::grammar(&texts, &shown, grammar, tag, grammar_cache), other_passes)
        }
        None => (Default::default(), other_passes()),
    };
    let (grammar_findings, grammar_fixes) = grammar_found;
    findings.extend(grammar_findings);
    findings.extend(house_findings);
    fixes.extend(grammar_fixes);
    sort(&mut findings);
    Review { findings, spelling, fixes }
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
