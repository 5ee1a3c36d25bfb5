//! The open documents (one per tab) and which one is being edited. Each tab
//! owns its document and whatever view state its owner keeps beside it (the
//! window's editor, preview and journal place): nothing is moved in and out
//! on a switch, so a switch cannot forget a piece of it.

use std::path::Path;

use super::document::Document;

pub struct Tab<V> {
    pub doc: Document,
    /// Stable for the tab's life: widgets are scoped by it, so each tab
    /// keeps its own caret and scroll positions.
    pub key: u64,
    pub view: V,
}

pub struct Workspace<V> {
    tabs: Vec<Tab<V>>,
    active: usize,
    next_key: u64,
}

impl<V> Workspace<V> {
    pub fn new(document: Document, view: V) -> Workspace<V> {
        Workspace { tabs: vec![Tab { doc: document, key: 0, view }], active: 0, next_key: 1 }
    }

    /// The document being edited.
    pub fn doc(&self) -> &Document {
        &self.tabs[self.active].doc
    }

    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.tabs[self.active].doc
    }

    /// The active tab's view state.
    pub fn view(&self) -> &V {
        &self.tabs[self.active].view
    }

    pub fn view_mut(&mut self) -> &mut V {
        &mut self.tabs[self.active].view
    }

    /// The active tab, document and view at once (both borrowed mutably).
    pub fn active_tab_mut(&mut self) -> &mut Tab<V> {
        &mut self.tabs[self.active]
    }

    /// Puts `document` (with a fresh view) in place of the one being
    /// edited. Another article gets a new key, so it starts at its top; the
    /// same file read again keeps its place.
    pub fn replace_active(&mut self, document: Document, view: V) -> Tab<V> {
        let tab = &mut self.tabs[self.active];
        let key = if tab.doc.path.is_none() || tab.doc.path != document.path {
            self.next_key += 1;
            self.next_key - 1
        } else {
            tab.key
        };
        std::mem::replace(tab, Tab { doc: document, key, view })
    }

    /// True when any open document has unsaved changes.
    pub fn any_dirty(&self) -> bool {
        self.tabs.iter().any(|t| t.doc.is_dirty())
    }

    /// How many tabs are open (never none).
    pub fn count(&self) -> usize {
        self.tabs.len()
    }

    pub fn active(&self) -> usize {
        self.active
    }

    pub fn active_key(&self) -> u64 {
        self.tabs[self.active].key
    }

    pub fn tabs(&self) -> &[Tab<V>] {
        &self.tabs
    }

    pub fn tabs_mut(&mut self) -> &mut [Tab<V>] {
        &mut self.tabs
    }

    /// The tab whose document is the file at `path`.
    pub fn find_path(&self, path: &Path) -> Option<usize> {
        self.tabs.iter().position(|t| t.doc.path.as_deref() == Some(path))
    }

    /// Adds a tab after the last one (not made active); returns its index.
    pub fn push(&mut self, doc: Document, view: V) -> usize {
        self.tabs.push(Tab { doc, key: self.next_key, view });
        self.next_key += 1;
        self.tabs.len() - 1
    }

    /// Makes `index` active (ignored when there is no such tab).
    pub fn switch(&mut self, index: usize) {
        if index < self.tabs.len() {
            self.active = index;
        }
    }

    /// Removes the active tab (never the last one) and makes a neighbour
    /// active; returns the tab removed.
    pub fn remove_active(&mut self) -> Option<Tab<V>> {
        if self.tabs.len() < 2 {
            return None;
        }
        let removed = self.tabs.remove(self.active);
        self.active = self.active.min(self.tabs.len() - 1);
        Some(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::Article;
    use std::path::PathBuf;

    fn doc(path: Option<&str>) -> Document {
        Document::new(Article::default(), path.map(PathBuf::from))
    }

    #[test]
    fn each_tab_keeps_its_own_view_through_switches_and_closes() {
        let mut workspace = Workspace::new(doc(Some("/desk/a.ron")), "view of a");
        let b = workspace.push(doc(Some("/desk/b.ron")), "view of b");
        assert_eq!(*workspace.view(), "view of a", "a pushed tab is not made active");
        workspace.switch(b);
        *workspace.view_mut() = "b, scrolled";
        workspace.switch(0);
        assert_eq!(*workspace.view(), "view of a");
        workspace.switch(b);
        assert_eq!(*workspace.view(), "b, scrolled");
        let removed = workspace.remove_active().expect("two tabs");
        assert_eq!(removed.view, "b, scrolled");
        assert_eq!(*workspace.view(), "view of a");
        assert!(workspace.remove_active().is_none(), "the last tab stays");
    }

    #[test]
    fn the_same_file_read_again_keeps_its_key_another_gets_a_new_one() {
        let mut workspace = Workspace::new(doc(Some("/desk/a.ron")), ());
        let key = workspace.active_key();
        workspace.replace_active(doc(Some("/desk/a.ron")), ());
        assert_eq!(workspace.active_key(), key);
        workspace.replace_active(doc(Some("/desk/c.ron")), ());
        assert_ne!(workspace.active_key(), key);
        assert_eq!(workspace.find_path(Path::new("/desk/c.ron")), Some(0));
    }
}
