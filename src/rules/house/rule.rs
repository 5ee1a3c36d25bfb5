//! One Vale rule: its YAML read into a definition and compiled into what
//! runs (patterns built as Vale builds them, with `fancy-regex` for the
//! lookarounds), or named as a type Copydesk does not run.

use std::collections::BTreeMap;
use std::path::Path;

use fancy_regex::Regex;
use serde::Deserialize;

use super::Problem;

/// A rule's alert level, lowest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    #[default]
    Suggestion,
    Warning,
    Error,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim() {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// Which parts of an article a rule reads.
#[derive(Debug, Clone, Default)]
pub struct Scopes {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

/// The letter case a capitalization rule wants.
#[derive(Debug, Clone)]
pub enum Case {
    Title { chicago: bool },
    Sentence { indicators: Vec<String> },
    Lower,
    Upper,
    Pattern(Regex),
}

#[derive(Debug, Clone)]
pub enum Check {
    Existence,
    Substitution { replacements: Vec<String>, keys: Vec<String>, ignorecase: bool, capitalize: bool },
    Occurrence { max: usize, min: usize },
    Repetition { alpha: bool, ignorecase: bool, max: usize },
    Capitalization { case: Case, exceptions: Vec<String>, threshold: f64 },
    Conditional { definitions: Regex },
    Consistency { steps: Vec<(Regex, [String; 2])> },
    Metric { formula: String, condition: String },
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `Style.Rule`, as findings name it: a finding's code, so kept once
    /// for the process (see `code_of`).
    pub name: &'static str,
    pub level: Level,
    pub message: String,
    pub scopes: Scopes,
    /// The main pattern (existence, substitution, occurrence, repetition,
    /// the `second` of a conditional).
    pub pattern: Option<Regex>,
    /// For an existence or substitution pattern with lookarounds: a text
    /// this does not match has nothing for the rule (see `gate`).
    pub gate: Option<regex::Regex>,
    pub exceptions: Option<Regex>,
    pub check: Check,
}

pub enum Loaded {
    Runs(Box<Rule>),
    /// A rule of a type Copydesk does not run, with the type.
    Skipped(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Definition {
    extends: Option<String>,
    message: Option<String>,
    level: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    scope: Vec<String>,
    ignorecase: bool,
    nonword: bool,
    append: bool,
    #[serde(deserialize_with = "one_or_many")]
    raw: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    tokens: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    exceptions: Vec<String>,
    swap: BTreeMap<String, String>,
    capitalize: bool,
    max: usize,
    min: usize,
    token: String,
    alpha: bool,
    #[serde(rename = "match")]
    case: String,
    style: String,
    threshold: f64,
    #[serde(deserialize_with = "one_or_many")]
    indicators: Vec<String>,
    first: String,
    second: String,
    either: BTreeMap<String, String>,
    formula: String,
    condition: String,
    #[serde(deserialize_with = "one_or_many")]
    metrics: Vec<String>,
    grade: f64,
}

/// A YAML string or list of strings (Vale takes both for `scope`, `tokens`…).
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(Visitor)
}

const WORD_TEMPLATE: &str = r"(?m)\b(?:%s)\b";
const NONWORD_TEMPLATE: &str = r"(?m)(?:%s)";

/// Vale's `makeRegexp`: the word (or non-word) template around the tokens,
/// raw patterns before or after it, and `(?i)` in front.
fn make_regexp(ignorecase: bool, word: bool, raw: &str, append: bool) -> String {
    let template = if word { WORD_TEMPLATE } else { NONWORD_TEMPLATE };
    let regex = if append { format!("{template}{raw}") } else { format!("{raw}{template}") };
    if ignorecase { format!("(?i){regex}") } else { regex }
}

/// Vale's exceptions pattern: each term case-sensitive unless it says
/// `(?i)`, longest first, as whole words.
fn exceptions(terms: &[String]) -> Result<Option<Regex>, fancy_regex::Error> {
    if terms.is_empty() {
        return Ok(None);
    }
    let mut terms: Vec<String> = terms.to_vec();
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let joined: Vec<String> =
        terms.iter().map(|t| if t.starts_with("(?i)") { t.clone() } else { format!("(?-i:{t})") }).collect();
    Regex::new(&WORD_TEMPLATE.replace("%s", &joined.join("|"))).map(Some)
}

/// Capture groups in a swap key become non-capturing, so each key is one
/// group of the combined pattern.
fn uncapture(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut escaped = false;
    while let Some(c) = chars.next() {
        out.push(c);
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '(' && chars.peek() != Some(&'?') {
            out.push_str("?:");
        }
    }
    out
}

/// A rule's name as a finding's code (codes are static strings): each
/// distinct name is kept once for the process, when its rule is loaded, so
/// reloading a desk's styles does not keep new copies and no check pays
/// for it per finding.
fn code_of(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let Ok(mut names) = NAMES.get_or_init(Mutex::default).lock() else { return "house-style" };
    if let Some(known) = names.get(name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(kept);
    kept
}

/// Vale's built-in `Vale.Repetition`.
pub fn vale_repetition(level: Option<Level>) -> Rule {
    Rule {
        name: "Vale.Repetition",
        level: level.unwrap_or(Level::Error),
        message: "'%s' is repeated!".into(),
        scopes: Scopes { include: vec!["text".into()], exclude: Vec::new() },
        pattern: Regex::new(r"([^\s]+)").ok(),
        gate: None,
        exceptions: None,
        check: Check::Repetition { alpha: true, ignorecase: false, max: 0 },
    }
}

/// The line a YAML key is on, for messages about it.
fn line_of(text: &str, key: &str) -> usize {
    text.lines().position(|line| line.trim_start().starts_with(&format!("{key}:"))).map_or(1, |i| i + 1)
}

/// Reads and compiles the rule `name` (`Style.Rule`) from its YAML.
pub fn compile(name: &str, text: &str, path: &Path) -> Result<Loaded, Problem> {
    let definition: Definition = serde_saphyr::from_str(text).map_err(|error| {
        let line = error.location().map_or(1, |at| at.line() as usize);
        let message = error.to_string();
        let message = message.lines().next().unwrap_or_default().to_string();
        Problem::new(path, line, format!("not a Vale rule Copydesk can read: {message}"))
    })?;
    let Some(extends) = definition.extends.clone() else {
        return Err(Problem::new(path, 1, "Missing the required 'extends' key."));
    };
    let Some(message) = definition.message.clone() else {
        return Err(Problem::new(path, 1, "Missing the required 'message' key."));
    };
    let level = match &definition.level {
        None => Level::Suggestion,
        Some(level) => Level::parse(level).ok_or_else(|| {
            Problem::new(
                path,
                line_of(text, "level"),
                format!("'level' must be suggestion, warning or error, not “{level}”."),
            )
        })?,
    };
    let regex = |pattern: &str, key: &str| {
        Regex::new(pattern).map_err(|error| {
            Problem::new(
                path,
                line_of(text, key),
                format!("the pattern in '{key}' does not compile: {error}"),
            )
        })
    };
    let except = exceptions(&definition.exceptions).map_err(|error| {
        Problem::new(path, line_of(text, "exceptions"), format!("an exception does not compile: {error}"))
    })?;
    let mut scopes = Scopes::default();
    for scope in definition.scope.iter().map(|s| s.trim()) {
        match scope.strip_prefix('~') {
            Some(negated) => scopes.exclude.push(negated.to_string()),
            None => scopes.include.push(scope.to_string()),
        }
    }
    if scopes.include.is_empty() {
        scopes.include.push("text".into());
    }
    let d = &definition;
    let (pattern, check) = match extends.as_str() {
        "existence" => {
            let tokens: Vec<&str> =
                d.tokens.iter().map(String::as_str).filter(|t| !t.trim().is_empty()).collect();
            let template =
                make_regexp(d.ignorecase, !d.nonword && !tokens.is_empty(), &d.raw.concat(), d.append);
            (Some(regex(&template.replace("%s", &tokens.join("|")), "tokens")?), Check::Existence)
        }
        "substitution" => {
            let mut keys: Vec<&String> = d.swap.keys().collect();
            keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
            let groups: Vec<String> = keys.iter().map(|k| format!("({})", uncapture(k))).collect();
            let template = make_regexp(d.ignorecase, !d.nonword, "", true);
            let pattern = regex(&template.replace("%s", &groups.join("|")), "swap")?;
            let replacements = keys.iter().map(|k| d.swap.get(*k).cloned().unwrap_or_default()).collect();
            let keys = keys.into_iter().cloned().collect();
            (
                Some(pattern),
                Check::Substitution {
                    replacements,
                    keys,
                    ignorecase: d.ignorecase,
                    capitalize: d.capitalize,
                },
            )
        }
        "occurrence" => {
            let pattern = format!("{}(?:{})", if d.ignorecase { "(?i)" } else { "" }, d.token);
            (Some(regex(&pattern, "token")?), Check::Occurrence { max: d.max, min: d.min })
        }
        "repetition" => {
            let pattern = format!("{}({})", if d.ignorecase { "(?i)" } else { "" }, d.tokens.join("|"));
            (
                Some(regex(&pattern, "tokens")?),
                Check::Repetition { alpha: d.alpha, ignorecase: d.ignorecase, max: d.max },
            )
        }
        "capitalization" => {
            let case = match d.case.as_str() {
                "$title" => Case::Title { chicago: d.style == "Chicago" },
                "$sentence" => Case::Sentence { indicators: d.indicators.clone() },
                "$lower" => Case::Lower,
                "$upper" => Case::Upper,
                pattern => Case::Pattern(regex(pattern, "match")?),
            };
            let threshold = if d.threshold == 0.0 { 0.8 } else { d.threshold };
            (None, Check::Capitalization { case, exceptions: d.exceptions.clone(), threshold })
        }
        "conditional" => {
            // Vale's `first` is what must be defined; `second` finds definitions.
            let uses = regex(&d.first, "first")?;
            let definitions = regex(&d.second, "second")?;
            (Some(uses), Check::Conditional { definitions })
        }
        "consistency" => {
            let key =
                name.split('.').nth(1).unwrap_or(name).replace(|c: char| !c.is_ascii_alphanumeric(), "");
            let mut steps = Vec::new();
            for (count, (one, other)) in d.either.iter().enumerate() {
                let names = [format!("{key}{}", 2 * count + 2), format!("{key}{}", 2 * count + 3)];
                let alternatives = format!("(?P<{}>{one})|(?P<{}>{other})", names[0], names[1]);
                let template = make_regexp(d.ignorecase, !d.nonword, "", true);
                steps.push((regex(&template.replace("%s", &alternatives), "either")?, names));
            }
            (None, Check::Consistency { steps })
        }
        "metric" => (None, Check::Metric { formula: d.formula.clone(), condition: d.condition.clone() }),
        "readability" => {
            let formula = super::text::readability_formula(&d.metrics).ok_or_else(|| {
                Problem::new(
                    path,
                    line_of(text, "metrics"),
                    format!("unknown readability metrics {:?}", d.metrics),
                )
            })?;
            (None, Check::Metric { formula, condition: format!("> {}", d.grade) })
        }
        "script" | "sequence" | "spelling" => return Ok(Loaded::Skipped(extends)),
        other => {
            return Err(Problem::new(
                path,
                line_of(text, "extends"),
                format!(
                    "'extends: {other}' is not a Vale rule type (existence, substitution, occurrence, repetition, capitalization, conditional, consistency, metric, readability)."
                ),
            ));
        }
    };
    if let Check::Metric { formula, condition } = &check {
        super::text::validate_metric(formula, condition)
            .map_err(|error| Problem::new(path, line_of(text, "formula"), error))?;
    }
    // Only where no match means no alert: an occurrence rule's `min`
    // alerts on too few, a repetition counts runs.
    let gate = match check {
        Check::Existence | Check::Substitution { .. } => {
            pattern.as_ref().and_then(|p| super::gate::gate_of(p.as_str()))
        }
        _ => None,
    };
    Ok(Loaded::Runs(Box::new(Rule {
        name: code_of(name),
        level,
        message,
        scopes,
        pattern,
        gate,
        exceptions: except,
        check,
    })))
}
