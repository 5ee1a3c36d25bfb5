//! The headless team commands behind `copydesk sync`, `copydesk resolve`,
//! `copydesk history` and `copydesk diff`: argument parsing lives in `main.rs`, the work and
//! the printing here.

use std::io::Write;
use std::path::Path;

use super::history::{self, Words};
use super::sync::{self, Author, SyncOptions};
use super::{TeamError, merge};
use crate::model::article::{Field, Value};
use crate::storage::store;

/// Who the commit is by: `--author`, else `COPYDESK_AUTHOR`, else the
/// repository's git config.
pub fn author(desk: &Path, given: Option<&str>) -> Result<Author, TeamError> {
    if let Some(text) = given {
        return Author::parse(text);
    }
    if let Ok(text) = std::env::var("COPYDESK_AUTHOR")
        && !text.trim().is_empty()
    {
        return Author::parse(&text);
    }
    Author::from_git_config(desk).ok_or(TeamError::NoAuthor)
}

/// Syncs a desk, printing each step; true when conflicts are left for the
/// editor (the command then exits 1).
pub fn sync(desk: &Path, options: &SyncOptions, out: &mut impl Write) -> Result<bool, TeamError> {
    let mut last = String::new();
    let mut lines = Vec::new();
    let report = sync::sync(desk, options, &mut |step| {
        // Byte counts tick fast; print each kind of step once.
        let kind = format!("{step:?}").split([' ', '{']).next().unwrap_or_default().to_string();
        if kind != last {
            lines.push(format!("{step}"));
            last = kind;
        }
    })?;
    let io = |e| TeamError::Io { path: desk.to_path_buf(), source: e };
    for line in lines {
        writeln!(out, "{line}").map_err(io)?;
    }
    if report.committed {
        writeln!(out, "committed the desk's changes").map_err(io)?;
    }
    if report.fast_forwarded {
        writeln!(out, "took the remote's changes (fast-forward)").map_err(io)?;
    }
    for path in &report.merged {
        writeln!(out, "merged {}", path.display()).map_err(io)?;
    }
    for (from, to) in &report.renamed {
        writeln!(out, "renamed {} -> {}", from.display(), to.display()).map_err(io)?;
    }
    for path in &report.kept_mine {
        writeln!(out, "{}: changed on both sides; kept yours", path.display()).map_err(io)?;
    }
    for conflict in &report.desk_conflicts {
        writeln!(
            out,
            "desk.ron: {} changed on both sides; kept yours ({}), theirs was {}",
            conflict.field, conflict.mine, conflict.theirs
        )
        .map_err(io)?;
    }
    for file in &report.conflicts {
        for conflict in file.conflicts() {
            writeln!(out, "{}: conflict in {}", file.path.display(), conflict.field.label()).map_err(io)?;
            writeln!(out, "  mine:   {}", one_line(&conflict.mine)).map_err(io)?;
            writeln!(out, "  theirs: {}", one_line(&conflict.theirs)).map_err(io)?;
        }
    }
    if !report.conflicts.is_empty() {
        writeln!(out, "not pushed: resolve the conflicts (in the window, or copydesk resolve FILE --take mine|theirs|both), then sync again").map_err(io)?;
    } else if report.pushed {
        writeln!(out, "pushed").map_err(io)?;
    } else {
        writeln!(out, "up to date").map_err(io)?;
    }
    Ok(!report.conflicts.is_empty())
}

/// Settles every conflict of one article the same way (`copydesk resolve`);
/// returns how many there were.
pub fn resolve(file: &Path, choice: merge::Choice, out: &mut impl Write) -> Result<usize, TeamError> {
    let desk = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file = desk.join(file.file_name().ok_or_else(|| TeamError::NotTracked(file.to_path_buf()))?);
    let pending = sync::pending(desk)?;
    let conflict =
        pending.iter().find(|c| c.path == file).ok_or_else(|| TeamError::NotTracked(file.clone()))?;
    let count = conflict.conflicts().len();
    sync::resolve(desk, &file, &vec![choice; count])?;
    let io = |e| TeamError::Io { path: file.clone(), source: e };
    writeln!(out, "{}: {count} conflicts resolved; sync to commit the merge", file.display()).map_err(io)?;
    Ok(count)
}

fn one_line(value: &Value) -> String {
    let text = value.display().replace('\n', " ⏎ ");
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(100).collect();
    if chars.next().is_some() { format!("{short}…") } else { short }
}

/// Prints every committed version of a file, newest first.
pub fn history(file: &Path, out: &mut impl Write) -> Result<(), TeamError> {
    let io = |e| TeamError::Io { path: file.to_path_buf(), source: e };
    for version in history::versions(file)? {
        writeln!(
            out,
            "{}  {}  {} <{}>  {}",
            version.short(),
            version.time.strftime("%Y-%m-%d %H:%M UTC"),
            version.author,
            version.email,
            version.message
        )
        .map_err(io)?;
    }
    Ok(())
}

/// Prints what changed between `rev` (default: the last commit) and the
/// file as it is now, field by field, words marked `[-removed-]{+added+}`.
pub fn diff(file: &Path, rev: Option<&str>, out: &mut impl Write) -> Result<bool, TeamError> {
    let io = |e| TeamError::Io { path: file.to_path_buf(), source: e };
    let old = history::content_at(file, rev.unwrap_or("HEAD"))?;
    let new = store::load(file)?;
    let diffs = history::diff(&old, &new);
    for field in &diffs {
        writeln!(out, "{}:", field.field.label()).map_err(io)?;
        let mut line = String::new();
        for words in &field.words {
            match words {
                Words::Same(text) => line.push_str(text),
                Words::Removed(text) => line.push_str(&format!("[-{text}-]")),
                Words::Added(text) => line.push_str(&format!("{{+{text}+}}")),
            }
        }
        // A long body shows only its changed paragraphs.
        let changed_only = field.field == Field::Body;
        for text in line.lines().filter(|l| !changed_only || l.contains("[-") || l.contains("{+")) {
            writeln!(out, "    {text}").map_err(io)?;
        }
    }
    Ok(!diffs.is_empty())
}
