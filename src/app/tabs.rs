//! Several articles open at once: a document comes into a tab of its own
//! (or the tab already holding its file), tabs switch and close, the strip
//! above the editor shows them, files of tabs in the background are still
//! watched, and the open files outlive the window.

use std::cell::Cell;
use std::ops::Range;
use std::path::PathBuf;

use crate::app::editor::scroll_sync::TopAt;
use crate::app::editor::spelling::RowIndex;
use crate::app::files::safety::{self, JournalSlot, Outside};
use crate::app::files::transfer::ImportReport;
use crate::app::files::watch::FileWatch;
use crate::app::preview::PreviewState;
use crate::app::{CopydeskApp, editor};
use crate::editing::document::Document;
use crate::model::article::Article;
use crate::model::article::Field;
use crate::storage::store;

/// Where a caret is: ((document revision, caret character), body byte).
pub type CaretAt = ((u64, usize), usize);

/// What the window keeps for one tab beside its document, whether or not
/// the tab is on screen: switching tabs moves nothing in or out.
pub struct TabView {
    /// Its place in the recovery journal, and what its file did on disk.
    pub journal: JournalSlot,
    /// Its file, watched from a background thread even while another tab
    /// is on screen.
    pub watch: Option<FileWatch>,
    /// The windowed body editor: its chunks, window and selection over the
    /// whole body. (egui keeps the text editor's own state under
    /// [`editor::body_id`] of the tab's key.)
    pub body_window: editor::BodyWindow,
    /// The text editor's own undo is switched off once per document.
    pub editor_ready: bool,
    /// What the import that made this article guessed, shown over the
    /// checks.
    pub import_report: Option<ImportReport>,
    /// The page as the preview last laid it out.
    pub preview: PreviewState,
    /// What the window is asked to do to this tab on its next frame.
    pub requests: Requests,
    /// The caret's body byte, for (document revision, caret character).
    pub caret_cache: Cell<Option<CaretAt>>,
    /// The body block at the top of the editor's view, for its position.
    pub top_cache: Cell<Option<TopAt>>,
    /// Rows of the body's layout, for marking find matches on screen.
    pub find_rows: RowIndex,
    /// The widget that had the keyboard in the metadata panel last frame,
    /// so the panel scrolls to follow Tab.
    pub metadata_focus: Option<egui::Id>,
    /// Its live room, when its desk edits live.
    pub live: crate::app::live::TabLive,
}

/// One-frame requests: set by a command, taken by the widget they concern
/// when it is next drawn.
#[derive(Default)]
pub struct Requests {
    pub focus_field: Option<Field>,
    /// The related card to focus.
    pub focus_related: Option<usize>,
    /// Put the body cursor at this byte offset.
    pub cursor_to: Option<usize>,
    /// Select this byte range of the body (a find match).
    pub select_body: Option<Range<usize>>,
}

impl TabView {
    /// A document new to the window: its own journal place (`journal_id`
    /// keeps a recovered record's); `watch` watches its file, if it has one.
    pub fn new(doc: &Document, journal_id: Option<String>, watch: Option<FileWatch>) -> TabView {
        TabView {
            journal: JournalSlot::for_document(doc, journal_id),
            watch,
            body_window: editor::BodyWindow::default(),
            editor_ready: false,
            import_report: None,
            preview: PreviewState::default(),
            requests: Requests::default(),
            caret_cache: Cell::new(None),
            top_cache: Cell::new(None),
            find_rows: RowIndex::default(),
            metadata_focus: None,
            live: Default::default(),
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

    /// The view state of a tab about to hold `doc`.
    /// `watch` is kept when it watches `doc`'s file.
    pub(crate) fn new_view(
        &self,
        doc: &Document,
        journal_id: Option<String>,
        watch: Option<FileWatch>,
    ) -> TabView {
        let watch = match watch {
            Some(watch) if doc.path.as_deref() == Some(watch.path()) => Some(watch),
            _ => doc.path.as_deref().map(|path| FileWatch::start(path, &self.ctx)),
        };
        TabView::new(doc, journal_id, watch)
    }

    /// A document new to the window takes the active tab's place when that
    /// holds the same file or an untouched untitled article; otherwise it
    /// gets a tab of its own, made active when `switch`.
    pub(crate) fn place_document(&mut self, doc: Document, journal_id: Option<String>, switch: bool) {
        let active = self.workspace.doc();
        let same_file = doc.path.is_some() && active.path == doc.path;
        let untouched = active.path.is_none() && !active.is_dirty() && !active.can_undo();
        if same_file || (switch && untouched) {
            self.replace_document_as(doc, journal_id);
            return;
        }
        let view = self.new_view(&doc, journal_id, None);
        let index = self.workspace.push(doc, view);
        if switch {
            self.switch_tab(index);
        }
        self.remember_tabs();
    }

    /// The file at `path` is open in a tab: that tab is made active.
    pub(crate) fn switch_to_open(&mut self, path: &std::path::Path) -> bool {
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
    pub(crate) fn open_in_background(&mut self, path: &std::path::Path) {
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

    pub(crate) fn switch_tab(&mut self, index: usize) {
        if index >= self.workspace.count() || index == self.workspace.active() {
            return;
        }
        self.workspace.switch(index);
        self.tab_shown();
    }

    /// A tab came on screen: the analysis, which is of one document at a
    /// time, starts over for it. An analysis of the tab left behind, still
    /// on its way, must not pass for this one's; the body keeps its own
    /// revision, so the editor's measured chunks (and so the view) stay as
    /// the tab left them.
    fn tab_shown(&mut self) {
        // The panel's fields have one id in every tab: the keyboard left in
        // one would follow into the next (and scroll its panel there).
        self.ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
        self.workspace.doc_mut().refresh_revision();
        self.checking.analyst.reset(self.workspace.doc().revision());
        self.checking.spelling.target = None;
        self.request_analysis();
    }

    /// The next tab or the previous one, round from the last to the first.
    pub(crate) fn step_tab(&mut self, forward: bool) {
        let count = self.workspace.count();
        let active = self.workspace.active();
        let index = if forward { (active + 1) % count } else { (active + count - 1) % count };
        self.switch_tab(index);
    }

    /// Closes the active tab, whose changes were saved or discarded (its
    /// record goes from the journal). The last tab gives way to an empty
    /// article: the window always holds one.
    pub(crate) fn close_tab(&mut self) {
        if self.workspace.count() < 2 {
            let blank = Document::new(self.blank_article(), None);
            self.replace_document_as(blank, None);
        } else if let Some(closed) = self.workspace.remove_active() {
            self.safety.forget(&closed.view.journal.id);
            // egui keeps each tab's text editor state by the tab's key.
            self.ctx.data_mut(|d| d.remove::<egui::text_edit::TextEditState>(editor::body_id(closed.key)));
            self.tab_shown();
        }
        self.remember_tabs();
    }

    /// Lets every modified article's changes go (Discard when quitting).
    pub(crate) fn discard_all(&mut self) {
        let ids: Vec<String> = self.workspace.tabs().iter().map(|tab| tab.view.journal.id.clone()).collect();
        for id in ids {
            self.safety.forget(&id);
        }
    }

    /// The first tab with unsaved changes, the active one first.
    pub(crate) fn first_dirty_tab(&self) -> Option<usize> {
        if self.workspace.doc().is_dirty() {
            return Some(self.workspace.active());
        }
        self.workspace.tabs().iter().position(|tab| tab.doc.is_dirty())
    }

    /// The names of the articles with unsaved changes, in tab order.
    pub(crate) fn unsaved_names(&self) -> Vec<String> {
        self.workspace.tabs().iter().filter(|t| t.doc.is_dirty()).map(|t| t.doc.display_name()).collect()
    }

    /// An empty article with the desk's sharing defaults.
    pub(crate) fn blank_article(&self) -> Article {
        let share = self
            .desk_index()
            .map(|index| index.config.config.share.clone())
            .unwrap_or_else(|| crate::model::article::ShareTarget::ALL.to_vec());
        Article { share, ..Article::default() }
    }

    /// Looks at the files of background tabs whose watchers fired: an
    /// unmodified one is read again, a modified one is marked, and its
    /// banner waits for the tab to be shown.
    pub(crate) fn watch_background_tabs(&mut self) {
        let mut reloaded = Vec::new();
        let active = self.workspace.active();
        for (index, tab) in self.workspace.tabs_mut().iter_mut().enumerate() {
            // The tab on screen is looked at by `watch_file`.
            if index == active {
                continue;
            }
            let view = &mut tab.view;
            if !view.watch.as_ref().is_some_and(FileWatch::fired) {
                continue;
            }
            let (Some(path), Some(known)) = (tab.doc.path.clone(), tab.doc.disk) else { continue };
            match safety::changed_on_disk(&path, &known) {
                None => {}
                Some(None) => view.journal.outside = Some(Outside::Deleted),
                Some(Some(_)) if tab.doc.is_dirty() => view.journal.outside = Some(Outside::Changed),
                Some(Some(disk)) => match store::load_with_fingerprint(&path) {
                    Ok((article, disk)) => {
                        let mut doc = Document::new(article, Some(path.clone()));
                        doc.disk = Some(disk);
                        tab.doc = doc;
                        view.editor_ready = false;
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
    pub(crate) fn remember_tabs(&mut self) {
        let open = self.workspace.tabs().iter().filter_map(|t| t.doc.path.as_ref());
        let active = self.workspace.doc().path.as_ref();
        if !self.prefs.open_tabs.iter().eq(open.clone()) || self.prefs.active_tab.as_ref() != active {
            self.prefs.open_tabs = open.cloned().collect();
            self.prefs.active_tab = active.cloned();
        }
    }

    /// Opens the files that were open when the window last closed.
    pub(crate) fn reopen_tabs(&mut self) {
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
    pub(crate) fn tab_strip_ui(&mut self, ui: &mut egui::Ui) {
        if self.workspace.count() < 2 {
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
        ui.horizontal(|ui| {
            // Every open tab, by name: the strip scrolls, the list reaches them all.
            ui.menu_button("All tabs", |ui| {
                for (index, tab) in self.workspace.tabs().iter().enumerate() {
                    let name = tab.doc.display_name();
                    let mark = if tab.doc.is_dirty() { "● " } else { "" };
                    let active = index == self.workspace.active();
                    let item = ui
                        .add(egui::Button::selectable(active, format!("{mark}{name}")))
                        .accessible_name(format!("Show tab: {name}"));
                    if item.clicked() {
                        chosen = Some(index);
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Every open tab")
            .accessible_name("All open tabs");
            egui::ScrollArea::horizontal().id_salt("tab-strip").show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (index, tab) in self.workspace.tabs().iter().enumerate() {
                        let active = index == self.workspace.active();
                        let outside = tab.view.journal.outside.is_some();
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
        });
        if let Some(index) = chosen {
            self.queue.push(crate::app::Command::SwitchTab(index));
        }
        if let Some(index) = close {
            self.queue.push(crate::app::Command::SwitchTab(index));
            self.queue.push(crate::app::Command::CloseTab);
        }
    }
}
