//! Merging two commits' trees file by file: a change made on one side is
//! taken; an article or `desk.ron` changed on both sides is merged by field
//! (see `merge`); a file moved on one side (a slug rename) and edited on the
//! other keeps both, and the rename reaches links the other side wrote.
//! Every entry keeps its kind and mode (file, executable, link, submodule):
//! only regular files are merged by field, the rest pass through as they
//! are. An article over the size Copydesk opens is never merged or taken:
//! it waits for the editor as a conflict.

use std::collections::HashMap;
use std::path::Path;

use git2::{Delta, DiffFindOptions, IndexEntry, IndexTime, Oid, Repository, Tree};

use super::TeamError;
use super::merge::{self, ArticleMerge, DeskConflict};
use super::repo::{TeamDesk, slash_path};
use crate::model::article::Article;
use crate::storage::desk::{config, rename};
use crate::storage::store;

/// Where one conflicted article lives on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConflictPaths {
    /// The merged (working) file.
    pub path: String,
    /// Its path in the merge base, if it was there.
    pub base: Option<String>,
    /// Its path on their side.
    pub theirs: String,
}

pub(crate) struct MergeConflict {
    pub paths: ConflictPaths,
    pub merge: ArticleMerge,
}

pub(crate) struct TreeMerge {
    pub tree: Oid,
    pub merged: Vec<String>,
    pub renamed: Vec<(String, String)>,
    pub kept_mine: Vec<String>,
    pub desk_conflicts: Vec<DeskConflict>,
    pub conflicts: Vec<MergeConflict>,
    /// Articles their side made bigger than Copydesk opens: not taken,
    /// waiting for the editor (mine, or nothing, stays in place).
    pub too_large: Vec<ConflictPaths>,
}

/// A tree entry's object and mode: what a merge writes back as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    id: Oid,
    mode: u32,
}

impl Entry {
    /// A regular file (executable or not): the only kind read as an
    /// article or a picture. Links and submodules are never read.
    fn is_file(self) -> bool {
        matches!(self.mode, 0o100_644 | 0o100_755)
    }
}

/// One side's change to a file of the base.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Modified(Entry),
    Moved(String, Entry),
    Deleted,
}

#[derive(Default)]
struct SideChanges {
    changed: HashMap<String, Change>,
    added: HashMap<String, Entry>,
}

fn side_changes(repo: &Repository, base: Option<&Tree>, side: &Tree) -> Result<SideChanges, TeamError> {
    let fail = || TeamError::git("cannot compare versions");
    let mut diff = repo.diff_tree_to_tree(base, Some(side), None).map_err(fail())?;
    let mut find = DiffFindOptions::new();
    find.renames(true);
    diff.find_similar(Some(&mut find)).map_err(fail())?;
    let mut changes = SideChanges::default();
    for delta in diff.deltas() {
        let old = delta.old_file().path().map(slash_path).unwrap_or_default();
        let new = delta.new_file().path().map(slash_path).unwrap_or_default();
        let id = Entry { id: delta.new_file().id(), mode: u32::from(delta.new_file().mode()) };
        match delta.status() {
            Delta::Added | Delta::Copied | Delta::Untracked => {
                changes.added.insert(new, id);
            }
            Delta::Deleted => {
                changes.changed.insert(old, Change::Deleted);
            }
            Delta::Renamed => {
                changes.changed.insert(old, Change::Moved(new, id));
            }
            _ => {
                changes.changed.insert(old, Change::Modified(id));
            }
        }
    }
    Ok(changes)
}

fn index_entry(path: &str, entry: Entry) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: entry.mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: entry.id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// The size of a blob, read from its header (the blob itself may be
/// hundreds of megabytes).
fn blob_size(repo: &Repository, id: Oid) -> Option<u64> {
    let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
    Some(size as u64)
}

/// True for an article blob bigger than Copydesk opens: never read whole,
/// never merged, never written into the desk by a merge.
pub(crate) fn too_large(repo: &Repository, path: &str, id: Oid) -> bool {
    is_article(path) && blob_size(repo, id).is_some_and(|size| size > store::MAX_FILE_BYTES)
}

fn is_article(path: &str) -> bool {
    path.ends_with(".ron") && !config::is_desk_file(Path::new(path))
}

/// Whether taking `theirs` over `ours` would bring in an article too large
/// to open: then a fast-forward must be a merge, so the editor is asked.
pub(crate) fn brings_too_large(repo: &Repository, ours: &Tree, theirs: &Tree) -> Result<bool, TeamError> {
    let diff = repo
        .diff_tree_to_tree(Some(ours), Some(theirs), None)
        .map_err(TeamError::git("cannot compare versions"))?;
    Ok(diff.deltas().any(|delta| {
        let path = delta.new_file().path().map(slash_path).unwrap_or_default();
        delta.status() != Delta::Deleted && too_large(repo, &path, delta.new_file().id())
    }))
}

/// Merges three trees file by file; articles and `desk.ron` changed on both
/// sides are merged by field. Returns the merged tree (mine in conflicts).
pub(crate) fn merge_trees(
    team: &TeamDesk,
    base: Option<&Tree>,
    ours: &Tree,
    theirs: &Tree,
) -> Result<TreeMerge, TeamError> {
    let repo = team.repo();
    let fail = || TeamError::git("cannot merge");
    let mine = side_changes(repo, base, ours)?;
    let other = side_changes(repo, base, theirs)?;
    let mut index = git2::Index::new().map_err(fail())?;
    index.read_tree(ours).map_err(fail())?;
    let mut out = TreeMerge {
        tree: Oid::ZERO_SHA1,
        merged: Vec::new(),
        renamed: Vec::new(),
        kept_mine: Vec::new(),
        desk_conflicts: Vec::new(),
        conflicts: Vec::new(),
        too_large: Vec::new(),
    };
    // Slug renames on each side, to carry into links the other side wrote.
    let mut slug_renames: Vec<(bool, String, String)> = Vec::new();
    // Files the other side's links may need to follow a rename: (path, ours?).
    let mut touched: Vec<(String, bool)> = Vec::new();

    let set = |index: &mut git2::Index, path: &str, entry: Entry| -> Result<(), TeamError> {
        index.add(&index_entry(path, entry)).map_err(TeamError::git("cannot merge"))
    };
    let remove = |index: &mut git2::Index, path: &str| {
        let _ = index.remove_path(Path::new(path));
    };

    let mut their_changes: Vec<(&String, &Change)> = other.changed.iter().collect();
    their_changes.sort_by(|a, b| a.0.cmp(b.0));
    for (path, theirs_change) in their_changes {
        let ours_change = mine.changed.get(path);
        // Their article grown past what Copydesk opens: nothing of it is
        // taken; mine (or the base's) stays, and the editor decides.
        if let Change::Modified(entry) | Change::Moved(_, entry) = theirs_change
            && ours_change != Some(theirs_change)
            && too_large(repo, path, entry.id)
        {
            let their_path = match theirs_change {
                Change::Moved(to, _) => to.clone(),
                _ => path.clone(),
            };
            let our_path = match ours_change {
                Some(Change::Moved(to, _)) => to.clone(),
                _ => path.clone(),
            };
            out.too_large.push(ConflictPaths {
                path: our_path,
                base: Some(path.clone()),
                theirs: their_path,
            });
            continue;
        }
        if let Change::Moved(_, entry) = theirs_change
            && let Some((old, new)) = slug_rename(repo, base, path, entry.id)
        {
            slug_renames.push((false, old, new));
        }
        match (ours_change, theirs_change) {
            (None, Change::Modified(id)) => {
                set(&mut index, path, *id)?;
                touched.push((path.clone(), false));
            }
            (None, Change::Deleted) => remove(&mut index, path),
            (None, Change::Moved(to, id)) => {
                remove(&mut index, path);
                set(&mut index, to, *id)?;
                out.renamed.push((path.clone(), to.clone()));
                touched.push((to.clone(), false));
            }
            (Some(a), b) if a == b => {}
            // Deleted here, changed there: keep their text, nothing is lost.
            (Some(Change::Deleted), Change::Modified(id)) => set(&mut index, path, *id)?,
            (Some(Change::Deleted), Change::Moved(to, id)) => set(&mut index, to, *id)?,
            // Changed here, deleted there: ours is already in place.
            (Some(_), Change::Deleted) => {}
            (Some(ours_change), theirs_change) => {
                let (our_path, our_id) = match ours_change {
                    Change::Modified(id) => (path.clone(), *id),
                    Change::Moved(to, id) => (to.clone(), *id),
                    Change::Deleted => continue,
                };
                let (their_path, their_id) = match theirs_change {
                    Change::Modified(id) => (path.clone(), *id),
                    Change::Moved(to, id) => (to.clone(), *id),
                    Change::Deleted => continue,
                };
                let final_path = if our_path != *path { our_path.clone() } else { their_path.clone() };
                let base_id = base.and_then(|b| b.get_path(Path::new(path)).ok()).map(|e| e.id());
                if final_path != our_path {
                    out.renamed.push((our_path.clone(), final_path.clone()));
                }
                let result = merge_file(
                    repo,
                    &final_path,
                    base_id,
                    our_id,
                    their_id,
                    &mut out,
                    ConflictPaths { path: final_path.clone(), base: Some(path.clone()), theirs: their_path },
                )?;
                remove(&mut index, &our_path);
                set(&mut index, &final_path, result)?;
            }
        }
    }
    let mut added: Vec<(&String, &Entry)> = other.added.iter().collect();
    added.sort_by(|a, b| a.0.cmp(b.0));
    for (path, entry) in added {
        if too_large(repo, path, entry.id) {
            out.too_large.push(ConflictPaths { path: path.clone(), base: None, theirs: path.clone() });
            continue;
        }
        match mine.added.get(path) {
            Some(ours) if ours == entry => {}
            Some(ours) => {
                let paths = ConflictPaths { path: path.clone(), base: None, theirs: path.clone() };
                let result = merge_file(repo, path, None, *ours, *entry, &mut out, paths)?;
                set(&mut index, path, result)?;
            }
            None => {
                set(&mut index, path, *entry)?;
                touched.push((path.clone(), false));
            }
        }
    }
    // Our renames reach the links their side added or changed.
    for (path, change) in &mine.changed {
        if let Change::Moved(_, entry) = change
            && let Some((old, new)) = slug_rename(repo, base, path, entry.id)
        {
            slug_renames.push((true, old, new));
        }
    }
    for (path, change) in &mine.changed {
        match change {
            Change::Modified(_) => touched.push((path.clone(), true)),
            Change::Moved(to, _) => touched.push((to.clone(), true)),
            Change::Deleted => {}
        }
    }
    touched.extend(mine.added.keys().map(|p| (p.clone(), true)));
    retarget_links(repo, &mut index, &slug_renames, &touched)?;
    out.tree = index.write_tree_to(repo).map_err(fail())?;
    Ok(out)
}

/// The slug change of an article file that moved, when its slug changed.
fn slug_rename(
    repo: &Repository,
    base: Option<&Tree>,
    base_path: &str,
    new_id: Oid,
) -> Option<(String, String)> {
    if !base_path.ends_with(".ron") || config::is_desk_file(Path::new(base_path)) {
        return None;
    }
    let old_id = base?.get_path(Path::new(base_path)).ok()?.id();
    let old = parse_article(repo, old_id, base_path)?;
    let new = parse_article(repo, new_id, base_path)?;
    (old.slug != new.slug).then_some((old.slug, new.slug))
}

pub(crate) fn parse_article(repo: &Repository, id: Oid, path: &str) -> Option<Article> {
    if blob_size(repo, id)? > store::MAX_FILE_BYTES {
        return None;
    }
    let blob = repo.find_blob(id).ok()?;
    store::parse_bytes(blob.content(), Path::new(path)).ok()
}

/// Points links at renamed slugs: a rename made on one side reaches the
/// articles the other side changed or added (the renaming side already
/// updated its own, as the desk's rename does).
fn retarget_links(
    repo: &Repository,
    index: &mut git2::Index,
    renames: &[(bool, String, String)],
    touched: &[(String, bool)],
) -> Result<(), TeamError> {
    if renames.is_empty() {
        return Ok(());
    }
    for (path, ours) in touched {
        if !path.ends_with(".ron") || config::is_desk_file(Path::new(path)) {
            continue;
        }
        let Some(entry) = index.get_path(Path::new(path), 0) else { continue };
        let entry = Entry { id: entry.id, mode: entry.mode };
        if !entry.is_file() {
            continue;
        }
        let Some(mut article) = parse_article(repo, entry.id, path) else { continue };
        let mut changed = false;
        for (renamed_by_ours, old, new) in renames {
            if renamed_by_ours != ours {
                changed |= rename::retarget(&mut article, old, new);
            }
        }
        if changed {
            let id =
                repo.blob(store::to_string(&article).as_bytes()).map_err(TeamError::git("cannot merge"))?;
            index.add(&index_entry(path, Entry { id, ..entry })).map_err(TeamError::git("cannot merge"))?;
        }
    }
    Ok(())
}

/// Merges one file changed on both sides; returns the entry to keep. Only
/// two regular files are merged by field; anything else (a link, a
/// submodule, a file that became one of them) keeps mine as it is.
fn merge_file(
    repo: &Repository,
    path: &str,
    base: Option<Oid>,
    ours: Entry,
    theirs: Entry,
    out: &mut TreeMerge,
    paths: ConflictPaths,
) -> Result<Entry, TeamError> {
    if !ours.is_file() || !theirs.is_file() || too_large(repo, path, ours.id) {
        out.kept_mine.push(path.to_string());
        return Ok(ours);
    }
    let merged = merge_blobs(repo, path, base, ours.id, theirs.id, out, paths)?;
    Ok(Entry { id: merged, ..ours })
}

/// Merges an article or `desk.ron` by field; returns the blob to keep.
fn merge_blobs(
    repo: &Repository,
    path: &str,
    base: Option<Oid>,
    ours: Oid,
    theirs: Oid,
    out: &mut TreeMerge,
    paths: ConflictPaths,
) -> Result<Oid, TeamError> {
    let fail = || TeamError::git("cannot merge");
    let read = |id: Oid| repo.find_blob(id).map(|b| b.content().to_vec()).map_err(fail());
    let as_path = Path::new(path);
    if config::is_desk_file(as_path) {
        let parse = |bytes: &[u8]| config::parse(bytes, as_path).ok();
        let base_config = base.map(read).transpose()?.and_then(|b| parse(&b));
        if let (Some(m), Some(t)) = (parse(&read(ours)?), parse(&read(theirs)?)) {
            let (merged, conflicts) = merge::merge_desk(base_config.as_ref(), &m, &t);
            out.desk_conflicts.extend(conflicts);
            out.merged.push(path.to_string());
            return repo.blob(config::to_string(&merged).as_bytes()).map_err(fail());
        }
    } else if path.ends_with(".ron") {
        let parse = |bytes: &[u8]| store::parse_bytes(bytes, as_path).ok();
        let base = base.filter(|&id| !too_large(repo, path, id));
        let base_article = base.map(read).transpose()?.and_then(|b| parse(&b));
        if let (Some(m), Some(t)) = (parse(&read(ours)?), parse(&read(theirs)?)) {
            let merge = merge::merge_article(base_article.as_ref(), &m, &t);
            out.merged.push(path.to_string());
            let id = repo.blob(store::to_string(&merge.merged).as_bytes()).map_err(fail())?;
            if !merge.is_clean() {
                out.conflicts.push(MergeConflict { paths, merge });
            }
            return Ok(id);
        }
    }
    out.kept_mine.push(path.to_string());
    Ok(ours)
}
