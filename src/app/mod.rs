//! The window: a thin layer over the core. This module owns the app's state
//! and the frame loop; the work is split by job into folders: `commands`
//! (the catalog, running one, menus, palette), `files` (open, save, dialogs,
//! import and export, never losing work), `editor`, `metadata`, `preview`,
//! `checks`, `find`, `sidebar` (the desk), `team`, `publish` (into a CMS)
//! and `window` (how the panels share it, and the questions it asks:
//! `window::modals`); `tabs` holds several articles.

mod checks;
pub mod commands;
pub mod editor;
pub mod files;
mod find;
mod live;
mod metadata;
mod preview;
mod publish;
mod review;
mod sidebar;
mod tabs;
mod team;
pub mod window;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use commands::{Command, PreviewWidth, ThemeChoice};
pub use files::dialogs::{DialogAnswer, DialogRequest, Dialogs, NativeDialogs, ScriptedDialogs};

use crate::editing::analysis::Analysis;
use crate::editing::background::Jobs;
use crate::editing::document::Document;
use crate::editing::workspace::Workspace;
use crate::storage::desk as desk_store;
use crate::storage::store;
use tabs::TabView;
use window::modals::Modal;

pub use window::prefs::Prefs;
use window::prefs::{CaretBlink, RECENT_MAX, apply_caret_blink};

/// The article a first start shows: what the markup looks like and where
/// to begin (an untitled practice article, never saved unasked).
const WELCOME: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/welcome/welcome.ron"));

/// True when `--screenshot` could not write its file.
pub fn screenshot_failed() -> bool {
    window::screenshot::FAILED.load(std::sync::atomic::Ordering::SeqCst)
}

/// "1 match", "24 matches": a number and the word that goes with it.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How the window starts.
#[derive(Default)]
pub struct Launch {
    /// An article file (or a desk folder) to open instead of the sample.
    pub open: Option<PathBuf>,
    /// A desk folder to open beside it.
    pub desk: Option<PathBuf>,
    /// More article files, each opened in a tab after `open` (which stays
    /// on screen).
    pub tabs: Vec<PathBuf>,
    /// Write the first complete frame to this PNG and exit.
    pub screenshot: Option<PathBuf>,
    /// Dialogs to use instead of the native ones.
    pub dialogs: Option<Box<dyn Dialogs>>,
    /// Where the recovery journal lives (default: `$COPYDESK_DATA_DIR`, or
    /// the platform's data folder).
    pub data_dir: Option<PathBuf>,
    /// Flush the journal and exit on SIGTERM (the real window only: a test
    /// process must not be ended by it).
    pub sigterm: bool,
    /// The untitled article shown when no file is opened (default: the
    /// welcome article).
    pub untitled: Option<crate::model::article::Article>,
    /// Preferences to start with instead of the stored ones (tests: a
    /// restart without eframe's storage).
    pub prefs: Option<Prefs>,
    /// Where publishing keeps credentials instead of the user's (tests: a
    /// file of their own, never the desktop's keyring).
    pub vault: Option<crate::storage::credentials::Vault>,
}

/// Something the editor should read: a saved file, an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// What the notice is about, when it should go once its cause does.
    pub topic: Option<Topic>,
    /// The tab a status message is about (the key of the tab on screen
    /// when it was said); it shows only with that tab. Errors belong to
    /// the window.
    pub tab: Option<u64>,
    /// The frame it was said in: the next edit after it ends a status
    /// message.
    pub said: u64,
}

/// A notice that lasts only as long as its cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// A status change refused by the publish gate: gone once the story
    /// has no errors, or its status changes.
    Gate,
}

pub struct CopydeskApp {
    /// The open articles, each with its own view state (see `tabs`).
    workspace: Workspace<TabView>,
    /// Every background job, so `settle` can wait for all of them.
    jobs: Jobs,
    checking: checks::checking::Checking,
    highlighter: editor::highlight::Highlighter,
    /// Laid-out page texts, shared by every tab's preview.
    page_galleys: preview::Galleys,
    /// The article's pictures, decoded off the UI thread.
    pictures: preview::pictures::Pictures,
    /// View ▸ Search & Social Preview is open.
    social_open: bool,
    /// Suggest mode, the suggestions panel, the preview's view of changes.
    review: review::ReviewState,
    /// The floating windows open, and where they may be.
    floating: window::floating::FloatingWindows,
    /// Whether the caret blinks now (it stops after a while without input).
    caret: CaretBlink,
    /// Cut, Copy, Paste and Select All from the menus, for the text field.
    clipboard: commands::clipboard::ClipboardRelay,
    checks: checks::ChecksPanel,
    desk: Option<sidebar::DeskState>,
    /// The team desk: git state, sync, resolve and history views.
    team: team::TeamState,
    /// Publishing into the desk's CMS.
    publishing: publish::PublishState,
    safety: files::safety::Safety,
    prefs: Prefs,
    dialogs: Box<dyn Dialogs>,
    /// Why the open file dialog was shown.
    purpose: Option<files::open::Purpose>,
    /// The one modal shown, if any.
    modal: Option<Modal>,
    notices: Vec<Notice>,
    /// Commands issued this frame; they run after it is drawn.
    queue: Vec<Command>,
    allow_close: bool,
    title: String,
    /// The find bar, while open.
    find: Option<find::FindBar>,
    /// An import running off the window's thread.
    importing: Option<files::transfer::Importing>,
    /// Paste as New Article asked for the clipboard; its paste is coming.
    awaiting_paste: bool,
    /// How the width was shared in the last frame.
    layout: window::layout::Plan,
    /// The preview is folded and shown in place of the body for a look.
    preview_peek: bool,
    /// Text to put in the palette when it opens.
    palette_query: Option<String>,
    screenshot: Option<window::screenshot::Screenshot>,
    ctx: egui::Context,
}

impl CopydeskApp {
    pub fn new(cc: &eframe::CreationContext<'_>, launch: Launch) -> CopydeskApp {
        window::fonts::install(&cc.egui_ctx);
        let prefs: Prefs = launch
            .prefs
            .clone()
            .or_else(|| cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)))
            .unwrap_or_default();
        cc.egui_ctx.set_theme(prefs.theme.preference());
        apply_caret_blink(&cc.egui_ctx, prefs.caret_blink);
        let prefs_blink = prefs.caret_blink;
        let untitled = launch
            .untitled
            .clone()
            .unwrap_or_else(|| store::parse_str(WELCOME, Path::new("welcome.ron")).unwrap_or_default());
        let (safety, safety_messages) = files::safety::Safety::start(launch.data_dir.clone());
        #[cfg(unix)]
        if launch.sigterm
            && let Some(handle) = safety.writer_handle()
            && let Err(error) = crate::storage::recovery::write_on_sigterm(handle)
        {
            eprintln!("copydesk: {error}");
        }
        let ctx = cc.egui_ctx.clone();
        let jobs = Jobs::new(Arc::new(move || ctx.request_repaint()));
        let first = Document::new(untitled, None);
        let view = TabView::new(&first, None, None);
        let mut app = CopydeskApp {
            workspace: Workspace::new(first, view),
            checking: checks::checking::Checking::start(&jobs),
            highlighter: editor::highlight::Highlighter::default(),
            page_galleys: preview::Galleys::default(),
            pictures: preview::pictures::Pictures::new(&jobs),
            social_open: false,
            review: review::ReviewState::default(),
            floating: window::floating::FloatingWindows::default(),
            caret: CaretBlink::new(prefs_blink),
            clipboard: Default::default(),
            checks: checks::ChecksPanel::default(),
            desk: None,
            team: team::TeamState::default(),
            publishing: publish::PublishState { vault: launch.vault, ..publish::PublishState::default() },
            safety,
            prefs,
            dialogs: launch.dialogs.unwrap_or_else(|| Box::new(NativeDialogs::default())),
            purpose: None,
            modal: None,
            notices: Vec::new(),
            queue: Vec::new(),
            allow_close: false,
            title: String::new(),
            find: None,
            importing: None,
            awaiting_paste: false,
            layout: window::layout::Plan {
                desk: window::layout::Side::Off,
                preview: window::layout::Side::Shown,
            },
            preview_peek: false,
            palette_query: None,
            screenshot: launch.screenshot.map(window::screenshot::Screenshot::new),
            ctx: cc.egui_ctx.clone(),
            jobs,
        };
        for message in safety_messages {
            app.notify(true, message);
        }
        let asked_for_desk = launch.desk.is_some() || launch.open.as_ref().is_some_and(|p| p.is_dir());
        if let Some(desk) = launch.desk {
            app.open_desk(desk);
        }
        // The desk open last time comes back, as the tabs do.
        if !asked_for_desk && let Some(root) = app.prefs.open_desk.clone().filter(|root| root.is_dir()) {
            app.open_desk(root);
        }
        app.reopen_tabs();
        match launch.open {
            Some(path) if path.is_dir() => app.open_desk(path),
            Some(path) => app.open_path(&path),
            None => {}
        }
        let first = app.workspace.active();
        for path in &launch.tabs {
            app.open_path(path);
        }
        app.switch_tab(first);
        app.request_analysis();
        app
    }

    // ----- What tests and the benchmark look at -----

    pub fn document(&self) -> &Document {
        self.workspace.doc()
    }

    pub fn document_mut(&mut self) -> &mut Document {
        self.workspace.doc_mut()
    }

    /// The newest finished analysis (it may trail the text by a moment).
    pub fn analysis(&self) -> &Arc<Analysis> {
        self.checking.analyst.latest()
    }

    /// The document revision the background analysis was last asked for.
    pub fn analysis_asked_for(&self) -> Option<u64> {
        self.checking.analyst.requested_revision()
    }

    /// Blocks until every background job has finished and its answer is
    /// in: the desk scan, the team's workers, the dictionary, the
    /// pictures, Find in Desk and the analysis of what is on screen.
    pub fn settle(&mut self) {
        loop {
            self.jobs.wait_all();
            // Answers can start more work (a scanned desk changes what the
            // checks run against; the analysis takes one job at a time).
            self.poll_jobs();
            self.request_analysis();
            let sources = self.desk_sources();
            if let Some(Modal::DeskFind(find)) = &mut self.modal {
                find.refresh(|| sources, &self.jobs);
            }
            if self.jobs.is_idle() && self.checking.analyst.is_current() {
                break;
            }
        }
    }

    /// Takes in whatever background work has finished.
    fn poll_jobs(&mut self) {
        self.poll_live();
        if let Some(desk) = &mut self.desk {
            desk.poll();
        }
        self.poll_team();
        self.poll_publish();
        self.poll_speller();
        self.update_setting();
        if self.checking.analyst.poll() {
            self.expire_notices();
        }
        if let Some(Modal::DeskFind(find)) = &mut self.modal {
            find.poll();
        }
        self.pictures.poll(&self.ctx);
        self.poll_import();
    }

    /// Types `query` into the desk sidebar's search (tests, benchmarks).
    pub fn search_desk(&mut self, query: &str) {
        if let Some(desk) = &mut self.desk {
            desk.search = query.to_string();
        }
    }

    /// The open desk's index, once read.
    pub fn desk_index(&self) -> Option<&Arc<desk_store::Index>> {
        self.desk.as_ref().and_then(|d| d.index())
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// True while a modal (a question, a picker, the palette) is open.
    pub fn modal_open(&self) -> bool {
        self.modal.is_some()
    }

    /// The palette's matches for what is typed in it, best first (empty
    /// when the palette is closed).
    pub fn palette_matches(&self) -> Vec<String> {
        let Some(Modal::Palette(state)) = &self.modal else { return Vec::new() };
        let entries = self.palette_entries(&self.situation());
        commands::palette::rank(&state.query, &entries, &self.prefs.recent_commands)
            .into_iter()
            .map(|found| entries[found.entry].label.clone())
            .collect()
    }

    /// Writes the recovery journal now rather than within the second.
    pub fn flush_journal(&mut self) {
        if !self.safety.is_journaled(&self.workspace.view().journal, self.workspace.doc().revision()) {
            self.journal_now(self.ctx.input(|i| i.time));
        }
        self.safety.flush();
    }

    /// Hands the active document's state to the journal writer.
    fn journal_now(&mut self, now: f64) {
        let tab = self.workspace.active_tab_mut();
        let cursor = tab.view.body_window.caret().unwrap_or_else(|| tab.view.body_window.total_chars());
        self.safety.journal(&mut tab.view.journal, &tab.doc, cursor, now);
    }

    /// Puts the body editor's cursor at a byte offset of the body (and
    /// focuses it) on the next frame.
    pub fn place_cursor(&mut self, offset: usize) {
        self.workspace.view_mut().requests.cursor_to = Some(offset);
    }

    /// Queues a command; it runs at the end of the next frame.
    pub fn issue(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// The window title as last sent.
    pub fn title(&self) -> &str {
        &self.title
    }

    fn notify(&mut self, error: bool, text: impl Into<String>) {
        let text = text.into();
        // An info notice replaces the previous info notice.
        if !error {
            self.notices.retain(|n| n.error);
        }
        let tab = (!error).then(|| self.workspace.active_key());
        let said = self.ctx.cumulative_pass_nr();
        self.notices.push(Notice { error, text, topic: None, tab, said });
    }

    /// A notice that goes away by itself once `topic`'s cause is gone.
    fn notify_about(&mut self, topic: Topic, text: impl Into<String>) {
        self.notices.retain(|n| n.topic != Some(topic));
        let said = self.ctx.cumulative_pass_nr();
        self.notices.push(Notice { error: true, text: text.into(), topic: Some(topic), tab: None, said });
    }

    /// The status message of the tab on screen, if it has one.
    fn status_message(&self) -> Option<&Notice> {
        let tab = self.workspace.active_key();
        self.notices.iter().rev().find(|n| !n.error && n.tab.is_none_or(|t| t == tab))
    }

    /// An edit was made this frame: the tab's status message ("Undone: …",
    /// "Replaced 3 matches.") said before it is over.
    fn edited_past_messages(&mut self) {
        let (tab, now) = (self.workspace.active_key(), self.ctx.cumulative_pass_nr());
        self.notices.retain(|n| n.error || n.tab != Some(tab) || n.said >= now);
    }

    /// Drops notices whose cause is gone.
    fn expire_notices(&mut self) {
        let analysis = self.checking.analyst.latest();
        let current = analysis.revision == self.workspace.doc().revision();
        if current && analysis.count(crate::rules::check::Severity::Error) == 0 {
            self.notices.retain(|n| n.topic != Some(Topic::Gate));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let doc = self.workspace.doc();
        let marker = if doc.is_dirty() { "● " } else { "" };
        let title = format!("{marker}{} — Copydesk", doc.display_name());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Input that is not a widget's: files dropped on the window, the
    /// window's close button, shortcuts, answers from dialogs and workers.
    fn take_input(&mut self, ctx: &egui::Context) {
        self.caret.update(ctx, self.prefs.caret_blink);
        self.relay_clipboard(ctx);
        window::question::give_back_keyboard(ctx);
        self.track_floating(ctx);
        // A running import takes Escape before a floating window would.
        self.escape_import(ctx);
        let dropped: Vec<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        for path in dropped {
            if files::transfer::is_copy(&path) {
                self.import_path(&path);
            } else {
                self.queue.push(if path.is_dir() {
                    Command::OpenDeskPath(path)
                } else {
                    Command::OpenPath(path)
                });
            }
        }
        if self.awaiting_paste {
            // The clipboard's text, asked for by Paste as New Article: taken
            // before any text field can paste it.
            let pasted = ctx.input_mut(|i| {
                let at = i.events.iter().position(|e| matches!(e, egui::Event::Paste(_)))?;
                match i.events.remove(at) {
                    egui::Event::Paste(text) => Some(text),
                    _ => None,
                }
            });
            if let Some(text) = pasted {
                self.awaiting_paste = false;
                self.import_text(&text);
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.workspace.any_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.modal.is_none() {
                self.ask(files::questions::Unsaved(files::open::Intent::Quit));
            }
        }
        if self.modal.is_none() && !self.safety.offers.is_empty() && !self.safety.offers_hidden {
            self.ask(files::safety::RecoveryOffers);
        }
        // Taken even behind a modal: Undo must not reach the text editor
        // behind it either.
        let shortcuts = commands::consume_shortcuts(ctx);
        if self.modal.is_none() {
            self.queue.extend(shortcuts);
        }
        while let Some(answer) = self.dialogs.poll() {
            self.answer_dialog(answer);
        }
        self.poll_jobs();
        if std::mem::take(&mut self.checking.analysis_due) {
            self.request_analysis();
        }
        self.checking.frame_revision = Some(self.workspace.doc().revision());
        self.watch_file(ctx);
        self.watch_background_tabs();
    }

    /// Looks at the open file when its watcher says it was touched (and
    /// once when it starts watching): no timer wakes an idle window.
    fn watch_file(&mut self, ctx: &egui::Context) {
        let tab = self.workspace.active_tab_mut();
        // Saved under another name: the new file is the one to watch.
        if tab.view.watch.as_ref().map(|w| w.path()) != tab.doc.path.as_deref() {
            tab.view.watch = tab.doc.path.as_deref().map(|path| files::watch::FileWatch::start(path, ctx));
        }
        let Some(watch) = &mut tab.view.watch else { return };
        // Said once per watch, when its tab is on screen.
        if let Some(problem) = watch.problem.take() {
            self.notify(
                true,
                format!("Changes other programs make to this file will not be noticed: {problem}"),
            );
            return;
        }
        if !watch.fired() {
            return;
        }
        let doc = self.workspace.doc();
        if let (Some(path), Some(known)) = (&doc.path, &doc.disk)
            && let Some(change) = files::safety::changed_on_disk(path, known)
        {
            self.changed_on_disk(change);
        }
    }

    /// After the frame's edits: analyse what changed, record undo points,
    /// run the commands, journal unsaved work.
    fn after_frame(&mut self, ctx: &egui::Context) {
        self.escape_floating(ctx);
        if self.checking.frame_revision == Some(self.workspace.doc().revision()) {
            self.request_analysis();
        } else {
            self.edited_past_messages();
            // This frame echoes an edit: its drawing (under software OpenGL,
            // on every core) must not share the machine with an analysis of
            // the whole article. The next frame, which egui runs at once
            // after any input, starts it.
            self.checking.analysis_due = true;
            ctx.request_repaint();
        }
        let now = ctx.input(|i| i.time);
        // Typing not yet grouped into an undo step needs no timer: undo
        // makes it a step of its own first.
        self.workspace.doc_mut().feed_undo(now);
        for command in std::mem::take(&mut self.queue) {
            self.execute(command);
        }
        self.update_title(ctx);
        self.remember_tabs();
        let doc = self.workspace.doc();
        if !self.safety.is_journaled(&self.workspace.view().journal, doc.revision()) {
            let wait = self.safety.journal_wait(now, doc.body().len());
            if wait <= 0.0 {
                self.journal_now(now);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
        }
        if let Some(shot) = &mut self.screenshot {
            // Every job done (the desk read, the pictures decoded) and the
            // analysis of what is on screen in.
            let ready = self.jobs.is_idle() && self.checking.analyst.is_current();
            if shot.step(ctx, ready) {
                self.allow_close = true;
            }
        }
    }
}

impl eframe::App for CopydeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.take_input(&ctx);
        self.panels_ui(ui);
        self.team_windows_ui(&ctx);
        self.social_view_ui(&ctx);
        self.review_panel_ui(&ctx);
        self.modal_ui(&ctx);
        self.import_progress_ui(&ctx);
        self.after_frame(&ctx);
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        window::backdrop::clear_color(visuals)
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_tabs();
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
