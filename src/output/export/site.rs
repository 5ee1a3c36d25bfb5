//! A desk as a static site: one page per Published article at
//! `SITE/<slug>/index.html` with its local images copied beside it, a
//! front page of the newest articles by category, an Atom feed and a
//! sitemap. Every path written is built from a valid slug and a checked
//! relative image path, so nothing can land outside `SITE/`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use askama::Template;
use rayon::prelude::*;

use super::html::{self, Links};
use crate::model::article::schedule::{self, Hold};
use crate::model::article::{Article, Status};
use crate::model::page;
use crate::model::slug;
use crate::storage::desk::{self, config::DeskConfig};
use crate::storage::media::{self, Source};
use crate::storage::store::{self, LoadError};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a desk folder", .0.display())]
    NotADesk(PathBuf),
    #[error("{}: the site folder must be outside the desk folder", .0.display())]
    SiteInsideDesk(PathBuf),
    #[error(
        "{}: not exported: embargoed until {until} (give --ignore-embargo to export it anyway)",
        path.display()
    )]
    Embargoed { path: PathBuf, until: jiff::Timestamp },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io { path: path.to_path_buf(), source }
}

/// What a site export did.
#[derive(Debug, Default)]
pub struct Report {
    /// Pages written, by slug.
    pub pages: Vec<String>,
    pub images: usize,
    /// Articles or images left out, each with why, in words.
    pub skipped: Vec<String>,
}

/// The newest articles the front page and the feed list.
pub const FRONT_PAGE_PER_CATEGORY: usize = 10;
pub const FEED_ENTRIES: usize = 50;

/// Writes one article's page to `out`, copying its local images beside it
/// (an image already there is left as it is). Returns what was skipped.
/// An article under embargo now is refused.
pub fn page_file(article_path: &Path, out: &Path) -> Result<Vec<String>, ExportError> {
    page_file_at(article_path, out, jiff::Timestamp::now(), false)
}

/// [`page_file`] at time `now`; `ignore_embargo` writes an embargoed
/// article anyway, with a warning among what it returns.
pub fn page_file_at(
    article_path: &Path,
    out: &Path,
    now: jiff::Timestamp,
    ignore_embargo: bool,
) -> Result<Vec<String>, ExportError> {
    let mut article = store::load(article_path)?;
    let mut warnings = Vec::new();
    if let Some(Hold::Embargoed(until)) = schedule::hold(&article, now) {
        if !ignore_embargo {
            return Err(ExportError::Embargoed { path: article_path.to_path_buf(), until });
        }
        warnings.push(format!(
            "{}: warning: embargoed until {until}; exported anyway (--ignore-embargo)",
            article_path.display()
        ));
    }
    let folder = article_path.parent().unwrap_or(Path::new("."));
    let config = desk::config::load(folder).config;
    media::measure(&mut article, folder);
    let text = html::page(&article, config.page_settings(), Links::Standalone);
    fs::write(out, text).map_err(io_error(out))?;
    let out_folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let same = match (fs::canonicalize(folder), fs::canonicalize(out_folder)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut skipped = warnings;
    if !same {
        copy_images(&article, folder, out_folder, &mut skipped, false)?;
    } else {
        note_refused(&article, folder, &mut skipped);
    }
    Ok(skipped)
}

/// Exports every Published article of the desk at `root` into `site`.
pub fn site(root: &Path, site: &Path) -> Result<Report, ExportError> {
    site_at(root, site, jiff::Timestamp::now())
}

/// [`site`] at time `now`: a story under embargo, or Published with its
/// publication time still ahead, is left out of the pages, the front
/// page, the feed and the sitemap (and named in the report) until then.
pub fn site_at(root: &Path, site: &Path, now: jiff::Timestamp) -> Result<Report, ExportError> {
    if !root.is_dir() {
        return Err(ExportError::NotADesk(root.to_path_buf()));
    }
    fs::create_dir_all(site).map_err(io_error(site))?;
    let site = fs::canonicalize(site).map_err(io_error(site))?;
    let root = fs::canonicalize(root).map_err(io_error(root))?;
    // A site inside the desk would be read back as part of it next time.
    if site.starts_with(&root) {
        return Err(ExportError::SiteInsideDesk(site));
    }
    let config = desk::config::load(&root).config;
    let settings = config.page_settings();

    let loaded: Vec<Result<(PathBuf, Article), LoadError>> = desk::index::article_files(&root)
        .into_par_iter()
        .map(|path| store::load(&path).map(|article| (path, article)))
        .collect();
    let mut report = Report::default();
    let mut articles = Vec::new();
    let mut seen = HashSet::new();
    for result in loaded {
        match result {
            Ok((path, article)) if article.status == Status::Published => {
                if let Some(hold) = schedule::hold(&article, now) {
                    report.skipped.push(format!("{}: not exported yet: {}", path.display(), hold.reason()));
                } else if let Err(reason) = slug::validate(&article.slug) {
                    report
                        .skipped
                        .push(format!("{}: not exported: the slug is not valid: {reason}", path.display()));
                } else if !seen.insert(article.slug.clone()) {
                    report.skipped.push(format!(
                        "{}: not exported: another article already has the slug “{}”",
                        path.display(),
                        article.slug
                    ));
                } else {
                    articles.push((path, article));
                }
            }
            Ok(_) => {}
            Err(error) => report.skipped.push(format!("{error}")),
        }
    }

    let written: Vec<Result<(usize, Vec<String>), ExportError>> = articles
        .par_iter_mut()
        .map(|(path, article)| {
            let folder = path.parent().unwrap_or(&root);
            media::measure(article, folder);
            // The slug was validated: lowercase letters, digits and hyphens.
            let dir = site.join(&article.slug);
            fs::create_dir_all(&dir).map_err(io_error(&dir))?;
            let file = dir.join("index.html");
            write(&file, &html::page(article, settings, Links::Site))?;
            let mut skipped = Vec::new();
            let images = copy_images(article, folder, &dir, &mut skipped, true)?;
            Ok((images, skipped))
        })
        .collect();
    for result in written {
        let (images, skipped) = result?;
        report.images += images;
        report.skipped.extend(skipped);
    }

    articles.sort_by(|a, b| b.1.published_at.cmp(&a.1.published_at).then_with(|| a.1.slug.cmp(&b.1.slug)));
    let list: Vec<&Article> = articles.iter().map(|(_, article)| article).collect();
    let front = front_page(&list, &config);
    write(&site.join("index.html"), &front)?;
    match page::base_url(settings.base_url) {
        Some(base) => {
            write(&site.join("feed.xml"), &feed(&list, &config, &base))?;
            write(&site.join("sitemap.xml"), &sitemap(&list, &base))?;
        }
        None => report.skipped.push(
            "feed.xml and sitemap.xml: not written: they need absolute addresses; set base_url in desk.ron"
                .into(),
        ),
    }
    report.pages = list.iter().map(|a| a.slug.clone()).collect();
    Ok(report)
}

/// Writes `text` to `path` unless the file already says exactly that. A
/// re-export then touches only what changed: deploys that copy by date see
/// only those, and the file system is not asked to truncate and flush ten
/// thousand unchanged pages (ext4 writes a truncated-and-rewritten file
/// out on close, which made a re-export of a large desk mostly disk waits).
fn write(path: &Path, text: &str) -> Result<(), ExportError> {
    let same = fs::metadata(path).is_ok_and(|meta| meta.len() == text.len() as u64)
        && fs::read(path).is_ok_and(|old| old == text.as_bytes());
    if same {
        return Ok(());
    }
    fs::write(path, text).map_err(io_error(path))
}

/// Copies the article's local images from `folder` into `dir` at the same
/// relative paths. `overwrite` replaces what is there (a site folder is
/// Copydesk's own); otherwise an existing file is kept.
fn copy_images(
    article: &Article,
    folder: &Path,
    dir: &Path,
    skipped: &mut Vec<String>,
    overwrite: bool,
) -> Result<usize, ExportError> {
    let mut copied = 0;
    for image in media::images(article) {
        match media::resolve(folder, &image.src) {
            Source::Local { relative, path } => {
                // `relative` is only plain names, so this stays inside `dir`.
                let target = dir.join(&relative);
                if !path.is_file() {
                    skipped.push(format!("{}: image not found, the page shows its alt text", path.display()));
                    continue;
                }
                if !overwrite && target.exists() {
                    continue;
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                fs::copy(&path, &target).map_err(io_error(&target))?;
                copied += 1;
            }
            Source::Remote(_) => {}
            Source::Refused(reason) => {
                skipped.push(format!("{}: image “{}” left out: {reason}", article.slug, image.src))
            }
        }
    }
    Ok(copied)
}

fn note_refused(article: &Article, folder: &Path, skipped: &mut Vec<String>) {
    for image in media::images(article) {
        if let Source::Refused(reason) = media::resolve(folder, &image.src) {
            skipped.push(format!("{}: image “{}” left out: {reason}", article.slug, image.src));
        }
    }
}

#[derive(Template)]
#[template(path = "front.html")]
struct FrontPage<'a> {
    name: &'a str,
    sections: Vec<(&'a str, Vec<FrontItem<'a>>)>,
    style: &'static str,
}

struct FrontItem<'a> {
    slug: &'a str,
    title: &'a str,
    dek: &'a str,
}

/// The newest articles of each category: the desk's categories in its
/// order first, then any others alphabetically.
fn front_page(articles: &[&Article], config: &DeskConfig) -> String {
    let mut by_category: BTreeMap<&str, Vec<FrontItem>> = BTreeMap::new();
    for article in articles {
        let category = article.category.trim();
        let list =
            by_category.entry(if category.is_empty() { "More stories" } else { category }).or_default();
        if list.len() < FRONT_PAGE_PER_CATEGORY {
            list.push(FrontItem {
                slug: &article.slug,
                title: page::title_of(article),
                dek: article.dek.trim(),
            });
        }
    }
    let mut sections = Vec::new();
    for category in &config.categories {
        if let Some(list) = by_category.remove(category.as_str()) {
            sections.push((category.as_str(), list));
        }
    }
    sections.extend(by_category);
    let name = if config.name.trim().is_empty() { "Latest stories" } else { config.name.trim() };
    FrontPage { name, sections, style: FRONT_STYLE }.render().unwrap_or_default()
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed<'a> {
    name: &'a str,
    base: &'a str,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

struct FeedEntry<'a> {
    url: String,
    title: &'a str,
    summary: &'a str,
    published: String,
    updated: String,
    authors: Vec<&'a str>,
    category: &'a str,
}

fn time(at: Option<jiff::Timestamp>) -> String {
    at.unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_string()
}

fn feed(articles: &[&Article], config: &DeskConfig, base: &str) -> String {
    let entries: Vec<FeedEntry> = articles
        .iter()
        .take(FEED_ENTRIES)
        .map(|article| FeedEntry {
            url: format!("{base}{}/", article.slug),
            title: page::title_of(article),
            summary: article.dek.trim(),
            published: time(article.published_at),
            updated: time(article.updated_at.or(article.published_at)),
            authors: article.bylines.iter().map(|b| b.trim()).filter(|b| !b.is_empty()).collect(),
            category: article.category.trim(),
        })
        .collect();
    let updated = articles
        .iter()
        .filter_map(|a| a.updated_at.or(a.published_at))
        .max()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string();
    let name = if config.name.trim().is_empty() { "Latest stories" } else { config.name.trim() };
    Feed { name, base, updated, entries }.render().unwrap_or_default()
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap<'a> {
    base: &'a str,
    urls: Vec<(String, String)>,
}

fn sitemap(articles: &[&Article], base: &str) -> String {
    let urls = articles
        .iter()
        .map(|article| {
            (format!("{base}{}/", article.slug), time(article.updated_at.or(article.published_at)))
        })
        .collect();
    Sitemap { base, urls }.render().unwrap_or_default()
}

const FRONT_STYLE: &str = include_str!("front.css");
