//! Format 3's front matter keys, the copy desk's work: `id`,
//! `embargo_until`, `language`, `target_words`, the `seo_*` and `social_*`
//! overrides, `corrections` and `notes`, as the Markdown export writes
//! them. A value that cannot be read is reported at its line and left out;
//! the rest of the file still imports.

use std::sync::Arc;

use super::super::Findings;
use super::Value;
use crate::model::article::{
    Anchor, Article, Correction, CorrectionKind, Field, Note, NoteKind, Reply, id_problem, language_problem,
    new_id,
};

/// Maps a format 3 key onto the article (`lang` is Jekyll's name for the
/// language); false when `key` is not one.
pub(super) fn apply(
    key: &str,
    value: &Value,
    line: usize,
    article: &mut Article,
    findings: &mut Findings,
) -> bool {
    let text = || Some(value.text()).filter(|t| !t.trim().is_empty() && !matches!(value, Value::Null));
    let mut left_out =
        |why: String| findings.warn(line, "import-bad-value", format!("`{key}` left out: {why}"));
    match key {
        "id" => match text() {
            Some(id) => match id_problem(id.trim()) {
                None => article.id = Some(id.trim().to_string()),
                Some(problem) => left_out(problem),
            },
            None => article.id = None,
        },
        "embargo_until" => super::keys::date(value, line, "embargo", &mut article.embargo_until, findings),
        "language" | "lang" => match text() {
            Some(tag) => match language_problem(tag.trim()) {
                None => article.language = Some(tag.trim().to_string()),
                Some(problem) => left_out(problem),
            },
            None => article.language = None,
        },
        "target_words" => match text() {
            Some(count) => match count.trim().parse::<u32>() {
                Ok(count) => article.target_words = Some(count),
                Err(_) => left_out(format!("expected a number of words (it says “{count}”)")),
            },
            None => article.target_words = None,
        },
        "seo_title" => article.seo_title = text(),
        "seo_description" => article.seo_description = text(),
        "social_title" => article.social_title = text(),
        "social_description" => article.social_description = text(),
        "corrections" => article.corrections = list(value, line, findings, key, correction),
        "notes" => article.notes = list(value, line, findings, key, note).into_iter().map(Arc::new).collect(),
        _ => return false,
    }
    true
}

/// Each item of a list read by `read`; an item it cannot read is reported
/// with why and left out.
fn list<T>(
    value: &Value,
    line: usize,
    findings: &mut Findings,
    key: &str,
    read: fn(&Value) -> Result<T, String>,
) -> Vec<T> {
    let items = match value {
        Value::List(items) => items.as_slice(),
        Value::Null => &[],
        other => {
            let message = format!("`{key}` left out: expected a list (it says “{}”)", other.text());
            findings.warn(line, "import-bad-value", message);
            return Vec::new();
        }
    };
    let mut read_items = Vec::with_capacity(items.len());
    for item in items {
        match read(item) {
            Ok(item) => read_items.push(item),
            Err(why) => findings.warn(
                line,
                "import-bad-value",
                format!("an entry of `{key}` left out: {why} (it says “{}”)", item.text()),
            ),
        }
    }
    read_items
}

fn text_of(item: &Value, name: &str) -> String {
    item.get(name).map(Value::text).unwrap_or_default()
}

fn time_of(item: &Value, name: &str) -> Result<jiff::Timestamp, String> {
    let text = text_of(item, name);
    super::super::dates::parse(&text).map(|parsed| parsed.at).ok_or_else(|| format!("`{name}` is not a time"))
}

fn correction(item: &Value) -> Result<Correction, String> {
    let kind = text_of(item, "kind");
    let kind = CorrectionKind::ALL
        .into_iter()
        .find(|k| squash(k.label()) == squash(&kind) || squash(&format!("{k:?}")) == squash(&kind))
        .ok_or_else(|| "`kind` is not Correction, Update or Editor's Note".to_string())?;
    Ok(Correction { at: time_of(item, "at")?, kind, text: text_of(item, "text") })
}

fn note(item: &Value) -> Result<Note, String> {
    let kind = text_of(item, "kind");
    let kind = NoteKind::ALL
        .into_iter()
        .find(|k| k.label().eq_ignore_ascii_case(kind.trim()))
        .ok_or_else(|| "`kind` is not Comment or Suggestion".to_string())?;
    let on = match item.get("on").map(Value::text).filter(|name| !name.is_empty()) {
        Some(name) => {
            Some(Field::from_name(&name).ok_or_else(|| format!("`on: {name}` is not an article field"))?)
        }
        None => None,
    };
    let anchor = match item.get("anchor") {
        Some(anchor @ Value::Map(_)) => {
            Some(Anchor { mark: text_of(anchor, "mark"), before: text_of(anchor, "before") })
        }
        Some(Value::Null) | None => None,
        Some(_) => return Err("`anchor` needs its mark and the text before it".into()),
    };
    let replies = match item.get("replies") {
        Some(Value::List(replies)) => replies
            .iter()
            .map(|reply| {
                Ok(Reply {
                    author: text_of(reply, "author"),
                    at: time_of(reply, "at")?,
                    text: text_of(reply, "text"),
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err("`replies` is not a list".into()),
    };
    let id = text_of(item, "id");
    Ok(Note {
        // A note from another tool without an id still needs one to merge.
        id: if id.trim().is_empty() { new_id() } else { id },
        kind,
        on,
        anchor,
        author: text_of(item, "author"),
        at: time_of(item, "at")?,
        text: text_of(item, "text"),
        replies,
        resolved: matches!(item.get("resolved"), Some(Value::Bool(true))),
    })
}

/// Letters only, lowercase: "Editor's Note", "EditorsNote" and
/// "editors_note" are one kind.
fn squash(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}
