//! Spelling results remembered per text, so an edit re-checks only the
//! paragraph that changed, and suggestions computed at most once per word.

use super::*;

/// Which tokeniser a memoised text went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum TextKind {
    /// A block text with inline markup.
    Markup,
    /// Headline or dek.
    Plain,
}

pub(super) struct Memo {
    /// Kept to rule out a hash collision.
    pub(super) text: Box<str>,
    pub(super) misspellings: Arc<[Misspelling]>,
    pub(super) pass: u64,
}

/// Memoised results between checks of the same document, so a check after
/// one keystroke re-checks only the paragraph that changed. It holds only
/// the texts (and suggested words) of the latest check, so it cannot grow
/// beyond one article. Keep one per open document.
pub struct SpellCache {
    pub(super) speller: Option<u64>,
    pub(super) pass: u64,
    pub(super) texts: HashMap<(TextKind, u64), Memo>,
    pub(super) suggestions: HashMap<String, (Arc<[String]>, u64)>,
    pub(super) suggestion_budget: usize,
    pub(super) texts_checked: u64,
}

impl Default for SpellCache {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SpellCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpellCache")
            .field("texts", &self.texts.len())
            .field("suggestions", &self.suggestions.len())
            .field("texts_checked", &self.texts_checked)
            .finish_non_exhaustive()
    }
}

impl SpellCache {
    pub fn new() -> SpellCache {
        SpellCache {
            speller: None,
            pass: 0,
            texts: HashMap::new(),
            suggestions: HashMap::new(),
            suggestion_budget: DEFAULT_SUGGESTION_BUDGET,
            texts_checked: 0,
        }
    }

    /// How many words without memoised suggestions one call of
    /// [`Speller::spelling_findings`] computes suggestions for (about a
    /// millisecond each); the others get a message without suggestions
    /// until a later check. `usize::MAX` for complete messages.
    pub fn with_suggestion_budget(mut self, budget: usize) -> SpellCache {
        self.suggestion_budget = budget;
        self
    }

    /// How many texts have been checked rather than found in the cache,
    /// since it was made.
    pub fn texts_checked(&self) -> u64 {
        self.texts_checked
    }

    /// How many texts the cache holds.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The misspellings of one block text, from the cache when it has them.
    /// The text counts as seen in the current check.
    pub fn misspellings(&mut self, speller: &Speller, text: &str) -> Arc<[Misspelling]> {
        self.adopt(speller);
        self.text(speller, TextKind::Markup, text)
    }

    /// Forgets everything learnt with another speller (another dictionary,
    /// or the desk's words changed).
    pub(super) fn adopt(&mut self, speller: &Speller) {
        if self.speller != Some(speller.id()) {
            self.speller = Some(speller.id());
            self.texts.clear();
            self.suggestions.clear();
        }
    }

    pub(super) fn start_pass(&mut self, speller: &Speller) {
        self.adopt(speller);
        self.pass += 1;
    }

    pub(super) fn finish_pass(&mut self) {
        let pass = self.pass;
        self.texts.retain(|_, memo| memo.pass == pass);
    }

    pub(super) fn text(&mut self, speller: &Speller, kind: TextKind, text: &str) -> Arc<[Misspelling]> {
        let key = (kind, xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
        let pass = self.pass;
        if let Some(memo) = self.texts.get_mut(&key)
            && *memo.text == *text
        {
            memo.pass = pass;
            return memo.misspellings.clone();
        }
        let misspellings: Arc<[Misspelling]> = match kind {
            TextKind::Markup => speller.misspellings(text),
            TextKind::Plain => speller.misspellings_plain(text),
        }
        .into();
        self.texts_checked += 1;
        if self.texts.len() >= MAX_CACHED_TEXTS {
            self.texts.retain(|_, memo| memo.pass == pass);
        }
        self.texts.insert(key, Memo { text: text.into(), misspellings: misspellings.clone(), pass });
        misspellings
    }

    /// The quick suggestions for `word`, memoised; `None` when it is not
    /// memoised and `budget` is spent.
    pub(super) fn suggestions(
        &mut self,
        speller: &Speller,
        word: &str,
        budget: &mut usize,
    ) -> Option<Arc<[String]>> {
        let pass = self.pass;
        if let Some((suggestions, seen)) = self.suggestions.get_mut(word) {
            *seen = pass;
            return Some(suggestions.clone());
        }
        *budget = budget.checked_sub(1)?;
        let suggestions: Arc<[String]> = speller.suggest(word, MESSAGE_SUGGESTIONS, false).into();
        self.suggestions.insert(word.to_string(), (suggestions.clone(), pass));
        Some(suggestions)
    }

    pub(super) fn forget_unused_suggestions(&mut self) {
        let pass = self.pass;
        self.suggestions.retain(|_, (_, seen)| *seen == pass);
    }
}
