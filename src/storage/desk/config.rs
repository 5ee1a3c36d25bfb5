//! `desk.ron`: what a desk sets for all its articles (categories, base URL,
//! time zone, default share targets, length limits, the desk dictionary,
//! the desk's language and house style, the CMSs it publishes into, the
//! live-editing server).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::article::{DEFAULT_CATEGORIES, ShareTarget};
use crate::model::page;
use crate::rules::check::Limits;
use crate::rules::style::Style;
use crate::storage::store::{self, LoadError};

/// The name of the desk file at a desk's root.
pub const FILE_NAME: &str = "desk.ron";

/// The desk file's format version.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Desk", default, deny_unknown_fields)]
pub struct DeskConfig {
    pub format: u32,
    /// The publication's name, for the window and the desk list.
    pub name: String,
    /// The taxonomy: the only categories articles may use.
    pub categories: Vec<String>,
    /// Where the site lives; an article's URL is `base_url` + slug.
    pub base_url: Option<String>,
    /// The zone the desk's times are typed and shown in (a zone name such
    /// as "Europe/Kyiv"); the system's when none is set. Files keep UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The share bar a new article starts with.
    pub share: Vec<ShareTarget>,
    pub limits: Limits,
    /// Words the spell checker accepts in every language: names of people
    /// and places the desk writes about.
    pub words: Vec<String>,
    /// The CMSs articles are published into (never their credentials).
    /// Left out of the file while empty, so older desks stay canonical.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publish: Vec<super::Target>,
    /// The length the desk asks for, in words, per category (an article's
    /// own `target_words` comes first). Written only when set.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub target_words: std::collections::BTreeMap<String, u32>,
    /// The Yjs websocket server the desk edits live through
    /// (`ws://host:port/prefix`, or `wss://`); an article's room is
    /// `prefix/‹article id›`. Not written when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<String>,
    /// The language of articles that name none (BCP 47; `en-US` when unset).
    #[serde(skip_serializing_if = "Option::is_none", with = "crate::model::article::language_tag")]
    pub language: Option<String>,
    /// Words accepted only in one language, by primary language subtag
    /// (`"uk"`, `"de"`): what *Add to desk dictionary* writes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub language_words: BTreeMap<String, Vec<String>>,
    /// Dashes and which style checks run (see `rules::style`).
    #[serde(skip_serializing_if = "Style::is_default")]
    pub style: Style,
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig {
            format: FORMAT,
            name: String::new(),
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            base_url: None,
            time_zone: None,
            share: ShareTarget::ALL.to_vec(),
            limits: Limits::default(),
            words: Vec::new(),
            publish: Vec::new(),
            target_words: std::collections::BTreeMap::new(),
            live: None,
            language: None,
            language_words: BTreeMap::new(),
            style: Style::default(),
        }
    }
}

impl DeskConfig {
    /// What the published page needs from the desk: its address, name and
    /// language.
    pub fn page_settings(&self) -> page::Settings<'_> {
        page::Settings {
            base_url: self.base_url.as_deref(),
            publisher: self.name.as_str(),
            language: self.language.as_deref(),
        }
    }

    /// The desk's time zone (the system's when it names none, or a name no
    /// zone has: the settings window refuses those).
    pub fn zone(&self) -> jiff::tz::TimeZone {
        crate::model::when::zone_named(self.time_zone.as_deref())
            .unwrap_or_else(|_| jiff::tz::TimeZone::system())
    }
}

/// What reading a desk's `desk.ron` gave: its settings, and the error that
/// made it fall back to defaults, if any.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: DeskConfig,
    /// Set when the file exists but could not be used; the desk then opens
    /// with defaults and shows this.
    pub error: Option<String>,
    /// Whether the desk has a `desk.ron` at all.
    pub present: bool,
}

pub fn path_in(root: &Path) -> PathBuf {
    root.join(FILE_NAME)
}

/// Whether `path` names a desk's settings file rather than an article.
pub fn is_desk_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == FILE_NAME)
}

impl Loaded {
    /// The categories articles must use: the desk's list, when it has a
    /// `desk.ron` that sets one.
    pub fn taxonomy(&self) -> Option<Vec<String>> {
        self.present.then(|| self.config.categories.clone()).filter(|c| !c.is_empty())
    }
}

/// Reads `desk.ron` at `root`; a missing file means defaults, a broken one
/// means defaults plus an error naming file, line and column.
pub fn load(root: &Path) -> Loaded {
    let path = path_in(root);
    if !path.exists() {
        return Loaded::default();
    }
    match read(&path) {
        Ok(config) => Loaded { config, error: None, present: true },
        Err(error) => Loaded {
            config: DeskConfig::default(),
            error: Some(format!("{error} (the desk uses default settings until this is fixed)")),
            present: true,
        },
    }
}

/// Reads one `desk.ron`, with the file, line and column of any error.
pub fn read(path: &Path) -> Result<DeskConfig, LoadError> {
    parse(&store::read_limited(path)?, path)
}

/// Parses the bytes of a `desk.ron`; `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> Result<DeskConfig, LoadError> {
    let text = store::decode(bytes, path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: DeskConfig = ron::Options::default().from_str(text).map_err(|error| LoadError {
        path: path.to_path_buf(),
        at: Some(store::Position { line: error.span.start.line, col: error.span.start.col }),
        kind: store::LoadErrorKind::Syntax(error.code.to_string()),
    })?;
    if config.format > FORMAT {
        return Err(LoadError {
            path: path.to_path_buf(),
            at: None,
            kind: store::LoadErrorKind::FutureFormat(config.format),
        });
    }
    Ok(config)
}

/// The canonical text of desk settings (what `save` writes and `copydesk
/// fmt` compares against).
pub fn to_string(config: &DeskConfig) -> String {
    let pretty = ron::ser::PrettyConfig::new().new_line("\n").indentor("    ").struct_names(true);
    let mut text = ron::ser::to_string_pretty(config, pretty).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes `desk.ron` atomically.
pub fn save(root: &Path, config: &DeskConfig) -> Result<(), store::SaveError> {
    store::write_atomic(&path_in(root), to_string(config).as_bytes())
}

/// Adds a word to the desk dictionary in `desk.ron` (creating the file if
/// the desk has none), keeping the list sorted and free of repeats.
/// Refuses to touch a `desk.ron` that does not parse, so nothing the desk
/// wrote is lost.
pub fn add_word(root: &Path, word: &str) -> Result<DeskConfig, String> {
    add_words_in(root, &[word], None)
}

/// Adds words to the desk dictionary in one write (see [`add_word`]); none
/// is added when one is not a single word.
pub fn add_words(root: &Path, words: &[&str]) -> Result<DeskConfig, String> {
    add_words_in(root, words, None)
}

/// [`add_words`] for one language: the words go to that language's list
/// (by primary subtag), unless the language is the desk's own (then to
/// `words`, as before languages existed).
pub fn add_words_in(root: &Path, words: &[&str], language: Option<&str>) -> Result<DeskConfig, String> {
    let words: Vec<&str> = words.iter().map(|word| word.trim()).collect();
    if let Some(word) = words.iter().find(|w| w.is_empty() || w.chars().any(char::is_whitespace)) {
        return Err(format!("“{word}” is not a single word"));
    }
    let path = path_in(root);
    let mut config =
        if path.exists() { read(&path).map_err(|e| e.to_string())? } else { DeskConfig::default() };
    let desk_language = crate::model::language::effective(config.language.as_deref(), None).to_string();
    let list = match language.map(crate::model::language::primary) {
        Some(primary) if primary != crate::model::language::primary(&desk_language) => {
            config.language_words.entry(primary).or_default()
        }
        _ => &mut config.words,
    };
    for word in words {
        if !list.iter().any(|w| w == word) {
            list.push(word.to_string());
        }
    }
    list.sort_by_key(|w| w.to_lowercase());
    save(root, &config).map_err(|e| e.to_string())?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_means_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let loaded = load(dir.path());
        assert!(!loaded.present);
        assert!(loaded.error.is_none());
        assert_eq!(loaded.config, DeskConfig::default());
    }

    #[test]
    fn partial_file_fills_in_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            path_in(dir.path()),
            "Desk(categories: [\"Local\", \"Sports\"], limits: (headline_max: 70), words: [\"Kestrel\"])",
        )
        .expect("write");
        let loaded = load(dir.path());
        assert!(loaded.error.is_none(), "{:?}", loaded.error);
        assert_eq!(loaded.config.categories, vec!["Local", "Sports"]);
        assert_eq!(loaded.config.limits.headline_max, 70);
        assert_eq!(loaded.config.limits.dek_max, Limits::default().dek_max);
        assert_eq!(loaded.config.share, ShareTarget::ALL.to_vec());
    }

    #[test]
    fn malformed_file_is_an_error_with_position_and_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(path_in(dir.path()), "Desk(\n    categories: [\"Local\",\n    colour: 3,\n)")
            .expect("write");
        let loaded = load(dir.path());
        let error = loaded.error.expect("an error");
        assert!(error.contains("desk.ron:3:"), "{error}");
        assert_eq!(loaded.config, DeskConfig::default());
        // add_word refuses to overwrite what it cannot read.
        assert!(add_word(dir.path(), "Orrin").is_err());
    }

    #[test]
    fn add_word_round_trips() {
        let dir = tempfile::tempdir().expect("temp dir");
        add_word(dir.path(), "Orrin").expect("adds");
        add_word(dir.path(), "kestrel").expect("adds");
        let config = add_word(dir.path(), "Orrin").expect("adds once");
        assert_eq!(config.words, vec!["kestrel", "Orrin"]);
        assert_eq!(load(dir.path()).config.words, vec!["kestrel", "Orrin"]);
        assert!(add_word(dir.path(), "two words").is_err());
        let config = add_words(dir.path(), &["Zorvath", "Kyiv", "Orrin"]).expect("adds all");
        assert_eq!(config.words, vec!["kestrel", "Kyiv", "Orrin", "Zorvath"]);
        assert!(add_words(dir.path(), &["Teague", "two words"]).is_err());
        assert!(!load(dir.path()).config.words.contains(&"Teague".to_string()), "all or nothing");
    }

    #[test]
    fn a_time_zone_is_written_only_when_set() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = DeskConfig { time_zone: Some("Europe/Kyiv".into()), ..DeskConfig::default() };
        save(dir.path(), &config).expect("saves");
        assert_eq!(load(dir.path()).config.zone().iana_name(), Some("Europe/Kyiv"));
        assert!(!to_string(&DeskConfig::default()).contains("time_zone"), "an old desk.ron stays as it was");
    }

    #[test]
    fn words_and_style_by_language() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            path_in(dir.path()),
            "Desk(language: Some(\"de\"), style: (dash: ClosedEm, grammar: false))",
        )
        .expect("write");
        let config = add_words_in(dir.path(), &["Київщина"], Some("uk")).expect("adds");
        add_words_in(dir.path(), &["Brückenfest"], Some("de-AT")).expect("adds");
        let config_after = load(dir.path()).config;
        assert_eq!(config.language_words.get("uk"), Some(&vec!["Київщина".to_string()]));
        assert_eq!(config_after.words, vec!["Brückenfest"]);
        assert_eq!(config_after.style.dash, crate::rules::style::Dash::ClosedEm);
        assert!(!config_after.style.grammar && config_after.style.typography);
        // A desk that sets none of this writes none of it.
        let plain = to_string(&DeskConfig::default());
        assert!(!plain.contains("language") && !plain.contains("style"), "{plain}");
        let bad = parse(b"Desk(language: Some(\"en_US\"))", Path::new("desk.ron")).expect_err("bad tag");
        assert!(bad.to_string().contains("not a language tag"), "{bad}");
    }
}
