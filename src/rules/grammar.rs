//! English grammar through Harper (`harper-core`, Automattic's offline
//! checker): its lints on each sentence as notes with suggestions. Harper
//! is built once per process and setting and only when an English article is
//! checked. Results are remembered per sentence, so a keystroke re-reads
//! only the sentence it changed: Harper reads every sentence with a small
//! neural network (its noun-phrase chunker, ~1 ms a sentence in a release
//! build) and then runs its ~900 rules over it (~1.4 ms), so a paragraph
//! re-read whole cost a keystroke every sentence of it
//! (`tests/core/grammar_measure.rs` measures both). Sentences not seen
//! before are read on all cores.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use harper_core::linting::{Lint, LintGroup};
use harper_core::parsers::PlainEnglish;
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};
use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::language;
use crate::rules::memo::TextMemo;
use crate::rules::spell::Shown;

/// The finding code of a grammar note.
pub const FINDING_CODE: &str = "grammar";

/// Harper rules Copydesk always leaves off: spelling is the Hunspell
/// speller's job (with the desk's words; Harper's `SplitWords` reads a
/// misspelling as two words, "comission" as "co mission"), and spacing,
/// dashes and ellipses are typography's.
const ALWAYS_OFF: &[&str] =
    &["SpellCheck", "SplitWords", "SentenceCapitalization", "Spaces", "EllipsisLength", "Dashes"];

/// One grammar problem in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the checked text (for a block text, its markup source).
    pub range: Range<usize>,
    /// The Harper rule, e.g. "AnA".
    pub rule: String,
    pub message: String,
    /// Replacements for the range, best first.
    pub suggestions: Vec<String>,
}

/// Harper with the desk's rules switched off; built on first use.
pub struct Grammar {
    off: Vec<String>,
    /// Harper's linters per English dialect met so far.
    linters: Mutex<HashMap<String, Arc<Halves>>>,
    id: u64,
}

/// Harper's curated rules for a dialect less those always off and `off`.
fn curated(dialect: Dialect, off: &[String]) -> LintGroup {
    let mut group = LintGroup::new_curated(FstDictionary::curated(), dialect);
    for rule in ALWAYS_OFF.iter().map(|r| r.to_string()).chain(off.iter().cloned()) {
        group.config.set_rule_enabled(rule, false);
    }
    group
}

/// Harper's rules for one dialect in two linters, each with every other
/// rule on, which read the same document at once on two cores: its ~900
/// rules each scan every word, so a sentence's lint takes about half as
/// long, and a first check's too. Each linter caches only its own rules'
/// results, so the two together hold what one did.
struct Halves([Mutex<LintGroup>; 2]);

impl Halves {
    fn build(dialect: Dialect, off: &[String]) -> Halves {
        let (mut first, mut second) = rayon::join(|| curated(dialect, off), || curated(dialect, off));
        let on: Vec<String> =
            first.iter_keys().filter(|rule| first.config.is_rule_enabled(rule)).map(str::to_string).collect();
        for (at, rule) in on.into_iter().enumerate() {
            let other = if at % 2 == 0 { &mut second } else { &mut first };
            other.config.set_rule_enabled(rule, false);
        }
        Halves([Mutex::new(first), Mutex::new(second)])
    }

    /// Both halves' lints on `document`, by rule.
    fn lints(&self, document: &Document) -> BTreeMap<String, Vec<Lint>> {
        let half = |at: usize| {
            self.0[at].lock().map(|mut group| group.organized_lints(document)).unwrap_or_default()
        };
        let (mut lints, second) = rayon::join(|| half(0), || half(1));
        lints.extend(second);
        lints
    }
}

impl std::fmt::Debug for Grammar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grammar").field("off", &self.off).finish_non_exhaustive()
    }
}

/// True for the languages Harper checks (English only).
pub fn checks_language(tag: &str) -> bool {
    language::primary(tag) == "en"
}

fn dialect(tag: &str) -> Dialect {
    match language::region(tag).as_deref() {
        Some("GB" | "IE") => Dialect::British,
        Some("AU" | "NZ") => Dialect::Australian,
        Some("CA") => Dialect::Canadian,
        _ => Dialect::American,
    }
}

impl Grammar {
    /// Harper's curated rules less `off` (rule names as Harper names them).
    pub fn new(off: &[String]) -> Grammar {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Grammar {
            off: off.to_vec(),
            linters: Mutex::default(),
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The process's one Grammar for a desk's `off` list: Harper's linters
    /// take seconds and tens of megabytes to build and keep their own
    /// per-sentence results, so settings rebuilt after a save, a new desk
    /// word or another open article share them (and their cached results)
    /// instead of building and filling another set.
    pub fn shared(off: &[String]) -> Arc<Grammar> {
        static SHARED: std::sync::OnceLock<Mutex<HashMap<Vec<String>, Arc<Grammar>>>> =
            std::sync::OnceLock::new();
        let mut key = off.to_vec();
        key.sort();
        key.dedup();
        let Ok(mut shared) = SHARED.get_or_init(Mutex::default).lock() else {
            return Arc::new(Grammar::new(off));
        };
        shared.entry(key).or_insert_with(|| Arc::new(Grammar::new(off))).clone()
    }

    /// The linters of a dialect, built the first time.
    fn halves(&self, dialect: Dialect) -> Option<Arc<Halves>> {
        let mut linters = self.linters.lock().ok()?;
        let halves = linters
            .entry(format!("{dialect:?}"))
            .or_insert_with(|| Arc::new(Halves::build(dialect, &self.off)));
        Some(halves.clone())
    }

    /// Every rule name Harper knows, for the desk's `grammar_off`.
    pub fn rule_names(&self) -> Vec<String> {
        let Some(halves) = self.halves(Dialect::American) else { return Vec::new() };
        halves.0[0].lock().map(|group| group.iter_keys().map(str::to_string).collect()).unwrap_or_default()
    }

    /// The problems of a block text (inline markup source): checked as the
    /// reader sees it, reported at the source.
    pub fn problems(&self, text: &str, tag: &str) -> Vec<Problem> {
        let shown = Shown::of_markup(text);
        self.problems_in(&shown.text, tag)
            .into_iter()
            .map(|problem| Problem { range: shown.source_range(problem.range.clone()), ..problem })
            .collect()
    }

    /// The problems of a text without markup.
    pub fn problems_in(&self, text: &str, tag: &str) -> Vec<Problem> {
        if !checks_language(tag) || text.trim().is_empty() {
            return Vec::new();
        }
        self.lint(text, &Document::new_curated(text, &PlainEnglish), tag)
    }

    /// The problems of each sentence (texts without markup), reading them
    /// into Harper's documents on all cores (its chunker needs no linter),
    /// then linting each with both halves of the rules at once.
    pub fn problems_of_sentences(&self, sentences: &[&str], tag: &str) -> Vec<Vec<Problem>> {
        if !checks_language(tag) {
            return vec![Vec::new(); sentences.len()];
        }
        let documents: Vec<Option<Document>> = sentences
            .par_iter()
            .map(|text| (!text.trim().is_empty()).then(|| Document::new_curated(text, &PlainEnglish)))
            .collect();
        sentences
            .iter()
            .zip(&documents)
            .map(|(text, document)| document.as_ref().map(|d| self.lint(text, d, tag)).unwrap_or_default())
            .collect()
    }

    /// Harper's lints on `document` (read from `text`) as problems.
    fn lint(&self, text: &str, document: &Document, tag: &str) -> Vec<Problem> {
        let Some(halves) = self.halves(dialect(tag)) else { return Vec::new() };
        let lints = halves.lints(document);
        let byte_of: Vec<usize> =
            text.char_indices().map(|(at, _)| at).chain(std::iter::once(text.len())).collect();
        let mut problems: Vec<Problem> = lints
            .into_iter()
            .flat_map(|(rule, lints)| lints.into_iter().map(move |lint| (rule.clone(), lint)))
            .filter_map(|(rule, lint)| {
                let start = *byte_of.get(lint.span.start)?;
                let end = *byte_of.get(lint.span.end)?;
                let found: String = text.get(start..end)?.to_string();
                let suggestions = lint
                    .suggestions
                    .iter()
                    .map(|suggestion| match suggestion {
                        harper_core::linting::Suggestion::ReplaceWith(chars) => chars.iter().collect(),
                        harper_core::linting::Suggestion::InsertAfter(chars) => {
                            format!("{found}{}", chars.iter().collect::<String>())
                        }
                        harper_core::linting::Suggestion::Remove => String::new(),
                    })
                    .filter(|s: &String| *s != found)
                    .take(3)
                    .collect();
                Some(Problem { range: start..end, rule, message: lint.message, suggestions })
            })
            .collect();
        problems.sort_by_key(|p| p.range.start);
        problems
    }
}

/// The sentences of a text as byte ranges, trailing space left out.
fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_sentence_bound_indices()
        .map(|(at, sentence)| at..at + sentence.trim_end().len())
        .filter(|range| !range.is_empty())
}

/// The note a problem becomes.
pub fn message(problem: &Problem, text: &str) -> String {
    let found = text.get(problem.range.clone()).unwrap_or_default();
    let mut message = format!("{} (“{found}”)", problem.message.trim_end_matches('.'));
    match problem.suggestions.as_slice() {
        [] => message.push('.'),
        suggestions => {
            let quoted: Vec<String> = suggestions
                .iter()
                .map(|s| if s.is_empty() { "deleting it".to_string() } else { format!("“{s}”") })
                .collect();
            message.push_str(&format!("; try {}.", quoted.join(", ")));
        }
    }
    message
}

/// Grammar results remembered between checks of one document: each block
/// text's problems (so an unchanged paragraph is not even split again) and
/// each sentence's (so a changed paragraph re-reads only the sentence that
/// changed). Only what the latest check asked for is kept.
#[derive(Default)]
pub struct GrammarCache {
    /// Both made with one Grammar (its id) in one language.
    texts: TextMemo<Arc<[Problem]>, (u64, String)>,
    sentences: TextMemo<Arc<[Problem]>, (u64, String)>,
}

impl std::fmt::Debug for GrammarCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrammarCache")
            .field("texts", &self.texts.len())
            .field("sentences", &self.sentences.len())
            .finish_non_exhaustive()
    }
}

impl GrammarCache {
    /// How many sentences were read by Harper rather than found here, since
    /// made.
    pub fn sentences_checked(&self) -> u64 {
        self.sentences.made()
    }

    /// Starts a check in language `tag`; another Grammar or language
    /// forgets everything.
    pub fn start_pass(&mut self, grammar: &Grammar, tag: &str) {
        let setting = (grammar.id, tag.to_string());
        self.texts.start_pass(&setting);
        self.sentences.start_pass(&setting);
    }

    pub fn finish_pass(&mut self) {
        self.texts.finish_pass();
        self.sentences.finish_pass();
    }

    /// The problems of texts (each with the text as the reader sees it:
    /// checked as shown, reported at the source): texts and sentences met
    /// before come from the cache, the other sentences are read together
    /// (on all cores). Call between `start_pass` and `finish_pass`.
    pub(crate) fn problems(
        &mut self,
        grammar: &Grammar,
        texts: &[(&str, Arc<Shown<'static>>)],
        tag: &str,
    ) -> Vec<Arc<[Problem]>> {
        let mut found: Vec<Option<Arc<[Problem]>>> =
            texts.iter().map(|(text, _)| self.texts.get(text)).collect();
        // The texts not remembered, each with its sentences' ranges.
        let changed: Vec<(usize, Vec<Range<usize>>)> = found
            .iter()
            .enumerate()
            .filter(|(_, problems)| problems.is_none())
            .map(|(at, _)| (at, sentences(&texts[at].1.text).collect()))
            .collect();
        let mut unread: Vec<&str> = Vec::new();
        let mut queued = std::collections::HashSet::new();
        for (at, ranges) in &changed {
            let shown = &texts[*at].1;
            for range in ranges {
                let sentence = &shown.text[range.clone()];
                if self.sentences.get(sentence).is_none() && queued.insert(sentence) {
                    unread.push(sentence);
                }
            }
        }
        for (sentence, problems) in unread.iter().zip(grammar.problems_of_sentences(&unread, tag)) {
            self.sentences.insert(sentence, problems.into());
        }
        for (at, ranges) in &changed {
            let shown = &texts[*at].1;
            let mut problems = Vec::new();
            for range in ranges {
                let start = range.start;
                for problem in self.sentences.get(&shown.text[range.clone()]).unwrap_or_default().iter() {
                    let at_source =
                        shown.source_range(problem.range.start + start..problem.range.end + start);
                    problems.push(Problem { range: at_source, ..problem.clone() });
                }
            }
            let problems: Arc<[Problem]> = problems.into();
            self.texts.insert(texts[*at].0, problems.clone());
            found[*at] = Some(problems);
        }
        found.into_iter().map(Option::unwrap_or_default).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn shown(text: &str) -> Arc<Shown<'static>> {
        Arc::new(Shown::of_markup(text).into_owned())
    }

    fn grammar() -> &'static Grammar {
        static GRAMMAR: OnceLock<Grammar> = OnceLock::new();
        GRAMMAR.get_or_init(|| Grammar::new(&[]))
    }

    #[test]
    fn an_article_before_a_vowel_and_a_repeated_word() {
        let text = "The council approved a extension of the the ferry contract on Tuesday.";
        let problems = grammar().problems(text, "en-US");
        let found: Vec<&str> = problems.iter().map(|p| &text[p.range.clone()]).collect();
        assert!(found.contains(&"a"), "{problems:#?}");
        let article = problems.iter().find(|p| &text[p.range.clone()] == "a").expect("a/an");
        assert_eq!(article.suggestions.first().map(String::as_str), Some("an"));
        assert!(found.iter().any(|f| f.contains("the the")), "{problems:#?}");
        assert!(message(article, text).contains("try “an”"), "{}", message(article, text));
    }

    #[test]
    fn correct_prose_misspellings_and_other_languages_pass() {
        let fine = "The harbor commission voted on Tuesday to extend the ferry contract by two years.";
        assert_eq!(grammar().problems(fine, "en-GB"), Vec::new());
        // Spelling is the speller's: Harper's own spell check stays off.
        let misspelt = grammar().problems("The comission voted on Tuesday.", "en");
        assert!(misspelt.is_empty(), "{misspelt:#?}");
        assert!(grammar().problems("Die Fähre kommt a apfel.", "de").is_empty());
    }

    #[test]
    fn markup_is_checked_as_read_and_reported_at_the_source() {
        let text = "Officials called it *a* [urgent repair](https://example.org/a) on Friday.";
        let problems = grammar().problems(text, "en");
        let article = problems.iter().find(|p| p.suggestions.first().map(String::as_str) == Some("an"));
        let article = article.expect("a before urgent");
        assert_eq!(&text[article.range.clone()], "a");
        assert_eq!(article.range.start, text.find("*a*").expect("there") + 1);
    }

    #[test]
    fn a_desk_switches_rules_off_and_the_cache_keeps_sentences() {
        let text = "She bought a apple at the market on Sunday.";
        assert!(!grammar().problems(text, "en").is_empty());
        let names = grammar().rule_names();
        let rule = names.iter().find(|n| n.as_str() == "AnA").expect("Harper has AnA");
        let quiet = Grammar::new(std::slice::from_ref(rule));
        assert!(
            quiet
                .problems(text, "en")
                .iter()
                .all(|p| p.suggestions.first().map(String::as_str) != Some("an"))
        );
        let shared = Grammar::shared(&["AnA".into(), "AnA".into()]);
        assert!(Arc::ptr_eq(&shared, &Grammar::shared(std::slice::from_ref(rule))), "built once per setting");
        assert!(!Arc::ptr_eq(&shared, &Grammar::shared(&[])));
        let mut cache = GrammarCache::default();
        cache.start_pass(grammar(), "en");
        let first = cache.problems(grammar(), &[(text, shown(text))], "en");
        assert_eq!(*first[0], *grammar().problems(text, "en"), "the same problems, read by sentence");
        cache.problems(grammar(), &[(text, shown(text))], "en");
        assert_eq!(cache.sentences_checked(), 1);
    }

    #[test]
    fn the_two_halves_hold_every_rule_once_and_find_what_one_linter_finds() {
        let halves = Halves::build(Dialect::American, &[]);
        let on = |at: usize| -> std::collections::BTreeSet<String> {
            let group = halves.0[at].lock().expect("linter");
            group.iter_keys().filter(|rule| group.config.is_rule_enabled(rule)).map(str::to_string).collect()
        };
        let (first, second) = (on(0), on(1));
        assert!(first.is_disjoint(&second), "a rule is on in one half only");
        let mut whole = curated(Dialect::American, &[]);
        let all: std::collections::BTreeSet<String> =
            whole.iter_keys().filter(|rule| whole.config.is_rule_enabled(rule)).map(str::to_string).collect();
        assert_eq!(first.union(&second).cloned().collect::<std::collections::BTreeSet<_>>(), all);
        assert!(first.len().abs_diff(second.len()) <= 1, "{} and {}", first.len(), second.len());
        let text = "She bought a apple, and the the ferry was late. Their going to the harbor on monday.";
        let document = Document::new_curated(text, &PlainEnglish);
        let found = |lints: BTreeMap<String, Vec<Lint>>| -> Vec<(String, usize)> {
            lints
                .into_iter()
                .flat_map(|(rule, lints)| lints.into_iter().map(move |l| (rule.clone(), l.span.start)))
                .collect()
        };
        let by_halves = found(halves.lints(&document));
        assert!(by_halves.len() >= 2, "{by_halves:?}");
        assert_eq!(by_halves, found(whole.organized_lints(&document)));
    }

    #[test]
    fn a_keystroke_rereads_only_its_sentence() {
        let paragraph = "The ferry left at noon. She bought a apple on board. The crossing took an hour.";
        let mut cache = GrammarCache::default();
        cache.start_pass(grammar(), "en");
        let before = cache.problems(grammar(), &[(paragraph, shown(paragraph))], "en");
        assert_eq!(cache.sentences_checked(), 3);
        let at = paragraph.find(" a apple").expect("there") + 1;
        assert_eq!(before[0].iter().map(|p| p.range.start).collect::<Vec<_>>(), vec![at], "{before:#?}");
        cache.finish_pass();
        let edited = paragraph.replace("noon", "midday");
        cache.start_pass(grammar(), "en");
        let second = "*She* bought a apple on board.";
        let after = cache.problems(grammar(), &[(&edited, shown(&edited)), (second, shown(second))], "en");
        assert_eq!(cache.sentences_checked(), 4, "only the changed sentence is read again");
        assert_eq!(after[0][0].range.start, edited.find(" a apple").expect("there") + 1);
        assert_eq!(after[1][0].range.start, second.find(" a apple").expect("there") + 1, "at the source");
    }
}
