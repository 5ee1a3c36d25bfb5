//! Bringing copy in: a plain-text copy of a published page, or Markdown
//! with YAML, TOML or JSON front matter, read into an [`Article`] with a
//! finding for every guess and for every line that was left out.
//!
//! Nothing is dropped silently: each non-blank input line ends up in a
//! field, in the body, or in a finding that quotes it.

pub mod dates;
pub mod front_matter;
pub mod markdown;
pub mod plain;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::article::{Article, DEFAULT_CATEGORIES, Related};
use crate::rules::check::Severity;
use crate::storage::desk::Index;
use crate::storage::store::{self, LoadErrorKind, MAX_FILE_BYTES};

/// What an import made of one input line (or a run of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line of the input the finding is about.
    pub line: usize,
    pub severity: Severity,
    /// Stable code, e.g. `import-heading`.
    pub code: &'static str,
    pub message: String,
}

/// Which reader the input went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Markdown, with the kind of front matter it had (if any).
    Markdown(Option<front_matter::Kind>),
    /// A plain-text copy of a published page; `blank_lines` is whether
    /// paragraphs were separated by blank lines (else by single newlines).
    PlainText { blank_lines: bool },
}

/// The result of an import: a new, unsaved article and what was guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub article: Article,
    pub findings: Vec<Finding>,
    pub source: Source,
}

/// Why an input could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the input is empty; expected the text of an article or a Markdown file")]
    Empty,
    #[error("this is a binary file, not text (a NUL byte on line {line})")]
    Binary { line: usize },
    #[error("the text is not valid UTF-8 at line {line}, column {col}; save it as UTF-8")]
    Encoding { line: usize, col: usize },
    #[error("the input is {} MB; imports over {} MB are refused", .0 / 1_000_000, MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge(u64),
    #[error("this is a folder, not a file to import")]
    IsFolder,
    #[error("cannot read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The front matter could not be read (bad syntax, or over the limits
    /// that guard against alias bombs and deep nesting).
    #[error("{message}")]
    FrontMatter { line: usize, message: String },
    /// The editor stopped it (in the window).
    #[error("the import was cancelled")]
    Cancelled,
}

impl ImportError {
    /// The 1-based input line the error is about, where there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            ImportError::Binary { line }
            | ImportError::Encoding { line, .. }
            | ImportError::FrontMatter { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// An import error with the name of what was imported, printed as
/// `file:line: message`.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {error}", .path.display(), .error.line().map(|l| format!(":{l}")).unwrap_or_default())]
pub struct FileError {
    pub path: PathBuf,
    pub error: ImportError,
}

/// Imports text (a paste, or a file already read). `name_hint` is the file
/// name when there is one: it picks the reader (`.md`, `.txt`) and gives the
/// slug when the text has none. With a desk, related links are resolved
/// against it.
pub fn from_text(text: &str, name_hint: Option<&str>, desk: Option<&Index>) -> Result<Imported, ImportError> {
    from_text_with(text, name_hint, desk, &mut |_| true)
}

/// `from_text`, telling `progress` how far it is (0 to 1) between its
/// steps; when `progress` answers false the import stops with
/// [`ImportError::Cancelled`].
pub fn from_text_with(
    text: &str,
    name_hint: Option<&str>,
    desk: Option<&Index>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        return Err(ImportError::Binary { line: line_of(text, at) });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // Carriage returns alone end lines too (old Mac files): read as line
    // feeds, byte for byte, so every reader below sees one kind of line.
    let normalised;
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalised = crate::model::markup::lone_carriage_returns_as_line_feeds(text);
        normalised.as_str()
    } else {
        text
    };
    let step = |progress: &mut dyn FnMut(f32) -> bool, at: f32| {
        if progress(at) { Ok(()) } else { Err(ImportError::Cancelled) }
    };
    step(progress, 0.5)?;
    let context = Context { name_hint, desk };
    let mut imported = match front_matter::detect(text) {
        Some(kind) => markdown::import(text, Some(kind), &context)?,
        None if looks_like_markdown(text, name_hint) => markdown::import(text, None, &context)?,
        None => plain::import(text, &context),
    };
    step(progress, 0.9)?;
    if !imported.findings.is_sorted_by_key(|f| f.line) {
        imported.findings.sort_by_key(|f| f.line);
    }
    Ok(imported)
}

/// Imports bytes: refuses binary files and invalid UTF-8 with the line.
pub fn from_bytes(
    bytes: &[u8],
    name_hint: Option<&str>,
    desk: Option<&Index>,
) -> Result<Imported, ImportError> {
    from_text(text_of(bytes)?, name_hint, desk)
}

/// The bytes as text: refuses binary files and invalid UTF-8 with the line.
fn text_of(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64));
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
        return Err(ImportError::Binary { line });
    }
    std::str::from_utf8(bytes).map_err(|error| {
        let prefix = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
        let at = store::position_at(prefix, prefix.len());
        ImportError::Encoding { line: at.line, col: at.col }
    })
}

/// Imports a file, or standard input when `path` is `-`. Files over the
/// store's size limit are refused before they are read.
pub fn from_file(path: &Path, desk: Option<&Index>) -> Result<Imported, FileError> {
    from_file_with(path, desk, &mut |_| true)
}

/// `from_file` with progress and cancelling, as `from_text_with`.
pub fn from_file_with(
    path: &Path,
    desk: Option<&Index>,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Imported, FileError> {
    let fail = |error| FileError { path: path.to_path_buf(), error };
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.into()))?;
        bytes
    } else {
        store::read_limited(path).map_err(|error| {
            fail(match error.kind {
                LoadErrorKind::TooLarge(size) => ImportError::TooLarge(size),
                LoadErrorKind::IsFolder => ImportError::IsFolder,
                LoadErrorKind::Io(io) => ImportError::Io(io),
                other => ImportError::Io(std::io::Error::other(other.to_string())),
            })
        })?
    };
    if !progress(0.3) {
        return Err(fail(ImportError::Cancelled));
    }
    let name = path.file_name().and_then(|n| n.to_str()).filter(|_| path != Path::new("-"));
    let text = text_of(&bytes).map_err(fail)?;
    from_text_with(text, name, desk, progress).map_err(fail)
}

/// What the readers share: the file name and the desk.
pub(crate) struct Context<'a> {
    pub name_hint: Option<&'a str>,
    pub desk: Option<&'a Index>,
}

impl Context<'_> {
    /// The slug a file name gives (`river-park.md` → `river-park`).
    fn slug_from_name(&self) -> Option<String> {
        let stem = Path::new(self.name_hint?).file_stem()?.to_str()?;
        let slug = crate::model::slug::suggest(stem);
        (!slug.is_empty()).then_some(slug)
    }

    /// Category names this import recognises as a kicker line: the desk's,
    /// else the defaults.
    fn is_category(&self, line: &str) -> bool {
        if let Some(taxonomy) = self.desk.and_then(Index::taxonomy) {
            return taxonomy.iter().any(|c| c == line);
        }
        DEFAULT_CATEGORIES.contains(&line)
    }
}

/// Findings collected while reading, with a little vocabulary.
#[derive(Default)]
pub(crate) struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn note(&mut self, line: usize, code: &'static str, message: impl Into<String>) {
        self.0.push(Finding { line, severity: Severity::Note, code, message: message.into() });
    }

    pub fn warn(&mut self, line: usize, code: &'static str, message: impl Into<String>) {
        self.0.push(Finding { line, severity: Severity::Warning, code, message: message.into() });
    }
}

fn looks_like_markdown(text: &str, name_hint: Option<&str>) -> bool {
    let extension = name_hint
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => true,
        Some("txt" | "text") => false,
        _ => text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("# ")),
    }
}

/// The 1-based line of byte `offset`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count()
}

/// The lines of offsets asked for in increasing order, counted on from
/// the last one asked for rather than from the top each time (400,000
/// findings, each counting from the top, made an import quadratic).
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter { text: text.as_bytes(), at: 0, line: 1 }
    }

    /// The 1-based line of byte `offset` (an offset before the last one
    /// asked for is counted from the top).
    pub fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..offset]).count();
        self.at = offset;
        self.line
    }
}

/// Fills related links from the desk: a link whose slug the desk knows
/// takes the desk's card for what the copy did not show; one without a
/// slug is looked up by title; one the desk lacks links to its page on the
/// desk's site (with a base URL), or is reported.
pub(crate) fn resolve_related(
    related: &mut [Related],
    lines: &[usize],
    context: &Context,
    findings: &mut Findings,
) {
    let Some(desk) = context.desk else { return };
    for (link, &line) in related.iter_mut().zip(lines) {
        if link.slug.is_empty() {
            let found: Vec<_> =
                desk.entries.iter().filter(|e| e.headline.eq_ignore_ascii_case(link.title.trim())).collect();
            if let [entry] = found.as_slice() {
                link.slug = entry.slug.clone();
                findings.note(
                    line,
                    "import-related-desk",
                    format!("related link “{}” found in the desk as `{}`", link.title, entry.slug),
                );
            }
        }
        if link.address().is_some() {
            continue;
        }
        let matches: Vec<_> = desk.by_slug(&link.slug).collect();
        let on_site = crate::model::page::article_url(desk.config.config.base_url.as_deref(), &link.slug);
        match (matches.as_slice(), on_site) {
            // One of the site's other articles, not in this desk: a link to
            // its page on the site.
            ([], Some(address)) => {
                findings.note(
                    line,
                    "import-related-outside",
                    format!("related link `{}` is not in the desk: linked to its page {address}", link.slug),
                );
                link.slug = address;
            }
            ([], None) => findings.warn(
                line,
                "import-related-missing",
                format!("related link `{}` is not an article of the desk {}", link.slug, desk.root.display()),
            ),
            ([entry], _) => {
                let card = entry.target().related_card(&link.slug);
                let mut filled = Vec::new();
                for (mine, desks, name) in [
                    (&mut link.category, card.category, "category"),
                    (&mut link.title, card.title, "title"),
                    (&mut link.teaser, card.teaser, "teaser"),
                ] {
                    if mine.is_empty() && !desks.is_empty() {
                        *mine = desks;
                        filled.push(name);
                    }
                }
                if !filled.is_empty() {
                    findings.note(
                        line,
                        "import-related-desk",
                        format!("related link `{}`: {} taken from the desk", link.slug, filled.join(", ")),
                    );
                }
            }
            (many, _) => findings.warn(
                line,
                "import-related-ambiguous",
                format!("related link `{}` matches {} articles of the desk", link.slug, many.len()),
            ),
        }
    }
}
