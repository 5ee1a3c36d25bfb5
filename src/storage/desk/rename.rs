//! Renaming a slug across a desk: every incoming related link follows, and
//! `<old-slug>.ron` becomes `<new-slug>.ron`. Each file is written
//! atomically; an existing file is never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use super::index::Index;
use crate::model::article::Article;
use crate::model::slug;
use crate::storage::store;

/// What a rename will do, shown to the editor before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub old_slug: String,
    pub new_slug: String,
    /// The article being renamed, where it is now.
    pub subject: PathBuf,
    /// Where it will be saved: `<new-slug>.ron` beside it when its file is
    /// named after the old slug, else where it is.
    pub destination: PathBuf,
    /// Other articles whose related links point at the old slug.
    pub incoming: Vec<PathBuf>,
}

impl Plan {
    /// Every file the rename writes, for the confirmation list.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = self.incoming.clone();
        files.push(self.destination.clone());
        if self.destination != self.subject {
            files.push(self.subject.clone());
        }
        files
    }

    pub fn renames_file(&self) -> bool {
        self.destination != self.subject
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RenameError {
    #[error("“{0}” is not a valid slug: {1}")]
    InvalidSlug(String, String),
    #[error("{} already exists; choose another slug or move that file first", .0.display())]
    DestinationExists(PathBuf),
    #[error("{0}")]
    Write(String),
}

/// What a rename changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose related links were updated.
    pub updated: Vec<PathBuf>,
    /// The article's new file, when it moved.
    pub moved: Option<(PathBuf, PathBuf)>,
}

/// Works out what renaming `old` to `new` for the article at `subject`
/// would touch.
pub fn plan(index: &Index, subject: &Path, old: &str, new: &str) -> Result<Plan, RenameError> {
    slug::validate(new).map_err(|e| RenameError::InvalidSlug(new.to_string(), e.to_string()))?;
    let named_after_slug = subject.file_stem().is_some_and(|stem| stem == old);
    // The new name is built from a validated slug only: no separators, no
    // dots, so it cannot leave the article's folder.
    let destination = match (named_after_slug, subject.parent()) {
        (true, Some(folder)) => folder.join(format!("{new}.ron")),
        _ => subject.to_path_buf(),
    };
    if destination != subject && destination.exists() {
        return Err(RenameError::DestinationExists(destination));
    }
    // Only files that belong to the desk are ever rewritten, whatever the
    // index holds.
    let desk = super::DeskRoot::new(&index.root);
    let incoming: Vec<PathBuf> = index
        .linking_to(old)
        .filter(|e| e.path != subject && desk.is_article(&e.path))
        .map(|e| e.path.clone())
        .collect();
    Ok(Plan {
        old_slug: old.to_string(),
        new_slug: new.to_string(),
        subject: subject.to_path_buf(),
        destination,
        incoming,
    })
}

/// Carries out a plan: saves `article` (which already has the new slug) at
/// the destination, updates every incoming link, then removes the old file.
pub fn apply(plan: &Plan, article: &Article) -> Result<Report, RenameError> {
    let mut report = Report::default();
    // The article first: if its new name is taken, nothing else changes.
    if plan.renames_file() {
        write_new(&plan.destination, &store::to_string(article))?;
        report.moved = Some((plan.subject.clone(), plan.destination.clone()));
    } else {
        store::save(&plan.destination, article).map_err(|e| RenameError::Write(e.to_string()))?;
    }
    // Every incoming link becomes the card the renamed article gives today
    // (slug, and its title, category and teaser as saved now), so none of
    // them is left stale by the rename.
    let target = crate::rules::check::Target {
        headline: article.headline.clone(),
        category: article.category.clone(),
        dek: article.dek.clone(),
    };
    let card = target.related_card(&plan.new_slug);
    for path in &plan.incoming {
        let mut linking = store::load(path).map_err(|e| RenameError::Write(e.to_string()))?;
        let mut touched = false;
        for link in linking.related.iter_mut().filter(|r| r.slug == plan.old_slug) {
            *link = card.clone();
            touched = true;
        }
        if touched {
            store::save(path, &linking).map_err(|e| RenameError::Write(e.to_string()))?;
            report.updated.push(path.clone());
        }
    }
    if plan.renames_file() {
        fs::remove_file(&plan.subject).map_err(|e| {
            RenameError::Write(format!("{}: cannot remove the old file: {e}", plan.subject.display()))
        })?;
    }
    Ok(report)
}

/// Points an article's related links at `old` to `new`; true when any
/// changed. Shared with the team desk's merge, so a rename made by one
/// editor reaches links another editor wrote meanwhile.
pub fn retarget(article: &mut Article, old: &str, new: &str) -> bool {
    let mut touched = false;
    for link in article.related.iter_mut().filter(|r| r.slug == old) {
        link.slug = new.to_string();
        touched = true;
    }
    touched
}

/// Writes a file that must not exist yet: written to a temporary file and
/// linked into place, which fails rather than replace an existing file.
fn write_new(path: &Path, text: &str) -> Result<(), RenameError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| RenameError::Write(format!("{}: {e}", path.display()));
    let mut temp = crate::storage::store::new_file_builder()
        .prefix(".copydesk-rename.")
        .tempfile_in(folder)
        .map_err(fail)?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    match fs::hard_link(temp.path(), path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(RenameError::DestinationExists(path.to_path_buf()));
        }
        Err(e) => return Err(fail(e)),
    }
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
