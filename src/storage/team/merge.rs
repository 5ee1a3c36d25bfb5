//! Three-way merge of an article by field: each metadata field on its own,
//! tags, bylines, share targets and related links as keyed lists, and the
//! body block by block. Only a field (or run of blocks) changed differently
//! on both sides is a conflict; the merged article always holds a value for
//! it (mine), so it stays loadable and editable until the editor chooses.

use std::collections::HashMap;
use std::hash::Hash;

use crate::model::article::{Article, Block, Related, ShareTarget, Status};
use crate::model::markup;

mod body;
mod desk;

pub use body::{BlocksMerge, merge_blocks};
pub use desk::{DeskConflict, merge_desk};

/// A part of an article that merges on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Slug,
    Headline,
    Dek,
    Category,
    Tags,
    Bylines,
    Status,
    PublishedAt,
    UpdatedAt,
    Share,
    Related,
    Body,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Slug => "Slug",
            Field::Headline => "Headline",
            Field::Dek => "Dek",
            Field::Category => "Category",
            Field::Tags => "Tags",
            Field::Bylines => "Bylines",
            Field::Status => "Status",
            Field::PublishedAt => "Published at",
            Field::UpdatedAt => "Updated at",
            Field::Share => "Share",
            Field::Related => "Related",
            Field::Body => "Body",
        }
    }
}

/// The value of one field, for showing and for putting back.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Status(Status),
    Time(Option<jiff::Timestamp>),
    Strings(Vec<String>),
    Share(Vec<ShareTarget>),
    Related(Vec<Related>),
    Blocks(Vec<Block>),
}

impl Value {
    /// The value as an editor reads it: body blocks in the editor's markup,
    /// lists one item a line.
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Status(status) => status.label().to_string(),
            Value::Time(at) => at.map(|at| at.to_string()).unwrap_or_default(),
            Value::Strings(items) => items.join("\n"),
            Value::Share(targets) => targets.iter().map(|t| t.label()).collect::<Vec<_>>().join("\n"),
            Value::Related(links) => {
                links.iter().map(|r| format!("{}: {}", r.slug, r.title)).collect::<Vec<_>>().join("\n")
            }
            Value::Blocks(blocks) => markup::render(blocks),
        }
    }
}

/// One real conflict: the same field, or the same run of body blocks,
/// changed differently on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub field: Field,
    /// For the body: where mine's blocks start in the merged body.
    pub at: usize,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// How the editor settles one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    #[default]
    KeepMine,
    TakeTheirs,
    /// For the body: mine's blocks, then theirs. Other fields keep mine.
    KeepBoth,
}

/// The result of merging one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleMerge {
    /// Every clean change from both sides, and mine where they conflict.
    pub merged: Article,
    pub conflicts: Vec<Conflict>,
}

impl ArticleMerge {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The article with each conflict settled by the choice at its index
    /// (missing choices keep mine).
    pub fn resolve(&self, choices: &[Choice]) -> Article {
        let mut article = self.merged.clone();
        let mut body_edits = Vec::new();
        for (i, conflict) in self.conflicts.iter().enumerate() {
            let choice = choices.get(i).copied().unwrap_or_default();
            if conflict.field == Field::Body {
                body_edits.push((conflict, choice));
                continue;
            }
            if choice == Choice::TakeTheirs {
                put(&mut article, conflict.field, conflict.theirs.clone());
            } else {
                put(&mut article, conflict.field, conflict.mine.clone());
            }
        }
        // From the end, so earlier positions stay valid.
        body_edits.sort_by_key(|(conflict, _)| std::cmp::Reverse(conflict.at));
        for (conflict, choice) in body_edits {
            let (Value::Blocks(mine), Value::Blocks(theirs)) = (&conflict.mine, &conflict.theirs) else {
                continue;
            };
            let end = (conflict.at + mine.len()).min(article.body.len());
            let start = conflict.at.min(end);
            let replacement: Vec<Block> = match choice {
                Choice::KeepMine => mine.clone(),
                Choice::TakeTheirs => theirs.clone(),
                Choice::KeepBoth => mine.iter().chain(theirs).cloned().collect(),
            };
            article.body.splice(start..end, replacement);
        }
        article
    }
}

fn put(article: &mut Article, field: Field, value: Value) {
    match (field, value) {
        (Field::Slug, Value::Text(v)) => article.slug = v,
        (Field::Headline, Value::Text(v)) => article.headline = v,
        (Field::Dek, Value::Text(v)) => article.dek = v,
        (Field::Category, Value::Text(v)) => article.category = v,
        (Field::Tags, Value::Strings(v)) => article.tags = v,
        (Field::Bylines, Value::Strings(v)) => article.bylines = v,
        (Field::Status, Value::Status(v)) => article.status = v,
        (Field::PublishedAt, Value::Time(v)) => article.published_at = v,
        (Field::UpdatedAt, Value::Time(v)) => article.updated_at = v,
        (Field::Share, Value::Share(v)) => article.share = v,
        (Field::Related, Value::Related(v)) => article.related = v,
        (Field::Body, Value::Blocks(v)) => article.body = v,
        _ => {}
    }
}

/// Merges two versions of an article that both grew from `base` (`None`
/// when each side added the file on its own).
pub fn merge_article(base: Option<&Article>, mine: &Article, theirs: &Article) -> ArticleMerge {
    let empty = Article::default();
    let base = base.unwrap_or(&empty);
    let mut conflicts = Vec::new();
    let mut scalar = |field: Field, b: Value, m: Value, t: Value| -> Value {
        match three_way(&b, &m, &t) {
            Some(v) => v.clone(),
            None => {
                conflicts.push(Conflict { field, at: 0, base: b, mine: m.clone(), theirs: t });
                m
            }
        }
    };
    let text = |s: &String| Value::Text(s.clone());
    let mut merged = mine.clone();
    macro_rules! text_field {
        ($field:ident, $name:ident) => {
            if let Value::Text(v) =
                scalar(Field::$field, text(&base.$name), text(&mine.$name), text(&theirs.$name))
            {
                merged.$name = v;
            }
        };
    }
    text_field!(Slug, slug);
    text_field!(Headline, headline);
    text_field!(Dek, dek);
    text_field!(Category, category);
    if let Value::Status(v) = scalar(
        Field::Status,
        Value::Status(base.status),
        Value::Status(mine.status),
        Value::Status(theirs.status),
    ) {
        merged.status = v;
    }
    if let Value::Time(v) = scalar(
        Field::PublishedAt,
        Value::Time(base.published_at),
        Value::Time(mine.published_at),
        Value::Time(theirs.published_at),
    ) {
        merged.published_at = v;
    }
    if let Value::Time(v) = scalar(
        Field::UpdatedAt,
        Value::Time(base.updated_at),
        Value::Time(mine.updated_at),
        Value::Time(theirs.updated_at),
    ) {
        merged.updated_at = v;
    }

    let mut list_field = |field: Field, b: Value, m: Value, t: Value, merged_slot: &mut Value| {
        let outcome = match (&b, &m, &t) {
            (Value::Strings(b), Value::Strings(m), Value::Strings(t)) => {
                merge_list(b, m, t, |s| s.clone()).map(Value::Strings)
            }
            (Value::Share(b), Value::Share(m), Value::Share(t)) => {
                merge_list(b, m, t, |s| *s).map(Value::Share)
            }
            (Value::Related(b), Value::Related(m), Value::Related(t)) => {
                merge_list(b, m, t, |r| r.slug.clone()).map(Value::Related)
            }
            _ => return,
        };
        match outcome {
            ListMerge::Clean(v) => *merged_slot = v,
            ListMerge::Conflict { prefer_mine, prefer_theirs } => {
                *merged_slot = prefer_mine.clone();
                conflicts.push(Conflict { field, at: 0, base: b, mine: prefer_mine, theirs: prefer_theirs });
            }
        }
    };
    let mut slot = Value::Strings(Vec::new());
    list_field(
        Field::Tags,
        Value::Strings(base.tags.clone()),
        Value::Strings(mine.tags.clone()),
        Value::Strings(theirs.tags.clone()),
        &mut slot,
    );
    if let Value::Strings(v) = std::mem::replace(&mut slot, Value::Strings(Vec::new())) {
        merged.tags = v;
    }
    list_field(
        Field::Bylines,
        Value::Strings(base.bylines.clone()),
        Value::Strings(mine.bylines.clone()),
        Value::Strings(theirs.bylines.clone()),
        &mut slot,
    );
    if let Value::Strings(v) = std::mem::replace(&mut slot, Value::Strings(Vec::new())) {
        merged.bylines = v;
    }
    let mut share_slot = Value::Share(Vec::new());
    list_field(
        Field::Share,
        Value::Share(base.share.clone()),
        Value::Share(mine.share.clone()),
        Value::Share(theirs.share.clone()),
        &mut share_slot,
    );
    if let Value::Share(v) = share_slot {
        merged.share = v;
    }
    let mut related_slot = Value::Related(Vec::new());
    list_field(
        Field::Related,
        Value::Related(base.related.clone()),
        Value::Related(mine.related.clone()),
        Value::Related(theirs.related.clone()),
        &mut related_slot,
    );
    if let Value::Related(v) = related_slot {
        merged.related = v;
    }

    let body = merge_blocks(&base.body, &mine.body, &theirs.body);
    merged.body = body.merged;
    conflicts.extend(body.conflicts);
    ArticleMerge { merged, conflicts }
}

/// The merged value when at most one side changed it (or both the same
/// way); `None` when both changed it differently.
fn three_way<'a, T: PartialEq>(base: &'a T, mine: &'a T, theirs: &'a T) -> Option<&'a T> {
    if mine == theirs || theirs == base {
        Some(mine)
    } else if mine == base {
        Some(theirs)
    } else {
        None
    }
}

enum ListMerge<T> {
    Clean(T),
    Conflict { prefer_mine: T, prefer_theirs: T },
}

impl<T> ListMerge<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> ListMerge<U> {
        match self {
            ListMerge::Clean(v) => ListMerge::Clean(f(v)),
            ListMerge::Conflict { prefer_mine, prefer_theirs } => {
                ListMerge::Conflict { prefer_mine: f(prefer_mine), prefer_theirs: f(prefer_theirs) }
            }
        }
    }
}

/// Merges a list whose items are known by a key: additions from both sides
/// are kept (mine's order first), removals are honoured unless the other
/// side changed the removed item, and an item changed differently on both
/// sides is the only conflict.
fn merge_list<T: Clone + PartialEq, K: Eq + Hash>(
    base: &[T],
    mine: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> ListMerge<Vec<T>> {
    if mine == theirs || theirs == base {
        return ListMerge::Clean(mine.to_vec());
    }
    if mine == base {
        return ListMerge::Clean(theirs.to_vec());
    }
    let index = |items: &[T]| {
        let mut map = HashMap::new();
        for item in items {
            map.entry(key(item)).or_insert(item.clone());
        }
        map
    };
    let (base_map, mine_map, theirs_map) = (index(base), index(mine), index(theirs));
    let mut prefer_mine = Vec::new();
    let mut prefer_theirs = Vec::new();
    let mut conflict = false;
    for item in mine {
        let k = key(item);
        match (base_map.get(&k), theirs_map.get(&k)) {
            // Removed by theirs: gone unless mine changed it.
            (Some(b), None) if b == item => {}
            (b, Some(t)) => match b.and_then(|b| three_way(b, item, t)) {
                Some(v) => {
                    prefer_mine.push(v.clone());
                    prefer_theirs.push(v.clone());
                }
                None if item == t => {
                    prefer_mine.push(item.clone());
                    prefer_theirs.push(item.clone());
                }
                None => {
                    conflict = true;
                    prefer_mine.push(item.clone());
                    prefer_theirs.push(t.clone());
                }
            },
            _ => {
                prefer_mine.push(item.clone());
                prefer_theirs.push(item.clone());
            }
        }
    }
    for item in theirs {
        let k = key(item);
        if mine_map.contains_key(&k) {
            continue;
        }
        match base_map.get(&k) {
            // Removed by mine and untouched by theirs.
            Some(b) if b == item => {}
            _ => {
                prefer_mine.push(item.clone());
                prefer_theirs.push(item.clone());
            }
        }
    }
    if conflict { ListMerge::Conflict { prefer_mine, prefer_theirs } } else { ListMerge::Clean(prefer_mine) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::desk::DeskConfig;

    fn p(text: &str) -> Block {
        Block::Paragraph(text.into())
    }

    fn story() -> Article {
        Article {
            slug: "harbour-bridge".into(),
            headline: "Harbour bridge reopens".into(),
            dek: "Crews finished early.".into(),
            category: "Local".into(),
            tags: vec!["bridge".into(), "harbour".into()],
            body: vec![p("One."), p("Two."), p("Three."), p("Four.")],
            ..Article::default()
        }
    }

    #[test]
    fn different_fields_merge_cleanly() {
        let base = story();
        let mut mine = base.clone();
        mine.headline = "Harbour bridge reopens at dawn".into();
        mine.tags.push("transport".into());
        mine.body[0] = p("One, edited by mine.");
        let mut theirs = base.clone();
        theirs.dek = "Crews finished a week early.".into();
        theirs.tags.retain(|t| t != "harbour");
        theirs.body[3] = p("Four, edited by theirs.");
        theirs.body.push(p("Five."));
        let merge = merge_article(Some(&base), &mine, &theirs);
        assert!(merge.is_clean(), "{:?}", merge.conflicts);
        let a = merge.merged;
        assert_eq!(a.headline, mine.headline);
        assert_eq!(a.dek, theirs.dek);
        assert_eq!(a.tags, vec!["bridge", "transport"]);
        assert_eq!(
            a.body,
            vec![p("One, edited by mine."), p("Two."), p("Three."), p("Four, edited by theirs."), p("Five.")]
        );
    }

    #[test]
    fn same_field_conflicts_and_each_choice_resolves() {
        let base = story();
        let mut mine = base.clone();
        mine.headline = "Mine".into();
        mine.body[1] = p("Two by mine.");
        let mut theirs = base.clone();
        theirs.headline = "Theirs".into();
        theirs.body[1] = p("Two by theirs.");
        let merge = merge_article(Some(&base), &mine, &theirs);
        let fields: Vec<Field> = merge.conflicts.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec![Field::Headline, Field::Body]);
        assert_eq!(merge.merged, mine);
        let keep = merge.resolve(&[Choice::KeepMine, Choice::KeepMine]);
        assert_eq!(keep, mine);
        let take = merge.resolve(&[Choice::TakeTheirs, Choice::TakeTheirs]);
        assert_eq!(take, theirs);
        let both = merge.resolve(&[Choice::KeepBoth, Choice::KeepBoth]);
        assert_eq!(both.headline, "Mine");
        assert_eq!(
            both.body,
            vec![p("One."), p("Two by mine."), p("Two by theirs."), p("Three."), p("Four.")]
        );
    }

    #[test]
    fn blocks_added_at_the_same_place_keep_both() {
        let base = story();
        let mut mine = base.clone();
        mine.body.insert(2, p("Mine adds this."));
        let mut theirs = base.clone();
        theirs.body.insert(2, p("Theirs adds that."));
        let merge = merge_article(Some(&base), &mine, &theirs);
        assert!(merge.is_clean());
        assert_eq!(merge.merged.body[2..4], [p("Mine adds this."), p("Theirs adds that.")]);
    }

    #[test]
    fn related_link_changed_both_ways_conflicts_on_that_field_only() {
        let link = |slug: &str, title: &str| Related {
            slug: slug.into(),
            title: title.into(),
            ..Related::default()
        };
        let mut base = story();
        base.related = vec![link("ferry-times", "Ferry times")];
        let mut mine = base.clone();
        mine.related[0].title = "Ferry times change".into();
        mine.related.push(link("night-bus", "Night bus"));
        let mut theirs = base.clone();
        theirs.related[0].title = "New ferry times".into();
        let merge = merge_article(Some(&base), &mine, &theirs);
        assert_eq!(merge.conflicts.len(), 1);
        let take = merge.resolve(&[Choice::TakeTheirs]);
        assert_eq!(
            take.related,
            vec![link("ferry-times", "New ferry times"), link("night-bus", "Night bus")]
        );
    }

    #[test]
    fn desk_conflict_keeps_mine_and_reports() {
        let base = DeskConfig::default();
        let mut mine = base.clone();
        mine.name = "Harbour Herald".into();
        mine.words.push("Kestrelby".into());
        let mut theirs = base.clone();
        theirs.name = "The Harbour Herald".into();
        theirs.words.push("Orrinford".into());
        let (merged, conflicts) = merge_desk(Some(&base), &mine, &theirs);
        assert_eq!(merged.name, "Harbour Herald");
        assert_eq!(merged.words, vec!["Kestrelby", "Orrinford"]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].field, "name");
    }
}
