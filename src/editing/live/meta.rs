//! The article's fields in the live document: `headline` and `dek` as
//! texts of their own, every other field of the catalogue (but the body and
//! the id) under its file name in the `meta` map, as a value any Yjs client
//! reads without Copydesk: a string, a number, `null`, an object; lists
//! (bylines, tags, share targets, related links, corrections, notes,
//! publications) as arrays, so two editors adding a tag both keep theirs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yrs::types::ToJson;
use yrs::{Any, Array, ArrayPrelim, ArrayRef, Map, MapRef, Out, ReadTxn, TransactionMut};

use crate::editing::document::Fields;
use crate::model::article::{Article, Field, Value};

/// The fields kept in `meta`, in the catalogue's order (the order they are
/// first written in, so two editors seeding the same article write the
/// same document).
pub fn fields() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter().filter(|f| !matches!(f, Field::Headline | Field::Dek | Field::Body | Field::Id))
}

/// One field's value as the live document holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Scalar(Any),
    List(Vec<Any>),
}

fn json<T: Serialize>(value: &T) -> Any {
    serde_json::to_value(value).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or(Any::Null)
}

fn from_json<T: DeserializeOwned>(any: &Any) -> Option<T> {
    serde_json::to_value(any).ok().and_then(|v| serde_json::from_value(v).ok())
}

fn list<T: Serialize>(items: &[T]) -> Entry {
    Entry::List(items.iter().map(json).collect())
}

fn each<T: DeserializeOwned>(items: &[Any]) -> Option<Vec<T>> {
    items.iter().map(from_json).collect()
}

/// `field` of `fields` as the live document holds it.
pub fn entry(field: Field, fields: &Fields) -> Entry {
    match (field, field.read(&fields.article)) {
        // As typed: a half-typed time travels as the editor sees it.
        (Field::PublishedAt, _) => Entry::Scalar(Any::from(fields.published_text.as_str())),
        (Field::UpdatedAt, _) => Entry::Scalar(Any::from(fields.updated_text.as_str())),
        (_, Value::Text(text)) => Entry::Scalar(Any::from(text)),
        (_, Value::Status(status)) => Entry::Scalar(json(&status)),
        (_, Value::Time(at)) => Entry::Scalar(at.map_or(Any::Null, |at| Any::from(at.to_string()))),
        (_, Value::Count(count)) => Entry::Scalar(count.map_or(Any::Null, |n| Any::from(f64::from(n)))),
        (_, Value::Size { width, height }) => {
            Entry::Scalar(json(&serde_json::json!({ "width": width, "height": height })))
        }
        (_, Value::Strings(items)) => Entry::List(items.into_iter().map(Any::from).collect()),
        (_, Value::Share(items)) => list(&items),
        (_, Value::Related(items)) => list(&items),
        (_, Value::Corrections(items)) => list(&items),
        (_, Value::Notes(items)) => list(&items),
        (_, Value::Publications(items)) => list(&items),
        (_, Value::Blocks(_)) => Entry::Scalar(Any::Null),
    }
}

/// Puts `entry` into `fields` as `field`; `false` (and nothing changed)
/// when it is not a value of that field's kind.
pub fn put(field: Field, entry: &Entry, fields: &mut Fields) -> bool {
    let text = |entry: &Entry| match entry {
        Entry::Scalar(Any::String(s)) => Some(s.to_string()),
        _ => None,
    };
    match field {
        Field::PublishedAt | Field::UpdatedAt => {
            let Some(typed) = text(entry) else { return false };
            if field == Field::PublishedAt {
                fields.published_text = typed;
            } else {
                fields.updated_text = typed;
            }
            return true;
        }
        _ => {}
    }
    let value = match (field.read(&Article::default()), entry) {
        (Value::Text(_), entry) => text(entry).map(Value::Text),
        (Value::Status(_), Entry::Scalar(any)) => from_json(any).map(Value::Status),
        (Value::Time(_), Entry::Scalar(Any::Null)) => Some(Value::Time(None)),
        (Value::Time(_), Entry::Scalar(Any::String(s))) => s.parse().ok().map(|at| Value::Time(Some(at))),
        (Value::Count(_), Entry::Scalar(Any::Null)) => Some(Value::Count(None)),
        (Value::Count(_), Entry::Scalar(Any::Number(n))) => {
            n.as_i64().and_then(|n| u32::try_from(n).ok()).map(|n| Value::Count(Some(n)))
        }
        (Value::Size { .. }, Entry::Scalar(any)) => {
            #[derive(serde::Deserialize)]
            struct Size {
                width: Option<u32>,
                height: Option<u32>,
            }
            from_json::<Size>(any).map(|s| Value::Size { width: s.width, height: s.height })
        }
        (Value::Strings(_), Entry::List(items)) => each(items).map(Value::Strings),
        (Value::Share(_), Entry::List(items)) => each(items).map(Value::Share),
        (Value::Related(_), Entry::List(items)) => each(items).map(Value::Related),
        (Value::Corrections(_), Entry::List(items)) => each(items).map(Value::Corrections),
        (Value::Notes(_), Entry::List(items)) => each(items).map(Value::Notes),
        (Value::Publications(_), Entry::List(items)) => each(items).map(Value::Publications),
        _ => None,
    };
    match value {
        Some(value) => {
            field.put(&mut fields.article, value);
            true
        }
        None => false,
    }
}

/// What `meta` holds under `field`'s name; `None` when nothing is there,
/// `Some(None)` when what is there is no value Copydesk reads (a nested
/// map, a text).
pub fn read<T: ReadTxn>(meta: &MapRef, txn: &T, field: Field) -> Option<Option<Entry>> {
    Some(match meta.get(txn, field.name())? {
        Out::Any(any) => Some(Entry::Scalar(any)),
        Out::YArray(array) => {
            let items: Option<Vec<Any>> = array
                .iter(txn)
                .map(|item| match item {
                    Out::Any(any) => Some(any),
                    // A nested shared type: its plain value, as a JS client
                    // reading it with toJSON sees it.
                    other => Some(other.to_json(txn)),
                })
                .collect();
            items.map(Entry::List)
        }
        _ => None,
    })
}

/// Writes `new` as `field` in `meta`, where `old` is what it holds: a list
/// changes by the items between its common start and end, so concurrent
/// additions elsewhere in it are kept.
pub fn write(meta: &MapRef, txn: &mut TransactionMut, field: Field, old: Option<&Entry>, new: &Entry) {
    let name = field.name();
    match new {
        Entry::Scalar(value) => {
            meta.insert(txn, name, value.clone());
        }
        Entry::List(items) => {
            let existing = match (old, meta.get(txn, name)) {
                (Some(Entry::List(old)), Some(Out::YArray(array)))
                    if array.len(txn) as usize == old.len() =>
                {
                    Some((array, old))
                }
                _ => None,
            };
            match existing {
                Some((array, old)) => splice_array(&array, txn, old, items),
                None => {
                    meta.insert(txn, name, ArrayPrelim::from(items.clone()));
                }
            }
        }
    }
}

fn splice_array(array: &ArrayRef, txn: &mut TransactionMut, old: &[Any], new: &[Any]) {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let most = old.len().min(new.len()) - head;
    let tail = old.iter().rev().zip(new.iter().rev()).take(most).take_while(|(a, b)| a == b).count();
    let removed = old.len() - head - tail;
    if removed > 0 {
        array.remove_range(txn, head as u32, removed as u32);
    }
    let inserted = &new[head..new.len() - tail];
    if !inserted.is_empty() {
        array.insert_range(txn, head as u32, inserted.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::{Related, Status};

    #[test]
    fn every_kept_field_reads_back_as_it_was_written() {
        let mut edited = Fields::default();
        edited.article.slug = "tide-gauge".into();
        edited.article.status = Status::Edit;
        edited.article.tags = vec!["harbour".into(), "weather".into()];
        edited.article.target_words = Some(650);
        edited.article.related = vec![Related {
            slug: "storm-wall".into(),
            category: "Local".into(),
            title: "The Storm Wall Holds".into(),
            teaser: "For now.".into(),
        }];
        edited.published_text = "tomorrow".into();
        let mut back = Fields::default();
        for field in fields() {
            assert!(put(field, &entry(field, &edited), &mut back), "{field:?}");
        }
        assert_eq!(back.article, {
            let mut a = edited.article.clone();
            a.published_at = None;
            a
        });
        assert_eq!(back.published_text, "tomorrow");
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_refused() {
        let mut fields = Fields::default();
        assert!(!put(Field::Tags, &Entry::Scalar(Any::from(3.0)), &mut fields));
        assert!(!put(Field::Status, &Entry::Scalar(Any::from("Lunch")), &mut fields));
        assert!(!put(Field::Slug, &Entry::List(vec![]), &mut fields));
        assert!(!put(Field::TargetWords, &Entry::Scalar(Any::from(-4.0)), &mut fields));
        assert_eq!(fields, Fields::default());
    }
}
