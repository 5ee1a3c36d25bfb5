//! The document against its file: the dirty flag, the article as it would
//! be saved, its id, marking it saved, and state recovered after a crash.

use std::path::Path;

use super::{Document, Fields};
use crate::editing::unchanged::Unchanged;
use crate::model::article::{Article, Block};
use crate::model::markup;

impl Document {
    pub(super) fn update_dirty(&mut self) {
        self.dirty = self.fields != self.saved.fields || !self.since_saved.same(&self.body, &self.saved.body);
        let step = self.undo.base();
        self.at_step = self.fields == step.fields && self.since_step.same(&self.body, &step.body);
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

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::*;

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
}
