//! House style, Vale-compatible: a desk folder with a `.vale.ini` names
//! styles (folders of YAML rules) and their levels, and Copydesk runs the
//! rules of type existence, substitution, occurrence, repetition,
//! capitalization, conditional, consistency and metric (readability) over
//! each article as Vale would over its Markdown. Types Copydesk cannot run
//! (script, sequence, spelling) are listed as skipped; files that do not
//! parse and patterns that do not compile are problems naming file and
//! line, and the other rules still run.

mod config;
mod gate;
mod rule;
mod run;
mod text;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::rules::memo::TextMemo;

pub use config::{CONFIG_NAMES, find};
pub use rule::Level;
pub use run::format_message;
pub use text::{Measures, evaluate};

/// Something in the desk's Vale setup that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based; 0 when the whole file is at fault.
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Problem {
        Problem { path: path.to_path_buf(), line, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.message),
            line => write!(f, "{}:{line}: {}", self.path.display(), self.message),
        }
    }
}

/// The rules of a desk's house style, and what could not be used.
#[derive(Debug, Clone, Default)]
pub struct HouseStyle {
    pub rules: Vec<rule::Rule>,
    pub problems: Vec<Problem>,
    /// Rules of a type Copydesk does not run: (`Style.Rule`, type).
    pub skipped: Vec<(String, String)>,
    pub min_level: Level,
    /// The `.vale.ini` it was read from.
    pub config: PathBuf,
    id: u64,
}

impl HouseStyle {
    /// The house style of the desk at `root`: `None` when it has no
    /// `.vale.ini`.
    pub fn of_desk(root: &Path) -> Option<HouseStyle> {
        find(root).map(|path| HouseStyle::load(&path))
    }

    /// Reads a `.vale.ini` and the styles it names.
    pub fn load(config: &Path) -> HouseStyle {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut style = config::load(config);
        style.id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        style.config = config.to_path_buf();
        style
    }

    /// The names of the rules that run.
    pub fn rule_names(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.name).collect()
    }

    /// Runs every rule over an article's texts, in reading order. `cache`
    /// keeps each text's results, so one edit re-runs one paragraph.
    pub fn check(&self, segments: &[Segment], cache: &mut HouseCache) -> Vec<Alert> {
        run::check(self, segments, cache)
    }
}

/// What part of an article a text is, as Vale's scopes see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The headline (Vale's `title`, and an `h1` heading).
    Title,
    Heading(u8),
    Paragraph,
    ListItem,
    Quote,
    /// An image's alt text.
    Alt,
    /// Captions, credits, the dek: prose that is not body text.
    Other,
}

impl Scope {
    /// The Vale scope names this part answers to.
    fn names(self) -> &'static [&'static str] {
        match self {
            Scope::Title => &["title", "heading", "heading.h1", "text", "raw"],
            Scope::Heading(1) => &["heading", "heading.h1", "text", "raw"],
            Scope::Heading(2) => &["heading", "heading.h2", "text", "raw"],
            Scope::Heading(3) => &["heading", "heading.h3", "text", "raw"],
            Scope::Heading(4) => &["heading", "heading.h4", "text", "raw"],
            Scope::Heading(_) => &["heading", "heading.h5", "heading.h6", "text", "raw"],
            Scope::Paragraph => &["paragraph", "text", "summary", "raw"],
            Scope::ListItem => &["list", "text", "summary", "raw"],
            Scope::Quote => &["blockquote", "paragraph", "text", "summary", "raw"],
            Scope::Alt => &["alt", "raw"],
            Scope::Other => &["paragraph", "text", "raw"],
        }
    }

    /// True for running prose, which `sentence` rules read.
    fn has_sentences(self) -> bool {
        matches!(self, Scope::Paragraph | Scope::ListItem | Scope::Quote | Scope::Other)
    }
}

/// One text of an article as the rules read it (markup removed).
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub scope: Scope,
    pub text: &'a str,
    /// The body block it comes from, for document measures (a list's
    /// items are one list); `None` outside the body.
    pub block: Option<usize>,
}

/// A rule's finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// `Style.Rule`.
    pub rule: &'static str,
    pub level: Level,
    /// The rule's message with the match put in.
    pub message: String,
    /// The segment and byte range in its text; `None` for a finding about
    /// the whole article (metrics, a missing occurrence).
    pub at: Option<(usize, Range<usize>)>,
}

/// Where a term is used (range in its text) and the term.
type Use = (Range<usize>, String);

/// What one text gave, kept between checks.
#[derive(Debug, Default)]
struct Memo {
    /// Alerts of the rules that read one text at a time.
    alerts: Vec<(usize, Range<usize>, String)>,
    /// Per conditional rule: definitions found, then uses (range, text).
    conditional: HashMap<usize, (Vec<String>, Vec<Use>)>,
    /// Per consistency rule and step: the group names matched and the last
    /// match's range.
    consistency: HashMap<(usize, usize), (Vec<String>, Range<usize>)>,
    measures: Measures,
}

/// Results per text between checks of one document; holds only the texts
/// of the latest check. One memo per scope (a text reads differently as a
/// heading and as a paragraph), each made with one house style (its id).
#[derive(Debug, Default)]
pub struct HouseCache {
    memos: HashMap<Scope, TextMemo<Arc<Memo>, u64>>,
}

impl HouseCache {
    /// How many texts were run rather than found here, since made (while
    /// their scope was in use).
    pub fn texts_checked(&self) -> u64 {
        self.memos.values().map(TextMemo::made).sum()
    }
}

#[cfg(test)]
mod tests;
