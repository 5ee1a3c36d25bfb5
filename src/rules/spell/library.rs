//! Dictionaries by language: which Hunspell files on the system spell a
//! language tag, which Debian package brings them when they are missing,
//! and a shelf that loads each language once per process (Ukrainian takes
//! half a second) and shares it between the window and its worker.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::*;
use crate::model::language;

/// Names a folder searched for `<ll>_<RR>.aff`/`.dic` before the system's.
pub const DICTIONARIES_ENV: &str = "COPYDESK_DICTIONARIES";

/// Where Debian (and most distributions) install Hunspell dictionaries.
pub const SYSTEM_FOLDER: &str = "/usr/share/hunspell";

/// The letters a dictionary's words are written in; words in other
/// scripts are not its business (a Latin name in a Ukrainian story).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
}

impl Script {
    pub fn of_language(tag: &str) -> Script {
        match language::primary(tag).as_str() {
            "uk" | "ru" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "mn" | "tg" => Script::Cyrillic,
            "el" => Script::Greek,
            "ar" | "fa" | "ur" | "ps" | "sd" | "ckb" => Script::Arabic,
            "he" | "yi" => Script::Hebrew,
            _ => Script::Latin,
        }
    }

    /// True when `c` (a letter) belongs to this script.
    pub fn has(self, c: char) -> bool {
        match self {
            Script::Latin => is_latin_letter(c),
            Script::Cyrillic => {
                matches!(c as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
            }
            Script::Greek => matches!(c as u32, 0x0370..=0x03FF | 0x1F00..=0x1FFF),
            Script::Arabic => {
                matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
            }
            Script::Hebrew => matches!(c as u32, 0x0590..=0x05FF | 0xFB1D..=0xFB4F),
        }
    }
}

/// The Debian package with the Hunspell dictionary for a language tag.
pub fn debian_package(tag: &str) -> String {
    let primary = language::primary(tag);
    let region = language::region(tag).map(|r| r.to_ascii_lowercase());
    match (primary.as_str(), region.as_deref()) {
        ("en", Some(region @ ("gb" | "au" | "ca" | "za"))) => format!("hunspell-en-{region}"),
        ("en", _) => "hunspell-en-us".into(),
        ("de", Some(region @ ("at" | "ch"))) => format!("hunspell-de-{region}"),
        ("de", _) => "hunspell-de-de".into(),
        ("fr", _) => "hunspell-fr".into(),
        ("pt", Some("br")) => "hunspell-pt-br".into(),
        ("pt", _) => "hunspell-pt-pt".into(),
        ("sr", _) => "hunspell-sr".into(),
        (primary, _) => format!("hunspell-{primary}"),
    }
}

/// The folders dictionaries are looked for in, first match wins.
fn folders() -> Vec<PathBuf> {
    let mut folders = Vec::new();
    if let Some(named) = std::env::var_os(DICTIONARIES_ENV).filter(|v| !v.is_empty()) {
        folders.push(PathBuf::from(named));
    }
    folders.push(PathBuf::from(SYSTEM_FOLDER));
    folders
}

/// The dictionary (path without extension) that spells `tag` in
/// `folder`: the exact region (`de_AT`), else the language alone (`fr`),
/// else the language's home region (`uk_UA`, `de_DE`), else any region.
pub fn find_in(folder: &Path, tag: &str) -> Option<PathBuf> {
    let primary = language::primary(tag);
    if primary.is_empty() || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let present = |name: &str| {
        let base = folder.join(name);
        (with_extension(&base, "aff").is_file() && with_extension(&base, "dic").is_file()).then_some(base)
    };
    let mut names = Vec::new();
    if let Some(region) = language::region(tag) {
        names.push(format!("{primary}_{region}"));
    }
    names.push(primary.clone());
    names.push(format!("{primary}_{}", primary.to_ascii_uppercase()));
    names.push(format!("{primary}_{}", home_region(&primary)));
    if let Some(found) = names.iter().find_map(|name| present(name)) {
        return Some(found);
    }
    // Any region of the language, the same one every time.
    let mut regional: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".aff").map(str::to_string))
        .filter(|name| name.strip_prefix(primary.as_str()).is_some_and(|rest| rest.starts_with('_')))
        .collect();
    regional.sort();
    regional.iter().find_map(|name| present(name))
}

/// Where a language's dictionary file is named after a region other than
/// its own code (`uk_UA`, `he_IL`, `en_US`).
fn home_region(primary: &str) -> &'static str {
    match primary {
        "uk" => "UA",
        "he" => "IL",
        "en" => "US",
        "ar" => "SA",
        "el" => "GR",
        "da" => "DK",
        "sv" => "SE",
        "cs" => "CZ",
        "ca" => "ES",
        _ => "",
    }
}

/// True for the tags the built-in US English dictionary speaks for.
fn is_us_english(tag: &str) -> bool {
    language::primary(tag) == "en" && matches!(language::region(tag).as_deref(), None | Some("US"))
}

impl Speller {
    /// The dictionary for a language tag: for US English the one
    /// [`Speller::load`] picks; otherwise the system's (or the folder in
    /// `COPYDESK_DICTIONARIES`), or [`SpellError::Missing`] naming the
    /// package to install. Other English regions without their own
    /// dictionary use the US one.
    pub fn for_language(tag: &str) -> Result<Speller, SpellError> {
        if is_us_english(tag) {
            return Ok(Self::load()?.in_language(tag));
        }
        match folders().iter().find_map(|folder| find_in(folder, tag)) {
            Some(base) => Ok(Self::from_files(&base)?.in_language(tag)),
            None if language::primary(tag) == "en" => Ok(Self::load()?.in_language(tag)),
            None => Err(SpellError::Missing { language: language::name(tag), package: debian_package(tag) }),
        }
    }

    /// The same dictionary, told which language it spells: that decides
    /// which script's words it checks.
    pub fn in_language(mut self, tag: &str) -> Speller {
        let inner = Arc::make_mut(&mut self.inner);
        inner.script = Script::of_language(tag);
        inner.english = language::primary(tag) == "en";
        self
    }
}

/// Dictionaries loaded so far, by language tag, shared by every clone;
/// each is loaded at most once (a failure too is remembered).
#[derive(Default)]
pub struct Shelf {
    loaded: Mutex<HashMap<String, Result<Speller, String>>>,
}

impl fmt::Debug for Shelf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shelf").finish_non_exhaustive()
    }
}

impl Shelf {
    /// The process's shelf: dictionaries on disk are the same for every
    /// desk and window.
    pub fn global() -> Arc<Shelf> {
        static SHELF: OnceLock<Arc<Shelf>> = OnceLock::new();
        SHELF.get_or_init(Arc::default).clone()
    }

    /// Puts an already loaded dictionary on the shelf for `tag`.
    pub fn put(&self, tag: &str, speller: Speller) {
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.insert(tag.to_string(), Ok(speller.in_language(tag)));
        }
    }

    /// The dictionary for `tag`, loading it now (on the caller's thread)
    /// the first time. The error is a message naming what to install.
    pub fn get(&self, tag: &str) -> Result<Speller, String> {
        if let Some(found) = self.loaded(tag) {
            return found;
        }
        // Loaded outside the lock, so the window asking for another
        // language's suggestions is never held up by it.
        let result = Speller::for_language(tag).map_err(|error| error.to_string());
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.entry(tag.to_string()).or_insert(result).clone()
        } else {
            result
        }
    }

    /// The dictionary for `tag` if it has been loaded, without loading it.
    pub fn loaded(&self, tag: &str) -> Option<Result<Speller, String>> {
        self.loaded.lock().ok()?.get(tag).cloned()
    }
}
