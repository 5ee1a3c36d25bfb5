//! The open documents (one per tab) and which one is being edited. The
//! active document's window state (journal slot, file watch, editor caret)
//! lives on the app while it is edited; every other tab keeps its own
//! parked here, so switching never mixes two articles' state.

use std::path::Path;

use super::document::Document;
use super::tabs::Parked;

pub struct Tab {
    pub doc: Document,
    /// Stable for the tab's life: editor widgets are scoped by it, so each
    /// tab keeps its own scroll position.
    pub key: u64,
    /// The tab's window state while another tab is active.
    pub parked: Option<Parked>,
}

pub struct Workspace {
    tabs: Vec<Tab>,
    active: usize,
    next_key: u64,
}

impl Workspace {
    pub fn new(document: Document) -> Workspace {
        Workspace { tabs: vec![Tab { doc: document, key: 0, parked: None }], active: 0, next_key: 1 }
    }

    /// The document being edited.
    pub fn doc(&self) -> &Document {
        &self.tabs[self.active].doc
    }

    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.tabs[self.active].doc
    }

    /// Puts `document` in place of the one being edited. Another article
    /// gets a new key, so it starts at its top; the same file read again
    /// keeps its place.
    pub fn replace_active(&mut self, document: Document) -> Document {
        let tab = &mut self.tabs[self.active];
        if tab.doc.path.is_none() || tab.doc.path != document.path {
            tab.key = self.next_key;
            self.next_key += 1;
        }
        std::mem::replace(&mut tab.doc, document)
    }

    /// True when any open document has unsaved changes.
    pub fn any_dirty(&self) -> bool {
        self.tabs.iter().any(|t| t.doc.is_dirty())
    }

    pub fn len(&self) -> usize {
        self.tabs.len()
    }

    pub fn active(&self) -> usize {
        self.active
    }

    pub fn active_key(&self) -> u64 {
        self.tabs[self.active].key
    }

    pub fn tabs(&self) -> &[Tab] {
        &self.tabs
    }

    pub fn tabs_mut(&mut self) -> &mut [Tab] {
        &mut self.tabs
    }

    /// The tab whose document is the file at `path`.
    pub fn find_path(&self, path: &Path) -> Option<usize> {
        self.tabs.iter().position(|t| t.doc.path.as_deref() == Some(path))
    }

    /// Adds a tab after the last one (not made active); returns its index.
    pub fn push(&mut self, doc: Document, parked: Parked) -> usize {
        self.tabs.push(Tab { doc, key: self.next_key, parked: Some(parked) });
        self.next_key += 1;
        self.tabs.len() - 1
    }

    /// Parks the active tab's state and makes `index` active; returns the
    /// newly active tab's parked state for the window to take up.
    pub fn switch(&mut self, index: usize, outgoing: Parked) -> Option<Parked> {
        self.tabs[self.active].parked = Some(outgoing);
        self.active = index;
        self.tabs[index].parked.take()
    }

    /// Removes the active tab (never the last one) and makes a neighbour
    /// active; returns the neighbour's parked state.
    pub fn remove_active(&mut self) -> Option<Parked> {
        if self.tabs.len() < 2 {
            return None;
        }
        self.tabs.remove(self.active);
        self.active = self.active.min(self.tabs.len() - 1);
        self.tabs[self.active].parked.take()
    }
}
