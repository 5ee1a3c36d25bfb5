//! Spelling: which words a reader would see misspelled in an article, where
//! they are in each text, and what to suggest instead. The window draws its
//! underlines from [`Misspelling`] ranges and lists [`Speller::findings`];
//! nothing here knows about the window.
//!
//! Words are checked against a Hunspell dictionary with `spellbook`. Only
//! what readers see is checked: link text but not link addresses, and not
//! numbers, addresses, identifiers or short all-capital acronyms.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use thiserror::Error;

use crate::model::article::Article;
use crate::model::article::Field;
use crate::model::markup::inline;
use crate::rules::check::{Finding, Location, Severity};

/// Names a dictionary to use instead of the system or bundled one: a path
/// without the extension, e.g. `/tmp/words/en_US` for `en_US.aff` and
/// `en_US.dic`.
pub const DICTIONARY_ENV: &str = "COPYDESK_DICTIONARY";

/// Where Debian's `hunspell-en-us` (and most Linux distributions) put the
/// American English dictionary, without the extension.
pub const SYSTEM_DICTIONARY: &str = "/usr/share/hunspell/en_US";

/// The dictionary shipped inside the binary, so spelling works on a machine
/// without one (see `assets/dictionary/README.md` for source and licence).
pub const BUNDLED_AFF: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dictionary/en_US.aff"));
pub const BUNDLED_DIC: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dictionary/en_US.dic"));

/// The finding code of a misspelled word.
pub const FINDING_CODE: &str = "misspelling";

/// How many suggestions a finding's message names.
pub const MESSAGE_SUGGESTIONS: usize = 3;

/// How many words without memoised suggestions one check computes
/// suggestions for (see [`SpellCache::with_suggestion_budget`]). Quick
/// suggestions for an unknown name take 1–2 ms, so this keeps a check of an
/// article full of names near 50 ms.
pub const DEFAULT_SUGGESTION_BUDGET: usize = 32;

/// Beyond this many memoised texts the cache drops those not seen in the
/// current check, whatever the caller does.
const MAX_CACHED_TEXTS: usize = 50_000;

/// Longer "words" are identifiers, hashes or pasted junk, not prose.
pub const MAX_WORD_CHARS: usize = 50;

/// All-capital words up to this many letters are taken as acronyms.
const ACRONYM_LETTERS: usize = 5;

#[derive(Debug, Error)]
pub enum SpellError {
    #[error("can't read the dictionary file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the dictionary file {} is not UTF-8; Copydesk reads UTF-8 Hunspell dictionaries", path.display())]
    NotUtf8 { path: PathBuf },
    /// `origin` names the dictionary; `message` is the parser's complaint
    /// (spellbook's error is not a `std::error::Error`, so it is kept as text).
    #[error("{origin} is not a Hunspell dictionary Copydesk can read: {message}")]
    Parse { origin: String, message: String },
}

/// Where a speller's dictionary came from, for the window to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionarySource {
    /// `<path>.aff` and `<path>.dic` on disk.
    Files(PathBuf),
    /// The copy inside the binary.
    Bundled,
    /// Text handed to [`Speller::from_strings`].
    Text,
}

impl fmt::Display for DictionarySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DictionarySource::Files(path) => write!(f, "the dictionary {}", path.display()),
            DictionarySource::Bundled => f.write_str("the bundled en_US dictionary"),
            DictionarySource::Text => f.write_str("the given dictionary"),
        }
    }
}

/// A word in a text that the dictionary does not know.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Misspelling {
    /// Byte range in the text that was checked (for a block text, the
    /// markup source, so `&text[range]` is what the writer typed).
    pub range: Range<usize>,
    /// The word as the reader sees it.
    pub word: String,
}

/// The misspellings of every checked text of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleSpelling {
    pub headline: Arc<[Misspelling]>,
    pub dek: Arc<[Misspelling]>,
    /// For each body block, for each of its texts in [`Block::texts`] order.
    ///
    /// [`Block::texts`]: crate::model::article::Block::texts
    pub body: Vec<Vec<Arc<[Misspelling]>>>,
}

/// A loaded dictionary plus the desk's own words. Cloning is cheap (the
/// dictionary is shared), and it can be sent to the analysis thread.
#[derive(Clone)]
pub struct Speller {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    dictionary: spellbook::Dictionary,
    source: DictionarySource,
    /// Changes whenever the words change, so a [`SpellCache`] filled by a
    /// different speller is not trusted.
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

impl fmt::Debug for Speller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Speller").field("source", &self.inner.source).field("id", &self.inner.id).finish()
    }
}

impl Speller {
    /// The dictionary named by `COPYDESK_DICTIONARY` if set, else the system
    /// one if it is installed and readable, else the bundled one.
    pub fn load() -> Result<Speller, SpellError> {
        let named = std::env::var_os(DICTIONARY_ENV).filter(|value| !value.is_empty());
        Self::load_with_override(named.map(PathBuf::from).as_deref())
    }

    /// [`Speller::load`] with the override given rather than read from the
    /// environment. A named dictionary that cannot be loaded is an error:
    /// someone asked for it.
    pub fn load_with_override(named: Option<&Path>) -> Result<Speller, SpellError> {
        if let Some(base) = named {
            return Self::from_files(base);
        }
        let system = Path::new(SYSTEM_DICTIONARY);
        if with_extension(system, "aff").is_file()
            && with_extension(system, "dic").is_file()
            && let Ok(speller) = Self::from_files(system)
        {
            return Ok(speller);
        }
        // A missing or broken system dictionary should not cost the writer
        // spelling altogether.
        Self::bundled()
    }

    /// The dictionary shipped inside the binary.
    pub fn bundled() -> Result<Speller, SpellError> {
        Self::parse(BUNDLED_AFF, BUNDLED_DIC, DictionarySource::Bundled)
    }

    /// Reads `<base>.aff` and `<base>.dic`.
    pub fn from_files(base: &Path) -> Result<Speller, SpellError> {
        let aff = read_dictionary_file(&with_extension(base, "aff"))?;
        let dic = read_dictionary_file(&with_extension(base, "dic"))?;
        Self::parse(&aff, &dic, DictionarySource::Files(base.to_path_buf()))
    }

    /// A dictionary from the text of its `.aff` and `.dic` files.
    pub fn from_strings(aff: &str, dic: &str) -> Result<Speller, SpellError> {
        Self::parse(aff, dic, DictionarySource::Text)
    }

    fn parse(aff: &str, dic: &str, source: DictionarySource) -> Result<Speller, SpellError> {
        let dictionary = spellbook::Dictionary::new(aff, dic)
            .map_err(|error| SpellError::Parse { origin: source.to_string(), message: error.to_string() })?;
        Ok(Speller { inner: Arc::new(Inner { dictionary, source, id: next_id() }) })
    }

    pub fn source(&self) -> &DictionarySource {
        &self.inner.source
    }

    /// Identifies this speller's word list; it changes when words are added.
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    // TODO(desk): the desk dictionary belongs in `desk.ron`, whose format is
    // being written separately. Once it lands, add
    // `add_word_to_desk(desk_root, word) -> Result<(), …>` to store a word
    // there, and feed the desk's list through `with_words` when a desk
    // opens. Until then added words live in memory only.

    /// A speller that also knows `words` (the desk dictionary: names,
    /// places, house terms). An entry with spaces adds each of its words.
    pub fn with_words(&self, words: &[String]) -> Speller {
        let mut speller = self.clone();
        speller.add_words(words);
        speller
    }

    /// Adds words in place (copying the dictionary first if it is shared).
    pub fn add_words(&mut self, words: &[String]) {
        let new: Vec<Cow<str>> = words
            .iter()
            .flat_map(|entry| entry.split_whitespace())
            // Text with a slash is never checked (see `is_address`), and a
            // slash would start Hunspell flags.
            .filter(|word| !word.contains('/'))
            // A word longer than any checked word can never be looked up,
            // and the dictionary cannot hold one of 64 KiB or more.
            .filter(|word| word.chars().count() <= MAX_WORD_CHARS)
            .map(normalise)
            .collect();
        if new.is_empty() {
            return;
        }
        let inner = Arc::make_mut(&mut self.inner);
        for word in new {
            // Without a slash there are no flags to parse, so this cannot
            // fail; a word that somehow does is simply not added.
            inner.dictionary.add(&word).ok();
        }
        inner.id = next_id();
    }

    /// Desk words the speller leaves out because no checked word is that
    /// long (over [`MAX_WORD_CHARS`] characters); each is reported to the
    /// desk's editor rather than dropped without a word.
    pub fn unusable_words(words: &[String]) -> Vec<String> {
        words
            .iter()
            .flat_map(|entry| entry.split_whitespace())
            .filter(|word| word.chars().count() > MAX_WORD_CHARS)
            .map(str::to_string)
            .collect()
    }

    /// True when `word` would not be reported: it is in the dictionary or
    /// the desk's words, or it is not something the speller checks (a
    /// number, an acronym, an address).
    pub fn accepts(&self, word: &str) -> bool {
        self.judge(word).is_none()
    }

    /// The misspelled words of a block text (inline markup source). Link
    /// addresses are not checked; link text is.
    pub fn misspellings(&self, text: &str) -> Vec<Misspelling> {
        let shown = Shown::of_markup(text);
        let mut found = Vec::new();
        self.scan(&shown.text, &mut |range| {
            let word = shown.text.get(range.clone()).unwrap_or_default().to_string();
            found.push(Misspelling { range: shown.source_range(range), word });
        });
        found
    }

    /// The misspelled words of a text without markup (headline, dek).
    pub fn misspellings_plain(&self, text: &str) -> Vec<Misspelling> {
        let mut found = Vec::new();
        self.scan(text, &mut |range| {
            let word = text.get(range.clone()).unwrap_or_default().to_string();
            found.push(Misspelling { range, word });
        });
        found
    }

    /// Up to `max` replacements for `word`, best first. Tries the quick
    /// edit-based suggestions first and only searches the whole word list
    /// (tens of milliseconds) when they find nothing, so call it for one
    /// word at a time, e.g. when the writer asks.
    pub fn suggestions(&self, word: &str, max: usize) -> Vec<String> {
        let quick = self.suggest(word, max, false);
        if quick.is_empty() { self.suggest(word, max, true) } else { quick }
    }

    /// Spelling findings for the headline, the dek and the body, without a
    /// cache (the command line checks each file once). Messages suggest
    /// replacements for the first [`DEFAULT_SUGGESTION_BUDGET`] distinct
    /// words; use [`Speller::findings_cached`] with
    /// [`SpellCache::with_suggestion_budget`] to change that.
    pub fn findings(&self, article: &Article) -> Vec<Finding> {
        self.findings_cached(article, &mut SpellCache::new())
    }

    /// Spelling findings, re-checking only texts the cache has not seen.
    pub fn findings_cached(&self, article: &Article, cache: &mut SpellCache) -> Vec<Finding> {
        let spelling = self.check_article(article, cache);
        self.spelling_findings(&spelling, cache)
    }

    /// The misspellings of each text of the article, for underlines.
    /// Texts the cache holds are not checked again; afterwards the cache
    /// holds only this article's texts.
    pub fn check_article(&self, article: &Article, cache: &mut SpellCache) -> ArticleSpelling {
        cache.start_pass(self);
        let headline = cache.text(self, TextKind::Plain, &article.headline);
        let dek = cache.text(self, TextKind::Plain, &article.dek);
        let body = article
            .body
            .iter()
            .map(|block| {
                block.texts().into_iter().map(|text| cache.text(self, TextKind::Markup, text)).collect()
            })
            .collect();
        cache.finish_pass();
        ArticleSpelling { headline, dek, body }
    }

    /// Turns an article's misspellings into `misspelling` notes, headline
    /// first, then the dek, then the body in reading order.
    ///
    /// Suggestions in messages are the quick ones only, memoised per word in
    /// the cache, and computed for at most the cache's suggestion budget of
    /// new words per call: an article full of unfamiliar names stays fast,
    /// and later checks fill in the rest.
    pub fn spelling_findings(&self, spelling: &ArticleSpelling, cache: &mut SpellCache) -> Vec<Finding> {
        cache.adopt(self);
        let mut budget = cache.suggestion_budget;
        let mut findings = Vec::new();
        let mut note = |misspelling: &Misspelling, location: Location| {
            let suggestions = cache.suggestions(self, &misspelling.word, &mut budget);
            findings.push(Finding {
                severity: Severity::Note,
                code: FINDING_CODE,
                message: message(&misspelling.word, suggestions.as_deref().unwrap_or_default()),
                location,
            });
        };
        for misspelling in spelling.headline.iter() {
            note(misspelling, Location::Field { field: Field::Headline });
        }
        for misspelling in spelling.dek.iter() {
            note(misspelling, Location::Field { field: Field::Dek });
        }
        for (block, texts) in spelling.body.iter().enumerate() {
            for (part, misspellings) in texts.iter().enumerate() {
                for misspelling in misspellings.iter() {
                    note(misspelling, Location::Body { block, part, offset: misspelling.range.start });
                }
            }
        }
        cache.forget_unused_suggestions();
        findings
    }

    fn dictionary(&self) -> &spellbook::Dictionary {
        &self.inner.dictionary
    }

    fn suggest(&self, word: &str, max: usize, whole_list: bool) -> Vec<String> {
        if max == 0 || word.is_empty() || word.chars().count() > MAX_WORD_CHARS {
            return Vec::new();
        }
        let typed = normalise(word);
        let mut found = Vec::new();
        self.dictionary().suggester().with_ngram_suggestions(whole_list).suggest(&typed, &mut found);
        let mut suggestions: Vec<String> = Vec::with_capacity(max);
        for suggestion in found {
            if suggestions.len() == max {
                break;
            }
            if suggestion != *typed && !suggestions.contains(&suggestion) {
                suggestions.push(suggestion);
            }
        }
        // Offer the writer's own apostrophe back.
        if word.contains('’') {
            for suggestion in &mut suggestions {
                *suggestion = suggestion.replace('\'', "’");
            }
        }
        respecting_names(word, suggestions)
    }

    /// Reports, through `report`, the byte range in `shown` of every word
    /// the dictionary does not know.
    fn scan(&self, shown: &str, report: &mut dyn FnMut(Range<usize>)) {
        for_each_compound(shown, &mut |parts| {
            if let [first, .., last] = parts
                && let Some(whole) = shown.get(first.at..last.at + last.text.len())
                // A compound the dictionary lists ("co-op", "T-shirt") is fine
                // even when a part alone is not a word.
                && !whole.chars().any(char::is_numeric)
                && self.knows(whole)
            {
                return;
            }
            for part in parts {
                if let Some(unknown) = self.judge(part.text) {
                    report(part.at + unknown.start..part.at + unknown.end);
                }
            }
        });
    }

    /// `None` when the word is fine; otherwise the part of it (a byte range
    /// of `word`) to report.
    fn judge(&self, word: &str) -> Option<Range<usize>> {
        if !is_checked(word) {
            return None;
        }
        if self.knows(word) {
            return None;
        }
        if word.contains('.') {
            return if self.dotted_word_is_fine(word) { None } else { Some(0..word.len()) };
        }
        // A name the dictionary lacks is reported without its possessive,
        // so adding "Ruiz" to the desk also settles "Ruiz’s".
        if let Some(stem) = possessive_stem(word) {
            return if !is_checked(stem) || self.knows(stem) { None } else { Some(0..stem.len()) };
        }
        Some(0..word.len())
    }

    /// True when the dictionary has the word as the reader spells it.
    fn knows(&self, word: &str) -> bool {
        // The dictionary has no word this long, and its lookups are not
        // made for megabyte-long tokens (a hyphenated run of a paragraph).
        if word.chars().count() > MAX_WORD_CHARS {
            return false;
        }
        let typed = normalise(word);
        let dictionary = self.dictionary();
        dictionary.check(&typed)
            // The en_US list has no accented words, but "café", "naïve" and
            // "Müller" are good spellings of the words it has.
            || (!typed.is_ascii() && {
                let unaccented = deunicode::deunicode(&typed);
                unaccented != *typed && dictionary.check(&unaccented)
            })
    }

    /// Words with a period inside: abbreviations ("a.m", "Ph.D"), addresses
    /// ("example.org") and missing spaces ("end.Next"). Only the last kind
    /// can be misspelled, so its pieces are checked.
    fn dotted_word_is_fine(&self, word: &str) -> bool {
        let pieces: Vec<&str> = word.split('.').filter(|piece| !piece.is_empty()).collect();
        if pieces.iter().all(|piece| piece.chars().count() <= 3) {
            return true;
        }
        let looks_like_domain = pieces
            .last()
            .is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase()))
            && word.chars().all(|c| c == '.' || c == '-' || c.is_lowercase());
        looks_like_domain || pieces.iter().all(|piece| !is_checked(piece) || self.knows(piece))
    }
}

fn with_extension(base: &Path, extension: &str) -> PathBuf {
    // `Path::with_extension` would replace a dot already in the name
    // ("en_US.v2" → "en_US.aff").
    let mut path = OsString::from(base.as_os_str());
    path.push(".");
    path.push(extension);
    PathBuf::from(path)
}

fn read_dictionary_file(path: &Path) -> Result<String, SpellError> {
    use std::io::Read;
    let read_error = |source: std::io::Error| SpellError::Read { path: path.to_path_buf(), source };
    // The one opener refuses a FIFO or device named as the dictionary.
    let (mut file, _) = crate::storage::store::open_regular(path).map_err(|e| read_error(e.into_io()))?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|source| {
        if source.kind() == std::io::ErrorKind::InvalidData {
            SpellError::NotUtf8 { path: path.to_path_buf() }
        } else {
            read_error(source)
        }
    })?;
    Ok(text)
}

/// Suggestions for a capitalised word (a name, mostly) keep its capital
/// and never cut it in two: "Ky iv" or "Ky-iv" for "Kyiv" is no help.
fn respecting_names(word: &str, suggestions: Vec<String>) -> Vec<String> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return suggestions;
    }
    let squashed = |text: &str| -> String {
        text.chars().filter(|c| !matches!(c, ' ' | '-')).flat_map(char::to_lowercase).collect()
    };
    let whole = squashed(word);
    let mut kept: Vec<String> = Vec::with_capacity(suggestions.len());
    for suggestion in suggestions {
        if squashed(&suggestion) == whole {
            continue;
        }
        let mut chars = suggestion.chars();
        let capitalised = match chars.next() {
            Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
            _ => suggestion,
        };
        if !kept.contains(&capitalised) {
            kept.push(capitalised);
        }
    }
    kept
}

fn message(word: &str, suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return format!("“{word}” may be misspelled.");
    }
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("“{s}”")).collect();
    format!("“{word}” may be misspelled; try {}.", quoted.join(", "))
}

mod cache;
mod words;

pub use cache::SpellCache;
use cache::TextKind;
use words::*;

#[cfg(test)]
mod tests;
