//! The window: a thin layer over the core. It owns the open [`Document`],
//! turns menus, shortcuts and clicks into [`Command`]s, and executes them.

pub mod analysis;
mod checks_panel;
pub mod command;
mod desk_panel;
pub mod dialogs;
pub mod document;
mod editor;
pub mod fonts;
pub mod highlight;
mod metadata;
mod preview;
mod related;
mod safety;
mod screenshot;
mod spelling;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::RichText;

pub use analysis::Analysis;
pub use command::{Command, PreviewWidth, ThemeChoice};
pub use dialogs::{DialogAnswer, DialogRequest, Dialogs, NativeDialogs, ScriptedDialogs};
pub use document::Document;

use crate::article::{Article, DEFAULT_CATEGORIES, Status};
use crate::check::{self, Field, Location, Severity};
use crate::desk::{self, rename};
use crate::store;

/// The long sample article, built in so the window has something to show
/// from any folder.
const SAMPLE: &str = include_str!("../../assets/sample/kestrel-bend-flood-wall.ron");

/// True when `--screenshot` could not write its file.
pub fn screenshot_failed() -> bool {
    screenshot::FAILED.load(std::sync::atomic::Ordering::SeqCst)
}

/// How many files File → Open Recent remembers.
const RECENT_MAX: usize = 10;

/// What the editor chose that outlives the window (eframe persistence).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub theme: ThemeChoice,
    pub preview_visible: bool,
    pub preview_width: PreviewWidth,
    pub checks_visible: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            recent: Vec::new(),
            theme: ThemeChoice::System,
            preview_visible: true,
            preview_width: PreviewWidth::Desktop,
            checks_visible: true,
        }
    }
}

/// How the window starts.
#[derive(Default)]
pub struct Launch {
    /// An article file (or a desk folder) to open instead of the sample.
    pub open: Option<PathBuf>,
    /// A desk folder to open beside it.
    pub desk: Option<PathBuf>,
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
}

/// Something the editor should read: a saved file, an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

/// An action that replaces the open document or closes the window, and so
/// must ask about unsaved changes first.
#[derive(Debug, Clone, PartialEq)]
enum Intent {
    New,
    /// Recovered work, with its journal id.
    Restore(Box<crate::recovery::Record>, String),
    Open(Option<PathBuf>),
    /// A file already read, waiting only for the unsaved-changes answer.
    OpenLoaded(PathBuf, Box<Article>),
    Quit,
}

/// Why a dialog is open, so its answer goes to the right place.
#[derive(Debug, Clone, PartialEq)]
enum Purpose {
    Open,
    OpenDesk,
    SaveAs { then: Option<Intent> },
}

/// Typing a path by hand, when no native dialog is available.
struct PathPrompt {
    purpose: Purpose,
    reason: String,
    path: String,
}

/// Confirming a slug change that other desk articles link to.
struct RenameConfirm {
    plan: Result<rename::Plan, String>,
    then: Option<Intent>,
}

/// Confirming a status change that has warnings.
struct StatusConfirm {
    status: Status,
    warnings: Vec<String>,
}

pub struct CopydeskApp {
    doc: Document,
    analyst: analysis::Analyst,
    setting: analysis::Setting,
    categories: Vec<String>,
    highlighter: highlight::Highlighter,
    preview: preview::PreviewState,
    prefs: Prefs,
    dialogs: Box<dyn Dialogs>,
    purpose: Option<Purpose>,
    guard: Option<Intent>,
    path_prompt: Option<PathPrompt>,
    status_confirm: Option<StatusConfirm>,
    notices: Vec<Notice>,
    queue: Vec<Command>,
    allow_close: bool,
    title: String,
    focus_field: Option<Field>,
    /// Put the body cursor at this byte offset next frame.
    cursor_to: Option<usize>,
    /// The editor's own undo is switched off once per document.
    editor_ready: bool,
    about_open: bool,
    desk: Option<desk_panel::DeskState>,
    safety: safety::Safety,
    /// Saving found the file changed on disk: what to do after the answer.
    overwrite_confirm: Option<Option<Intent>>,
    checks: checks_panel::ChecksPanel,
    picker: Option<related::Picker>,
    rename_confirm: Option<RenameConfirm>,
    /// What the analysis setting was built from: desk generation, path,
    /// spelling generation.
    setting_key: Option<(u64, Option<PathBuf>, u64)>,
    /// The dictionary, once loaded (it loads in the background).
    speller: Option<crate::spell::Speller>,
    speller_loading:
        Option<std::sync::mpsc::Receiver<Result<crate::spell::Speller, crate::spell::SpellError>>>,
    /// Words accepted for this session when no desk is open.
    session_words: Vec<String>,
    /// Bumps when the dictionary or its extra words change.
    spell_generation: u64,
    /// The misspelled word a right-click landed on.
    spell_target: Option<spelling::Target>,
    /// Rows of the body editor's layout, for finding words on screen.
    body_rows: spelling::RowIndex,
    screenshot: Option<screenshot::Screenshot>,
    ctx: egui::Context,
}

impl CopydeskApp {
    pub fn new(cc: &eframe::CreationContext<'_>, launch: Launch) -> CopydeskApp {
        fonts::install(&cc.egui_ctx);
        let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
        cc.egui_ctx.set_theme(prefs.theme.preference());
        let sample = store::parse_str(SAMPLE, Path::new("sample.ron")).unwrap_or_default();
        let (safety, safety_messages) = safety::Safety::start(launch.data_dir.clone());
        #[cfg(unix)]
        if launch.sigterm
            && let Some(handle) = safety.writer_handle()
            && let Err(error) = crate::recovery::write_on_sigterm(handle)
        {
            eprintln!("copydesk: {error}");
        }
        let mut app = CopydeskApp {
            doc: Document::new(sample, None),
            analyst: analysis::Analyst::new(),
            setting: analysis::Setting::default(),
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            highlighter: highlight::Highlighter::default(),
            preview: preview::PreviewState::default(),
            prefs,
            dialogs: launch.dialogs.unwrap_or_else(|| Box::new(NativeDialogs::default())),
            purpose: None,
            guard: None,
            path_prompt: None,
            status_confirm: None,
            notices: Vec::new(),
            queue: Vec::new(),
            allow_close: false,
            title: String::new(),
            focus_field: None,
            cursor_to: None,
            editor_ready: false,
            about_open: false,
            desk: None,
            safety,
            overwrite_confirm: None,
            checks: checks_panel::ChecksPanel::default(),
            picker: None,
            rename_confirm: None,
            setting_key: None,
            speller: None,
            speller_loading: Some(load_speller(&cc.egui_ctx)),
            session_words: Vec::new(),
            spell_generation: 0,
            spell_target: None,
            body_rows: spelling::RowIndex::default(),
            screenshot: launch.screenshot.map(screenshot::Screenshot::new),
            ctx: cc.egui_ctx.clone(),
        };
        for message in safety_messages {
            app.notify(true, message);
        }
        if let Some(desk) = launch.desk {
            app.open_desk(desk);
        }
        match launch.open {
            Some(path) if path.is_dir() => app.open_desk(path),
            Some(path) => app.open_path(&path),
            None => {}
        }
        app.request_analysis();
        app
    }

    // ----- What tests and the benchmark look at -----

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// The newest finished analysis (it may trail the text by a moment).
    pub fn analysis(&self) -> &Arc<Analysis> {
        self.analyst.latest()
    }

    /// Blocks until the desk scan and the analysis have caught up.
    pub fn settle(&mut self) {
        if let Some(desk) = &mut self.desk {
            desk.wait();
        }
        if let Some(loading) = self.speller_loading.take() {
            let result = loading.recv();
            self.take_speller(result.ok());
        }
        self.update_setting();
        self.request_analysis();
        self.analyst.wait();
    }

    /// The open desk's index, once read.
    pub fn desk_index(&self) -> Option<&Arc<desk::Index>> {
        self.desk.as_ref().and_then(|d| d.index())
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Writes the recovery journal now rather than within the second.
    pub fn flush_journal(&self) {
        self.safety.flush();
    }

    /// Puts the body editor's cursor at a byte offset of the body (and
    /// focuses it) on the next frame.
    pub fn place_cursor(&mut self, offset: usize) {
        self.cursor_to = Some(offset);
    }

    /// Queues a command; it runs at the end of the next frame.
    pub fn issue(&mut self, command: Command) {
        self.queue.push(command);
    }

    // ----- Commands -----

    fn execute(&mut self, command: Command) {
        match command {
            Command::New => self.intend(Intent::New),
            Command::Open => self.intend(Intent::Open(None)),
            Command::OpenPath(path) => self.intend(Intent::Open(Some(path))),
            Command::OpenDesk => {
                let folder = self.desk.as_ref().map(|d| d.root.clone());
                self.show_dialog(DialogRequest::OpenDesk { folder }, Purpose::OpenDesk);
            }
            Command::OpenDeskPath(path) => self.open_desk(path),
            Command::CloseDesk => self.desk = None,
            Command::OpenRelatedPicker => {
                if self.desk.as_ref().is_some_and(|d| d.index().is_some()) {
                    self.picker = Some(related::Picker::default());
                } else {
                    self.notify(true, "Open a desk (File → Open Desk…) to pick related articles from it.");
                }
            }
            Command::AddRelated(slug) => self.add_related(&slug),
            Command::AddToDictionary(word) => self.add_to_dictionary(&word),
            Command::ReplaceWord { at, word, with } => self.replace_word(at, &word, &with),
            Command::Save => self.save(None),
            Command::SaveAs => self.ask_save_path(None),
            Command::Quit => self.intend(Intent::Quit),
            Command::Undo => {
                if let Some(at) = self.doc.undo() {
                    self.after_history(at);
                }
            }
            Command::Redo => {
                if let Some(at) = self.doc.redo() {
                    self.after_history(at);
                }
            }
            Command::TogglePreview => self.prefs.preview_visible = !self.prefs.preview_visible,
            Command::SetPreviewWidth(width) => self.prefs.preview_width = width,
            Command::TogglePreviewWidth => {
                self.prefs.preview_width = match self.prefs.preview_width {
                    PreviewWidth::Desktop => PreviewWidth::Phone,
                    PreviewWidth::Phone => PreviewWidth::Desktop,
                };
            }
            Command::SetTheme(theme) => {
                self.prefs.theme = theme;
                self.ctx.set_theme(theme.preference());
            }
            Command::ToggleChecks => self.prefs.checks_visible = !self.prefs.checks_visible,
            Command::RelinkSlug => {
                self.doc.fields.slug_linked = true;
                self.doc.fields.article.slug = crate::slug::suggest(&self.doc.fields.article.headline);
                self.doc.fields_changed();
            }
            Command::SetStatus(status) => self.set_status(status),
            Command::GoToFinding(index) => self.go_to_finding(index),
            Command::ClearRecent => self.prefs.recent.clear(),
            Command::About => self.about_open = true,
        }
    }

    fn after_history(&mut self, changed_at: Option<usize>) {
        if let Some(at) = changed_at {
            self.cursor_to = Some(at);
        }
        self.request_analysis();
    }

    /// Runs an intent now, or asks first when there are unsaved changes.
    fn intend(&mut self, intent: Intent) {
        // Read the file before asking about unsaved changes: a file that
        // cannot be opened should say so, not lead to a pointless question.
        let intent = match intent {
            Intent::Open(Some(path)) if self.doc.is_dirty() => match store::load(&path) {
                Ok(article) => Intent::OpenLoaded(absolute(&path), Box::new(article)),
                Err(error) => {
                    self.notify(true, format!("Could not open the file. {error}"));
                    return;
                }
            },
            other => other,
        };
        if self.doc.is_dirty() {
            self.guard = Some(intent);
        } else {
            self.proceed(intent);
        }
    }

    fn proceed(&mut self, intent: Intent) {
        match intent {
            Intent::New => {
                let share = self
                    .desk_index()
                    .map(|index| index.config.config.share.clone())
                    .unwrap_or_else(|| crate::article::ShareTarget::ALL.to_vec());
                let article = Article { share, ..Article::default() };
                self.replace_document(Document::new(article, None));
            }
            Intent::Open(None) => {
                let folder = self.doc.path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
                self.show_dialog(DialogRequest::OpenArticle { folder }, Purpose::Open);
            }
            Intent::Open(Some(path)) => self.open_path(&path),
            Intent::OpenLoaded(path, _) => {
                // Read again, for the fingerprint of what is on disk now.
                self.open_path(&path);
            }
            Intent::Restore(record, id) => self.restore(*record, id),
            Intent::Quit => {
                self.allow_close = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn show_dialog(&mut self, request: DialogRequest, purpose: Purpose) {
        if self.purpose.is_some() {
            self.notify(true, "A file dialog is already open.");
            return;
        }
        self.purpose = Some(purpose);
        self.dialogs.show(request, &self.ctx);
    }

    fn answer_dialog(&mut self, answer: DialogAnswer) {
        let Some(purpose) = self.purpose.take() else { return };
        match answer {
            DialogAnswer::Picked(path) => self.use_path(purpose, path),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(reason) => {
                let path = match &purpose {
                    Purpose::SaveAs { .. } => self.suggested_path().display().to_string(),
                    Purpose::Open | Purpose::OpenDesk => String::new(),
                };
                self.path_prompt = Some(PathPrompt { purpose, reason, path });
            }
        }
    }

    fn use_path(&mut self, purpose: Purpose, path: PathBuf) {
        match purpose {
            Purpose::Open => self.open_path(&path),
            Purpose::OpenDesk => self.open_desk(path),
            Purpose::SaveAs { then } => {
                let path = absolute(&with_ron_extension(path));
                // The dialog already asked before replacing another file.
                self.save_to(&path, then, false);
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        let path = &absolute(path);
        match store::load_with_fingerprint(path) {
            Ok((article, disk)) => {
                let mut doc = Document::new(article, Some(path.to_path_buf()));
                doc.disk = Some(disk);
                self.replace_document(doc);
                self.remember(path);
            }
            // The open document stays as it was; the error says where.
            Err(error) => self.notify(true, format!("Could not open the file. {error}")),
        }
    }

    fn open_desk(&mut self, root: PathBuf) {
        if !root.is_dir() {
            self.notify(true, format!("{} is not a folder; a desk is a folder of articles.", root.display()));
            return;
        }
        let root = root.canonicalize().unwrap_or(root);
        self.desk = Some(desk_panel::DeskState::open(root, &self.ctx));
    }

    fn add_related(&mut self, slug: &str) {
        let Some(index) = self.desk_index().cloned() else { return };
        let view = desk::DeskView { index, current: self.doc.path.clone() };
        match check::Desk::lookup(&view, slug) {
            check::Lookup::Found(target) => {
                let related = &mut self.doc.fields.article.related;
                if related.iter().any(|r| r.slug == slug) {
                    self.notify(true, format!("“{slug}” is already a related link."));
                    return;
                }
                related.push(target.related_card(slug));
                self.doc.fields_changed();
            }
            _ => self.notify(true, format!("No single desk article has the slug “{slug}”.")),
        }
    }

    fn take_speller(&mut self, loaded: Option<Result<crate::spell::Speller, crate::spell::SpellError>>) {
        match loaded {
            Some(Ok(speller)) => {
                self.speller = Some(speller);
                self.spell_generation += 1;
            }
            Some(Err(error)) => self.notify(true, format!("Spell checking is off: {error}")),
            None => {}
        }
    }

    /// The dictionary with the desk's words (or this session's) added.
    fn speller_for(&self, index: Option<&Arc<desk::Index>>) -> Option<crate::spell::Speller> {
        let speller = self.speller.as_ref()?;
        let mut words = self.session_words.clone();
        if let Some(index) = index {
            words.extend(index.config.config.words.iter().cloned());
        }
        Some(if words.is_empty() { speller.clone() } else { speller.with_words(&words) })
    }

    fn add_to_dictionary(&mut self, word: &str) {
        let root = self.desk.as_ref().map(|d| d.root.clone());
        match root {
            Some(root) => match desk::config::add_word(&root, word) {
                Ok(_) => {
                    if let Some(desk) = &mut self.desk {
                        desk.refresh(&[desk::config::path_in(&root)]);
                    }
                    self.notify(
                        false,
                        format!("Added “{word}” to the desk dictionary ({}).", desk::config::FILE_NAME),
                    );
                }
                Err(error) => {
                    self.notify(true, format!("Could not add “{word}” to the desk dictionary: {error}"))
                }
            },
            None => {
                self.session_words.push(word.to_string());
                self.spell_generation += 1;
                self.notify(
                    false,
                    format!(
                        "Accepted “{word}” for this session; open a desk to keep words in its dictionary."
                    ),
                );
            }
        }
    }

    fn replace_word(&mut self, at: usize, word: &str, with: &str) {
        let body = &mut self.doc.body;
        // Only if the word is still where the analysis saw it.
        if body.get(at..at + word.len()) == Some(word) {
            body.replace_range(at..at + word.len(), with);
            self.doc.body_changed();
            self.cursor_to = Some(at + with.len());
        }
    }

    /// Rebuilds what the checks run against when the desk or the open
    /// file changed.
    fn update_setting(&mut self) {
        let key = (
            self.desk.as_ref().map_or(0, |d| d.generation + 1),
            self.doc.path.clone(),
            self.spell_generation,
        );
        if self.setting_key.as_ref() == Some(&key) {
            return;
        }
        self.setting_key = Some(key);
        let generation = self.setting.generation + 1;
        let index = self.desk_index().cloned();
        self.setting = match index {
            Some(index) => {
                let taxonomy = index.taxonomy();
                self.categories = taxonomy
                    .clone()
                    .unwrap_or_else(|| DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect());
                analysis::Setting {
                    generation,
                    speller: self.speller_for(Some(&index)),
                    limits: index.config.config.limits,
                    taxonomy: taxonomy.map(Arc::new),
                    desk: Some(Arc::new(desk::DeskView { index, current: self.doc.path.clone() })),
                }
            }
            None => {
                self.categories = DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect();
                analysis::Setting {
                    generation,
                    speller: self.speller_for(None),
                    ..analysis::Setting::default()
                }
            }
        };
    }

    fn replace_document(&mut self, doc: Document) {
        self.replace_document_as(doc, None);
    }

    /// Replaces the open document; `journal_id` keeps a recovered
    /// document's record (else the new document gets its own).
    fn replace_document_as(&mut self, doc: Document, journal_id: Option<String>) {
        // The editor saved or chose to discard what was open.
        let old_id = self.safety.doc_id.clone();
        self.safety.forget(&old_id);
        self.doc = doc;
        self.safety.document_replaced(&self.doc, journal_id);
        self.analyst.reset(self.doc.revision());
        self.editor_ready = false;
        self.cursor_to = None;
        self.focus_field = None;
        self.request_analysis();
    }

    fn restore(&mut self, record: crate::recovery::Record, id: String) {
        let base = record.document.as_ref().and_then(|p| store::load(p).ok()).unwrap_or_default();
        let mut doc = Document::new(base, record.document.clone());
        doc.disk = record.base;
        let cursor = record.body.char_indices().nth(record.cursor).map_or(record.body.len(), |(at, _)| at);
        doc.recover(record.article, record.published_text, record.updated_text, record.body);
        self.replace_document_as(doc, Some(id.clone()));
        self.safety.offers.retain(|offer| offer.id != id);
        self.cursor_to = Some(cursor);
        self.notify(false, "Recovered work restored; it is not saved yet.");
    }

    /// The open file changed (`Some`) or vanished (`None`) on disk.
    fn changed_on_disk(&mut self, change: Option<store::Fingerprint>) {
        let Some(path) = self.doc.path.clone() else { return };
        match change {
            None => self.safety.outside = Some(safety::Outside::Deleted),
            Some(_) if self.doc.is_dirty() => self.safety.outside = Some(safety::Outside::Changed),
            Some(disk) => match store::load_with_fingerprint(&path) {
                Ok((article, disk)) => {
                    let mut doc = Document::new(article, Some(path.clone()));
                    doc.disk = Some(disk);
                    self.replace_document(doc);
                    self.notify(false, format!("Reloaded {}: it was changed on disk.", path.display()));
                }
                Err(error) => {
                    // Stop re-reading a file that another program is
                    // leaving broken; what is open stays as it was.
                    self.doc.disk = Some(disk);
                    self.notify(
                        true,
                        format!("The file changed on disk and cannot be read; kept what is open. {error}"),
                    );
                }
            },
        }
    }

    fn answer_outside(&mut self, choice: safety::OutsideChoice) {
        let Some(path) = self.doc.path.clone() else { return };
        match choice {
            safety::OutsideChoice::Reload => {
                self.safety.outside = None;
                self.open_path(&path);
            }
            safety::OutsideChoice::KeepMine => {
                // Saving will now replace whatever is there, as asked.
                self.doc.disk = store::fingerprint(&path).ok().flatten();
                self.safety.outside = None;
            }
            safety::OutsideChoice::SaveAs => {
                self.safety.outside = None;
                self.ask_save_path(None);
            }
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = absolute(path);
        self.prefs.recent.retain(|p| *p != path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(RECENT_MAX);
    }

    fn suggested_path(&self) -> PathBuf {
        let slug = &self.doc.fields.article.slug;
        // Names are only ever built from a valid slug, so they stay in the folder.
        let name =
            if crate::slug::validate(slug).is_ok() { format!("{slug}.ron") } else { "article.ron".into() };
        let folder = self
            .doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.desk.as_ref().map(|d| d.root.clone()));
        match folder {
            Some(folder) => folder.join(name),
            None => PathBuf::from(name),
        }
    }

    /// When the slug of a desk article changed and others link to it (or
    /// its file is named after it), the rename that saving should offer.
    fn rename_for_save(&self) -> Option<Result<rename::Plan, String>> {
        let path = self.doc.path.as_ref()?;
        let desk = self.desk.as_ref()?;
        if !desk.contains(path) {
            return None;
        }
        let index = desk.index()?;
        let old = index.entry(path)?.slug.clone();
        let new = self.doc.fields.article.slug.clone();
        if old == new || crate::slug::validate(&new).is_err() {
            return None;
        }
        let incoming = index.linking_to(&old).any(|e| e.path != *path);
        let named_after = path.file_stem().is_some_and(|stem| *stem == *old);
        if !incoming && !named_after {
            return None;
        }
        Some(rename::plan(index, path, &old, &new).map_err(|e| e.to_string()))
    }

    fn apply_rename(&mut self, plan: &rename::Plan, then: Option<Intent>) {
        let article = self.doc.article();
        match rename::apply(plan, &article) {
            Ok(report) => {
                let old_id = self.safety.doc_id.clone();
                self.doc.mark_saved(&plan.destination);
                self.doc.disk = store::fingerprint(&plan.destination).ok().flatten();
                self.safety.forget(&old_id);
                self.safety.document_replaced(&self.doc, None);
                self.remember(&plan.destination);
                let mut changed: Vec<PathBuf> = report.updated.clone();
                changed.push(plan.destination.clone());
                changed.push(plan.subject.clone());
                if let Some(desk) = &mut self.desk {
                    desk.refresh(&changed);
                }
                let mut text = format!(
                    "Renamed “{}” to “{}”: updated {} linking article(s)",
                    plan.old_slug,
                    plan.new_slug,
                    report.updated.len()
                );
                if let Some((from, to)) = &report.moved {
                    text.push_str(&format!(
                        "; moved {} to {}",
                        from.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                        to.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                    ));
                }
                self.notify(false, text);
                if let Some(intent) = then {
                    self.proceed(intent);
                }
            }
            Err(error) => self.notify(true, format!("The rename stopped: {error}")),
        }
    }

    fn save(&mut self, then: Option<Intent>) {
        if let Some(plan) = self.rename_for_save() {
            self.rename_confirm = Some(RenameConfirm { plan, then });
            return;
        }
        match self.doc.path.clone() {
            Some(path) => self.save_to(&path, then, true),
            None => self.ask_save_path(then),
        }
    }

    fn ask_save_path(&mut self, then: Option<Intent>) {
        let suggested = self.suggested_path();
        let folder = suggested.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf);
        let file_name = suggested.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.show_dialog(DialogRequest::SaveArticle { folder, file_name }, Purpose::SaveAs { then });
    }

    /// Saves to `path`, then carries on with `then`. With `check`, a file
    /// changed on disk since it was read is not replaced without asking.
    fn save_to(&mut self, path: &Path, then: Option<Intent>, check: bool) {
        if self.try_save(path, check) == Saved::Asked {
            self.overwrite_confirm = Some(then);
        } else if self.doc.path.as_deref() == Some(path)
            && !self.doc.is_dirty()
            && let Some(intent) = then
        {
            self.proceed(intent);
        }
    }

    fn try_save(&mut self, path: &Path, check: bool) -> Saved {
        let fields = &self.doc.fields;
        let times = [("Published", fields.published_text.clone()), ("Updated", fields.updated_text.clone())];
        for (name, text) in times {
            if let Some(problem) = metadata::timestamp_problem(&text) {
                self.notify(true, format!("Not saved: the {name} time is not valid. {problem}"));
                self.focus_field =
                    Some(if name == "Published" { Field::PublishedAt } else { Field::UpdatedAt });
                return Saved::Failed;
            }
        }
        let article = self.doc.article();
        let same_file = self.doc.path.as_deref() == Some(path);
        let expected = if check && same_file { self.doc.disk } else { None };
        match store::save_checked(path, &article, expected.as_ref()) {
            Ok(disk) => {
                let old_id = self.safety.doc_id.clone();
                self.doc.mark_saved(path);
                self.doc.disk = Some(disk);
                self.safety.forget(&old_id);
                self.safety.document_replaced(&self.doc, None);
                self.remember(path);
                if let Some(desk) = &mut self.desk
                    && desk.contains(path)
                {
                    desk.refresh(&[path.to_path_buf()]);
                }
                self.notify(false, format!("Saved {}", path.display()));
                Saved::Done
            }
            Err(store::SaveError::ChangedOnDisk { .. }) => Saved::Asked,
            Err(error) => {
                self.notify(true, error.to_string());
                Saved::Failed
            }
        }
    }

    fn set_status(&mut self, status: Status) {
        let mut candidate = self.doc.article();
        if status == Status::Published && candidate.published_at.is_none() {
            // Publishing stamps the time, as a CMS would.
            candidate.published_at = Some(now_seconds());
        }
        if status >= Status::Ready {
            let findings = check::gate(&candidate, status, &self.check_context_owned().as_context());
            let errors: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.message.clone())
                .collect();
            if !errors.is_empty() {
                self.notify(true, format!("Not marked {status}: fix these first. {}", errors.join(" ")));
                return;
            }
            let warnings: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .map(|f| f.message.clone())
                .collect();
            if !warnings.is_empty() && self.status_confirm.is_none() {
                self.status_confirm = Some(StatusConfirm { status, warnings });
                return;
            }
        }
        self.apply_status(status, candidate.published_at);
    }

    fn apply_status(&mut self, status: Status, published_at: Option<jiff::Timestamp>) {
        let fields = &mut self.doc.fields;
        fields.article.status = status;
        if fields.article.published_at.is_none() && published_at.is_some() {
            fields.article.published_at = published_at;
            fields.published_text = published_at.map(|t| t.to_string()).unwrap_or_default();
        }
        self.doc.fields_changed();
    }

    fn go_to_finding(&mut self, index: usize) {
        let analysis = self.analyst.latest().clone();
        let Some(finding) = analysis.findings.get(index) else { return };
        match finding.location {
            Location::Field { field } => self.focus_field = Some(field),
            Location::Related { .. } => self.focus_field = Some(Field::Related),
            Location::Body { .. } => {
                if let Some(offset) = analysis.body_offset(finding) {
                    self.cursor_to = Some(offset.min(self.doc.body.len()));
                }
            }
        }
    }

    fn notify(&mut self, error: bool, text: impl Into<String>) {
        let text = text.into();
        // An info notice replaces the previous info notice.
        if !error {
            self.notices.retain(|n| n.error);
        }
        self.notices.push(Notice { error, text });
    }

    /// The context the checks run in.
    fn check_context_owned(&self) -> OwnedContext {
        OwnedContext { setting: self.setting.clone() }
    }

    fn request_analysis(&mut self) {
        let revision = self.doc.revision();
        self.analyst.request(
            revision,
            self.doc.body_shared(),
            &self.doc.fields.article,
            self.setting.clone(),
            Some(self.ctx.clone()),
        );
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        let title = format!("{marker}{} — Copydesk", self.doc.display_name());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last sent.
    pub fn title(&self) -> &str {
        &self.title
    }

    // ----- Drawing -----

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let shortcut = |ui: &egui::Ui, command: Command| {
            command::keys_for(&command).map(|k| ui.ctx().format_shortcut(&k)).unwrap_or_default()
        };
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            let item = |ui: &mut egui::Ui, commands: &mut Vec<Command>, label: &str, command: Command| {
                if ui.add(egui::Button::new(label).shortcut_text(shortcut(ui, command.clone()))).clicked() {
                    commands.push(command);
                    ui.close();
                }
            };
            ui.menu_button("File", |ui| {
                item(ui, &mut commands, "New", Command::New);
                item(ui, &mut commands, "Open…", Command::Open);
                item(ui, &mut commands, "Open Desk…", Command::OpenDesk);
                ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label(RichText::new("No recent files").weak());
                    }
                    for path in &self.prefs.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(Command::OpenPath(path.clone()));
                            ui.close();
                        }
                    }
                    if !self.prefs.recent.is_empty() {
                        ui.separator();
                        if ui.button("Clear Recent").clicked() {
                            commands.push(Command::ClearRecent);
                            ui.close();
                        }
                    }
                });
                ui.separator();
                item(ui, &mut commands, "Save", Command::Save);
                item(ui, &mut commands, "Save As…", Command::SaveAs);
                ui.separator();
                item(ui, &mut commands, "Quit", Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let undo = ui.add_enabled(
                    self.doc.can_undo(),
                    egui::Button::new("Undo").shortcut_text(shortcut(ui, Command::Undo)),
                );
                if undo.clicked() {
                    commands.push(Command::Undo);
                    ui.close();
                }
                let redo = ui.add_enabled(
                    self.doc.can_redo(),
                    egui::Button::new("Redo").shortcut_text(shortcut(ui, Command::Redo)),
                );
                if redo.clicked() {
                    commands.push(Command::Redo);
                    ui.close();
                }
                ui.separator();
                if ui.button("Re-link Slug to Headline").clicked() {
                    commands.push(Command::RelinkSlug);
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                let mut visible = self.prefs.preview_visible;
                if ui.checkbox(&mut visible, "Preview").clicked() {
                    commands.push(Command::TogglePreview);
                }
                ui.label(RichText::new(shortcut(ui, Command::TogglePreview)).weak().small());
                ui.separator();
                ui.label("Preview width");
                let width = self.prefs.preview_width;
                if ui.radio(width == PreviewWidth::Desktop, "Desktop (720 px)").clicked() {
                    commands.push(Command::SetPreviewWidth(PreviewWidth::Desktop));
                }
                if ui.radio(width == PreviewWidth::Phone, "Phone (375 px)").clicked() {
                    commands.push(Command::SetPreviewWidth(PreviewWidth::Phone));
                }
                ui.separator();
                let mut checks = self.prefs.checks_visible;
                if ui.checkbox(&mut checks, "Checks panel").clicked() {
                    commands.push(Command::ToggleChecks);
                }
                ui.separator();
                ui.label("Theme");
                for (theme, label) in [
                    (ThemeChoice::System, "Follow system"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui.radio(self.prefs.theme == theme, label).clicked() {
                        commands.push(Command::SetTheme(theme));
                    }
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("About Copydesk").clicked() {
                    commands.push(Command::About);
                    ui.close();
                }
            });
        });
        self.queue.extend(commands);
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let analysis = self.analyst.latest().clone();
        ui.horizontal(|ui| {
            let place = match &self.doc.path {
                Some(path) => path.display().to_string(),
                None => "Untitled (not saved yet)".into(),
            };
            ui.label(place);
            if self.doc.is_dirty() {
                ui.label(RichText::new("● Modified").color(egui::Color32::from_rgb(200, 130, 0)));
            }
            ui.separator();
            let stats = analysis.stats;
            ui.label(format!("{} words", stats.words));
            ui.label(format!("{} min read", stats.reading_minutes()));
            ui.separator();
            let (errors, warnings, notes) = (
                analysis.count(Severity::Error),
                analysis.count(Severity::Warning),
                analysis.count(Severity::Note),
            );
            let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let summary = format!(
                "{} · {} · {}",
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings"),
                count(notes, "note", "notes")
            );
            let findings = ui
                .add(egui::Button::new(summary).frame(false))
                .on_hover_text("Show or hide the checks panel");
            if findings.clicked() {
                self.queue.push(Command::ToggleChecks);
            }
            if !self.analyst.is_current() {
                ui.spinner();
            }
        });
    }

    fn notices_strip(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (index, notice) in self.notices.iter().enumerate() {
            let (fill, text) = if notice.error {
                (egui::Color32::from_rgb(120, 20, 20), egui::Color32::WHITE)
            } else {
                (egui::Color32::from_rgb(30, 90, 50), egui::Color32::WHITE)
            };
            egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(8, 4)).show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button("Dismiss").clicked() {
                        dismiss = Some(index);
                    }
                    ui.add(egui::Label::new(RichText::new(&notice.text).color(text)).wrap());
                });
            });
        }
        if let Some(index) = dismiss {
            self.notices.remove(index);
        }
    }

    fn modals(&mut self, ctx: &egui::Context) {
        if let Some(intent) = self.guard.clone() {
            let name = self.doc.display_name();
            let what = match intent {
                Intent::New => "starting a new article",
                Intent::Open(_) | Intent::OpenLoaded(..) => "opening another article",
                Intent::Restore(..) => "restoring recovered work",
                Intent::Quit => "closing",
            };
            let mut choice = None;
            let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!("“{name}” has changes that are not saved. Save them before {what}?"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(2);
                    }
                });
            });
            if modal.should_close() && choice.is_none() {
                choice = Some(2);
            }
            match choice {
                Some(0) => {
                    self.guard = None;
                    self.save(Some(intent));
                }
                Some(1) => {
                    self.guard = None;
                    // Discarded on purpose: the journal lets it go too.
                    let id = self.safety.doc_id.clone();
                    self.safety.forget(&id);
                    self.proceed(intent);
                }
                Some(_) => self.guard = None,
                None => {}
            }
        }

        if let Some(prompt) = &mut self.path_prompt {
            let title = match prompt.purpose {
                Purpose::Open => "Open article",
                Purpose::OpenDesk => "Open desk folder",
                Purpose::SaveAs { .. } => "Save article as",
            };
            let mut done = None;
            egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
                ui.heading(title);
                ui.label(&prompt.reason);
                let label = ui.label("Path");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut prompt.path).desired_width(420.0))
                    .labelled_by(label.id);
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("OK").clicked() || entered {
                        done = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        done = Some(false);
                    }
                });
            });
            match done {
                Some(true) => {
                    let prompt = self.path_prompt.take();
                    if let Some(prompt) = prompt
                        && !prompt.path.trim().is_empty()
                    {
                        self.use_path(prompt.purpose, PathBuf::from(prompt.path.trim()));
                    }
                }
                Some(false) => self.path_prompt = None,
                None => {}
            }
        }

        if let Some(confirm) = &self.status_confirm {
            let status = confirm.status;
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("status-confirm")).show(ctx, |ui| {
                ui.heading(format!("Mark as {status}?"));
                ui.label(format!("The story has {} warning(s):", confirm.warnings.len()));
                for warning in confirm.warnings.iter().take(8) {
                    ui.label(format!("• {warning}"));
                }
                ui.horizontal(|ui| {
                    if ui.button(format!("Mark {status}")).clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(false);
                    }
                });
            });
            match choice {
                Some(true) => {
                    self.status_confirm = None;
                    let stamp = (status == Status::Published).then(now_seconds);
                    self.apply_status(status, stamp);
                }
                Some(false) => self.status_confirm = None,
                None => {}
            }
        }

        if let Some(picker) = &mut self.picker {
            let own_slug = self.doc.fields.article.slug.clone();
            let picked = match self.desk.as_ref().and_then(|d| d.index()) {
                Some(index) => related::picker(ctx, picker, index, &own_slug),
                None => related::Picked::Cancel,
            };
            match picked {
                related::Picked::Nothing => {}
                related::Picked::Cancel => self.picker = None,
                related::Picked::Slug(slug) => {
                    self.picker = None;
                    self.add_related(&slug);
                }
            }
        }

        if let Some(confirm) = &self.rename_confirm {
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("rename-confirm")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                match &confirm.plan {
                    Ok(plan) => {
                        ui.heading(format!("Rename “{}” to “{}”?", plan.old_slug, plan.new_slug));
                        ui.label("Saving can update every related link to this article across the desk:");
                        for file in plan.files() {
                            let what = if file == plan.destination && plan.renames_file() {
                                "new file"
                            } else if file == plan.subject && plan.renames_file() {
                                "removed"
                            } else if file == plan.subject {
                                "this article"
                            } else {
                                "related link updated"
                            };
                            ui.label(format!("• {} ({what})", file.display()));
                        }
                        ui.horizontal(|ui| {
                            if ui.button("Update links and rename").clicked() {
                                choice = Some(0);
                            }
                            if ui.button("Save without updating").clicked() {
                                choice = Some(1);
                            }
                            if ui.button("Cancel").clicked() {
                                choice = Some(2);
                            }
                        });
                    }
                    Err(error) => {
                        ui.heading("The slug cannot be renamed across the desk");
                        ui.label(error);
                        ui.horizontal(|ui| {
                            if ui.button("Save without updating").clicked() {
                                choice = Some(1);
                            }
                            if ui.button("Cancel").clicked() {
                                choice = Some(2);
                            }
                        });
                    }
                }
            });
            if let Some(choice) = choice
                && let Some(confirm) = self.rename_confirm.take()
            {
                match (choice, confirm.plan) {
                    (0, Ok(plan)) => self.apply_rename(&plan, confirm.then),
                    (1, _) => {
                        if let Some(path) = self.doc.path.clone() {
                            self.save_to(&path, confirm.then, true);
                        }
                    }
                    _ => {}
                }
            }
        }

        if let Some(then) = self.overwrite_confirm.clone() {
            let name = self.doc.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            let mut choice = None;
            egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "{name} was changed by another program since you opened it. Saving now would replace that version."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Replace it with mine").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Save As…").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(2);
                    }
                });
            });
            if let Some(choice) = choice {
                self.overwrite_confirm = None;
                match choice {
                    0 => {
                        if let Some(path) = self.doc.path.clone() {
                            self.save_to(&path, then, false);
                        }
                    }
                    1 => self.ask_save_path(then),
                    _ => {}
                }
            }
        }

        let other_modal = self.guard.is_some()
            || self.path_prompt.is_some()
            || self.status_confirm.is_some()
            || self.rename_confirm.is_some()
            || self.overwrite_confirm.is_some();
        if !self.safety.offers.is_empty() && !self.safety.offers_hidden && !other_modal {
            match safety::offers_modal(ctx, &self.safety.offers) {
                Some(safety::OfferChoice::Restore(index)) => {
                    if let Some(offer) = self.safety.offers.get(index) {
                        let intent = Intent::Restore(offer.record.clone(), offer.id.clone());
                        self.intend(intent);
                    }
                }
                Some(safety::OfferChoice::Discard(index)) if index < self.safety.offers.len() => {
                    let offer = self.safety.offers.remove(index);
                    self.safety.discard(&offer.id);
                }
                Some(safety::OfferChoice::Later) => self.safety.offers_hidden = true,
                Some(safety::OfferChoice::Discard(_)) | None => {}
            }
        }

        if self.about_open {
            let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
                ui.heading("Copydesk");
                ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                ui.label("A newsroom editor: write beside the published page, check, save as RON.");
                ui.add_space(6.0);
                ui.label(RichText::new("Keyboard").strong());
                for (keys, command) in command::SHORTCUTS {
                    ui.label(format!("{}  —  {}", ui.ctx().format_shortcut(keys), command.title()));
                }
                ui.button("Close").clicked()
            });
            if modal.inner || modal.should_close() {
                self.about_open = false;
            }
        }
    }
}

/// Loads the dictionary on a worker thread (tens of milliseconds), so the
/// window opens without waiting for it.
fn load_speller(
    ctx: &egui::Context,
) -> std::sync::mpsc::Receiver<Result<crate::spell::Speller, crate::spell::SpellError>> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let _ = sender.send(crate::spell::Speller::load());
        ctx.request_repaint();
    });
    receiver
}

/// How a save went.
#[derive(Debug, PartialEq, Eq)]
enum Saved {
    Done,
    Failed,
    /// The file changed on disk; the editor is asked before replacing it.
    Asked,
}

/// Checks context with owned parts.
struct OwnedContext {
    setting: analysis::Setting,
}

impl OwnedContext {
    fn as_context(&self) -> check::Context<'_> {
        check::Context {
            limits: self.setting.limits,
            taxonomy: self.setting.taxonomy.as_deref().map(Vec::as_slice),
            desk: self.setting.desk.as_deref().map(|d| d as &dyn check::Desk),
        }
    }
}

fn now_seconds() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
}

/// One spelling per file, so an article opened as `./a.ron` and listed by
/// the desk as `/desk/a.ron` is recognised as the same file.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    // A file about to be created: canonicalise its folder.
    match (path.parent().and_then(|p| p.canonicalize().ok()), path.file_name()) {
        (Some(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn with_ron_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some_and(|e| e == "ron") { path } else { path.with_extension("ron") }
}

impl eframe::App for CopydeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let _ = frame;

        // Input that is not a widget's: files dropped on the window, the
        // window's close button, shortcuts.
        let dropped: Vec<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        for path in dropped {
            if path.is_dir() {
                self.queue.push(Command::OpenDeskPath(path));
            } else {
                self.queue.push(Command::OpenPath(path));
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard = Some(Intent::Quit);
        }
        let modal_open = self.guard.is_some()
            || self.path_prompt.is_some()
            || self.status_confirm.is_some()
            || self.picker.is_some()
            || self.rename_confirm.is_some()
            || self.overwrite_confirm.is_some()
            || (!self.safety.offers.is_empty() && !self.safety.offers_hidden);
        if !modal_open {
            self.queue.extend(command::consume_shortcuts(&ctx));
        } else {
            // Undo must not reach the text editor behind a modal either.
            command::consume_shortcuts(&ctx);
        }
        while let Some(answer) = self.dialogs.poll() {
            self.answer_dialog(answer);
        }
        if let Some(desk) = &mut self.desk {
            desk.poll(&ctx);
        }
        if let Some(loading) = &self.speller_loading
            && let Ok(result) = loading.try_recv()
        {
            self.speller_loading = None;
            self.take_speller(Some(result));
        }
        self.update_setting();
        self.analyst.poll();
        let now = ctx.input(|i| i.time);
        if let Some(change) = self.safety.check_disk(&self.doc, now) {
            self.changed_on_disk(change);
        }
        if self.doc.path.is_some() {
            // Keep looking at the file while the window is idle.
            ctx.request_repaint_after(Duration::from_secs(1));
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.prefs.checks_visible {
            egui::Panel::bottom("checks").resizable(true).default_size(150.0).show(ui, |ui| {
                ui.label(RichText::new("Checks").strong());
                let analysis = self.analyst.latest().clone();
                let speller = self.speller_for(self.desk_index());
                let commands = self.checks.show(ui, &analysis, speller.as_ref(), self.desk.is_some());
                self.queue.extend(commands);
            });
        }
        if let Some(desk) = &mut self.desk {
            let current = self.doc.path.clone();
            egui::Panel::left("desk").resizable(true).default_size(240.0).show(ui, |ui| {
                let commands = desk_panel::show(ui, desk, current.as_deref());
                self.queue.extend(commands);
            });
        }
        egui::Panel::left("metadata").resizable(true).default_size(320.0).show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("metadata-scroll").show(ui, |ui| {
                let focus = self.focus_field.take();
                let view = self
                    .desk_index()
                    .map(|index| desk::DeskView { index: index.clone(), current: self.doc.path.clone() });
                let own_slug = self.doc.fields.article.slug.clone();
                let mut state_line = |ui: &mut egui::Ui,
                                      _: usize,
                                      link: &crate::article::Related|
                 -> Option<crate::article::Related> {
                    view.as_ref().and_then(|view| related::state_line(ui, view, &own_slug, link))
                };
                let saved_slug = self.doc.saved_slug().to_string();
                let analysis = self.analyst.latest().clone();
                let current = analysis.revision == self.doc.revision();
                let none: &[std::ops::Range<usize>] = &[];
                let commands = metadata::show(
                    ui,
                    &mut self.doc,
                    metadata::Context {
                        categories: &self.categories,
                        limits: self.setting.limits,
                        focus,
                        related_extras: Some(&mut state_line),
                        desk_open: self.desk.is_some(),
                        saved_slug,
                        headline_misspelled: if current { &analysis.headline_misspelled } else { none },
                        dek_misspelled: if current { &analysis.dek_misspelled } else { none },
                    },
                );
                self.queue.extend(commands);
            });
        });
        if self.prefs.preview_visible {
            let width = self.prefs.preview_width.pixels();
            // Editor and preview share what the side panels leave, at first.
            let share = (ui.available_width() * 0.5).max(380.0);
            egui::Panel::right("preview").resizable(true).default_size(share).show(ui, |ui| {
                let analysis = self.analyst.latest().clone();
                preview::show(ui, &mut self.preview, &self.doc.fields.article, &analysis, width);
            });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            safety::journal_banner(ui, &self.safety);
            if let (Some(outside), Some(path)) = (self.safety.outside.clone(), self.doc.path.clone())
                && let Some(choice) = safety::outside_banner(ui, &outside, &path)
            {
                self.answer_outside(choice);
            }
            self.notices_strip(ui);
            editor::show(self, ui);
        });
        self.modals(&ctx);

        // After the frame's edits: analyse what changed, record undo points.
        self.request_analysis();
        let now = ctx.input(|i| i.time);
        self.doc.feed_history(now);
        if self.doc.is_dirty() && !self.doc.can_undo() {
            // Undoer groups changes after a quiet second; come back then.
            ctx.request_repaint_after(Duration::from_millis(1100));
        }

        for command in std::mem::take(&mut self.queue) {
            self.execute(command);
        }
        self.update_title(&ctx);
        if !self.safety.is_journaled(self.doc.revision()) {
            let cursor = egui::text_edit::TextEditState::load(&ctx, egui::Id::unique(editor::BODY_ID))
                .and_then(|state| state.cursor.char_range())
                .map_or_else(|| self.doc.body.chars().count(), |range| range.primary.index.0);
            self.safety.journal(&self.doc, cursor);
        }
        if let Some(shot) = &mut self.screenshot {
            let ready = self.analyst.is_current();
            if shot.step(&ctx, ready) {
                self.allow_close = true;
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
