//! How edits come in: the metadata, the body (by the editor's hint, by
//! range or by splices) and edits made as undo steps of their own; each is
//! recorded (revision, dirty flag, undo step, live room) as it is made.

use std::cell::OnceCell;

use super::{Document, Fields, Snapshot, Splice, changed_field, next_revision};
use crate::editing::unchanged::Unchanged;
use crate::model::article::Field;

impl Document {
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
            let splice = crate::editing::live::Splice {
                at: range.start,
                removed: range.len(),
                inserted: with.to_string(),
            };
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
    pub(super) fn begin_edit(&mut self, part: Field) {
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

    pub(super) fn fields_changed(&mut self) {
        self.revision = next_revision();
        self.recorded = self.fields.clone();
        self.update_dirty();
        self.tell_live_fields();
    }

    pub(super) fn body_changed(&mut self, touched: Unchanged) {
        self.revision = next_revision();
        self.body_revision = self.revision;
        self.shared = OnceCell::new();
        self.since_saved = self.since_saved.and(touched);
        self.since_step = self.since_step.and(touched);
        self.update_dirty();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::*;

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
    fn an_edit_that_changes_nothing_is_not_a_change() {
        let mut doc = doc();
        let revision = doc.revision();
        doc.edit_fields(|fields| fields.article.headline = "Harbor Ferry Returns".into());
        assert_eq!(doc.revision(), revision);
        assert!(!doc.is_dirty());
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
}
