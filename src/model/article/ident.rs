//! The two identifiers format 3 checks when a file is read: the article's
//! id (a UUID) and its language (a BCP 47 tag). A malformed one is a load
//! error at its line and column, like a malformed time, because later work
//! keys on them (live-editing rooms and CMS posts on the id, dictionaries
//! and `<html lang>` on the language).

use serde::{Deserialize, Deserializer, Serializer};

/// A new random (v4) UUID for an article or a note.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Why `text` is not an article id: a UUID written as Copydesk writes one
/// (lowercase, hyphenated), so an id has one spelling and compares as text.
pub fn id_problem(text: &str) -> Option<String> {
    match uuid::Uuid::try_parse(text) {
        Ok(id) if id.hyphenated().to_string() == text => None,
        _ => Some(format!(
            "“{text}” is not an article id; expected a lowercase UUID like \"0b6c2f1e-7d3a-4c1b-9e52-3f8a6d9c1b20\""
        )),
    }
}

/// Why `text` is not a language tag: BCP 47 in the Unicode locale
/// identifier syntax (`en-US`, `uk`, `de-CH`, `sr-Latn`), hyphens only.
pub fn language_problem(text: &str) -> Option<String> {
    match icu_locale_core::Locale::try_from_str(text) {
        Ok(_) => None,
        Err(_) => Some(format!(
            "“{text}” is not a language tag; expected BCP 47 like \"en-US\", \"uk\" or \"fr-CA\""
        )),
    }
}

fn checked<'de, D: Deserializer<'de>>(
    deserializer: D,
    problem: fn(&str) -> Option<String>,
) -> Result<Option<String>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else { return Ok(None) };
    match problem(&text) {
        Some(problem) => Err(serde::de::Error::custom(problem)),
        None => Ok(Some(text)),
    }
}

fn write<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_some(text),
        None => serializer.serialize_none(),
    }
}

/// Serde for `Article::id`.
pub(crate) mod id {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
        super::write(value, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        super::checked(deserializer, super::id_problem)
    }
}

/// Serde for `Article::language`.
pub(crate) mod language {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
        super::write(value, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        super::checked(deserializer, super::language_problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_v4_uuids() {
        let id = new_id();
        assert_eq!(uuid::Uuid::parse_str(&id).map(|u| u.get_version_num()).ok(), Some(4));
        assert_ne!(id, new_id());
        assert_eq!(id_problem(&id), None);
        assert!(id_problem(&id.to_uppercase()).is_some(), "one spelling per id");
        assert!(id_problem("story-1").is_some());
        assert!(id_problem(&id.replace('-', "")).is_some());
    }

    #[test]
    fn language_tags_are_checked_for_shape() {
        for good in ["en", "en-US", "uk", "de-CH-1996", "sr-Latn-RS", "zh-Hant-TW", "es-419"] {
            assert_eq!(language_problem(good), None, "{good}");
        }
        for bad in ["", "en_US", "e", "english language", "en-", "-en", "12", "en--US", "ru-Кирил"] {
            assert!(language_problem(bad).is_some(), "{bad}");
        }
    }
}
