//! A merge waiting for the editor: which articles still conflict (worked
//! out again from the working file, so edits made meanwhile count), and
//! settling one with Keep mine / Take theirs / Keep both. Kept beside git's
//! own `MERGE_HEAD`, so git tools see the merge in progress too.

use std::fs;
use std::path::{Path, PathBuf};

use git2::Oid;

use super::TeamError;
use super::merge::{self, Choice, Conflict};
use super::repo::TeamDesk;
use super::sync::FileConflict;
use super::tree::{ConflictPaths, parse_article, too_large};
use crate::model::article::Article;
use crate::model::article::{Field, Value};
use crate::storage::store;

/// Copydesk's note of a merge waiting for the editor, beside git's MERGE_HEAD.
const PENDING_FILE: &str = "COPYDESK_MERGE";

/// A merge waiting for the editor.
pub(crate) struct Pending {
    pub theirs: Oid,
    pub unresolved: Vec<ConflictPaths>,
}

fn pending_path(team: &TeamDesk) -> PathBuf {
    team.repo().path().join(PENDING_FILE)
}

pub(crate) fn write_pending(team: &TeamDesk, pending: &Pending) -> Result<(), TeamError> {
    let repo_dir = team.repo().path();
    let merge_head = repo_dir.join("MERGE_HEAD");
    // Through the atomic writer like every write: a crash mid-write must
    // not leave a torn list of the conflicts still to resolve.
    store::write_atomic(&merge_head, format!("{}\n", pending.theirs).as_bytes())?;
    let mut text = format!("{}\n", pending.theirs);
    for paths in &pending.unresolved {
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            paths.path,
            paths.base.as_deref().unwrap_or(""),
            paths.theirs
        ));
    }
    store::write_atomic(&pending_path(team), text.as_bytes())?;
    Ok(())
}

pub(crate) fn read_pending(team: &TeamDesk) -> Result<Option<Pending>, TeamError> {
    let path = pending_path(team);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(TeamError::Io { path, source: e }),
    };
    let mut lines = text.lines();
    let broken =
        || TeamError::Git { context: "cannot read the pending merge", message: path.display().to_string() };
    let theirs = lines.next().and_then(|l| Oid::from_str(l.trim()).ok()).ok_or_else(broken)?;
    let unresolved = lines
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let path = parts.next()?.to_string();
            let base = parts.next().filter(|b| !b.is_empty()).map(str::to_string);
            let theirs = parts.next()?.to_string();
            Some(ConflictPaths { path, base, theirs })
        })
        .collect();
    Ok(Some(Pending { theirs, unresolved }))
}

pub(crate) fn clear_pending(team: &TeamDesk) -> Result<(), TeamError> {
    let path = pending_path(team);
    let _ = fs::remove_file(&path);
    team.repo().cleanup_state().map_err(TeamError::git("cannot finish the merge"))
}

/// The conflicts of a pending merge, worked out again from the working file
/// (mine, with any edits since), the merge base and their version.
pub(crate) fn pending_conflicts(team: &TeamDesk, pending: &Pending) -> Result<Vec<FileConflict>, TeamError> {
    // Opened on a subfolder of the desk, only that folder's articles.
    pending
        .unresolved
        .iter()
        .filter(|paths| team.desk_path(&paths.path).is_some())
        .map(|paths| file_conflict(team, pending, paths))
        .collect()
}

pub(crate) fn file_conflict(
    team: &TeamDesk,
    pending: &Pending,
    paths: &ConflictPaths,
) -> Result<FileConflict, TeamError> {
    let repo = team.repo();
    let fail = || TeamError::git("cannot read the pending merge");
    let path =
        team.desk_path(&paths.path).ok_or_else(|| TeamError::NotTracked(PathBuf::from(&paths.path)))?;
    let theirs_commit = repo.find_commit(pending.theirs).map_err(fail())?;
    let theirs_tree = theirs_commit.tree().map_err(fail())?;
    let theirs_id = theirs_tree.get_path(Path::new(&paths.theirs)).map_err(fail())?.id();
    if too_large(repo, &paths.theirs, theirs_id) {
        let bytes = repo.odb().and_then(|odb| odb.read_header(theirs_id)).map_or(0, |(size, _)| size as u64);
        return Ok(too_large_conflict(path, bytes));
    }
    let mine = store::load(&path)?;
    let theirs = parse_article(repo, theirs_id, &paths.theirs)
        .ok_or_else(|| TeamError::NotTracked(PathBuf::from(&paths.theirs)))?;
    let head = repo.refname_to_id("HEAD").map_err(fail())?;
    let base = match (&paths.base, repo.merge_base(head, pending.theirs).ok()) {
        (Some(base_path), Some(base)) => repo
            .find_commit(base)
            .and_then(|c| c.tree())
            .ok()
            .and_then(|t| t.get_path(Path::new(base_path)).ok().map(|e| e.id()))
            .and_then(|id| parse_article(repo, id, base_path)),
        _ => None,
    };
    Ok(FileConflict { path, merge: merge::merge_article(base.as_ref(), &mine, &theirs), too_large: None })
}

/// Their version was too large to merge: one conflict on the body, mine
/// against a note of what theirs is. Mine is what is in the desk (nothing,
/// when the article came only from them).
fn too_large_conflict(path: PathBuf, bytes: u64) -> FileConflict {
    let mine = store::load(&path).unwrap_or_default();
    let note = format!(
        "Their version is {} MB; articles over {} MB cannot be opened, so it was not merged. Keep yours, and ask them to split it.",
        bytes / 1_000_000,
        store::MAX_FILE_BYTES / 1024 / 1024
    );
    let conflict = Conflict {
        field: Field::Body,
        at: 0,
        base: Value::Blocks(Vec::new()),
        mine: Value::Blocks(mine.body.clone()),
        theirs: Value::Text(note),
    };
    FileConflict {
        path,
        merge: merge::ArticleMerge { merged: mine, conflicts: vec![conflict] },
        too_large: Some(bytes),
    }
}

/// The articles of the desk's pending merge that still need the editor
/// (empty when no merge is pending).
pub fn pending(desk: &Path) -> Result<Vec<FileConflict>, TeamError> {
    let team = TeamDesk::open_shared(desk)?;
    match read_pending(&team)? {
        Some(pending) => pending_conflicts(&team, &pending),
        None => Ok(Vec::new()),
    }
}

/// Settles one conflicted article with the editor's choices (one per
/// conflict, in the order `pending` lists them), saves it, and marks it
/// resolved; the next sync commits the merge once none is left.
pub fn resolve(desk: &Path, file: &Path, choices: &[Choice]) -> Result<Article, TeamError> {
    let team = TeamDesk::open_shared(desk)?;
    let Some(mut pending) = read_pending(&team)? else {
        return Err(TeamError::NotTracked(file.to_path_buf()));
    };
    let target = team.repo_path(file).ok_or_else(|| TeamError::NotTracked(file.to_path_buf()))?;
    let at = pending
        .unresolved
        .iter()
        .position(|p| p.path == target)
        .ok_or_else(|| TeamError::NotTracked(file.to_path_buf()))?;
    let conflict = file_conflict(&team, &pending, &pending.unresolved[at])?;
    if let Some(bytes) = conflict.too_large {
        // Theirs cannot be opened, so it cannot be taken; mine is already
        // in place (or, for an article only they had, nothing is).
        if choices.iter().any(|&choice| choice != Choice::KeepMine) {
            return Err(TeamError::TooLarge { path: conflict.path, bytes });
        }
        pending.unresolved.remove(at);
        write_pending(&team, &pending)?;
        return Ok(conflict.merge.merged);
    }
    let article = conflict.merge.resolve(choices);
    store::save(&conflict.path, &article).map_err(|e| TeamError::Git {
        context: "cannot save the resolved article",
        message: e.to_string(),
    })?;
    pending.unresolved.remove(at);
    write_pending(&team, &pending)?;
    Ok(article)
}
