//! One open article: where it lives, what the editor has typed, whether it
//! is saved, and its undo history. This file holds the type, its state and
//! revisions; how edits are recorded (`edit`), its undo history
//! (`history`), its file (`saved`) and live rooms (`live`) each have a file.

use std::cell::OnceCell;
use std::path::PathBuf;
use std::sync::Arc;

use super::live::Replica;
use super::unchanged::Unchanged;
use super::undo::Undo;
use crate::model::article::{Article, Field};
use crate::model::markup;
use crate::model::slug;

mod edit;
mod history;
mod live;
mod saved;

/// Everything editable except the body text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields {
    /// The metadata; its `body` is always empty (the body lives as text).
    pub article: Article,
    /// What the editor typed into the timestamp fields. Kept as typed, so an
    /// invalid time stays visible instead of being dropped.
    pub published_text: String,
    pub updated_text: String,
    /// The slug follows the headline until the editor types a slug.
    pub slug_linked: bool,
}

impl Fields {
    /// Derives the article's times from the typed text. The text is the one
    /// place a time is held; this is the one place the value comes from it
    /// (an invalid text gives no value and is reported before saving).
    fn sync_times(&mut self) {
        self.article.published_at = parse_time(&self.published_text);
        self.article.updated_at = parse_time(&self.updated_text);
    }

    /// Sets the publication time (as the text a person would have typed).
    pub fn set_published(&mut self, at: Option<jiff::Timestamp>) {
        self.published_text = at.map(|t| t.to_string()).unwrap_or_default();
    }

    fn from_article(mut article: Article) -> Fields {
        article.body = Vec::new();
        let slug_linked = article.slug.is_empty() || article.slug == slug::suggest(&article.headline);
        Fields {
            published_text: article.published_at.map(|t| t.to_string()).unwrap_or_default(),
            updated_text: article.updated_at.map(|t| t.to_string()).unwrap_or_default(),
            article,
            slug_linked,
        }
    }
}

/// Bytes `range` of the body replaced by `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub range: std::ops::Range<usize>,
    pub with: String,
}

impl Splice {
    pub fn new(range: std::ops::Range<usize>, with: impl Into<String>) -> Splice {
        Splice { range, with: with.into() }
    }
}

/// The state undo and redo move between. The body is shared, so snapshots
/// of an unchanged body cost nothing and compare by pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub fields: Fields,
    pub body: Arc<str>,
}

/// The time a timestamp field's text names, if it names one.
fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    text.trim().parse().ok()
}

/// One open article. Its fields and body change only through its methods,
/// so the dirty flag, the revision (which analysis keys on) and undo can
/// never be forgotten by a caller.
pub struct Document {
    pub path: Option<PathBuf>,
    /// What the file held when it was read or last saved; saving checks the
    /// file still holds it, so another program's change is never overwritten
    /// unasked.
    pub disk: Option<crate::storage::store::Fingerprint>,
    fields: Fields,
    /// The body as the editor shows it (DESIGN §3 markup).
    body: String,
    /// `body` as a shared string, made when first asked for after a change:
    /// the analysis, the journal and undo take it when they are ready for
    /// it, not on every keystroke (a copy of a long story per key).
    shared: OnceCell<Arc<str>>,
    /// The fields as of the last recorded change, to tell what an edit of
    /// them changed.
    recorded: Fields,
    /// Bumps on every change to fields or body; the analysis and caches key
    /// on it.
    revision: u64,
    /// Bumps on changes to the body only: the body editor's layout keys on
    /// it, so a headline typed is not a body to cut into chunks again.
    body_revision: u64,
    saved: Snapshot,
    /// What of the body is as it was when saved, and at the last undo
    /// step, so neither question compares whole bodies.
    since_saved: Unchanged,
    since_step: Unchanged,
    dirty: bool,
    /// True when nothing changed since the last undo step.
    at_step: bool,
    undo: Undo,
    /// What the last edit touched: an edit to something else starts a new
    /// undo step, so one Ctrl+Z never undoes two fields at once.
    last_part: Option<Field>,
    /// The live document, while the article is in a live room: edits go
    /// into it as they are made, and undo is its own.
    live: Option<Box<Replica>>,
}

/// What an undo or redo changed, so the window can show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restored {
    /// The field that changed ([`Field::Body`] for the body).
    pub field: Field,
    /// Where in the body it changed, when it was the body.
    pub body_at: Option<usize>,
}

/// Revisions are unique across documents, so a result computed for a
/// document that has since been closed can never pass for a current one.
static NEXT_REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    pub fn new(article: Article, path: Option<PathBuf>) -> Document {
        let body = markup::render(&article.body);
        let mut fields = Fields::from_article(article);
        fields.sync_times();
        let current = Snapshot { fields: fields.clone(), body: Arc::from(body.as_str()) };
        let revision = next_revision();
        Document {
            path,
            disk: None,
            recorded: fields.clone(),
            fields,
            body,
            shared: OnceCell::from(current.body.clone()),
            revision,
            body_revision: revision,
            saved: current.clone(),
            undo: Undo::new(&current, revision),
            since_saved: Unchanged::ALL,
            since_step: Unchanged::ALL,
            dirty: false,
            at_step: true,
            last_part: None,
            live: None,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn body_revision(&self) -> u64 {
        self.body_revision
    }

    /// A new revision with nothing changed: results computed earlier (for
    /// another tab, since) can never pass for this document's.
    pub fn refresh_revision(&mut self) {
        self.revision = next_revision();
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The body as a shared string, current as of the last change.
    pub fn body_shared(&self) -> Arc<str> {
        self.shared.get_or_init(|| Arc::from(self.body.as_str())).clone()
    }

    /// The state as it is now, for the undo history.
    fn snapshot(&self) -> Snapshot {
        Snapshot { fields: self.fields.clone(), body: self.body_shared() }
    }

    /// A name for the window title and prompts.
    pub fn display_name(&self) -> String {
        let headline = self.fields.article.headline.trim();
        if !headline.is_empty() {
            return headline.to_string();
        }
        match &self.path {
            Some(path) => {
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into())
            }
            None => "Untitled".into(),
        }
    }

    /// The metadata as edited (its article's body is empty).
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The body text as the editor shows it.
    pub fn body(&self) -> &str {
        &self.body
    }
}

/// The field that differs between two versions of the metadata (the
/// first, in panel order; a headline edit that moved a linked slug is a
/// headline edit).
fn changed_field(old: &Fields, new: &Fields) -> Field {
    // Held beside the article: a half-typed time changes no value yet.
    let typed = |field: Field| match field {
        Field::Slug => old.slug_linked != new.slug_linked,
        Field::PublishedAt => old.published_text != new.published_text,
        Field::UpdatedAt => old.updated_text != new.updated_text,
        _ => false,
    };
    Field::ALL
        .into_iter()
        .find(|&field| typed(field) || field.differs(&old.article, &new.article))
        // The catalogue cannot tell an empty lead image from none: the
        // panel's blank "type a path" form, added or taken away.
        .unwrap_or(Field::Image)
}

/// The document checked against a replay (tests and the fuzzer).
#[cfg(any(test, feature = "testkit"))]
pub mod replay;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::Block;

    /// The article every test of the document starts from.
    pub(super) fn doc() -> Document {
        Document::new(
            Article {
                headline: "Harbor Ferry Returns".into(),
                slug: "harbor-ferry-returns".into(),
                body: vec![Block::Paragraph("Ferries run again.".into())],
                ..Article::default()
            },
            None,
        )
    }

    #[test]
    fn starts_clean_with_a_linked_slug() {
        let doc = doc();
        assert!(!doc.is_dirty());
        assert!(doc.fields.slug_linked);
        assert_eq!(doc.body, "Ferries run again.");
        assert_eq!(doc.display_name(), "Harbor Ferry Returns");
    }

    #[test]
    fn a_time_is_held_as_typed_and_read_in_one_place() {
        let mut doc = doc();
        doc.edit_fields(|fields| fields.published_text = "2026-03-10T17:00:00Z".into());
        assert_eq!(
            doc.article().published_at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-10T17:00:00Z")
        );
        doc.edit_fields(|fields| fields.published_text = "next Tuesday".into());
        assert_eq!(doc.fields().published_text, "next Tuesday", "an invalid time stays as typed");
        assert_eq!(doc.article().published_at, None);
    }
}
