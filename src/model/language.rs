//! Languages an article can be written in: which one applies (the
//! article's, else its desk's, else US English), the quotation marks and
//! writing direction that come with it, and the names the picker shows.

/// The language of an article that names none on a desk that names none.
pub const DEFAULT: &str = "en-US";

/// The language tags the metadata panel offers, with their names; any
/// other BCP 47 tag can be typed.
pub const COMMON: &[(&str, &str)] = &[
    ("en-US", "English (US)"),
    ("en-GB", "English (UK)"),
    ("uk", "Ukrainian"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pl", "Polish"),
    ("pt-BR", "Portuguese (Brazil)"),
    ("nl", "Dutch"),
    ("ar", "Arabic"),
    ("he", "Hebrew"),
];

/// The language that applies to an article: its own, else the desk's,
/// else [`DEFAULT`].
pub fn effective<'a>(article: Option<&'a str>, desk: Option<&'a str>) -> &'a str {
    article.or(desk).filter(|tag| !tag.trim().is_empty()).unwrap_or(DEFAULT)
}

/// The primary language subtag, lowercase: "de" for "de-AT".
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

/// The region subtag, uppercase, when the tag has one: "AT" for "de-AT",
/// none for "sr-Latn".
pub fn region(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// The English name of a language for messages ("Ukrainian (uk)"), or the
/// tag itself when Copydesk has no name for it.
pub fn name(tag: &str) -> String {
    let primary = primary(tag);
    let known = COMMON
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .or_else(|| COMMON.iter().find(|(t, _)| self::primary(t) == primary));
    match known {
        Some((_, name)) => format!("{} ({tag})", name.split(" (").next().unwrap_or(name)),
        None => tag.to_string(),
    }
}

/// True for languages written right to left.
pub fn is_right_to_left(tag: &str) -> bool {
    matches!(primary(tag).as_str(), "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "dv" | "ckb")
}

/// True when `text` holds a right-to-left letter (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms), which egui cannot yet edit
/// with a correct caret.
pub fn has_right_to_left(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}

/// The quotation marks of a language, outer and inner, and whether the
/// marks stand apart from the quoted words by a no-break space (French
/// guillemets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub open: char,
    pub close: char,
    pub inner_open: char,
    pub inner_close: char,
    pub spaced: bool,
}

/// The space French typography puts inside guillemets: no-break, so a
/// mark never starts or ends a line alone.
pub const GUILLEMET_SPACE: char = '\u{A0}';

/// The right single quotation mark, which is also the typographic
/// apostrophe in every language Copydesk knows.
pub const APOSTROPHE: char = '’';

const ENGLISH: Quotes =
    Quotes { open: '“', close: '”', inner_open: '‘', inner_close: '’', spaced: false };

impl Quotes {
    /// The marks a language quotes with: “ ” in English, „ “ in German,
    /// « » in French (spaced) and in Ukrainian (closed up; „ “ inside).
    pub fn of(tag: &str) -> Quotes {
        let q = |open, close, inner_open, inner_close, spaced| Quotes {
            open,
            close,
            inner_open,
            inner_close,
            spaced,
        };
        match primary(tag).as_str() {
            "de" if region(tag).as_deref() == Some("CH") => q('«', '»', '‹', '›', false),
            "de" | "cs" | "sk" | "lt" | "is" => q('„', '“', '‚', '‘', false),
            "uk" | "ru" | "be" => q('«', '»', '„', '“', false),
            "fr" => q('«', '»', '“', '”', true),
            "es" | "it" | "pt" | "ca" | "el" | "no" | "nb" | "nn" => q('«', '»', '“', '”', false),
            "pl" | "ro" | "hu" | "nl" | "bg" => q('„', '”', '‚', '’', false),
            "sv" | "fi" => q('”', '”', '’', '’', false),
            "he" => q('”', '”', '’', '’', false),
            _ => ENGLISH,
        }
    }

    /// `text` inside the outer marks, as a page prints a quotation.
    pub fn wrap(&self, text: &str) -> String {
        if self.spaced {
            format!("{}{GUILLEMET_SPACE}{text}{GUILLEMET_SPACE}{}", self.open, self.close)
        } else {
            format!("{}{text}{}", self.open, self.close)
        }
    }

    /// Every character that opens or closes a quotation in this language.
    pub fn marks(&self) -> [char; 4] {
        [self.open, self.close, self.inner_open, self.inner_close]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_then_the_desk_then_us_english() {
        assert_eq!(effective(Some("uk"), Some("de")), "uk");
        assert_eq!(effective(None, Some("de")), "de");
        assert_eq!(effective(None, None), DEFAULT);
    }

    #[test]
    fn subtags_and_names() {
        assert_eq!((primary("de-AT"), region("de-AT")), ("de".to_string(), Some("AT".to_string())));
        assert_eq!(region("sr-Latn"), None);
        assert_eq!(name("uk"), "Ukrainian (uk)");
        assert_eq!(name("de-AT"), "German (de-AT)");
        assert_eq!(name("tlh"), "tlh");
    }

    #[test]
    fn marks_by_language() {
        assert_eq!(Quotes::of("en-GB").wrap("a"), "“a”");
        assert_eq!(Quotes::of("de").wrap("a"), "„a“");
        assert_eq!(Quotes::of("fr-CA").wrap("a"), "«\u{a0}a\u{a0}»");
        assert_eq!(Quotes::of("uk").wrap("a"), "«a»");
    }

    #[test]
    fn right_to_left() {
        assert!(is_right_to_left("he") && is_right_to_left("ar-EG") && !is_right_to_left("en"));
        assert!(has_right_to_left("שלום") && has_right_to_left("مرحبا") && !has_right_to_left("Київ"));
    }
}
