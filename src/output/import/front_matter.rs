//! Front matter at the top of a Markdown file: YAML between `---` lines,
//! TOML between `+++` lines, or a JSON object; read with limits, then
//! mapped onto the article's fields by the keys static-site generators and
//! git CMSs use (Hugo, Jekyll, Decap, Front Matter CMS).

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed as _, MapAccess, SeqAccess, Visitor};
use xxhash_rust::xxh3::xxh3_64;

use super::ImportError;

mod copy_desk;
mod keys;
mod lines;

pub(crate) use keys::apply;
pub use keys::{KNOWN_KEYS, Mapped};
use lines::KeyLines;

/// How deep values may nest (the front matter's own map is the first
/// level), in every syntax: far above any front matter, far below what a
/// 10,000-deep nesting needs.
pub const MAX_DEPTH: usize = 32;
/// YAML alias limits: far above any front matter, far below what an alias
/// bomb needs.
const MAX_REPLAYED: usize = 20_000;
const MAX_ALIASES: usize = 200;

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Yaml,
    Toml,
    Json,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Yaml => "YAML",
            Kind::Toml => "TOML",
            Kind::Json => "JSON",
        }
    }
}

/// Which front matter the text starts with, if any.
pub fn detect(text: &str) -> Option<Kind> {
    let first = text.lines().next()?.trim_end();
    match first {
        "---" => Some(Kind::Yaml),
        "+++" => Some(Kind::Toml),
        _ if text.trim_start().starts_with('{') => Some(Kind::Json),
        _ => None,
    }
}

/// A front matter value, in document order, whatever the syntax.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The value as one line of text, for fields and messages.
    pub fn text(&self) -> String {
        match self {
            Value::Number(n) | Value::Text(n) => n.clone(),
            other => {
                let mut text = String::new();
                // A `String` takes any text.
                let _ = other.write_text(&mut text);
                text
            }
        }
    }

    /// The value as `text` gives it, written without a string of its own.
    pub fn write_text(&self, f: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) | Value::Text(n) => f.write_str(n),
            Value::List(items) => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        f.write_str(", ")?;
                    }
                    item.write_text(f)?;
                }
                Ok(())
            }
            Value::Map(entries) => {
                for (n, (key, value)) in entries.iter().enumerate() {
                    if n > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key}: ")?;
                    value.write_text(f)?;
                }
                Ok(())
            }
        }
    }

    /// A list of strings: a list, or one string (split at commas when
    /// `split` is set, as `tags: a, b` is written by hand).
    fn strings(&self, split: bool) -> Vec<String> {
        match self {
            Value::List(items) => items.iter().map(Value::text).collect(),
            Value::Null => Vec::new(),
            Value::Text(text) if split => {
                text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
            }
            other => vec![other.text()],
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// The key TOML's serde support uses to pass a datetime through a map.
const TOML_DATETIME: &str = "$__toml_private_datetime";

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        Nested(1).deserialize(deserializer)
    }
}

/// A value at nesting depth `.0` (the front matter's own map is 1): one
/// limit for YAML, TOML and JSON alike, whatever each parser allows.
struct Nested(usize);

impl<'de> de::DeserializeSeed<'de> for Nested {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor { depth: self.0 })
    }
}

struct ValueVisitor {
    depth: usize,
}

impl ValueVisitor {
    fn enter<E: de::Error>(&self) -> Result<Nested, E> {
        if self.depth > MAX_DEPTH {
            return Err(E::custom(format!("values are nested more than {MAX_DEPTH} deep")));
        }
        Ok(Nested(self.depth + 1))
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a front matter value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        de::DeserializeSeed::deserialize(Nested(self.depth), d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.enter()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Nested(inner.0))? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.enter()?;
        let mut entries: Vec<(String, Value)> = Vec::new();
        // YAML and TOML refuse a key given twice; JSON would keep both.
        // Keys are remembered by their hash (no copy of each); a hash seen
        // before is checked against the keys themselves.
        let mut seen: HashSet<u64> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(xxh3_64(key.as_bytes())) && entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("the key `{key}` is given twice")));
            }
            let value: Value = map.next_value_seed(Nested(inner.0))?;
            if key == TOML_DATETIME {
                return Ok(Value::Text(value.text()));
            }
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// One top-level key with the input line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    pub line: usize,
}

/// The front matter split off a text: its entries and where the body starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub kind: Kind,
    pub entries: Vec<Entry>,
    /// Byte offset of the body in the text.
    pub body_start: usize,
}

/// Splits and parses the front matter at the top of `text`.
pub fn split(text: &str, kind: Kind) -> Result<Split, ImportError> {
    let (block, block_start, body_start) = match kind {
        Kind::Yaml | Kind::Toml => fenced(text, if kind == Kind::Yaml { "---" } else { "+++" })?,
        Kind::Json => {
            let start = text.len() - text.trim_start().len();
            let mut stream =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde::de::IgnoredAny>();
            match stream.next() {
                Some(Ok(_)) => {
                    let end = start + stream.byte_offset();
                    (&text[start..end], start, end)
                }
                Some(Err(error)) => {
                    return Err(ImportError::FrontMatter {
                        line: super::line_of(text, start) + error.line().saturating_sub(1),
                        message: format!("the JSON front matter cannot be read: {error}"),
                    });
                }
                None => (&text[start..start], start, start),
            }
        }
    };
    let first_line = super::line_of(text, block_start);
    let value = parse(block, kind, first_line)?;
    let Value::Map(map) = value else {
        return Err(ImportError::FrontMatter {
            line: first_line,
            message: format!("the {} front matter is not a set of `key: value` pairs", kind.label()),
        });
    };
    // Each key's lines, found in one pass; each entry takes the next line
    // its key is on (TOML hands its keys over sorted, not in file order).
    let mut lines = KeyLines::of(block, kind);
    let entries = map
        .into_iter()
        .map(|(key, value)| {
            let at = lines.take(&key);
            Entry { line: at.map_or(first_line, |at| first_line + at), key, value }
        })
        .collect();
    Ok(Split { kind, entries, body_start })
}

/// The text between a fence line and the next one, and where the body
/// starts after it. Jekyll also closes YAML with `...`.
fn fenced<'a>(text: &'a str, fence: &str) -> Result<(&'a str, usize, usize), ImportError> {
    let open_end = text.find('\n').map_or(text.len(), |at| at + 1);
    let mut at = open_end;
    for line in text[open_end..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            return Ok((&text[open_end..at], open_end, at + line.len()));
        }
        at += line.len();
    }
    Err(ImportError::FrontMatter {
        line: 1,
        message: format!(
            "the front matter opened with `{fence}` on line 1 is never closed with another `{fence}` line"
        ),
    })
}

fn parse(block: &str, kind: Kind, first_line: usize) -> Result<Value, ImportError> {
    if block.trim().is_empty() {
        return Ok(Value::Map(Vec::new()));
    }
    let at = |line: usize| first_line + line.saturating_sub(1);
    match kind {
        Kind::Yaml => {
            // Nesting is limited by `Nested`, the same for every syntax;
            // the parser's own limit sits just above it so that one speaks.
            // Written nodes cost at least a byte each; only aliases can
            // make more, and they have limits of their own.
            let options = serde_saphyr::options! {
                budget: serde_saphyr::budget! {
                    max_depth: MAX_DEPTH + 2,
                    max_nodes: block.len().max(MAX_REPLAYED),
                    max_aliases: MAX_ALIASES,
                    max_anchors: MAX_ALIASES,
                    max_documents: 1,
                },
                alias_limits: serde_saphyr::alias_limits! {
                    max_total_replayed_events: MAX_REPLAYED,
                    max_replay_stack_depth: MAX_DEPTH,
                },
            };
            serde_saphyr::from_str_with_options::<Value>(block, options).map_err(|error| {
                let line = error.location().map_or(first_line, |l| at(l.line() as usize));
                let message = without_position(&first_line_of(&error.to_string()));
                ImportError::FrontMatter {
                    line,
                    message: format!("the YAML front matter cannot be read: {message}"),
                }
            })
        }
        Kind::Toml => toml::from_str::<Value>(block).map_err(|error| {
            let line =
                error.span().map_or(first_line, |span| super::line_of(block, span.start) + first_line - 1);
            // toml's message leaves out what it is about ("duplicate key"):
            // name it, when it is a short piece of one line.
            let quoted = error
                .span()
                .and_then(|span| block.get(span))
                .map(str::trim)
                .filter(|text| !text.is_empty() && text.len() <= 60 && !text.contains('\n'))
                .map(|text| format!(" (`{text}`)"))
                .unwrap_or_default();
            ImportError::FrontMatter {
                line,
                message: format!(
                    "the TOML front matter cannot be read: {}{quoted}",
                    first_line_of(error.message())
                ),
            }
        }),
        Kind::Json => serde_json::from_str::<Value>(block).map_err(|error| ImportError::FrontMatter {
            line: at(error.line()),
            message: format!("the JSON front matter cannot be read: {error}"),
        }),
    }
}

/// serde-saphyr says "error: line 1 column 5: …" counting from the start
/// of the front matter; the error's own line already says where in the file.
fn without_position(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    match message.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
        Some((position, rest)) if position.contains("column") => rest.to_string(),
        _ => message.to_string(),
    }
}

fn first_line_of(message: &str) -> String {
    message.lines().find(|l| !l.trim().is_empty()).unwrap_or(message).trim().to_string()
}
