//! Article files on disk: RON load and save, format versions, atomic
//! replacement, and errors that name the file, line and column.

mod canonical;
mod fingerprint;
mod identity;
pub mod locate;
mod open;
mod save;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::article::{Article, FORMAT};

pub use fingerprint::{Fingerprint, fingerprint};
pub use identity::{Saving, identify, save_article};
pub use open::{OpenError, open_regular};
pub(crate) use save::new_file_builder;
pub use save::{
    SaveError, backup_path, copy_output, save, save_checked, write_atomic, write_atomic_private, write_output,
};

/// Files larger than this are refused before they are read: no article is
/// this big, and reading one whole would stall the window.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A file position, 1-based, counted in characters like an editor does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Why a file could not be read as an article.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    /// Where in the file, when the file has a place for the problem.
    pub at: Option<Position>,
    pub kind: LoadErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("this is a folder, not an article file")]
    IsFolder,
    #[error("this is {0}, not a regular file; only regular files are read")]
    NotRegular(&'static str),
    #[error("the file is {} MB; articles over {} MB are refused", .0 / 1_000_000, MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge(u64),
    #[error("the file is empty; expected an article: Article(format: {FORMAT}, …)")]
    Empty,
    #[error("the file is not valid UTF-8 text here; save it as UTF-8")]
    Encoding,
    #[error("{0}")]
    Syntax(String),
    #[error(
        "written in Copydesk format {0}; this version reads format {FORMAT} and older. Update Copydesk to open it."
    )]
    FutureFormat(u32),
}

impl LoadError {
    fn new(path: &Path, at: Option<Position>, kind: LoadErrorKind) -> LoadError {
        LoadError { path: path.to_path_buf(), at, kind }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(at) = self.at {
            write!(f, ":{at}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
}

/// Reads an article file.
pub fn load(path: &Path) -> Result<Article, LoadError> {
    let bytes = read_limited(path)?;
    parse_bytes(&bytes, path)
}

/// Reads an article file and notes exactly what was read, so a later save
/// can tell whether someone else changed the file meanwhile.
pub fn load_with_fingerprint(path: &Path) -> Result<(Article, Fingerprint), LoadError> {
    let (bytes, meta) = read_with_metadata(path)?;
    let fingerprint = Fingerprint::of(&bytes, &meta);
    Ok((parse_bytes(&bytes, path)?, fingerprint))
}

/// Reads a file's bytes, refusing folders and files over the size limit
/// before reading them whole.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_with_metadata(path).map(|(bytes, _)| bytes)
}

/// Like `read_limited`, also returning the metadata of the file that was
/// read. It comes from the open handle, so it describes these bytes even if
/// the file is replaced while it is read.
fn read_with_metadata(path: &Path) -> Result<(Vec<u8>, fs::Metadata), LoadError> {
    let io_error = |source: io::Error| LoadError::new(path, None, source.into());
    let (file, meta) = open_regular(path).map_err(|error| {
        let kind = match error {
            OpenError::Io(source) => LoadErrorKind::Io(source),
            OpenError::Folder => LoadErrorKind::IsFolder,
            OpenError::NotRegular(what) => LoadErrorKind::NotRegular(what),
        };
        LoadError::new(path, None, kind)
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(path, None, LoadErrorKind::TooLarge(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between stat and read.
    (&file).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::new(path, None, LoadErrorKind::TooLarge(bytes.len() as u64)));
    }
    let meta = file.metadata().map_err(io_error)?;
    Ok((bytes, meta))
}

/// Parses the bytes of an article file; `path` is only used in messages.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Article, LoadError> {
    parse_str(decode(bytes, path)?, path)
}

/// The bytes of a file as UTF-8 text, or where they stop being UTF-8.
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, LoadError> {
    std::str::from_utf8(bytes).map_err(|error| {
        // The prefix is valid UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
        LoadError::new(path, Some(position_at(prefix, prefix.len())), LoadErrorKind::Encoding)
    })
}

/// Parses article text; `path` is only used in messages.
pub fn parse_str(text: &str, path: &Path) -> Result<Article, LoadError> {
    // Editors on Windows like to start files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Files Copydesk wrote are read in one pass; anything else, and every
    // error, goes through ron.
    if let Some(article) = canonical::article(text) {
        return check_format(article, text, path);
    }
    match parse_ron::<Article>(text, path) {
        Ok(article) => check_format(article, text, path),
        Err(error) => {
            // A newer file may fail only because it has fields this version
            // does not know; say which version it needs instead.
            if let Some(found) = probe_format(text)
                && found > FORMAT
            {
                return Err(LoadError::new(path, None, LoadErrorKind::FutureFormat(found)));
            }
            Err(error)
        }
    }
}

/// Parses RON text as `T`, turning ron's complaints into an error that
/// names the file, line and column in an editor's words. Shared by every
/// RON file Copydesk reads (articles, recovery records).
pub(crate) fn parse_ron<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::new(path, Some(Position { line: 1, col: 1 }), LoadErrorKind::Empty));
    }
    ron::Options::default().from_str::<T>(text).map_err(|error| {
        // ron reports where its cursor was, often just before the
        // offending value; point at the value itself.
        let at = skip_blanks(text, Position { line: error.span.start.line, col: error.span.start.col });
        let mut message = explain(&error.code);
        let end = position_at(text, text.trim_end().len());
        if at >= end && !matches!(error.code, ron::Error::Eof) {
            message = format!("the file ends too early (is it cut off?); {message}");
        }
        LoadError::new(path, Some(at), LoadErrorKind::Syntax(message))
    })
}

fn check_format(mut article: Article, text: &str, path: &Path) -> Result<Article, LoadError> {
    match article.format {
        FORMAT => Ok(article),
        found if found > FORMAT => Err(LoadError::new(path, None, LoadErrorKind::FutureFormat(found))),
        // Format 2 only added images and format 3 only optional fields,
        // which older files read as none (serde defaults); the next save
        // writes the current format. The id comes at the next editor's
        // save (see `identity`), not on load: loading changes nothing.
        1 | 2 => {
            article.format = FORMAT;
            Ok(article)
        }
        found => Err(LoadError::new(
            path,
            Some(locate::Map::of(text).field("format").unwrap_or(Position { line: 1, col: 1 })),
            LoadErrorKind::Syntax(format!(
                "format {found} is not a Copydesk format; expected format: {FORMAT}"
            )),
        )),
    }
}

/// Reads only the `format` field, ignoring everything else.
fn probe_format(text: &str) -> Option<u32> {
    #[derive(Deserialize)]
    #[serde(rename = "Article")]
    struct Probe {
        format: u32,
    }
    ron::Options::default().from_str::<Probe>(text).ok().map(|probe| probe.format)
}

/// Rewords ron's messages where a journalist would not follow them.
fn explain(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early; expected the rest of the article (is it cut off?)".into(),
        E::ExceededRecursionLimit => "the file is nested too deeply to be an article".into(),
        E::NoSuchStructField { found, outer, .. } => format!(
            "unknown field `{found}`{}; check its spelling, or the file is from a newer Copydesk",
            outer.as_ref().map(|o| format!(" in {o}")).unwrap_or_default()
        ),
        E::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer.as_ref().map(|o| format!(" in {o}")).unwrap_or_default()
        ),
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected}, found {found}")
        }
        other => {
            let message = other.to_string();
            // ron says "Expected comma"; make the first letter lowercase to
            // read as the rest of "file:line:col: …".
            let mut chars = message.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => message,
            }
        }
    }
}

/// Moves a position forward over spaces and line breaks.
fn skip_blanks(text: &str, at: Position) -> Position {
    let line_start: usize = text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum();
    let Some(line) = text.get(line_start..) else { return at };
    let Some((offset, _)) = line.char_indices().nth(at.col.saturating_sub(1)) else { return at };
    let rest = &line[offset..];
    let blanks = rest.len() - rest.trim_start().len();
    if blanks == 0 || blanks == rest.len() {
        return at;
    }
    position_at(text, line_start + offset + blanks)
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn position_at(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let col = 1 + before[line_start..].chars().count();
    Position { line, col }
}

/// How Copydesk writes RON: the same value always gives the same bytes.
pub(crate) fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        // Unescaped strings keep quotes readable and serialise ~50× faster;
        // ron falls back to raw strings where a string needs it.
        .escape_strings(false)
}

/// The canonical text of an article: the same article always gives the
/// same bytes, with `\n` line endings on every platform.
pub fn to_string(article: &Article) -> String {
    let mut text = match ron::ser::to_string_pretty(article, pretty_config()) {
        Ok(text) => text,
        // Serialising plain structs of strings cannot fail; if ron ever
        // disagrees, the plain (escaped) form is still a valid file.
        Err(_) => ron::to_string(article).unwrap_or_default(),
    };
    text.push('\n');
    text
}

#[cfg(test)]
pub(crate) mod tests;
