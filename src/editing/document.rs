//! One open article: where it lives, what the editor has typed, whether it
//! is saved, and its undo history.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::cell::OnceCell;

use super::live::Replica;
use super::unchanged::Unchanged;
use super::undo::Undo;
use crate::model::article::{Article, Block, Field};
use crate::model::markup;
use crate::model::slug;

mod live;

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

    /// Edits the metadata; whatever `edit` changed is recorded (revision,
    /// dirty flag, undo) when it returns.
    pub fn edit_fields<R>(&mut self, edit: impl FnOnce(&mut Fields) -> R) -> R {
        let result = edit(&mut self.fields);
        self.fields.sync_times();
        if self.fields != self.recorded {
            self.begin_edit(changed_field(&self.recorded, &self.fields));
            self.fields_changed();
        }
        result
    }

    /// Edits the body text; `edit` says what of it it left alone, or
    /// `None` when it changed nothing (a text editor knows, and comparing
    /// 100,000 words each frame would cost).
    pub fn edit_body<R>(&mut self, edit: impl FnOnce(&mut String) -> (R, Option<Unchanged>)) -> R {
        let old_len = self.body.len();
        let (result, touched) = edit(&mut self.body);
        if let Some(touched) = touched {
            self.begin_edit(Field::Body);
            self.body_changed(touched);
            self.tell_live_touched(old_len, touched);
        }
        result
    }

    /// Replaces `range` of the body with `with`, if `range` is inside it.
    pub fn replace_body(&mut self, range: std::ops::Range<usize>, with: &str) -> bool {
        let valid = range.start <= range.end
            && range.end <= self.body.len()
            && self.body.is_char_boundary(range.start)
            && self.body.is_char_boundary(range.end);
        if valid {
            let touched = Unchanged::around(range.start, range.end, self.body.len());
            let splice =
                super::live::Splice { at: range.start, removed: range.len(), inserted: with.to_string() };
            self.body.replace_range(range, with);
            self.begin_edit(Field::Body);
            self.body_changed(touched);
            self.tell_live(splice);
        }
        valid
    }

    /// Replaces byte ranges of the body (any order, none overlapping, on
    /// character boundaries) and edits the fields, as one change that joins
    /// the typing around it: a keystroke of suggest mode, which writes a
    /// mark and its note together. Every body change is a splice, so live
    /// editing and undo see ordinary edits. False (and nothing changed)
    /// when a range is not inside the body.
    pub fn splice_with(&mut self, splices: &[Splice], edit: impl FnOnce(&mut Fields)) -> bool {
        let mut order: Vec<&Splice> = splices.iter().collect();
        order.sort_by_key(|s| std::cmp::Reverse(s.range.start));
        let mut end = self.body.len();
        for splice in &order {
            let range = &splice.range;
            let valid = range.start <= range.end
                && range.end <= end
                && self.body.is_char_boundary(range.start)
                && self.body.is_char_boundary(range.end);
            if !valid {
                return false;
            }
            end = range.start;
        }
        let mut touched = Unchanged::ALL;
        let mut body_changed = false;
        for splice in order {
            if splice.range.is_empty() && splice.with.is_empty() {
                continue;
            }
            touched.edit(splice.range.start, splice.range.end, self.body.len());
            self.body.replace_range(splice.range.clone(), &splice.with);
            body_changed = true;
        }
        edit(&mut self.fields);
        self.fields.sync_times();
        let fields_changed = self.fields != self.recorded;
        if body_changed || fields_changed {
            self.begin_edit(Field::Body);
        }
        if body_changed {
            self.body_changed(touched);
        }
        if fields_changed {
            self.fields_changed();
        }
        true
    }

    /// [`Document::splice_with`] as one undo step of its own (Accept,
    /// Reject, Resolve, Add Comment): undone whole, never merged with
    /// typing before or after it.
    pub fn splice_as_one_step(&mut self, splices: &[Splice], edit: impl FnOnce(&mut Fields)) -> bool {
        self.commit_step();
        let done = self.splice_with(splices, edit);
        self.commit_step();
        self.last_part = None;
        done
    }

    /// Edits fields and body together as one undo step of its own (Replace
    /// All): undone whole, never merged with typing before or after it.
    pub fn edit_as_one_step(&mut self, edit: impl FnOnce(&mut Fields, &mut String)) {
        self.commit_step();
        let body_before = self.body.len();
        let body_hash = xxhash_rust::xxh3::xxh3_64(self.body.as_bytes());
        let old = self.live.is_some().then(|| self.body_shared());
        edit(&mut self.fields, &mut self.body);
        self.fields.sync_times();
        if self.fields != self.recorded {
            self.fields_changed();
        }
        if self.body.len() != body_before || xxhash_rust::xxh3::xxh3_64(self.body.as_bytes()) != body_hash {
            self.body_changed(Unchanged::NOTHING);
            if let Some(old) = old {
                self.tell_live_whole(&old);
            }
        }
        self.commit_step();
        self.last_part = None;
    }

    /// An edit to `part` has just been made and is about to be recorded:
    /// if the last edit was to another part, the state just before this
    /// edit ends an undo step of its own. That state is rebuilt, not taken
    /// as it is now: a step that took in this edit would undo two fields
    /// at once, and would place a body splice by a stale hint.
    fn begin_edit(&mut self, part: Field) {
        if self.last_part.is_some_and(|last| last != part) {
            let before = if part == Field::Body {
                // Only fields changed since the last step (they were the
                // last part edited), so the body before this edit is the
                // step's own.
                Snapshot { fields: self.fields.clone(), body: self.undo.base().body.clone() }
            } else {
                // `recorded` holds the fields as of the last change.
                Snapshot { fields: self.recorded.clone(), body: self.body_shared() }
            };
            self.commit_state(&before);
        }
        self.last_part = Some(part);
    }

    fn fields_changed(&mut self) {
        self.revision = next_revision();
        self.recorded = self.fields.clone();
        self.update_dirty();
        self.tell_live_fields();
    }

    fn body_changed(&mut self, touched: Unchanged) {
        self.revision = next_revision();
        self.body_revision = self.revision;
        self.shared = OnceCell::new();
        self.since_saved = self.since_saved.and(touched);
        self.since_step = self.since_step.and(touched);
        self.update_dirty();
    }

    fn update_dirty(&mut self) {
        self.dirty = self.fields != self.saved.fields || !self.since_saved.same(&self.body, &self.saved.body);
        let step = self.undo.base();
        self.at_step = self.fields == step.fields && self.since_step.same(&self.body, &step.body);
    }

    /// What changed since the last undo step becomes a step of its own.
    fn commit_step(&mut self) {
        let now = self.snapshot();
        self.commit_state(&now);
    }

    /// `state` (what `at_step` and `since_step` describe) ends an undo step.
    fn commit_state(&mut self, state: &Snapshot) {
        if self.at_step {
            self.undo.end_burst();
        } else {
            self.undo.commit(state, self.since_step);
        }
        self.since_step = Unchanged::ALL;
        self.at_step = true;
    }

    /// Records the state for undo; changes in quick succession (typing)
    /// merge into one undo step once the state has been stable a moment.
    pub fn feed_undo(&mut self, now: f64) {
        if self.live.is_some() {
            // The live document groups its own undo steps.
            return;
        }
        if self.undo.feed(now, self.revision) {
            self.commit_step();
        }
    }

    pub fn can_undo(&self) -> bool {
        match &self.live {
            Some(live) => live.can_undo(),
            None => self.undo.can_undo(self.at_step),
        }
    }

    pub fn can_redo(&self) -> bool {
        match &self.live {
            Some(live) => live.can_redo(),
            None => self.undo.can_redo(self.at_step),
        }
    }

    /// Undoes the last step; says what it changed, so the window can go
    /// there.
    pub fn undo(&mut self) -> Option<Restored> {
        if self.live.is_some() {
            return self.live_step(false);
        }
        // Whatever is typed now is a step of its own, undone first.
        self.commit_step();
        let previous = self.undo.undo(&self.snapshot())?;
        Some(self.restore(previous))
    }

    pub fn redo(&mut self) -> Option<Restored> {
        if self.live.is_some() {
            return self.live_step(true);
        }
        if !self.at_step {
            // Typing since the undo starts a new branch.
            self.undo.forget_redo();
            return None;
        }
        let next = self.undo.redo(&self.snapshot())?;
        Some(self.restore(next))
    }

    /// Makes `snapshot` (the history's step now) the current state.
    fn restore(&mut self, snapshot: Snapshot) -> Restored {
        self.last_part = None;
        let changed_at = first_difference(&self.body, &snapshot.body);
        let field =
            if changed_at.is_some() { Field::Body } else { changed_field(&self.recorded, &snapshot.fields) };
        self.revision = next_revision();
        if changed_at.is_some() {
            self.body = snapshot.body.to_string();
            self.body_revision = self.revision;
            self.since_saved = if Arc::ptr_eq(&snapshot.body, &self.saved.body) {
                Unchanged::ALL
            } else {
                Unchanged::NOTHING
            };
        }
        self.shared = OnceCell::from(snapshot.body);
        self.fields = snapshot.fields;
        self.recorded = self.fields.clone();
        self.since_step = Unchanged::ALL;
        self.update_dirty();
        Restored { field, body_at: changed_at }
    }

    /// The article as it would be saved, given the parsed body.
    pub fn article_with(&self, blocks: Vec<Block>) -> Article {
        let mut article = self.fields.article.clone();
        article.body = blocks;
        // A byline or tag field added but left empty is not a byline or tag.
        for list in [&mut article.bylines, &mut article.tags] {
            list.retain(|value| !value.trim().is_empty());
        }
        article
    }

    /// The article as it would be saved, parsing the body now.
    pub fn article(&self) -> Article {
        self.article_with(markup::parse(&self.body).blocks)
    }

    /// Replaces what the editor has with recovered state; the document is
    /// modified unless it equals what was loaded.
    pub fn recover(&mut self, article: Article, published_text: String, updated_text: String, body: String) {
        self.fields = Fields::from_article(article);
        self.fields.published_text = published_text;
        self.fields.updated_text = updated_text;
        self.fields.sync_times();
        let old = self.live.is_some().then(|| self.body_shared());
        self.body = body;
        self.fields_changed();
        self.body_changed(Unchanged::NOTHING);
        if let Some(old) = old {
            self.tell_live_whole(&old);
        }
    }

    /// The fields as last saved (or loaded).
    pub fn saved_fields(&self) -> &Fields {
        &self.saved.fields
    }

    /// The slug as last saved (or loaded).
    pub fn saved_slug(&self) -> &str {
        &self.saved.fields.article.slug
    }

    /// Gives the article its id (at its first save, or a new one when
    /// saved as a copy): identity, not an edit, so no undo step holds or
    /// takes it back.
    pub fn set_id(&mut self, id: Option<String>) {
        self.undo.set_id(id.as_deref());
        self.recorded.article.id = id.clone();
        self.fields.article.id = id;
        self.update_dirty();
    }

    /// Marks the current state as what is on disk at `path`.
    pub fn mark_saved(&mut self, path: &Path) {
        self.path = Some(path.to_path_buf());
        self.saved = self.snapshot();
        self.since_saved = Unchanged::ALL;
        self.update_dirty();
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

/// Where two texts first differ, as a byte offset into `new`; `None` when
/// they are equal.
fn first_difference(old: &str, new: &str) -> Option<usize> {
    if std::ptr::eq(old, new) || old == new {
        return None;
    }
    let same = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    // Back up to a character boundary.
    let mut at = same.min(new.len());
    while !new.is_char_boundary(at) {
        at -= 1;
    }
    Some(at)
}

/// The document checked against a replay (tests and the fuzzer).
#[cfg(any(test, feature = "testkit"))]
pub mod replay;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
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
    fn editing_back_to_the_saved_text_is_clean() {
        let mut doc = doc();
        doc.edit_body(|body| {
            let end = body.len();
            body.push('!');
            ((), Some(Unchanged::around(end, end, end)))
        });
        assert!(doc.is_dirty());
        assert!(doc.can_undo());
        doc.edit_body(|body| {
            let len = body.len();
            body.pop();
            ((), Some(Unchanged::around(len - 1, len, len)))
        });
        assert!(!doc.is_dirty());
        assert!(!doc.can_undo(), "back where the history started");
        // The same length, another letter: not the saved text.
        assert!(doc.replace_body(0..1, "f"));
        assert!(doc.is_dirty());
        assert!(doc.replace_body(0..1, "F"));
        assert!(!doc.is_dirty());
    }

    #[test]
    fn undo_and_redo_restore_body_and_fields() {
        let mut doc = doc();
        doc.feed_undo(0.0);
        doc.edit_fields(|fields| fields.article.headline = "Changed".into());
        doc.edit_body(|body| {
            let end = body.len();
            body.push_str(" More.");
            ((), Some(Unchanged::around(end, end, end)))
        });
        doc.feed_undo(0.1);
        // Stable for longer than egui's grouping time: one undo point.
        doc.feed_undo(5.0);
        assert!(doc.can_undo());
        // One step per field: the body first, then the headline.
        assert_eq!(doc.undo(), Some(Restored { field: Field::Body, body_at: Some(18) }));
        assert_eq!(doc.body, "Ferries run again.");
        assert_eq!(doc.fields.article.headline, "Changed");
        assert_eq!(doc.undo(), Some(Restored { field: Field::Headline, body_at: None }));
        assert_eq!(doc.fields.article.headline, "Harbor Ferry Returns");
        assert!(!doc.is_dirty());
        assert_eq!(doc.redo(), Some(Restored { field: Field::Headline, body_at: None }));
        assert_eq!(doc.redo(), Some(Restored { field: Field::Body, body_at: Some(18) }));
        assert_eq!(doc.body, "Ferries run again. More.");
        assert_eq!(doc.fields.article.headline, "Changed");
    }

    #[test]
    fn typing_after_an_undo_forgets_the_redo_and_saving_marks_clean() {
        let mut doc = doc();
        assert!(doc.replace_body(0..0, "Now: "));
        assert!(doc.undo().is_some());
        assert!(doc.can_redo());
        assert!(doc.replace_body(0..0, "Later: "));
        assert!(!doc.can_redo(), "typing after the undo");
        assert_eq!(doc.redo(), None);
        assert_eq!(doc.body, "Later: Ferries run again.");
        let dir = std::env::temp_dir();
        doc.mark_saved(&dir.join("copydesk-document-test.ron"));
        assert!(!doc.is_dirty());
        // Typing a letter and taking it back is the saved text again.
        assert!(doc.replace_body(5..5, "x"));
        assert!(doc.is_dirty());
        assert!(doc.replace_body(5..6, ""));
        assert!(!doc.is_dirty());
        // A recovered body compares whole: the same text is clean.
        let (article, body) = (doc.fields.article.clone(), doc.body.clone());
        doc.recover(article, String::new(), String::new(), body);
        assert!(!doc.is_dirty());
    }

    #[test]
    fn a_field_edit_is_a_new_revision_but_not_a_new_body() {
        let mut doc = doc();
        let (revision, body) = (doc.revision(), doc.body_revision());
        doc.edit_fields(|fields| fields.article.headline = "Ferries Run at Dawn".into());
        assert_ne!(doc.revision(), revision);
        assert_eq!(doc.body_revision(), body, "the body editor keeps its layout");
        assert!(doc.replace_body(0..0, "Now: "));
        assert_ne!(doc.body_revision(), body);
        let body = doc.body_revision();
        doc.undo();
        assert_ne!(doc.body_revision(), body, "an undo of the body is a new body");
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

    #[test]
    fn an_edit_that_changes_nothing_is_not_a_change() {
        let mut doc = doc();
        let revision = doc.revision();
        doc.edit_fields(|fields| fields.article.headline = "Harbor Ferry Returns".into());
        assert_eq!(doc.revision(), revision);
        assert!(!doc.is_dirty());
    }

    #[test]
    fn an_id_given_by_a_save_is_no_edit_and_no_undo_takes_it_back() {
        let mut doc = doc();
        doc.edit_fields(|fields| fields.article.headline = "Ferries Run at Dawn".into());
        doc.edit_fields(|fields| fields.article.dek = "From Monday.".into());
        doc.set_id(Some("2b7e9c41-5d3a-4f06-8e12-9a4c7d0b3f68".into()));
        doc.mark_saved(Path::new("/desk/ferry.ron"));
        assert!(!doc.is_dirty());
        let id = doc.article().id;
        while doc.undo().is_some() {}
        assert_eq!(doc.fields.article.headline, "Harbor Ferry Returns", "undone to the start");
        assert_eq!(doc.article().id, id, "the id stays");
        while doc.redo().is_some() {}
        assert_eq!(doc.article().id, id);
        assert!(!doc.is_dirty(), "back where it was saved");
    }

    #[test]
    fn splices_and_a_note_are_one_undo_step() {
        let mut doc = doc();
        doc.feed_undo(0.0);
        let splices = [Splice::new(8..11, "{--run--}"), Splice::new(0..0, "{++The ++}")];
        assert!(doc.splice_as_one_step(&splices, |fields| fields.article.dek = "Noted.".into()));
        assert_eq!(doc.body, "{++The ++}Ferries {--run--} again.");
        assert_eq!(doc.fields.article.dek, "Noted.");
        assert!(!doc.splice_with(&[Splice::new(3..99, "")], |_| {}), "out of the body");
        assert!(!doc.splice_with(&[Splice::new(0..4, ""), Splice::new(2..6, "")], |_| {}), "overlapping");
        assert_eq!(doc.undo().map(|r| r.field), Some(Field::Body));
        assert_eq!(doc.body, "Ferries run again.");
        assert_eq!(doc.fields.article.dek, "");
        assert!(!doc.is_dirty());
    }

    #[test]
    fn difference_is_on_a_char_boundary() {
        assert_eq!(first_difference("café", "cafè"), Some(3));
        assert_eq!(first_difference("same", "same"), None);
    }
}
