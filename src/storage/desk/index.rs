//! The desk index: every article in a desk folder, read in parallel for the
//! desk list, the related picker and the desk-wide rules (duplicate slugs,
//! broken links). Files that fail to load are listed with their error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Deserialize;

use super::config::{self, Loaded};
use super::paths::{self, DeskRoot};
use crate::model::article::{Article, Related, Status};
use crate::rules::check::{self, Lookup, Target};
use crate::storage::store::{self, LoadError};

/// What the desk knows of one article without keeping its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    pub slug: String,
    pub headline: String,
    pub dek: String,
    pub category: String,
    pub tags: Vec<String>,
    pub status: Status,
    pub published_at: Option<jiff::Timestamp>,
    pub updated_at: Option<jiff::Timestamp>,
    /// For "Embargoed until …" in the desk list.
    pub embargo_until: Option<jiff::Timestamp>,
    /// The article's id (format 3), for finding it by id (live-editing
    /// rooms, CMS posts) and telling two files that share one.
    pub id: Option<String>,
    pub related: Vec<Related>,
}

impl Entry {
    pub fn target(&self) -> Target {
        Target { headline: self.headline.clone(), category: self.category.clone(), dek: self.dek.clone() }
    }
}

/// An article file that could not be read.
#[derive(Debug, Clone)]
pub struct Failure {
    pub path: PathBuf,
    pub error: Arc<LoadError>,
}

/// Counts files read while a scan runs, for a progress bar.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

impl Progress {
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 { 0.0 } else { self.done.load(Ordering::Relaxed) as f32 / total as f32 }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Index {
    pub root: PathBuf,
    pub config: Loaded,
    /// Sorted by path.
    pub entries: Vec<Entry>,
    pub failures: Vec<Failure>,
    by_slug: HashMap<String, Vec<usize>>,
}

/// The fields the index reads; the body is skipped without being kept.
#[derive(Deserialize)]
#[serde(rename = "Article")]
struct Skim {
    format: u32,
    slug: String,
    headline: String,
    dek: String,
    category: String,
    tags: Vec<String>,
    #[allow(dead_code)]
    bylines: serde::de::IgnoredAny,
    status: Status,
    published_at: Option<String>,
    updated_at: Option<String>,
    #[serde(default)]
    embargo_until: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[allow(dead_code)]
    share: serde::de::IgnoredAny,
    #[allow(dead_code)]
    body: serde::de::IgnoredAny,
    related: Vec<Related>,
}

// Every field of an article, named without `..`: a field added to
// `Article` stops the build here until someone decides whether the desk
// list reads it (into `Skim` and `Entry`) or, like these, skips it.
const _: fn(&Article) = |article| {
    let Article {
        format: _,
        slug: _,
        headline: _,
        dek: _,
        category: _,
        tags: _,
        status: _,
        published_at: _,
        updated_at: _,
        embargo_until: _,
        id: _,
        related: _,
        // Skipped: not shown in the desk list (the features that list
        // notes, corrections or posts read the article itself).
        bylines: _,
        image: _,
        share: _,
        body: _,
        language: _,
        target_words: _,
        seo_title: _,
        seo_description: _,
        social_title: _,
        social_description: _,
        corrections: _,
        notes: _,
        published_to: _,
    } = article;
};

/// True for files the index reads: `*.ron`, not `desk.ron`, not hidden
/// (backups and temporary files start with a dot).
pub fn is_article_file(path: &Path) -> bool {
    paths::is_article_name(path)
}

/// Lists the article files under `root`, skipping hidden folders and never
/// following a link.
pub fn article_files(root: &Path) -> Vec<PathBuf> {
    DeskRoot::new(root).articles_under(root)
}

/// Reads one article file for the index.
pub fn read_entry(path: &Path) -> Result<Entry, LoadError> {
    let bytes = store::read_limited(path)?;
    let text = store::decode(&bytes, path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ron::Options::default().from_str::<Skim>(text) {
        Ok(skim) if (1..=crate::model::article::FORMAT).contains(&skim.format) => {
            let time = |t: Option<String>| t.and_then(|t| t.parse().ok());
            Ok(Entry {
                path: path.to_path_buf(),
                slug: skim.slug,
                headline: skim.headline,
                dek: skim.dek,
                category: skim.category,
                tags: skim.tags,
                status: skim.status,
                published_at: time(skim.published_at),
                updated_at: time(skim.updated_at),
                embargo_until: time(skim.embargo_until),
                id: skim.id,
                related: skim.related,
            })
        }
        // Anything unusual (another format, a bad field) gets the full
        // loader's precise error.
        _ => {
            store::parse_str(text, path)?;
            Err(LoadError {
                path: path.to_path_buf(),
                at: None,
                kind: store::LoadErrorKind::Syntax("could not be indexed".into()),
            })
        }
    }
}

impl Index {
    /// Scans `root`: `desk.ron` and every article, in parallel.
    pub fn scan(root: &Path, progress: &Progress) -> Index {
        let config = config::load(root);
        let files = article_files(root);
        progress.total.store(files.len(), Ordering::Relaxed);
        let results: Vec<Result<Entry, LoadError>> = files
            .par_iter()
            .map(|path| {
                let result = read_entry(path);
                progress.done.fetch_add(1, Ordering::Relaxed);
                result
            })
            .collect();
        let mut index = Index { root: root.to_path_buf(), config, ..Index::default() };
        for result in results {
            match result {
                Ok(entry) => index.entries.push(entry),
                Err(error) => {
                    index.failures.push(Failure { path: error.path.clone(), error: Arc::new(error) })
                }
            }
        }
        index.rebuild();
        index
    }

    /// Re-reads the given paths (changed, created or deleted on disk).
    /// Only what belongs to the desk (see [`DeskRoot`]) is read: a link
    /// that appears inside the desk is treated as if it were not there.
    pub fn refresh(&mut self, paths: &[PathBuf]) {
        let desk = DeskRoot::new(&self.root);
        for path in paths {
            if path.file_name().is_some_and(|n| n == config::FILE_NAME) && path.parent() == Some(&self.root) {
                self.config = config::load(&self.root);
                continue;
            }
            self.entries.retain(|e| e.path != *path);
            self.failures.retain(|f| f.path != *path);
            if desk.is_article(path) {
                match read_entry(path) {
                    Ok(entry) => self.entries.push(entry),
                    Err(error) => self.failures.push(Failure { path: path.clone(), error: Arc::new(error) }),
                }
            } else if desk.is_folder(path) {
                // A folder appeared (or was renamed in): read what is inside.
                for file in desk.articles_under(path) {
                    self.entries.retain(|e| e.path != file);
                    self.failures.retain(|f| f.path != file);
                    match read_entry(&file) {
                        Ok(entry) => self.entries.push(entry),
                        Err(error) => {
                            self.failures.push(Failure { path: file.clone(), error: Arc::new(error) })
                        }
                    }
                }
            } else {
                // Gone, or no longer part of the desk (now a link): a
                // folder takes its articles with it.
                self.entries.retain(|e| !e.path.starts_with(path));
                self.failures.retain(|f| !f.path.starts_with(path));
            }
        }
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        self.failures.sort_by(|a, b| a.path.cmp(&b.path));
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.by_slug.clear();
        for (at, entry) in self.entries.iter().enumerate() {
            self.by_slug.entry(entry.slug.clone()).or_default().push(at);
        }
    }

    pub fn by_slug(&self, slug: &str) -> impl Iterator<Item = &Entry> {
        self.by_slug.get(slug).into_iter().flatten().filter_map(|&at| self.entries.get(at))
    }

    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.entries.iter().find(|e| e.path == path)
    }

    /// Whether an article of the desk other than the one at `except` (a
    /// file about to be replaced) has `slug`.
    pub fn slug_taken(&self, slug: &str, except: &Path) -> bool {
        self.by_slug(slug).any(|e| e.path != except)
    }

    /// `slug` when it is free (see `slug_taken`), else the first free one
    /// of `slug-2`, `slug-3`, … (counting on from a number the slug already
    /// ends in: after `vote-2` comes `vote-3`).
    pub fn free_slug(&self, slug: &str, except: &Path) -> String {
        if !self.slug_taken(slug, except) {
            return slug.to_string();
        }
        let (stem, from) = match slug.rsplit_once('-') {
            Some((stem, n)) if !stem.is_empty() && !n.starts_with('0') => match n.parse::<u64>() {
                Ok(n) => (stem, n.saturating_add(1).max(2)),
                Err(_) => (slug, 2),
            },
            _ => (slug, 2),
        };
        (from..)
            .map(|n| format!("{stem}-{n}"))
            .find(|candidate| !self.slug_taken(candidate, except))
            .unwrap_or_default()
    }

    /// Slugs used by more than one article, with the articles.
    pub fn duplicates(&self) -> Vec<(&str, Vec<&Entry>)> {
        let mut duplicates: Vec<(&str, Vec<&Entry>)> = self
            .by_slug
            .iter()
            .filter(|(_, at)| at.len() > 1)
            .map(|(slug, at)| (slug.as_str(), at.iter().filter_map(|&i| self.entries.get(i)).collect()))
            .collect();
        duplicates.sort_by(|a, b| a.0.cmp(b.0));
        duplicates
    }

    /// Articles with a related link to `slug`.
    pub fn linking_to<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.related.iter().any(|r| r.slug == slug))
    }

    /// The desk's taxonomy, when `desk.ron` sets one.
    pub fn taxonomy(&self) -> Option<Vec<String>> {
        self.config.taxonomy()
    }

    /// Searches headline, slug and tags (case-insensitive, every word must
    /// match somewhere).
    pub fn search<'a>(&'a self, query: &str) -> Vec<&'a Entry> {
        self.search_positions(query).into_iter().filter_map(|at| self.entries.get(at)).collect()
    }

    /// [`Index::search`] as positions in `entries`.
    pub fn search_positions(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let matches = |entry: &Entry| {
            let haystack = format!(
                "{} {} {}",
                entry.headline.to_lowercase(),
                entry.slug,
                entry.tags.join(" ").to_lowercase()
            );
            words.iter().all(|w| haystack.contains(w.as_str()))
        };
        (0..self.entries.len()).filter(|&at| matches(&self.entries[at])).collect()
    }
}

/// The desk as the checks see it while one article (at `current`) is being
/// edited: that article's own file is not "another article".
pub struct DeskView {
    pub index: Arc<Index>,
    pub current: Option<PathBuf>,
}

impl check::Desk for DeskView {
    fn others_with_slug(&self, slug: &str) -> usize {
        self.index.by_slug(slug).filter(|e| Some(&e.path) != self.current.as_ref()).count()
    }

    fn lookup(&self, slug: &str) -> Lookup {
        let found: Vec<&Entry> =
            self.index.by_slug(slug).filter(|e| Some(&e.path) != self.current.as_ref()).collect();
        match found.as_slice() {
            [] => Lookup::Missing,
            [one] => Lookup::Found(one.target()),
            many => Lookup::Ambiguous(many.len()),
        }
    }

    fn article_path(&self) -> Option<&Path> {
        self.current.as_deref()
    }
}
