//! The open documents and which one is being edited. One document is open
//! at a time for now; the workspace is the place tabs will hold several.

use super::document::Document;

pub struct Workspace {
    documents: Vec<Document>,
    active: usize,
}

impl Workspace {
    pub fn new(document: Document) -> Workspace {
        Workspace { documents: vec![document], active: 0 }
    }

    /// The document being edited.
    pub fn doc(&self) -> &Document {
        &self.documents[self.active]
    }

    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.documents[self.active]
    }

    /// Puts `document` in place of the one being edited.
    pub fn replace_active(&mut self, document: Document) -> Document {
        std::mem::replace(&mut self.documents[self.active], document)
    }

    /// True when any open document has unsaved changes.
    pub fn any_dirty(&self) -> bool {
        self.documents.iter().any(Document::is_dirty)
    }
}
