//! The headless commands behind `copydesk check`, `copydesk fmt` and
//! `copydesk desk`: the command line's grammar is in [`args`] (parsed by
//! `main.rs`, and read by `build.rs` for the man pages and completions), the
//! work here, so tests can run it without a process. `main.rs` hands every
//! command writers wrapped in [`terminal::Escaping`], the one place text
//! from files, commits and remotes is made safe for a terminal.

pub mod args;

pub mod publish;
pub mod suggestions;

pub mod terminal;

pub mod transfer;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::article::Article;
use crate::rules::check::{self, Finding, Location, Severity};
use crate::rules::review::{self, Rules};
use crate::rules::spell::Speller;
use crate::storage::desk;
use crate::storage::store::{self, LoadError, Position, locate};

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    pub format: OutputFormat,
    /// Warnings fail the run too.
    pub deny_warnings: bool,
}

/// One finding placed in a file.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
}

/// What checking a set of paths found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub files: usize,
    pub findings: Vec<Placed>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Report {
    fn add(&mut self, placed: Placed) {
        match placed.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => self.notes += 1,
        }
        self.findings.push(placed);
    }

    fn add_load_error(&mut self, error: &LoadError) {
        let at = error.at.unwrap_or(Position { line: 1, col: 1 });
        self.add(Placed {
            path: error.path.clone(),
            line: at.line,
            col: at.col,
            severity: Severity::Error,
            code: "load-error",
            message: error.kind.to_string(),
            location: None,
        });
    }

    /// True when the run should fail.
    pub fn failed(&self, options: &CheckOptions) -> bool {
        self.errors > 0 || (options.deny_warnings && self.warnings > 0)
    }
}

/// Checks article files, printing findings as `file:line:col: severity:
/// message [code]` (or JSON). Returns whether the run failed.
pub fn check(paths: &[PathBuf], options: &CheckOptions, out: &mut dyn Write) -> std::io::Result<bool> {
    let mut report = Report::default();
    // Spelling findings are notes; without a dictionary the rest still runs.
    let speller = match Speller::load() {
        Ok(speller) => Some(speller),
        Err(error) => {
            eprintln!("copydesk: spelling is not checked: {}", terminal::escape(&error.to_string()));
            None
        }
    };
    // The rules of each folder a loose article sits in, read once.
    let mut desks: HashMap<PathBuf, Rules> = HashMap::new();
    for path in paths {
        if path.is_dir() && !desk::index::is_article_file(path) && !desk::config::is_desk_file(path) {
            check_desk(path, speller.as_ref(), &mut report);
        } else if desk::config::is_desk_file(path) {
            report.files += 1;
            match desk::config::read(path) {
                Ok(config) => report_desk_words(path, &config, &mut report),
                Err(error) => report.add_load_error(&error),
            }
        } else {
            // An article in a desk folder is checked with that desk's
            // categories, limits and dictionary, as in the window.
            let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let rules = desks.entry(folder).or_insert_with_key(|folder| {
                let rules =
                    Rules::new(&desk::config::load(folder), speller.as_ref(), &[]).with_house_style(folder);
                report_house_style(&rules, &mut report)
            });
            check_file(path, rules, None, &mut report);
        }
    }
    print_report(&report, options, out)?;
    Ok(report.failed(options))
}

/// Desk words the speller cannot use (see [`Speller::unusable_words`]),
/// each a warning on the desk file.
fn report_desk_words(path: &Path, config: &desk::DeskConfig, report: &mut Report) {
    for word in Speller::unusable_words(&config.words) {
        let shown: String = word.chars().take(40).collect();
        report.add(Placed {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            severity: Severity::Warning,
            code: "desk-word-too-long",
            message: format!(
                "The desk word “{shown}…” has {} characters; words over {} are never spell-checked, so it is left out of the dictionary.",
                word.chars().count(),
                crate::rules::spell::MAX_WORD_CHARS
            ),
            location: None,
        });
    }
}

/// Checks every article of a desk folder with the desk's rules: its
/// taxonomy and limits, duplicate slugs, related links that must resolve.
pub fn check_desk(root: &Path, speller: Option<&Speller>, report: &mut Report) {
    let index = Arc::new(desk::Index::scan(root, &desk::Progress::default()));
    if let Some(error) = &index.config.error {
        report.add(Placed {
            path: desk::config::path_in(root),
            line: 1,
            col: 1,
            severity: Severity::Error,
            code: "desk-config",
            message: error.clone(),
            location: None,
        });
        // Say where, when the error has a position.
        if let Some(last) = report.findings.last_mut()
            && let Some((line, col)) = position_in_message(error)
        {
            last.line = line;
            last.col = col;
        }
    }
    if index.config.present && index.config.error.is_none() {
        report_desk_words(&desk::config::path_in(root), &index.config.config, report);
    }
    for failure in &index.failures {
        report.files += 1;
        report.add_load_error(&failure.error);
    }
    let rules = report_house_style(&Rules::new(&index.config, speller, &[]).with_house_style(root), report);
    for entry in &index.entries {
        let view = desk::DeskView { index: index.clone(), current: Some(entry.path.clone()) };
        check_file(&entry.path, &rules, Some(&view), report);
    }
}

/// The house style's setup problems and skipped rules, reported once on
/// the `.vale.ini` (not on every article); the rules without them.
fn report_house_style(rules: &Rules, report: &mut Report) -> Rules {
    if let Some(house) = &rules.house {
        for (problem, severity) in review::house_problems(house) {
            report.add(Placed {
                path: problem.path.clone(),
                line: problem.line.max(1),
                col: 1,
                severity,
                code: if severity == Severity::Note { "house-style-skipped" } else { "house-style-setup" },
                message: problem.message,
                location: None,
            });
        }
    }
    let mut rules = rules.clone();
    rules.house_problems_in_review = false;
    rules
}

/// Reads "file:line:col: …" back out of an error message.
fn position_in_message(message: &str) -> Option<(usize, usize)> {
    let mut parts = message.splitn(4, ':');
    let _file = parts.next()?;
    let line = parts.next()?.trim().parse().ok()?;
    let col = parts.next()?.trim().parse().ok()?;
    Some((line, col))
}

/// Prints the desk as a table: slug, category, status, headline.
pub fn desk_table(root: &Path, out: &mut dyn Write) -> std::io::Result<bool> {
    let index = desk::Index::scan(root, &desk::Progress::default());
    let width = |f: &dyn Fn(&desk::Entry) -> usize, title: usize| {
        index.entries.iter().map(f).max().unwrap_or(0).max(title)
    };
    let slug_width = width(&|e| e.slug.chars().count(), 4);
    let category_width = width(&|e| e.category.chars().count(), 8);
    writeln!(out, "{:slug_width$}  {:category_width$}  {:9}  HEADLINE", "SLUG", "CATEGORY", "STATUS")?;
    for entry in &index.entries {
        writeln!(
            out,
            "{:slug_width$}  {:category_width$}  {:9}  {}",
            entry.slug,
            entry.category,
            entry.status.label(),
            entry.headline
        )?;
    }
    for failure in &index.failures {
        writeln!(out, "{}", failure.error)?;
    }
    if let Some(error) = &index.config.error {
        writeln!(out, "{error}")?;
    }
    writeln!(
        out,
        "{} article{} in {}{}",
        index.entries.len(),
        plural(index.entries.len()),
        root.display(),
        if index.failures.is_empty() {
            String::new()
        } else {
            format!(", {} unreadable", index.failures.len())
        }
    )?;
    Ok(!index.failures.is_empty() || index.config.error.is_some())
}

/// Loads and checks one file, adding what it finds to `report`.
pub fn check_file(
    path: &Path,
    rules: &Rules,
    desk: Option<&dyn check::Desk>,
    report: &mut Report,
) -> Option<Article> {
    report.files += 1;
    let bytes = match store::read_limited(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            report.add_load_error(&error);
            return None;
        }
    };
    // The text borrows the bytes read: a megabyte file is not copied.
    let parsed = store::decode(&bytes, path)
        .and_then(|text| store::parse_str(text, path).map(|article| (text, article)));
    let (text, article) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            report.add_load_error(&error);
            return None;
        }
    };
    let map = locate::Map::of(text);
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let reviewed =
        review::review_in(&article, rules, desk, Some(folder), &mut review::ReviewCache::default());
    for placed in place_all(path, &map, reviewed.findings) {
        report.add(placed);
    }
    Some(article)
}

/// Turns findings' locations into file positions, all in one pass over the
/// file.
pub fn place_all(path: &Path, map: &locate::Map, findings: Vec<Finding>) -> Vec<Placed> {
    let spots: Vec<locate::Spot> = findings
        .iter()
        .map(|finding| match finding.location {
            Location::Field { field } => locate::Spot::Field(field.name()),
            Location::Body { block, part, offset } => locate::Spot::BlockText { block, part, offset },
            Location::Related { index } => locate::Spot::Related { index, field: None },
        })
        .collect();
    let positions = map.positions(&spots);
    findings
        .into_iter()
        .zip(positions)
        .map(|(finding, at)| {
            let at = at.unwrap_or(Position { line: 1, col: 1 });
            Placed {
                path: path.to_path_buf(),
                line: at.line,
                col: at.col,
                severity: finding.severity,
                code: finding.code,
                message: finding.message,
                location: Some(finding.location),
            }
        })
        .collect()
}

pub fn print_report(report: &Report, options: &CheckOptions, out: &mut dyn Write) -> std::io::Result<()> {
    match options.format {
        OutputFormat::Text => {
            for f in &report.findings {
                writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    f.path.display(),
                    f.line,
                    f.col,
                    f.severity.label(),
                    f.message,
                    f.code
                )?;
            }
            writeln!(
                out,
                "{} file{} checked: {} error{}, {} warning{}, {} note{}",
                report.files,
                plural(report.files),
                report.errors,
                plural(report.errors),
                report.warnings,
                plural(report.warnings),
                report.notes,
                plural(report.notes)
            )
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Rewrites files in canonical form, or with `check_only` reports the ones
/// that are not. Returns whether the run failed.
pub fn fmt(paths: &[PathBuf], check_only: bool, out: &mut dyn Write) -> std::io::Result<bool> {
    let mut failed = false;
    for path in paths {
        let bytes = match store::read_limited(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                writeln!(out, "{error}")?;
                failed = true;
                continue;
            }
        };
        // Desk settings have a canonical form too.
        let canonical = if desk::config::is_desk_file(path) {
            desk::config::parse(&bytes, path).map(|config| desk::config::to_string(&config))
        } else {
            // Format 1 files come back as format 2, with the pixel size of
            // their local images read from the files.
            store::parse_bytes(&bytes, path).map(|mut article| {
                crate::storage::media::measure(&mut article, path.parent().unwrap_or(Path::new(".")));
                store::to_string(&article)
            })
        };
        let canonical = match canonical {
            Ok(canonical) => canonical,
            Err(error) => {
                writeln!(out, "{error}")?;
                failed = true;
                continue;
            }
        };
        if canonical.as_bytes() == bytes.as_slice() {
            continue;
        }
        if check_only {
            writeln!(out, "{}: not in canonical form (run `copydesk fmt` on it)", path.display())?;
            failed = true;
        } else {
            match store::write_atomic(path, canonical.as_bytes()) {
                Ok(()) => writeln!(out, "{}: rewritten", path.display())?,
                Err(error) => {
                    writeln!(out, "{error}")?;
                    failed = true;
                }
            }
        }
    }
    Ok(failed)
}

/// `copydesk export`: an article file to one HTML page, or a desk folder
/// to a static site. Prints what was written and what was left out;
/// returns whether the run failed.
pub fn export_html(
    input: &Path,
    output: &Path,
    ignore_embargo: bool,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    if input.is_dir() {
        match crate::output::export::site::site(input, output) {
            Ok(report) => {
                for skipped in &report.skipped {
                    writeln!(out, "{skipped}")?;
                }
                writeln!(
                    out,
                    "{}: {} page{}, {} image{}",
                    output.display(),
                    report.pages.len(),
                    plural(report.pages.len()),
                    report.images,
                    plural(report.images)
                )?;
                Ok(false)
            }
            Err(error) => {
                writeln!(out, "{error}")?;
                Ok(true)
            }
        }
    } else {
        let now = jiff::Timestamp::now();
        match crate::output::export::site::page_file_at(input, output, now, ignore_embargo) {
            Ok(skipped) => {
                for skipped in &skipped {
                    writeln!(out, "{skipped}")?;
                }
                writeln!(out, "{}: written", output.display())?;
                Ok(false)
            }
            Err(error) => {
                writeln!(out, "{error}")?;
                Ok(true)
            }
        }
    }
}
