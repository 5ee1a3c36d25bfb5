//! `desk.ron` merged by setting: where both sides changed one, mine wins
//! and the conflict is reported.

use crate::model::article::merge::{ListMerge, keyed as merge_list, three_way};
use crate::rules::check::Limits;
use crate::storage::desk::DeskConfig;

/// A `desk.ron` conflict: mine is kept and the difference reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskConflict {
    pub field: &'static str,
    pub base: String,
    pub mine: String,
    pub theirs: String,
}

/// `desk.ron` merged field by field; where both sides changed a field
/// differently, mine wins and the conflict is reported.
pub fn merge_desk(
    base: Option<&DeskConfig>,
    mine: &DeskConfig,
    theirs: &DeskConfig,
) -> (DeskConfig, Vec<DeskConflict>) {
    let default = DeskConfig::default();
    let base = base.unwrap_or(&default);
    let mut conflicts = Vec::new();
    let mut merged = mine.clone();
    fn scalar<T: PartialEq + Clone + std::fmt::Debug>(
        field: &'static str,
        b: &T,
        m: &T,
        t: &T,
        conflicts: &mut Vec<DeskConflict>,
    ) -> T {
        three_way(b, m, t).cloned().unwrap_or_else(|| {
            conflicts.push(DeskConflict {
                field,
                base: format!("{b:?}"),
                mine: format!("{m:?}"),
                theirs: format!("{t:?}"),
            });
            m.clone()
        })
    }
    merged.name = scalar("name", &base.name, &mine.name, &theirs.name, &mut conflicts);
    merged.base_url = scalar("base_url", &base.base_url, &mine.base_url, &theirs.base_url, &mut conflicts);
    merged.limits = scalar::<Limits>("limits", &base.limits, &mine.limits, &theirs.limits, &mut conflicts);
    merged.categories =
        clean_list(merge_list(&base.categories, &mine.categories, &theirs.categories, Clone::clone));
    merged.words = clean_list(merge_list(&base.words, &mine.words, &theirs.words, Clone::clone));
    merged.share = clean_list(merge_list(&base.share, &mine.share, &theirs.share, |s| *s));
    merged.language = scalar("language", &base.language, &mine.language, &theirs.language, &mut conflicts);
    merged.style = scalar("style", &base.style, &mine.style, &theirs.style, &mut conflicts);
    let languages: std::collections::BTreeSet<&String> =
        mine.language_words.keys().chain(theirs.language_words.keys()).collect();
    merged.language_words = languages
        .into_iter()
        .map(|language| {
            let words =
                |config: &DeskConfig| config.language_words.get(language).cloned().unwrap_or_default();
            let merged = clean_list(merge_list(&words(base), &words(mine), &words(theirs), Clone::clone));
            (language.clone(), merged)
        })
        .filter(|(_, words)| !words.is_empty())
        .collect();
    merged.publish =
        clean_list(merge_list(&base.publish, &mine.publish, &theirs.publish, |t| t.name.clone()));
    (merged, conflicts)
}

/// Lists keyed by the item itself cannot conflict.
fn clean_list<T>(merge: ListMerge<T>) -> T {
    match merge {
        ListMerge::Clean(v) | ListMerge::Conflict { prefer_mine: v, .. } => v,
    }
}
