//! Several articles open at once: a document comes into a tab of its own
//! (or the tab already holding its file), tabs switch and close, the strip
//! above the editor shows them, files of tabs in the background are still
//! watched, and the open files outlive the window.

use std::path::PathBuf;

use egui::text_edit::TextEditState;

use super::CopydeskApp;
use super::document::Document;
use super::editor;
use super::files::safety::{self, JournalSlot, Outside};
use super::files::transfer;
use super::files::watch::FileWatch;
use crate::model::article::Article;
use crate::storage::store;

/// A tab's window state while another tab is active.
pub struct Parked {
    pub journal: JournalSlot,
    watch: Option<FileWatch>,
    /// The body editor's caret and selection: egui's over the window, and
    /// the windowed editor's over the whole body (with its chunk heights).
    editor: Option<TextEditState>,
    body_window: editor::BodyWindow,
    import_report: Option<transfer::ImportReport>,
    /// Where the preview's page was scrolled to.
    preview_offset: f32,
}

impl Parked {
    /// A document new to the window: its own journal place (`journal_id`
    /// keeps a recovered record's) and its file watched from the start.
    fn new(doc: &Document, journal_id: Option<String>, ctx: &egui::Context) -> Parked {
        Parked {
            journal: JournalSlot::for_document(doc, journal_id),
            watch: doc.path.as_deref().map(|path| FileWatch::start(path, ctx)),
            editor: None,
            body_window: editor::BodyWindow::default(),
            import_report: None,
            preview_offset: 0.0,
        }
    }
}

/// How long a tab's name may be before it is cut.
const TAB_NAME_CHARS: usize = 22;

impl CopydeskApp {
    /// The documents open in tabs, in tab order.
    pub fn open_documents(&self) -> Vec<&Document> {
        self.workspace.tabs().iter().map(|tab| &tab.doc).collect()
    }

    /// Which tab is on screen (an index into [`Self::open_documents`]).
    pub fn active_tab(&self) -> usize {
        self.workspace.active()
    }

    /// A document new to the window takes the active tab's place when that
    /// holds the same file or an untouched untitled article; otherwise it
    /// gets a tab of its own, made active when `switch`.
    pub(super) fn place_document(&mut self, doc: Document, journal_id: Option<String>, switch: bool) {
        let active = self.workspace.doc();
        let same_file = doc.path.is_some() && active.path == doc.path;
        let untouched = active.path.is_none() && !active.is_dirty() && !active.can_undo();
        if same_file || (switch && untouched) {
            self.replace_document_as(doc, journal_id);
            return;
        }
        let parked = Parked::new(&doc, journal_id, &self.ctx);
        let index = self.workspace.push(doc, parked);
        if switch {
            self.switch_tab(index);
        }
        self.remember_tabs();
    }

    /// The file at `path` is open in a tab: that tab is made active.
    pub(super) fn switch_to_open(&mut self, path: &std::path::Path) -> bool {
        match self.workspace.find_path(path) {
            Some(index) => {
                self.switch_tab(index);
                true
            }
            None => false,
        }
    }

    /// Opens an article in a tab behind the active one (Ctrl+click): the
    /// work on screen stays on screen.
    pub(super) fn open_in_background(&mut self, path: &std::path::Path) {
        let path = super::files::open::absolute(path);
        if self.workspace.find_path(&path).is_some() {
            return;
        }
        match store::load_with_fingerprint(&path) {
            Ok((article, disk)) => {
                let mut doc = Document::new(article, Some(path.clone()));
                doc.disk = Some(disk);
                let name = doc.display_name();
                self.place_document(doc, None, false);
                self.notify(false, format!("Opened “{name}” in a tab behind this one."));
            }
            Err(error) => self.notify(true, format!("Could not open the file. {error}")),
        }
    }

    pub(super) fn switch_tab(&mut self, index: usize) {
        if index >= self.workspace.len() || index == self.workspace.active() {
            return;
        }
        let outgoing = self.park();
        let incoming = self.workspace.switch(index, outgoing);
        self.unpark(incoming);
    }

    /// The next tab or the previous one, round from the last to the first.
    pub(super) fn step_tab(&mut self, forward: bool) {
        let count = self.workspace.len();
        let active = self.workspace.active();
        let index = if forward { (active + 1) % count } else { (active + count - 1) % count };
        self.switch_tab(index);
    }

    /// Closes the active tab, whose changes were saved or discarded (its
    /// record goes from the journal). The last tab gives way to an empty
    /// article: the window always holds one.
    pub(super) fn close_tab(&mut self) {
        let id = self.safety.doc_id.clone();
        self.safety.forget(&id);
        if self.workspace.len() < 2 {
            let blank = Document::new(self.blank_article(), None);
            self.replace_document_as(blank, None);
        } else {
            self.file_watch = None;
            let _ = self.safety.park();
            let incoming = self.workspace.remove_active();
            self.unpark(incoming);
        }
        self.remember_tabs();
    }

    /// Lets every modified article's changes go (Discard when quitting).
    pub(super) fn discard_all(&mut self) {
        let id = self.safety.doc_id.clone();
        self.safety.forget(&id);
        let ids: Vec<String> = self
            .workspace
            .tabs()
            .iter()
            .filter_map(|tab| tab.parked.as_ref().map(|p| p.journal.id.clone()))
            .collect();
        for id in ids {
            self.safety.forget(&id);
        }
    }

    /// The first tab with unsaved changes, the active one first.
    pub(super) fn first_dirty_tab(&self) -> Option<usize> {
        if self.workspace.doc().is_dirty() {
            return Some(self.workspace.active());
        }
        self.workspace.tabs().iter().position(|tab| tab.doc.is_dirty())
    }

    /// The names of the articles with unsaved changes, in tab order.
    pub(super) fn unsaved_names(&self) -> Vec<String> {
        self.workspace.tabs().iter().filter(|t| t.doc.is_dirty()).map(|t| t.doc.display_name()).collect()
    }

    /// An empty article with the desk's sharing defaults.
    pub(super) fn blank_article(&self) -> Article {
        let share = self
            .desk_index()
            .map(|index| index.config.config.share.clone())
            .unwrap_or_else(|| crate::model::article::ShareTarget::ALL.to_vec());
        Article { share, ..Article::default() }
    }

    fn park(&mut self) -> Parked {
        Parked {
            journal: self.safety.park(),
            watch: self.file_watch.take(),
            editor: TextEditState::load(&self.ctx, egui::Id::unique(editor::BODY_ID)),
            body_window: std::mem::take(&mut self.body_window),
            import_report: self.import_report.take(),
            preview_offset: self.preview.offset(),
        }
    }

    /// Takes up the now active tab's parked state.
    fn unpark(&mut self, parked: Option<Parked>) {
        let parked = parked.unwrap_or_else(|| Parked {
            journal: JournalSlot::for_document(self.workspace.doc(), None),
            watch: None,
            editor: None,
            body_window: editor::BodyWindow::default(),
            import_report: None,
            preview_offset: 0.0,
        });
        self.safety.unpark(parked.journal);
        self.file_watch = parked.watch;
        self.import_report = parked.import_report;
        let id = egui::Id::unique(editor::BODY_ID);
        match parked.editor {
            // Its undo was switched off when it was first shown.
            Some(state) => {
                state.store(&self.ctx, id);
                self.body_window = parked.body_window;
                self.editor_ready = true;
            }
            None => {
                TextEditState::default().store(&self.ctx, id);
                self.editor_ready = false;
            }
        }
        // An analysis of the tab left behind, still on its way, must not
        // pass for this one's. The body keeps its own revision, so the
        // editor's measured chunks (and so the view) stay as the tab left
        // them.
        self.workspace.doc_mut().refresh_revision();
        self.analyst.reset(self.workspace.doc().revision());
        self.preview.reset();
        self.preview.scroll_to(parked.preview_offset);
        self.cursor_to = None;
        self.select_body = None;
        self.focus_field = None;
        self.focus_related = None;
        self.caret_cache.set(None);
        self.spelling.target = None;
        self.request_analysis();
    }

    /// Looks at the files of background tabs whose watchers fired: an
    /// unmodified one is read again, a modified one is marked, and its
    /// banner waits for the tab to be shown.
    pub(super) fn watch_background_tabs(&mut self) {
        let mut reloaded = Vec::new();
        for tab in self.workspace.tabs_mut() {
            let Some(parked) = &mut tab.parked else { continue };
            if !parked.watch.as_ref().is_some_and(FileWatch::fired) {
                continue;
            }
            let (Some(path), Some(known)) = (tab.doc.path.clone(), tab.doc.disk) else { continue };
            match safety::changed_on_disk(&path, &known) {
                None => {}
                Some(None) => parked.journal.outside = Some(Outside::Deleted),
                Some(Some(_)) if tab.doc.is_dirty() => parked.journal.outside = Some(Outside::Changed),
                Some(Some(disk)) => match store::load_with_fingerprint(&path) {
                    Ok((article, disk)) => {
                        let mut doc = Document::new(article, Some(path.clone()));
                        doc.disk = Some(disk);
                        tab.doc = doc;
                        parked.editor = None;
                        reloaded.push(path);
                    }
                    Err(_) => tab.doc.disk = Some(disk),
                },
            }
        }
        for path in reloaded {
            self.notify(false, format!("Reloaded {} in its tab: it was changed on disk.", path.display()));
        }
    }

    /// Keeps the list of open files in the preferences (only when it
    /// changed: this runs every frame).
    pub(super) fn remember_tabs(&mut self) {
        let open = self.workspace.tabs().iter().filter_map(|t| t.doc.path.as_ref());
        let active = self.workspace.doc().path.as_ref();
        if !self.prefs.open_tabs.iter().eq(open.clone()) || self.prefs.active_tab.as_ref() != active {
            self.prefs.open_tabs = open.cloned().collect();
            self.prefs.active_tab = active.cloned();
        }
    }

    /// Opens the files that were open when the window last closed.
    pub(super) fn reopen_tabs(&mut self) {
        let open: Vec<PathBuf> = self.prefs.open_tabs.clone();
        let active = self.prefs.active_tab.clone();
        for path in open.iter().filter(|p| p.is_file()) {
            self.open_path(path);
        }
        if let Some(path) = active {
            self.switch_to_open(&path);
        }
    }

    /// The strip of tabs above the editor, shown while two or more are open.
    pub(super) fn tab_strip_ui(&mut self, ui: &mut egui::Ui) {
        if self.workspace.len() < 2 {
            return;
        }
        let mut chosen = None;
        let mut close = None;
        // A tab that just became active is scrolled into the strip once
        // (every frame would take the strip's scrolling from the editor).
        let shown_id = egui::Id::unique("tab-strip-shown");
        let active = self.workspace.active();
        let newly_active = ui.data_mut(|d| {
            let before = d.get_temp::<usize>(shown_id);
            d.insert_temp(shown_id, active);
            before != Some(active)
        });
        egui::ScrollArea::horizontal().id_salt("tab-strip").show(ui, |ui| {
            ui.horizontal(|ui| {
                for (index, tab) in self.workspace.tabs().iter().enumerate() {
                    let active = index == self.workspace.active();
                    let outside = match &tab.parked {
                        Some(parked) => parked.journal.outside.is_some(),
                        None => self.safety.outside.is_some(),
                    };
                    let name = tab.doc.display_name();
                    let mut shown: String = name.chars().take(TAB_NAME_CHARS).collect();
                    if shown.len() < name.len() {
                        shown.push('…');
                    }
                    let marks = format!(
                        "{}{}",
                        if tab.doc.is_dirty() { "● " } else { "" },
                        if outside { "! " } else { "" }
                    );
                    let mut hover = tab
                        .doc
                        .path
                        .as_ref()
                        .map_or_else(|| "Not saved to a file yet".into(), |p| p.display().to_string());
                    let mut text = egui::RichText::new(format!("{marks}{shown}"));
                    if outside {
                        // Only glyphs the bundled fonts have: a sign would panic.
                        text = text.color(ui.visuals().warn_fg_color);
                        hover.push_str(" — changed or gone on disk");
                    }
                    let response = ui.add(egui::Button::selectable(active, text)).on_hover_text(hover);
                    let response = response.accessible_name(format!("Tab: {name}"));
                    if active && newly_active {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        chosen = Some(index);
                    }
                    let cross = ui.small_button("×").on_hover_text("Close this tab (Ctrl+W)");
                    if cross.accessible_name(format!("Close tab: {name}")).clicked() {
                        close = Some(index);
                    }
                    ui.separator();
                }
            });
        });
        if let Some(index) = chosen {
            self.queue.push(super::Command::SwitchTab(index));
        }
        if let Some(index) = close {
            self.queue.push(super::Command::SwitchTab(index));
            self.queue.push(super::Command::CloseTab);
        }
    }
}
