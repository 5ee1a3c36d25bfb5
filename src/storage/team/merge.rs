//! Three-way merge of an article by field: every part the field catalogue
//! ([`Field`]) lists merges on its own, by its kind (each metadata field and
//! each lead image attribute whole, the lists by key, the body block by
//! block). Only a field (or run of blocks) changed differently on both
//! sides is a conflict; the merged article always holds a value for it
//! (mine), so it stays loadable and editable until the editor chooses.

use crate::model::article::{Article, Block, Field, Value};

mod desk;

pub use desk::{DeskConflict, merge_desk};

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
                conflict.field.put(&mut article, conflict.theirs.clone());
            } else {
                conflict.field.put(&mut article, conflict.mine.clone());
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

/// Merges two versions of an article that both grew from `base` (`None`
/// when each side added the file on its own), field by field through the
/// catalogue.
pub fn merge_article(base: Option<&Article>, mine: &Article, theirs: &Article) -> ArticleMerge {
    let empty = Article::default();
    let base = base.unwrap_or(&empty);
    let mut merged = mine.clone();
    let mut conflicts = Vec::new();
    for field in Field::ALL {
        if !field.differs(mine, theirs) {
            continue;
        }
        let outcome = field.merge(field.read(base), field.read(mine), field.read(theirs));
        field.put(&mut merged, outcome.value);
        conflicts.extend(outcome.clashes.into_iter().map(|clash| Conflict {
            field,
            at: clash.at,
            base: clash.base,
            mine: clash.mine,
            theirs: clash.theirs,
        }));
    }
    ArticleMerge { merged, conflicts }
}

#[cfg(test)]
mod property;
#[cfg(test)]
mod tests;
