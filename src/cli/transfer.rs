//! `copydesk import` and `copydesk export`: copy in from plain text or
//! Markdown, and Markdown out.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::output::export;
use crate::output::import;
use crate::storage::desk::{self, Index};
use crate::storage::store;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Html,
    Markdown,
}

/// Imports `input` (`-` for standard input) and writes the article as RON
/// to `output`, or to `out` without one. Findings go to `err` as
/// `file:line: severity: message`. Returns whether the run failed.
pub fn import(
    input: &Path,
    output: Option<&Path>,
    desk_root: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let index = desk_root.map(|root| Index::scan(root, &desk::Progress::default()));
    let name = if input == Path::new("-") { PathBuf::from("<stdin>") } else { input.to_path_buf() };
    let imported = match import::from_file(input, index.as_ref()) {
        Ok(imported) => imported,
        Err(error) => {
            writeln!(err, "{}", import::FileError { path: name, error: error.error })?;
            return Ok(true);
        }
    };
    for finding in &imported.findings {
        writeln!(
            err,
            "{}:{}: {}: {}",
            name.display(),
            finding.line,
            finding.severity.label(),
            finding.message
        )?;
    }
    // An import is a new article: a file it is written to is its first
    // save, with a new id (never the one a Markdown copy carried); printed,
    // it has none until saved.
    let mut article = imported.article;
    article.id = None;
    match output {
        Some(path) => {
            if input != Path::new("-") && same_file(input, path) {
                writeln!(err, "{}: not written: it is the file being imported", path.display())?;
                return Ok(true);
            }
            store::identify(&mut article, store::Saving::Copy);
            if let Err(error) = store::save(path, &article) {
                writeln!(err, "{error}")?;
                return Ok(true);
            }
        }
        None => out.write_all(store::to_string(&article).as_bytes())?,
    }
    Ok(false)
}

/// Whether writing `output` would replace `input` (the same file, or a
/// link to it).
fn same_file(input: &Path, output: &Path) -> bool {
    match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Exports an article file, or every article of a desk folder, as
/// HTML (`ignore_embargo`: a single embargoed page is written anyway) or
/// Markdown. A single file goes to `output` (or `out`); a desk goes to the
/// folder `output`, one `.md` per article at the same relative path.
pub fn export(
    input: &Path,
    output: Option<&Path>,
    format: ExportFormat,
    ignore_embargo: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    if format == ExportFormat::Html {
        let Some(output) = output else {
            writeln!(
                err,
                "{}: HTML export needs -o OUT.html (a file) or -o SITE/ (a desk)",
                input.display()
            )?;
            return Ok(true);
        };
        // Notices, not data: escaped wherever they go.
        return super::export_html(input, output, ignore_embargo, &mut super::terminal::Escaping::new(out));
    }
    if input.is_dir() {
        let Some(folder) = output else {
            writeln!(err, "{}: exporting a desk needs -o FOLDER for the Markdown files", input.display())?;
            return Ok(true);
        };
        // The Markdown goes beside the desk, never into it.
        if let Ok(root) = std::fs::canonicalize(input)
            && export::real_path(folder).starts_with(&root)
        {
            writeln!(err, "{}: not written: the folder is inside the desk being exported", folder.display())?;
            return Ok(true);
        }
        let mut failed = false;
        for path in desk::index::article_files(input) {
            let relative = path.strip_prefix(input).unwrap_or(&path);
            let target = folder.join(relative).with_extension("md");
            failed |= export_file(&path, Some(&target), out, err)?;
        }
        return Ok(failed);
    }
    export_file(input, output, out, err)
}

fn export_file(
    path: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let article = match store::load(path) {
        Ok(article) => article,
        Err(error) => {
            writeln!(err, "{error}")?;
            return Ok(true);
        }
    };
    let text = match export::markdown::to_string(&article) {
        Ok(text) => text,
        Err(error) => {
            writeln!(err, "{}: {error}", path.display())?;
            return Ok(true);
        }
    };
    match output {
        Some(target) => {
            if same_file(path, target) {
                writeln!(err, "{}: not written: it is the article being exported", target.display())?;
                return Ok(true);
            }
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty())
                && let Err(error) = std::fs::create_dir_all(parent)
            {
                writeln!(err, "{}: cannot create the folder: {error}", parent.display())?;
                return Ok(true);
            }
            if let Err(error) = store::write_atomic(target, text.as_bytes()) {
                writeln!(err, "{error}")?;
                return Ok(true);
            }
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(false)
}
