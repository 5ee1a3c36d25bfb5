//! One recovery record: everything needed to bring an unsaved document
//! back exactly as the editor left it, as a readable RON file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::article::{Article, Field};
use crate::storage::store::{self, Fingerprint, LoadError, LoadErrorKind};

/// The record format this build writes; newer records are left alone.
pub const RECORD_FORMAT: u32 = 1;

/// An unsaved document as it was at `written_at`. Field order is the order
/// on disk: do not reorder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub format: u32,
    /// The file the document belongs to; `None` for an untitled one.
    #[serde(with = "lossy_path")]
    pub document: Option<PathBuf>,
    #[serde(with = "crate::model::article::rfc3339::required")]
    pub written_at: jiff::Timestamp,
    /// The metadata; its `body` is empty (the body is kept as text below).
    pub article: Article,
    /// The timestamp fields as typed, so a half-typed time comes back too.
    pub published_text: String,
    pub updated_text: String,
    /// The body markup exactly as typed, not re-rendered from blocks.
    pub body: String,
    /// Where the text cursor was, in characters from the start of `body`.
    pub cursor: usize,
    /// What was on disk when editing started, so recovery can tell whether
    /// the file changed since (`None` for a document never saved).
    pub base: Option<Fingerprint>,
}

impl Record {
    /// A record of `article`'s metadata with `body` as typed, stamped now,
    /// the cursor at the end and no base; set the other fields as needed.
    pub fn new(document: Option<PathBuf>, mut article: Article, body: String) -> Record {
        article.body = Vec::new();
        Record {
            format: RECORD_FORMAT,
            document,
            written_at: jiff::Timestamp::now(),
            published_text: article.published_at.map(|t| t.to_string()).unwrap_or_default(),
            updated_text: article.updated_at.map(|t| t.to_string()).unwrap_or_default(),
            article,
            cursor: body.chars().count(),
            body,
            base: None,
        }
    }

    /// The metadata fields in which the recorded work differs from
    /// `article` (the file as it is now), in the catalogue's order; the
    /// body, kept here as typed text, is left to a word count.
    pub fn fields_differing_from(&self, article: &Article) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|&field| field != Field::Body && field.differs(&self.article, article))
            .collect()
    }

    /// The record as pretty RON with `\n` line endings.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let mut text = ron::ser::to_string_pretty(self, store::pretty_config())?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a record's text; `path` is only used in messages.
    ///
    /// Body lines longer than [`MAX_RESTORED_LINE`] bytes are broken into
    /// lines of at most that length: no one types such a line, a pasted or
    /// hostile one (ten megabytes without a break) made the window lay out
    /// a single row of millions of glyphs and take gigabytes, and breaking
    /// it here, once, protects every reader of records instead of each
    /// place that shows text. The words are all kept; only line breaks are
    /// added, and the cursor moves with its text.
    pub fn parse(text: &str, path: &Path) -> Result<Record, LoadError> {
        let mut record: Record = store::parse_ron(text, path)?;
        if record.format > RECORD_FORMAT {
            return Err(LoadError {
                path: path.to_path_buf(),
                at: None,
                kind: LoadErrorKind::FutureFormat(record.format),
            });
        }
        if let Some((body, cursor)) = break_long_lines(&record.body, record.cursor) {
            record.body = body;
            record.cursor = cursor;
        }
        Ok(record)
    }
}

/// The longest body line a restored record keeps unbroken, in bytes.
pub const MAX_RESTORED_LINE: usize = 64 * 1024;

/// `body` with a line break added inside every line longer than
/// [`MAX_RESTORED_LINE`] (at the last space before the limit when there is
/// one), and `cursor` (in characters) moved with its text; `None` when no
/// line is that long.
fn break_long_lines(body: &str, cursor: usize) -> Option<(String, usize)> {
    if !body.split('\n').any(|line| line.len() > MAX_RESTORED_LINE) {
        return None;
    }
    let mut out = String::with_capacity(body.len() + body.len() / MAX_RESTORED_LINE + 1);
    let mut cursor_out = cursor;
    let mut chars_before = 0usize;
    for (index, line) in body.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
            chars_before += 1;
        }
        let mut rest = line;
        while rest.len() > MAX_RESTORED_LINE {
            let mut cut = MAX_RESTORED_LINE;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            // Prefer to break after a space, as a writer would.
            if let Some(space) = rest[..cut].rfind(' ')
                && space > cut / 2
            {
                cut = space + 1;
            }
            out.push_str(&rest[..cut]);
            out.push('\n');
            chars_before += rest[..cut].chars().count();
            if chars_before <= cursor {
                cursor_out += 1;
            }
            rest = &rest[cut..];
        }
        out.push_str(rest);
        chars_before += rest.chars().count();
    }
    Some((out, cursor_out))
}

/// Paths are written as text. One that is not UTF-8 is written lossily:
/// losing the exact file name is better than failing to keep the text.
mod lossy_path {
    use std::path::PathBuf;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<PathBuf>, serializer: S) -> Result<S::Ok, S::Error> {
        value.as_ref().map(|path| path.to_string_lossy()).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<PathBuf>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(PathBuf::from))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::article::{Related, Status};

    pub(crate) fn record() -> Record {
        let article = Article {
            slug: "night-ferry-schedule".into(),
            headline: "Night Ferry Gets a Second Boat".into(),
            dek: "Crossings every \"half hour\" from June.".into(),
            category: "Local".into(),
            tags: vec!["ferries".into()],
            bylines: vec!["Tomas Lindqvist".into()],
            status: Status::Edit,
            related: vec![Related {
                slug: "ferry-fares".into(),
                category: "Local".into(),
                title: "Fares Hold Steady".into(),
                teaser: "No rise this year...".into(),
            }],
            ..Article::default()
        };
        // Quotes, backslashes, raw-string hashes, blank lines and accents:
        // everything RON has to escape or quote.
        let body =
            "## Harbor\n\nThe \"new\" boat \\ r#\"sails\"# at *9 p.m.*\n\n> Finally.\n> — Åsa Berg\n\n"
                .to_string();
        let mut record = Record::new(Some(PathBuf::from("/desk/night ferry.ron")), article, body);
        record.published_text = "2026-02-3".into();
        record.cursor = 7;
        record.base = Some(Fingerprint { hash: 42, len: 1234, modified: None });
        record
    }

    #[test]
    fn round_trips_through_ron() {
        let record = record();
        let text = record.to_ron().expect("serialises");
        assert!(
            text.starts_with("Record(\n    format: 1,\n    document: Some(\"/desk/night ferry.ron\"),\n"),
            "{text}"
        );
        assert!(text.contains("    written_at: \""), "{text}");
        let back = Record::parse(&text, Path::new("r.ron")).expect("parses");
        assert_eq!(back, record);
    }

    #[test]
    fn names_the_fields_that_differ_from_the_file() {
        let record = record();
        let mut on_disk = record.article.clone();
        assert!(record.fields_differing_from(&on_disk).is_empty());
        on_disk.headline = "Night Ferry Keeps One Boat".into();
        on_disk.image =
            Some(crate::model::article::Image { credit: "Desk photo".into(), ..Default::default() });
        on_disk.body = vec![crate::model::article::Block::Paragraph("Not compared here.".into())];
        assert_eq!(record.fields_differing_from(&on_disk), vec![Field::Headline, Field::ImageCredit]);
    }

    #[test]
    fn untitled_round_trips() {
        let record = Record::new(None, Article::default(), String::new());
        let back = Record::parse(&record.to_ron().expect("serialises"), Path::new("r.ron")).expect("parses");
        assert_eq!(back, record);
    }

    #[test]
    fn a_newer_record_is_refused_by_version() {
        let mut record = record();
        record.format = RECORD_FORMAT + 1;
        let error = Record::parse(&record.to_ron().expect("serialises"), Path::new("r.ron"))
            .expect_err("newer format");
        assert!(matches!(error.kind, LoadErrorKind::FutureFormat(2)), "{error}");
    }

    #[test]
    fn a_cut_off_record_says_where() {
        let text = record().to_ron().expect("serialises");
        let cut = &text[..text.find("body:").expect("has a body")];
        let error = Record::parse(cut, Path::new("r.ron")).expect_err("cut off");
        assert!(error.at.is_some(), "{error}");
        assert!(error.to_string().starts_with("r.ron:"), "{error}");
    }
}
