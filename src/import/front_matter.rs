//! Front matter at the top of a Markdown file: YAML between `---` lines,
//! TOML between `+++` lines, or a JSON object; read with limits, then
//! mapped onto the article's fields by the keys static-site generators and
//! git CMSs use (Hugo, Jekyll, Decap, Front Matter CMS).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use super::{Findings, ImportError, dates};
use crate::article::{Article, Related, ShareTarget, Status};

/// YAML limits, far above any front matter and far below what an alias
/// bomb or a 10,000-deep nesting needs.
const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;
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
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) | Value::Text(n) => n.clone(),
            Value::List(items) => items.iter().map(Value::text).collect::<Vec<_>>().join(", "),
            Value::Map(entries) => {
                entries.iter().map(|(k, v)| format!("{k}: {}", v.text())).collect::<Vec<_>>().join(", ")
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
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

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
        Value::deserialize(d)
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
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
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
    let entries = map
        .into_iter()
        .map(|(key, value)| {
            let line = key_line(block, &key, kind).map_or(first_line, |at| first_line + at);
            Entry { key, value, line }
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
            let options = serde_saphyr::options! {
                budget: serde_saphyr::budget! {
                    max_depth: MAX_DEPTH,
                    max_nodes: MAX_NODES,
                    max_aliases: MAX_ALIASES,
                    max_anchors: MAX_ALIASES,
                    max_documents: 1,
                },
                alias_limits: serde_saphyr::alias_limits! {
                    max_total_replayed_events: MAX_NODES,
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
            ImportError::FrontMatter {
                line,
                message: format!("the TOML front matter cannot be read: {}", first_line_of(error.message())),
            }
        }),
        Kind::Json => {
            // serde_json refuses nesting past 128 on its own.
            serde_json::from_str::<Value>(block).map_err(|error| ImportError::FrontMatter {
                line: at(error.line()),
                message: format!("the JSON front matter cannot be read: {error}"),
            })
        }
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

/// The 0-based line of the block a top-level key is written on.
fn key_line(block: &str, key: &str, kind: Kind) -> Option<usize> {
    block.lines().position(|line| {
        let spelled = |rest: &str, sep: char| rest.trim_start().starts_with(sep);
        match kind {
            Kind::Yaml => [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
                .iter()
                .any(|k| line.strip_prefix(k.as_str()).is_some_and(|rest| spelled(rest, ':'))),
            Kind::Toml => {
                let line = line.trim_start();
                line == format!("[{key}]")
                    || line == format!("[[{key}]]")
                    || [key.to_string(), format!("\"{key}\"")]
                        .iter()
                        .any(|k| line.strip_prefix(k.as_str()).is_some_and(|rest| spelled(rest, '=')))
            }
            Kind::Json => {
                line.trim_start().strip_prefix(&format!("\"{key}\"")).is_some_and(|rest| spelled(rest, ':'))
            }
        }
    })
}

/// Every key the mapping reads; anything else is reported and left out.
pub const KNOWN_KEYS: &[&str] = &[
    "image",
    "title",
    "description",
    "summary",
    "excerpt",
    "slug",
    "date",
    "publishDate",
    "published",
    "lastmod",
    "modified",
    "updated",
    "categories",
    "category",
    "tags",
    "keywords",
    "authors",
    "author",
    "draft",
    "status",
    "share",
    "related",
];

/// What the front matter set, before the body is read.
#[derive(Debug, Default)]
pub struct Mapped {
    pub has_headline: bool,
    pub has_slug: bool,
    /// The line of the `related` key, for findings about its links.
    pub related_line: usize,
}

/// Maps front matter entries onto the article's fields.
pub(crate) fn apply(entries: &[Entry], article: &mut Article, findings: &mut Findings) -> Mapped {
    let mut mapped = Mapped::default();
    let mut dek_from: Option<&str> = None;
    let mut status_key = false;
    let mut draft: Option<(bool, usize)> = None;
    let mut keywords: Vec<String> = Vec::new();
    article.share = ShareTarget::ALL.to_vec();
    for Entry { key, value, line } in entries {
        let line = *line;
        match key.as_str() {
            "title" => {
                article.headline = value.text();
                mapped.has_headline = true;
            }
            "description" | "summary" | "excerpt" => match dek_from {
                None => {
                    article.dek = value.text();
                    dek_from = Some(key.as_str());
                }
                Some(first) if article.dek != value.text() => findings.warn(
                    line,
                    "import-dek-conflict",
                    format!(
                        "`{key}` left out: the dek comes from `{first}` (this one says “{}”)",
                        value.text()
                    ),
                ),
                Some(_) => {}
            },
            "slug" => {
                article.slug = value.text();
                mapped.has_slug = true;
            }
            "published" if matches!(value, Value::Bool(_)) => {
                draft = Some((matches!(value, Value::Bool(false)), line));
            }
            "date" | "publishDate" | "published" => {
                date(value, line, "published", &mut article.published_at, findings);
            }
            "lastmod" | "modified" | "updated" => {
                date(value, line, "updated", &mut article.updated_at, findings)
            }
            "categories" | "category" => {
                let mut names = value.strings(false).into_iter();
                if let Some(first) = names.next() {
                    article.category = first;
                } else {
                    article.category.clear();
                }
                let rest: Vec<String> = names.collect();
                if !rest.is_empty() {
                    findings.warn(
                        line,
                        "import-extra-categories",
                        format!(
                            "an article has one category: “{}” kept, {} left out",
                            article.category,
                            rest.iter().map(|c| format!("“{c}”")).collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
            "tags" => article.tags.extend(value.strings(true)),
            // Keywords are tags by another name; a keyword already tagged
            // is not repeated.
            "keywords" => keywords.extend(value.strings(true)),
            "authors" | "author" => {
                article.bylines = match value {
                    // Decap and Front Matter CMS write authors as objects.
                    Value::List(items) => items.iter().map(|i| i.get("name").unwrap_or(i).text()).collect(),
                    Value::Map(_) => vec![value.get("name").map_or_else(|| value.text(), Value::text)],
                    Value::Null => Vec::new(),
                    other => vec![other.text()],
                };
            }
            "draft" => match value {
                Value::Bool(true) => draft = Some((true, line)),
                Value::Bool(false) => draft = Some((false, line)),
                other => findings.warn(
                    line,
                    "import-bad-value",
                    format!("`draft: {}` left out: expected true or false", other.text()),
                ),
            },
            "status" => {
                match Status::ALL.iter().find(|s| s.label().eq_ignore_ascii_case(value.text().trim())) {
                    Some(status) => {
                        article.status = *status;
                        status_key = true;
                    }
                    None => findings.warn(
                        line,
                        "import-bad-value",
                        format!(
                            "`status: {}` left out: expected Draft, Edit, Ready or Published",
                            value.text()
                        ),
                    ),
                }
            }
            "share" => {
                article.share.clear();
                for label in value.strings(true) {
                    match ShareTarget::ALL.iter().find(|t| t.label().eq_ignore_ascii_case(&label)) {
                        Some(target) if !article.share.contains(target) => article.share.push(*target),
                        Some(_) => {}
                        None => findings.warn(
                            line,
                            "import-bad-value",
                            format!("share target “{label}” left out: not a network Copydesk shares to"),
                        ),
                    }
                }
            }
            "related" => {
                article.related = related(value, line, findings);
                mapped.related_line = line;
            }
            "image" => article.image = image(value, line, findings),
            _ => findings.warn(
                line,
                "import-unknown-key",
                format!("unknown front matter key `{key}` left out (its value: “{}”)", value.text()),
            ),
        }
    }
    // Keywords come after the tags whatever the key order (TOML tables
    // arrive sorted); one already tagged is not repeated.
    for keyword in keywords {
        if !article.tags.contains(&keyword) {
            article.tags.push(keyword);
        }
    }
    if !status_key {
        article.status = match draft {
            Some((true, _)) => Status::Draft,
            Some((false, _)) => Status::Published,
            None => Status::Draft,
        };
        if draft.is_none() {
            findings.note(1, "import-status", "no `draft` or `status` key: imported as a Draft");
        }
    } else if let Some((is_draft, line)) = draft
        && is_draft != (article.status != Status::Published)
    {
        findings.warn(
            line,
            "import-status-conflict",
            format!("`draft` disagrees with `status: {}`; the status is kept", article.status),
        );
    }
    mapped
}

fn date(
    value: &Value,
    line: usize,
    field: &str,
    slot: &mut Option<jiff::Timestamp>,
    findings: &mut Findings,
) {
    let text = value.text();
    if matches!(value, Value::Null) || text.trim().is_empty() {
        *slot = None;
        return;
    }
    match dates::parse(&text) {
        Some(parsed) => {
            *slot = Some(parsed.at);
            if let Some(assumed) = parsed.assumed {
                findings.note(
                    line,
                    "import-date",
                    format!("{field} “{text}” is {}: {}", assumed.describe(), parsed.at),
                );
            } else if parsed.at.to_string() != text.trim() {
                findings.note(line, "import-date", format!("{field} “{text}” read as {} (UTC)", parsed.at));
            }
        }
        None => findings.warn(
            line,
            "import-bad-date",
            format!("{field} date “{text}” left out: not a date this import reads"),
        ),
    }
}

/// The lead image: a map with src, alt, caption, credit and (optionally)
/// width and height, or just its source.
fn image(value: &Value, line: usize, findings: &mut Findings) -> Option<crate::article::Image> {
    let field = |name: &str| value.get(name).map(Value::text).unwrap_or_default();
    let size = |name: &str| value.get(name).and_then(|v| v.text().parse::<u32>().ok());
    match value {
        Value::Map(_) => Some(crate::article::Image {
            alt: field("alt"),
            caption: field("caption"),
            credit: field("credit"),
            src: field("src"),
            width: size("width"),
            height: size("height"),
        }),
        Value::Text(src) => Some(crate::article::Image { src: src.clone(), ..Default::default() }),
        Value::Null => None,
        other => {
            findings.warn(
                line,
                "import-bad-value",
                format!(
                    "`image` left out: expected src, alt, caption and credit (it says “{}”)",
                    other.text()
                ),
            );
            None
        }
    }
}

fn related(value: &Value, line: usize, findings: &mut Findings) -> Vec<Related> {
    let Value::List(items) = value else {
        findings.warn(
            line,
            "import-bad-value",
            format!("`related` left out: expected a list of links (it says “{}”)", value.text()),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Map(_) => {
                let field = |name: &str| item.get(name).map(Value::text).unwrap_or_default();
                Some(Related {
                    slug: field("slug"),
                    category: field("category"),
                    title: field("title"),
                    teaser: field("teaser"),
                })
            }
            Value::Text(slug) => Some(Related { slug: slug.clone(), ..Related::default() }),
            other => {
                findings.warn(
                    line,
                    "import-bad-value",
                    format!(
                        "related link “{}” left out: expected slug, category, title and teaser",
                        other.text()
                    ),
                );
                None
            }
        })
        .collect()
}
