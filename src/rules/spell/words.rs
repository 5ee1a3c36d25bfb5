//! Words as the speller sees them: which tokens of a text are checked
//! (no addresses, acronyms or numbers), compounds split at hyphens, and
//! positions mapped back from the shown text to the markup source.

use super::*;

/// Apostrophes and hyphens as the dictionary spells them: writers type
/// curly apostrophes (“city’s”) and Unicode hyphens; the word list has `'`
/// and `-`.
pub(super) fn normalise(word: &str) -> Cow<'_, str> {
    if word.contains(['’', 'ʼ', '‐', '‑']) {
        Cow::Owned(word.replace(['’', 'ʼ'], "'").replace(['‐', '‑'], "-"))
    } else {
        Cow::Borrowed(word)
    }
}

pub(super) fn is_hyphen(segment: &str) -> bool {
    matches!(segment, "-" | "‐" | "‑")
}

/// Letters the en_US word list can speak for: other scripts are not
/// misspelled English.
pub(super) fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '×' && c != '÷')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// False for tokens a dictionary has no opinion on: numbers and words with
/// digits ("9th", "2020s"), identifiers (`_`), words in another script than
/// the dictionary's, very long strings, and all-capital acronyms ("FEMA",
/// "NTSB", "CEOs").
pub(super) fn is_checked(word: &str, script: Script) -> bool {
    if word.chars().any(|c| c.is_numeric() || c == '_') || word.chars().count() > MAX_WORD_CHARS {
        return false;
    }
    if word.chars().any(|c| c.is_alphabetic() && !script.has(c)) {
        return false;
    }
    let letters = word.strip_suffix('s').filter(|rest| !rest.is_empty()).unwrap_or(word);
    let is_acronym = letters.chars().filter(|c| c.is_alphabetic()).count() <= ACRONYM_LETTERS
        && letters.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    !is_acronym
}

/// The word before a possessive `'s` / `’s`, if it has one.
pub(super) fn possessive_stem(word: &str) -> Option<&str> {
    ["'s", "'S", "’s", "’S"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .filter(|stem| stem.chars().any(char::is_alphabetic))
}

/// True for text that is an address or a path rather than words: URLs,
/// email addresses, `and/or`-style pairs.
pub(super) fn is_address(chunk: &str) -> bool {
    chunk.contains("://")
        || chunk.contains(['@', '/', '\\'])
        || chunk.as_bytes().windows(4).any(|window| window.eq_ignore_ascii_case(b"www."))
}

/// A word of the shown text and its byte offset there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) at: usize,
    pub(super) text: &'a str,
}

/// Calls `visit` with each word of `text`, hyphenated compounds
/// ("well-known", "mother-in-law’s") as their parts together. Words are
/// found by Unicode word boundaries (UAX #29), which keep "don’t" and
/// "city’s" whole and split at hyphens and slashes.
pub(super) fn for_each_compound(text: &str, visit: &mut dyn FnMut(&[Token])) {
    let mut compound: Vec<Token> = Vec::new();
    for chunk in text.split_whitespace() {
        if is_address(chunk) {
            continue;
        }
        // `split_whitespace` yields slices of `text`, so this is the offset.
        let chunk_at = chunk.as_ptr() as usize - text.as_ptr() as usize;
        let mut after_hyphen = false;
        for (offset, segment) in crate::model::words::bound_indices(chunk) {
            if segment.chars().any(char::is_alphabetic) {
                if !after_hyphen && !compound.is_empty() {
                    visit(&compound);
                    compound.clear();
                }
                compound.push(Token { at: chunk_at + offset, text: segment });
                after_hyphen = false;
            } else if is_hyphen(segment) && !after_hyphen && !compound.is_empty() {
                after_hyphen = true;
            } else {
                if !compound.is_empty() {
                    visit(&compound);
                    compound.clear();
                }
                after_hyphen = false;
            }
        }
        if !compound.is_empty() {
            visit(&compound);
            compound.clear();
        }
    }
}

/// A block text as the reader sees it (markup removed, escapes and entities
/// resolved), with the way back to the source.
#[derive(Debug)]
pub(crate) struct Shown<'a> {
    pub(crate) text: Cow<'a, str>,
    /// One entry per character of `text`; `None` when `text` is the source.
    pub(super) map: Option<Vec<CharSource>>,
}

/// Where one shown character came from in the source.
#[derive(Debug, Clone, Copy)]
pub(super) struct CharSource {
    pub(super) shown: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// How far to look for a shown character that is not where expected.
pub(super) const ALIGN_LOOKAHEAD: usize = 12;

impl<'a> Shown<'a> {
    /// A text without markup, shown as it is.
    pub(crate) fn plain(text: &'a str) -> Shown<'a> {
        Shown { text: Cow::Borrowed(text), map: None }
    }

    pub(crate) fn of_markup(text: &'a str) -> Shown<'a> {
        if inline::is_plain(text) {
            return Shown { text: Cow::Borrowed(text), map: None };
        }
        let inline = inline::analyze(text);
        if let [run] = inline.runs.as_slice()
            && run.range == (0..text.len())
            && run.text == text
        {
            return Shown { text: Cow::Borrowed(text), map: None };
        }
        let mut shown = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len());
        for run in &inline.runs {
            let source = text.get(run.range.clone()).unwrap_or_default();
            align(&run.text, source, run.range.start, shown.len(), &mut map);
            shown.push_str(&run.text);
        }
        Shown { text: Cow::Owned(shown), map: Some(map) }
    }

    /// This shown text holding its own copy of the text, to be kept
    /// between checks.
    pub(crate) fn into_owned(self) -> Shown<'static> {
        Shown { text: Cow::Owned(self.text.into_owned()), map: self.map }
    }

    /// The source range of a range of whole characters of the shown text.
    pub(crate) fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let Some(map) = &self.map else { return range };
        let first = map.partition_point(|c| c.shown < range.start);
        let after_last = map.partition_point(|c| c.shown < range.end);
        let start = map.get(first).or(map.last()).map_or(0, |c| c.start);
        let end = after_last.checked_sub(1).and_then(|last| map.get(last)).map_or(start, |c| c.end);
        start..end.max(start)
    }
}

/// Records where each character of `shown` (a run's text) is in `source`
/// (the run's markup source, at `base` in the block text). The two differ
/// by backslash escapes and entities; anything else unexpected is looked
/// for a little ahead, and otherwise pinned to where it should have been.
pub(super) fn align(shown: &str, source: &str, base: usize, shown_base: usize, map: &mut Vec<CharSource>) {
    let mut cursor = 0;
    for (at, c) in shown.char_indices() {
        let rest = source.get(cursor..).unwrap_or_default();
        let (start, len) = if rest.starts_with(c) {
            (cursor, c.len_utf8())
        } else if rest.strip_prefix('\\').is_some_and(|after| after.starts_with(c)) {
            (cursor, 1 + c.len_utf8())
        } else if let Some(semicolon) = rest
            .strip_prefix('&')
            .and_then(|_| rest.char_indices().take(ALIGN_LOOKAHEAD).find(|&(_, s)| s == ';'))
        {
            (cursor, semicolon.0 + 1)
        } else if let Some((skip, _)) = rest.char_indices().take(ALIGN_LOOKAHEAD).find(|&(_, s)| s == c) {
            (cursor + skip, c.len_utf8())
        } else {
            (cursor, 0)
        };
        map.push(CharSource { shown: shown_base + at, start: base + start, end: base + start + len });
        cursor = start + len;
    }
}
