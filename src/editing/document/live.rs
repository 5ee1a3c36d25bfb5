//! The document while it is in a live room: its edits go into the live
//! document as they are made, the room's come back as splices (so the
//! editor's chunks, the analysis and the dirty flag follow an edit, not a
//! new text), and undo is the live document's, which takes back only this
//! editor's edits.

use std::sync::Arc;

use super::{Document, Fields, Restored, changed_field};
use crate::editing::live::{Changes, Replica, Splice};
use crate::editing::unchanged::Unchanged;
use crate::editing::undo::Undo;
use crate::model::article::{Article, Field, Value};
use crate::model::markup;

impl Document {
    /// The live document, while in a room.
    pub fn live(&self) -> Option<&Replica> {
        self.live.as_deref()
    }

    pub fn live_mut(&mut self) -> Option<&mut Replica> {
        self.live.as_deref_mut()
    }

    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// A body edit described by what it left alone (`touched`, of a body
    /// `old_len` bytes long), into the live document.
    pub(super) fn tell_live_touched(&mut self, old_len: usize, touched: Unchanged) {
        if self.live.is_none() || touched == Unchanged::ALL {
            return;
        }
        let new_len = self.body.len();
        let shortest = old_len.min(new_len);
        let head = touched.head().min(shortest);
        let tail = touched.tail().min(shortest - head);
        let mut at = head;
        while !self.body.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = new_len - tail;
        while !self.body.is_char_boundary(end) {
            end += 1;
        }
        let splice = Splice {
            at,
            removed: (old_len - tail).saturating_sub(at),
            inserted: self.body[at..end].to_string(),
        };
        self.tell_live(splice);
    }

    /// A body edit, into the live document.
    pub(super) fn tell_live(&mut self, splice: Splice) {
        let Some(replica) = self.live.as_deref_mut() else { return };
        if !replica.local_body(&splice) {
            // The two went apart (a bug): the document's text is the one
            // the editor sees, so it is what the room gets.
            let whole = Splice::between(&replica.body_text(), &self.body);
            replica.local_body(&whole);
        }
    }

    /// A body changed wholesale (Replace All, recovery): the difference.
    pub(super) fn tell_live_whole(&mut self, before: &Arc<str>) {
        if self.live.is_some() {
            self.tell_live(Splice::between(before, &self.body));
        }
    }

    pub(super) fn tell_live_fields(&mut self) {
        if let Some(replica) = self.live.as_deref_mut() {
            replica.local_fields(&self.fields);
        }
    }

    /// Takes the room's live document once its state is in. The article
    /// becomes the room's: the file as saved seeds an empty room; a room
    /// with a story in it wins, with this editor's unsaved changes merged
    /// in field by field and block by block (the team desk's merge). Says
    /// what the editor should be told.
    pub fn join_live(&mut self, mut replica: Box<Replica>) -> Vec<String> {
        let mut notices = Vec::new();
        let (target_body, target_fields) = if replica.is_empty() {
            replica.seed(&self.saved.fields, &self.saved.body);
            (self.body.clone(), self.fields.clone())
        } else {
            let (room_body, room_fields, _) = replica.article(&self.fields);
            replica.agree(&room_fields);
            if !self.dirty {
                if room_body != *self.saved.body || room_fields.article != self.saved.fields.article {
                    notices
                        .push("Joined the live story: it has changes the file does not have yet".to_string());
                }
                (room_body, room_fields)
            } else {
                notices.push("Joined the live story: your unsaved changes were merged into it".to_string());
                self.merged_with(&room_body, &room_fields)
            }
        };
        replica.quiet_body(&Splice::between(&replica.body_text(), &target_body));
        replica.quiet_fields(&target_fields);
        // What seeding and merging wrote is already in the document.
        let _ = replica.take_changes();
        let before = self.body.len();
        let splice = Splice::between(&self.body, &target_body);
        if splice.removed > 0 || !splice.inserted.is_empty() {
            splice.apply(&mut self.body);
            self.body_changed(Unchanged::around(splice.at, splice.at + splice.removed, before));
        }
        if target_fields != self.fields {
            self.fields = target_fields;
            self.fields_changed();
        }
        self.live = Some(replica);
        self.fresh_undo();
        notices
    }

    /// This editor's unsaved changes (since the file) merged with the
    /// room's story.
    fn merged_with(&self, room_body: &str, room_fields: &Fields) -> (String, Fields) {
        let with_body = |fields: &Fields, body: &str| Article {
            body: markup::parse(body).blocks,
            ..fields.article.clone()
        };
        let base = with_body(&self.saved.fields, &self.saved.body);
        let mine = with_body(&self.fields, &self.body);
        let theirs = with_body(room_fields, room_body);
        let mut fields = room_fields.clone();
        let mut body = room_body.to_string();
        for field in Field::ALL.into_iter().filter(|f| *f != Field::Id) {
            let merged = field.merge(field.read(&base), field.read(&mine), field.read(&theirs)).value;
            match (field, merged) {
                (Field::Body, Value::Blocks(blocks)) => {
                    if blocks == mine.body {
                        body = self.body.clone();
                    } else if blocks != theirs.body {
                        body = markup::render(&blocks);
                    }
                }
                (_, value) => field.put(&mut fields.article, value),
            }
        }
        // Times as typed: a changed text here is this editor's.
        if self.fields.published_text != self.saved.fields.published_text {
            fields.published_text = self.fields.published_text.clone();
        }
        if self.fields.updated_text != self.saved.fields.updated_text {
            fields.updated_text = self.fields.updated_text.clone();
        }
        fields.sync_times();
        (body, fields)
    }

    /// Leaves the room: the document edits on its own again, with a fresh
    /// undo history (the live one held the room's edits in between).
    pub fn leave_live(&mut self) -> Option<Box<Replica>> {
        let replica = self.live.take();
        if replica.is_some() {
            self.fresh_undo();
        }
        replica
    }

    fn fresh_undo(&mut self) {
        self.undo = Undo::new(&self.snapshot(), self.revision);
        self.since_step = Unchanged::ALL;
        self.at_step = true;
        self.last_part = None;
    }

    /// Applies what came from the room (or from live undo): body splices
    /// and new fields, none of it an undo step of this document. Says what
    /// changed, for undo to go there.
    pub fn apply_live(&mut self, changes: Changes) -> Option<Restored> {
        self.apply_live_with(changes, &mut |_, _, _| {})
    }

    /// Like [`Document::apply_live`], telling `follow` of each splice as it
    /// is made (the body after it, the splice, how many characters it
    /// removed), so a view of the body follows edit by edit.
    pub fn apply_live_with(
        &mut self,
        changes: Changes,
        follow: &mut dyn FnMut(&str, &Splice, usize),
    ) -> Option<Restored> {
        let mut touched = Unchanged::ALL;
        let mut body_at = None;
        for splice in &changes.body {
            let before = self.body.len();
            let removed_chars = self
                .body
                .get(splice.at..splice.at.saturating_add(splice.removed))
                .map_or(0, |t| t.chars().count());
            if splice.apply(&mut self.body) {
                follow(&self.body, splice, removed_chars);
                touched.edit(splice.at, splice.at + splice.removed, before);
                body_at.get_or_insert(splice.at);
            } else if let Some(replica) = self.live.as_deref() {
                // Apart (a bug): the room's text is the truth here.
                self.body = replica.body_text();
                touched = Unchanged::NOTHING;
                body_at.get_or_insert(0);
                break;
            }
        }
        if touched != Unchanged::ALL {
            self.body_changed(touched);
        }
        let field = match changes.fields {
            Some(mut fields) => {
                // Not shared: the id (a save gives it) and whether the slug
                // follows the headline here.
                fields.article.id = self.fields.article.id.clone();
                fields.slug_linked = self.fields.slug_linked;
                fields.sync_times();
                if fields == self.fields {
                    return body_at.map(|at| Restored { field: Field::Body, body_at: Some(at) });
                }
                let field = changed_field(&self.fields, &fields);
                self.fields = fields;
                self.fields_changed();
                Some(field)
            }
            _ => None,
        };
        match (body_at, field) {
            (Some(at), _) => Some(Restored { field: Field::Body, body_at: Some(at) }),
            (None, Some(field)) => Some(Restored { field, body_at: None }),
            (None, None) => None,
        }
    }

    /// Undo or redo while live: the live document's, of this editor's own
    /// edits only.
    pub(super) fn live_step(&mut self, redo: bool) -> Option<Restored> {
        let replica = self.live.as_deref_mut()?;
        let done = if redo { replica.redo() } else { replica.undo() };
        if !done {
            return None;
        }
        let changes = replica.take_changes();
        self.apply_live(changes)
    }
}
