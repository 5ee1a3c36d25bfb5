//! A desk as a static site: one page per Published article at
//! `SITE/<slug>/index.html` with its local images copied beside it, a
//! front page of the newest articles by category, an Atom feed and a
//! sitemap; and one article as one page. Every path written is built from
//! a valid slug and a checked relative image path and goes through
//! `files::Outputs`, so nothing lands outside `SITE/`, inside the desk, or
//! on a file the export reads. An article `check` finds errors in is left
//! out whole, with the first of them as the reason.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use askama::Template;
use rayon::prelude::*;

use super::files::{self, Copy, Outputs};
use super::html::{self, Links};
use crate::model::article::schedule::{self, Hold};
use crate::model::article::{Article, Status};
use crate::model::page;
use crate::model::slug;
use crate::rules::check::{self, Lookup, Severity, Target};
use crate::rules::review::Rules;
use crate::storage::desk::{self, config::DeskConfig};
use crate::storage::media::{self, Source};
use crate::storage::store::{self, LoadError, SaveError};

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
    #[error("{}: not written: {why}", path.display())]
    Refused { path: PathBuf, why: &'static str },
    #[error("{0}")]
    Write(SaveError),
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
/// article anyway, with a warning first among what it returns.
pub fn page_file_at(
    article_path: &Path,
    out: &Path,
    now: jiff::Timestamp,
    ignore_embargo: bool,
) -> Result<Vec<String>, ExportError> {
    let article = store::load(article_path)?;
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
    let skipped = page(&article, Some(folder), &config, out, Some(article_path))?;
    warnings.extend(skipped);
    Ok(warnings)
}

/// Writes `article` as one page at `out` with the settings of `config`,
/// copying its local pictures from `folder` (where it is stored, if it
/// is) beside the page. `source` is its file, which the page must not
/// replace. The CLI and the window both export through here. Returns what
/// was left out, each with why.
pub fn page(
    article: &Article,
    folder: Option<&Path>,
    config: &DeskConfig,
    out: &Path,
    source: Option<&Path>,
) -> Result<Vec<String>, ExportError> {
    let mut article = article.clone();
    if let Some(folder) = folder {
        media::measure(&mut article, folder);
    }
    let mut inputs: Vec<PathBuf> = source.map(Path::to_path_buf).into_iter().collect();
    if let Some(folder) = folder {
        inputs.extend(local_pictures(&article, folder).into_iter().map(|(_, path)| path));
    }
    let outputs = Outputs::reading(&inputs.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    let text = html::page(&article, config.page_settings(), Links::Standalone);
    outputs.write(out, text.as_bytes())?;
    let out_folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut skipped = Vec::new();
    match folder {
        // Beside the article already: nothing to copy.
        Some(folder) if files::real_path(folder) == files::real_path(out_folder) => {
            note_refused(&article, folder, &mut skipped)
        }
        Some(folder) => {
            copy_images(&article, folder, out_folder, &outputs, &mut skipped, false)?;
        }
        None => note_refused(&article, Path::new(""), &mut skipped),
    }
    Ok(skipped)
}

/// The article's local pictures that exist: relative path and file.
fn local_pictures(article: &Article, folder: &Path) -> Vec<(String, PathBuf)> {
    media::images(article)
        .filter_map(|image| match media::resolve(folder, &image.src) {
            Source::Local { relative, path } => Some((relative, path)),
            _ => None,
        })
        .collect()
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
    let root = fs::canonicalize(root).map_err(io_error(root))?;
    // A site inside the desk would be read back as part of it next time.
    if files::real_path(site).starts_with(&root) {
        return Err(ExportError::SiteInsideDesk(files::real_path(site)));
    }
    fs::create_dir_all(site).map_err(io_error(site))?;
    let site = fs::canonicalize(site).map_err(io_error(site))?;
    // The desk may lie inside the site's folder (a site exported to the
    // desk's parent): nothing may be written into it.
    let outputs = Outputs::reading_desk(&root).within(&site);
    let settings_loaded = desk::config::load(&root);
    let rules = Rules::new(&settings_loaded, None, &[]);
    let config = settings_loaded.config;
    let settings = config.page_settings();

    let loaded: Vec<Result<(PathBuf, Article), LoadError>> = desk::index::article_files(&root)
        .into_par_iter()
        .map(|path| store::load(&path).map(|article| (path, article)))
        .collect();
    let mut report = Report::default();
    let mut all = Vec::new();
    for result in loaded {
        match result {
            Ok(loaded) => all.push(loaded),
            Err(error) => report.skipped.push(format!("{error}")),
        }
    }
    let desk_view = DeskArticles::of(&all);
    let mut candidates = Vec::new();
    let mut seen = HashSet::new();
    for (at, (path, article)) in all.iter().enumerate() {
        if article.status != Status::Published {
            continue;
        }
        if let Some(hold) = schedule::hold(article, now) {
            report.skipped.push(format!("{}: not exported yet: {}", path.display(), hold.reason()));
        } else if let Err(reason) = slug::validate(&article.slug) {
            report.skipped.push(format!("{}: not exported: the slug is not valid: {reason}", path.display()));
        } else if !seen.insert(article.slug.as_str()) {
            report.skipped.push(format!(
                "{}: not exported: another article already has the slug “{}”",
                path.display(),
                article.slug
            ));
        } else {
            candidates.push(at);
        }
    }
    // What `check` calls an error keeps the article out, whole.
    let verdicts: Vec<Option<String>> = candidates
        .par_iter()
        .map(|&at| {
            let (path, article) = &all[at];
            let folder = path.parent().unwrap_or(&root);
            let view = desk_view.seen_from(at);
            let context = rules.context(Some(&view)).in_folder(Some(folder));
            refusal(path, article, &context, &site, &outputs)
        })
        .collect();
    let mut keep = Vec::new();
    for (at, verdict) in candidates.into_iter().zip(verdicts) {
        match verdict {
            Some(why) => report.skipped.push(why),
            None => keep.push(at),
        }
    }
    drop(desk_view);
    let mut slots: Vec<Option<(PathBuf, Article)>> = all.into_iter().map(Some).collect();
    let mut articles: Vec<(PathBuf, Article)> = keep.iter().filter_map(|&at| slots[at].take()).collect();

    let written: Vec<Result<(usize, Vec<String>), ExportError>> = articles
        .par_iter_mut()
        .map(|(path, article)| {
            let folder = path.parent().unwrap_or(&root);
            media::measure(article, folder);
            // The slug was validated: lowercase letters, digits and hyphens.
            let dir = site.join(&article.slug);
            fs::create_dir_all(&dir).map_err(io_error(&dir))?;
            let file = dir.join("index.html");
            outputs.write(&file, html::page(article, settings, Links::Site).as_bytes())?;
            let mut skipped = Vec::new();
            let images = copy_images(article, folder, &dir, &outputs, &mut skipped, true)?;
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
    outputs.write(&site.join("index.html"), front.as_bytes())?;
    match page::base_url(settings.base_url) {
        Some(base) => {
            outputs.write(&site.join("feed.xml"), feed(&list, &config, &base).as_bytes())?;
            outputs.write(&site.join("sitemap.xml"), sitemap(&list, &base).as_bytes())?;
        }
        None => report.skipped.push(
            "feed.xml and sitemap.xml: not written: they need absolute addresses; set base_url in desk.ron"
                .into(),
        ),
    }
    report.pages = list.iter().map(|a| a.slug.clone()).collect();
    Ok(report)
}

/// Why the article at `path` stays out of the site, if it does: an error
/// `check` finds, or a page or picture that would land where the export
/// must not write (inside the desk, say, when the site is its parent).
/// A suggestion or comment left open on a story already out does not
/// take it off the site: its page is written as published.
fn refusal(
    path: &Path,
    article: &Article,
    context: &check::Context,
    site: &Path,
    outputs: &Outputs,
) -> Option<String> {
    let errors: Vec<check::Finding> = check::article(article, context)
        .into_iter()
        .filter(|f| f.severity == Severity::Error && !check::OPEN_DESK_WORK.contains(&f.code))
        .collect();
    if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Some(format!(
            "{}: not exported: `check` finds an error: {} [{}]{more}",
            path.display(),
            first.message,
            first.code
        ));
    }
    let dir = site.join(&article.slug);
    let folder = path.parent().unwrap_or(Path::new("."));
    let targets = std::iter::once(dir.join("index.html"))
        .chain(local_pictures(article, folder).into_iter().map(|(relative, _)| dir.join(relative)));
    for target in targets {
        if let Err(error) = outputs.check(&target) {
            return Some(format!("{}: not exported: {error}", path.display()));
        }
    }
    None
}

/// The desk's loaded articles as the checks see them.
struct DeskArticles<'a> {
    articles: &'a [(PathBuf, Article)],
    by_slug: HashMap<&'a str, Vec<usize>>,
}

impl<'a> DeskArticles<'a> {
    fn of(articles: &'a [(PathBuf, Article)]) -> DeskArticles<'a> {
        let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, (_, article)) in articles.iter().enumerate() {
            by_slug.entry(article.slug.as_str()).or_default().push(at);
        }
        DeskArticles { articles, by_slug }
    }

    fn seen_from(&self, current: usize) -> DeskView<'_, 'a> {
        DeskView { desk: self, current }
    }
}

/// The desk from one of its articles.
struct DeskView<'d, 'a> {
    desk: &'d DeskArticles<'a>,
    current: usize,
}

impl DeskView<'_, '_> {
    fn others(&self, slug: &str) -> impl Iterator<Item = &Article> {
        let current = self.current;
        self.desk
            .by_slug
            .get(slug)
            .into_iter()
            .flatten()
            .filter(move |&&at| at != current)
            .map(|&at| &self.desk.articles[at].1)
    }
}

impl check::Desk for DeskView<'_, '_> {
    fn others_with_slug(&self, slug: &str) -> usize {
        self.others(slug).count()
    }

    fn lookup(&self, slug: &str) -> Lookup {
        let found: Vec<&Article> = self.others(slug).collect();
        match found.as_slice() {
            [] => Lookup::Missing,
            [one] => Lookup::Found(Target {
                headline: one.headline.clone(),
                category: one.category.clone(),
                dek: one.dek.clone(),
            }),
            many => Lookup::Ambiguous(many.len()),
        }
    }

    fn article_path(&self) -> Option<&Path> {
        Some(&self.desk.articles[self.current].0)
    }
}

/// Copies the article's local images from `folder` into `dir` at the same
/// relative paths, each read through the desk-path gate (a link is left
/// out with a message) and written atomically. `overwrite` replaces what
/// is there (a site folder is Copydesk's own); otherwise an existing file
/// is kept.
fn copy_images(
    article: &Article,
    folder: &Path,
    dir: &Path,
    outputs: &Outputs,
    skipped: &mut Vec<String>,
    overwrite: bool,
) -> Result<usize, ExportError> {
    let mut copied = 0;
    for image in media::images(article) {
        match media::resolve(folder, &image.src) {
            Source::Local { relative, path } => {
                // `relative` is only plain names, so this stays inside `dir`.
                let target = dir.join(&relative);
                if !overwrite && target.exists() {
                    continue;
                }
                match outputs.copy_picture(folder, &relative, &target) {
                    Ok(()) => copied += 1,
                    Err(Copy::Refused(desk::paths::Refused::Missing)) => skipped
                        .push(format!("{}: image not found, the page shows its alt text", path.display())),
                    Err(Copy::Refused(why)) => {
                        skipped.push(format!("{}: image “{}” left out: {why}", article.slug, image.src))
                    }
                    Err(Copy::Failed(error)) => return Err(error),
                }
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
    files::printable(FrontPage { name, sections, style: FRONT_STYLE }.render().unwrap_or_default())
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
    files::printable(Feed { name, base, updated, entries }.render().unwrap_or_default())
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
    files::printable(Sitemap { base, urls }.render().unwrap_or_default())
}

const FRONT_STYLE: &str = include_str!("front.css");
