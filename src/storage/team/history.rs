//! Every committed version of an article: who, when and why, the article
//! as it was, and a field-by-field, word-level diff against the current
//! text (for the history list, `copydesk history` and `copydesk diff`),
//! over every field of the catalogue, the lead image's attributes included.

use std::path::{Path, PathBuf};

use git2::{DiffFindOptions, Oid, Sort};

use super::TeamError;
use super::repo::{TeamDesk, slash_path};
use crate::model::article::{Article, Field, Value};
pub use crate::model::article::{Words, word_diff};
use crate::storage::store;

/// One committed version of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The commit, in full hex.
    pub commit: String,
    pub author: String,
    pub email: String,
    pub time: jiff::Timestamp,
    /// The commit message's first line.
    pub message: String,
    /// The file's path in that commit (it may have been renamed since).
    pub path: String,
}

impl Version {
    pub fn short(&self) -> &str {
        self.commit.get(..8).unwrap_or(&self.commit)
    }
}

/// The team desk holding `file`, and the file's path in the repository.
fn locate(file: &Path) -> Result<(TeamDesk, String), TeamError> {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let team = TeamDesk::open_shared(&folder)?;
    let name = file.file_name().ok_or_else(|| TeamError::NotTracked(file.to_path_buf()))?;
    let path = team.repo_path(&folder.join(name)).ok_or_else(|| TeamError::NotTracked(file.to_path_buf()))?;
    Ok((team, path))
}

/// Every commit that changed `file`, newest first, following renames.
pub fn versions(file: &Path) -> Result<Vec<Version>, TeamError> {
    let (team, mut path) = locate(file)?;
    let repo = team.repo();
    let fail = || TeamError::git("cannot read the desk's history");
    let mut walk = repo.revwalk().map_err(fail())?;
    if walk.push_head().is_err() {
        return Ok(Vec::new());
    }
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).map_err(fail())?;
    let mut versions = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(fail())?).map_err(fail())?;
        let tree = commit.tree().map_err(fail())?;
        let Ok(entry) = tree.get_path(Path::new(&path)) else { continue };
        let id = entry.id();
        let mut same_as_a_parent = false;
        let mut renamed_from = None;
        for parent in commit.parents() {
            let parent_tree = parent.tree().map_err(fail())?;
            match parent_tree.get_path(Path::new(&path)) {
                Ok(e) if e.id() == id => same_as_a_parent = true,
                Ok(_) => {}
                Err(_) => {
                    renamed_from = renamed_from.or_else(|| rename_source(&team, &parent_tree, &tree, &path))
                }
            }
        }
        if same_as_a_parent {
            continue;
        }
        let author = commit.author();
        versions.push(Version {
            commit: commit.id().to_string(),
            author: author.name().unwrap_or("").to_string(),
            email: author.email().unwrap_or("").to_string(),
            time: jiff::Timestamp::from_second(commit.time().seconds()).unwrap_or_default(),
            message: commit.summary().ok().flatten().unwrap_or("").to_string(),
            path: path.clone(),
        });
        if let Some(old) = renamed_from {
            path = old;
        }
    }
    Ok(versions)
}

/// The path `path` had in `parent` when the commit renamed it.
fn rename_source(team: &TeamDesk, parent: &git2::Tree, tree: &git2::Tree, path: &str) -> Option<String> {
    let repo = team.repo();
    let mut diff = repo.diff_tree_to_tree(Some(parent), Some(tree), None).ok()?;
    let mut find = DiffFindOptions::new();
    find.renames(true);
    diff.find_similar(Some(&mut find)).ok()?;
    diff.deltas()
        .filter(|d| d.status() == git2::Delta::Renamed)
        .find(|d| d.new_file().path().map(slash_path).as_deref() == Some(path))
        .and_then(|d| d.old_file().path().map(slash_path))
}

/// The article as it was at `rev` (a commit id, a prefix of one, or any
/// git revision such as `HEAD~2`).
pub fn content_at(file: &Path, rev: &str) -> Result<Article, TeamError> {
    let (team, current) = locate(file)?;
    let repo = team.repo();
    let commit = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| TeamError::NoRevision(rev.to_string()))?;
    let path = versions(file)?
        .into_iter()
        .find(|v| {
            v.commit == commit.id().to_string()
                || repo.graph_descendant_of(commit.id(), oid(&v.commit)).unwrap_or(false)
        })
        .map(|v| v.path)
        .unwrap_or(current);
    let fail = || TeamError::NotTracked(file.to_path_buf());
    let entry = commit.tree().ok().and_then(|t| t.get_path(Path::new(&path)).ok()).ok_or_else(fail)?;
    let blob = repo.find_blob(entry.id()).map_err(|_| fail())?;
    Ok(store::parse_bytes(blob.content(), Path::new(&path))?)
}

fn oid(hex: &str) -> Oid {
    Oid::from_str(hex).unwrap_or(Oid::ZERO_SHA1)
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    pub field: Field,
    pub old: Value,
    pub new: Value,
    /// The change word by word (runs of the same kind joined).
    pub words: Vec<Words>,
}

/// The fields that differ between `old` and `new`, in the catalogue's
/// (the panel's) order.
pub fn diff(old: &Article, new: &Article) -> Vec<FieldDiff> {
    Field::ALL
        .into_iter()
        .filter(|field| field.differs(old, new))
        .map(|field| {
            let (old, new) = (field.read(old), field.read(new));
            let words = field.diff(&old, &new);
            FieldDiff { field, old, new, words }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_changed_words_only() {
        let words = word_diff("the ferry leaves at noon", "the ferry leaves at dusk");
        assert_eq!(
            words,
            vec![
                Words::Same("the ferry leaves at ".into()),
                Words::Removed("noon".into()),
                Words::Added("dusk".into())
            ]
        );
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let old = Article { headline: "Old".into(), dek: "Same".into(), ..Article::default() };
        let new = Article { headline: "New".into(), dek: "Same".into(), ..Article::default() };
        let diffs = diff(&old, &new);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].field, Field::Headline);
    }

    #[test]
    fn diff_shows_the_lead_image_attribute_by_attribute() {
        let image = crate::model::article::Image {
            src: "photos/quay.jpg".into(),
            alt: "The quay".into(),
            ..Default::default()
        };
        let old = Article { image: Some(image.clone()), ..Article::default() };
        let new = Article {
            image: Some(crate::model::article::Image {
                alt: "The quay at dawn".into(),
                credit: "Lena Moss".into(),
                ..image
            }),
            ..Article::default()
        };
        let diffs = diff(&old, &new);
        let fields: Vec<Field> = diffs.iter().map(|d| d.field).collect();
        assert_eq!(fields, vec![Field::ImageAlt, Field::ImageCredit]);
        assert!(
            diffs[0].words.iter().any(|w| matches!(w, Words::Added(t) if t.contains("at dawn"))),
            "{:?}",
            diffs[0].words
        );
    }
}
