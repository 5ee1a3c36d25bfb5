//! The document's own undo history (while not in a live room): typing
//! grouped into steps, undo and redo, and a step made the current state.

use std::cell::OnceCell;
use std::sync::Arc;

use super::{Document, Restored, Snapshot, changed_field, next_revision};
use crate::editing::unchanged::Unchanged;
use crate::model::article::Field;

impl Document {
    /// What changed since the last undo step becomes a step of its own.
    pub(super) fn commit_step(&mut self) {
        let now = self.snapshot();
        self.commit_state(&now);
    }

    /// `state` (what `at_step` and `since_step` describe) ends an undo step.
    pub(super) fn commit_state(&mut self, state: &Snapshot) {
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
    pub(super) fn restore(&mut self, snapshot: Snapshot) -> Restored {
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

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::*;

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
    fn difference_is_on_a_char_boundary() {
        assert_eq!(first_difference("café", "cafè"), Some(3));
        assert_eq!(first_difference("same", "same"), None);
    }
}
