//! Slugs: the short, lowercase, hyphenated keywords that name an article in
//! its URL and its file name.

use std::fmt;

/// Longest slug `suggest` produces; the desk may type a longer one by hand.
pub const SUGGEST_MAX: usize = 60;
/// Bounds `validate` enforces.
pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 80;

/// Words that carry no search value in a URL. Kept short on purpose: a slug
/// that drops too much ("man-bites-dog" → "man-bites-dog", not "bites-dog")
/// stops reading like the story.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "will", "with",
];

/// Proposes a slug for a headline: transliterated to ASCII, lowercase, stop
/// words dropped, joined by hyphens and cut at a word boundary to at most
/// [`SUGGEST_MAX`] characters. Returns an empty string when the headline
/// has no letters or digits at all.
pub fn suggest(headline: &str) -> String {
    // Transliterate first so "Zürich" becomes "zurich", "Київ" becomes "kiiv",
    // and CJK becomes pinyin-like syllables instead of vanishing.
    let ascii = deunicode::deunicode(headline).to_ascii_lowercase();
    let words: Vec<&str> =
        ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let kept: Vec<&str> = words.iter().copied().filter(|w| !STOP_WORDS.contains(w)).collect();
    // A headline made only of stop words ("To Be or Not to Be") keeps them
    // rather than yielding nothing.
    let chosen = if kept.is_empty() { words } else { kept };

    let mut slug = String::new();
    for word in chosen {
        let extra = if slug.is_empty() { word.len() } else { word.len() + 1 };
        if slug.len() + extra > SUGGEST_MAX {
            if slug.is_empty() {
                // One enormous word: cutting it is the only option left.
                slug.push_str(&word[..SUGGEST_MAX]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

/// Why a slug is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugError {
    Empty,
    TooShort(usize),
    TooLong(usize),
    BadCharacter { ch: char, at: usize },
    EdgeHyphen,
    DoubleHyphen { at: usize },
}

impl fmt::Display for SlugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlugError::Empty => write!(f, "the slug is empty"),
            SlugError::TooShort(n) => {
                write!(f, "the slug has {n} characters; it needs at least {MIN_LEN}")
            }
            SlugError::TooLong(n) => {
                write!(f, "the slug has {n} characters; it may have at most {MAX_LEN}")
            }
            SlugError::BadCharacter { ch, at } => write!(
                f,
                "{ch:?} at position {} is not allowed; use lowercase a-z, digits and hyphens",
                at + 1
            ),
            SlugError::EdgeHyphen => write!(f, "the slug may not start or end with a hyphen"),
            SlugError::DoubleHyphen { at } => {
                write!(f, "two hyphens in a row at position {}", at + 1)
            }
        }
    }
}

impl std::error::Error for SlugError {}

/// Checks `^[a-z0-9]+(-[a-z0-9]+)*$` with 3–80 characters, naming the first
/// problem found. A valid slug is also a safe file name: no dots, slashes or
/// anything a path could use to escape its folder.
pub fn validate(slug: &str) -> Result<(), SlugError> {
    if slug.is_empty() {
        return Err(SlugError::Empty);
    }
    for (at, ch) in slug.chars().enumerate() {
        if !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-') {
            return Err(SlugError::BadCharacter { ch, at });
        }
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Err(SlugError::EdgeHyphen);
    }
    if let Some(at) = slug.find("--") {
        return Err(SlugError::DoubleHyphen { at });
    }
    let len = slug.len();
    if len < MIN_LEN {
        return Err(SlugError::TooShort(len));
    }
    if len > MAX_LEN {
        return Err(SlugError::TooLong(len));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_keywords_from_a_headline() {
        assert_eq!(
            suggest("City Council Approves River Park After Two-Year Fight"),
            "city-council-approves-river-park-after-two-year-fight"
        );
        assert_eq!(suggest("The Mayor and the Map"), "mayor-map");
        assert_eq!(suggest("  Rates rise: 4.5% — again!  "), "rates-rise-4-5-again");
    }

    #[test]
    fn transliterates_non_latin_headlines() {
        assert_eq!(suggest("Zürich öffnet Brücke"), "zurich-offnet-brucke");
        assert_eq!(suggest("Київ відкриває міст"), "kiyiv-vidkrivaie-mist");
        let greek = suggest("Αθήνα ψηφίζει");
        assert!(validate(&greek).is_ok(), "{greek}");
        let chinese = suggest("北京 新闻");
        assert!(validate(&chinese).is_ok(), "{chinese}");
        assert!(!chinese.is_empty());
    }

    #[test]
    fn keeps_stop_words_when_nothing_else_is_left() {
        assert_eq!(suggest("To Be or Not"), "not");
        assert_eq!(suggest("As It Is"), "as-it-is");
    }

    #[test]
    fn cuts_at_a_word_boundary() {
        let slug = suggest(
            "Seventeen Neighbourhood Associations Demand Independent Review of Floodplain Mapping Decisions",
        );
        assert!(slug.len() <= SUGGEST_MAX, "{slug}");
        assert!(!slug.ends_with('-'));
        assert_eq!(slug, "seventeen-neighbourhood-associations-demand-independent");
        let long_word = "a".repeat(100) + "b";
        assert_eq!(suggest(&long_word).len(), SUGGEST_MAX);
    }

    #[test]
    fn empty_for_nothing_sluggable() {
        assert_eq!(suggest(""), "");
        assert_eq!(suggest("!!! ??? ..."), "");
    }

    #[test]
    fn validates_slugs() {
        assert_eq!(validate("river-park-vote"), Ok(()));
        assert_eq!(validate("g7"), Err(SlugError::TooShort(2)));
        assert_eq!(validate(""), Err(SlugError::Empty));
        assert_eq!(validate("River-park"), Err(SlugError::BadCharacter { ch: 'R', at: 0 }));
        assert_eq!(validate("-park"), Err(SlugError::EdgeHyphen));
        assert_eq!(validate("park-"), Err(SlugError::EdgeHyphen));
        assert_eq!(validate("river--park"), Err(SlugError::DoubleHyphen { at: 5 }));
        assert!(matches!(validate("../etc/passwd"), Err(SlugError::BadCharacter { .. })));
        assert!(matches!(validate("a b"), Err(SlugError::BadCharacter { .. })));
        assert!(matches!(validate("café"), Err(SlugError::BadCharacter { .. })));
        assert_eq!(validate(&"a".repeat(81)), Err(SlugError::TooLong(81)));
        assert_eq!(validate(&"a".repeat(80)), Ok(()));
    }

    #[test]
    fn every_suggestion_is_valid_or_empty() {
        for headline in [
            "Flood Warning Lifted",
            "Ça va? Très bien, merci",
            "2026: The Year in Review",
            "日本の選挙",
            "Ob",
        ] {
            let slug = suggest(headline);
            assert!(slug.len() < MIN_LEN || validate(&slug).is_ok(), "{headline} → {slug}");
        }
    }
}
