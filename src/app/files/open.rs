//! Files into the window: open, restore recovered work, reload after an
//! outside change. Anything that replaces the open document goes through
//! [`Intent`], so the unsaved-changes question is asked in one place;
//! saving is `save`'s.

use std::path::{Path, PathBuf};

use crate::app::files::questions::{PathPrompt, Unsaved};
use crate::app::files::safety;
use crate::app::sidebar;
use crate::app::{CopydeskApp, DialogAnswer, DialogRequest, RECENT_MAX};
use crate::editing::document::Document;
use crate::model::article::Article;
use crate::storage::store;

/// An action that replaces the open document or closes the window, and so
/// must ask about unsaved changes first.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    New,
    /// Recovered work, with its journal id.
    Restore(Box<crate::storage::recovery::Record>, String),
    Open(Option<PathBuf>),
    /// A file already read, waiting only for the unsaved-changes answer.
    OpenLoaded(PathBuf, Box<Article>),
    /// Copy imported (from the named source), to open as a new article.
    Import(Box<crate::output::import::Imported>, String),
    Quit,
    /// Close the active tab.
    CloseTab,
    /// Save every modified article, one after another, then carry on.
    SaveAll(Box<Intent>),
}

impl Intent {
    /// What the intent does, for the unsaved-changes question.
    pub fn doing(&self) -> &'static str {
        match self {
            Intent::New => "starting a new article",
            Intent::Open(_) | Intent::OpenLoaded(..) => "opening another article",
            Intent::Restore(..) => "restoring recovered work",
            Intent::Import(..) => "importing copy as a new article",
            Intent::Quit => "closing",
            Intent::CloseTab => "closing the tab",
            Intent::SaveAll(then) => then.doing(),
        }
    }
}

/// Why a file dialog is open, so its answer goes to the right place.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Open,
    OpenDesk,
    Import,
    ExportHtml,
    LeadImage,
    SaveAs { then: Option<Intent> },
}

impl CopydeskApp {
    /// Runs an intent now, or asks first when there are unsaved changes.
    pub(crate) fn intend(&mut self, intent: Intent) {
        // Articles open in tabs of their own, so only closing loses work.
        let dirty = match &intent {
            Intent::Quit | Intent::SaveAll(_) => self.workspace.any_dirty(),
            Intent::CloseTab => self.workspace.doc().is_dirty(),
            Intent::Open(Some(path)) => {
                if self.switch_to_open(&absolute(path)) {
                    return;
                }
                false
            }
            // Recovered work for a file open in a tab replaces that tab.
            Intent::Restore(record, _) => {
                record.document.as_deref().is_some_and(|path| self.switch_to_open(path))
                    && self.workspace.doc().is_dirty()
            }
            Intent::New | Intent::Open(None) | Intent::OpenLoaded(..) | Intent::Import(..) => false,
        };
        // Read the file before asking about unsaved changes: a file that
        // cannot be opened should say so, not lead to a pointless question.
        let intent = match intent {
            Intent::Open(Some(path)) if dirty => match store::load(&path) {
                Ok(article) => Intent::OpenLoaded(absolute(&path), Box::new(article)),
                Err(error) => {
                    self.notify(true, format!("Could not open the file. {error}"));
                    return;
                }
            },
            other => other,
        };
        if dirty {
            self.ask(Unsaved(intent));
        } else {
            self.proceed(intent);
        }
    }

    /// Carries out an intent whose unsaved changes were saved or discarded.
    pub(crate) fn proceed(&mut self, intent: Intent) {
        match intent {
            Intent::New => {
                self.place_document(Document::new(self.blank_article(), None), None, true);
                // A new story starts with its headline: typing goes there.
                self.workspace.view_mut().requests.focus_field = Some(crate::model::article::Field::Headline);
            }
            Intent::Open(None) => {
                let folder =
                    self.workspace.doc().path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
                self.show_dialog(DialogRequest::OpenArticle { folder }, Purpose::Open);
            }
            // Read again, for the fingerprint of what is on disk now.
            Intent::Open(Some(path)) | Intent::OpenLoaded(path, _) => self.open_path(&path),
            Intent::Restore(record, id) => self.restore(*record, id),
            Intent::Import(imported, source) => {
                let imported = *imported;
                let mut article = imported.article;
                // A new article: it gets its own id at its first save, never
                // the one a Markdown file carried (the original keeps that).
                article.id = None;
                let fields_text = |at: Option<jiff::Timestamp>| at.map(|t| t.to_string()).unwrap_or_default();
                let (published, updated) =
                    (fields_text(article.published_at), fields_text(article.updated_at));
                let body = crate::model::markup::render(&article.body);
                // Unsaved work from the start: closing asks before it goes.
                let mut doc = Document::new(Article::default(), None);
                doc.recover(article, published, updated, body);
                self.place_document(doc, None, true);
                let count = imported.findings.len();
                self.workspace.view_mut().import_report = Some(crate::app::files::transfer::ImportReport {
                    source: source.clone(),
                    findings: imported.findings,
                });
                self.notify(false, format!("Imported {source} as a new article ({count} guesses listed over the checks); it is not saved yet."));
            }
            Intent::Quit => {
                self.allow_close = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Intent::CloseTab => self.close_tab(),
            Intent::SaveAll(then) => match self.first_dirty_tab() {
                Some(index) => {
                    self.switch_tab(index);
                    // Saved, it carries on with the next; a save that stops
                    // (an error, Cancel) stops the whole run.
                    self.save(Some(Intent::SaveAll(then)));
                }
                None => self.proceed(*then),
            },
        }
    }

    /// Discards the open document's unsaved changes on purpose (the journal
    /// lets them go too) and carries on.
    pub(crate) fn discard_and_proceed(&mut self, intent: Intent) {
        if matches!(intent, Intent::Quit | Intent::SaveAll(_)) {
            self.discard_all();
        }
        let id = self.workspace.view().journal.id.clone();
        self.safety.forget(&id);
        self.proceed(intent);
    }

    pub(crate) fn show_dialog(&mut self, request: DialogRequest, purpose: Purpose) {
        if self.purpose.is_some() {
            self.notify(true, "A file dialog is already open.");
            return;
        }
        self.purpose = Some(purpose);
        self.dialogs.show(request, &self.jobs);
    }

    pub(crate) fn answer_dialog(&mut self, answer: DialogAnswer) {
        let Some(purpose) = self.purpose.take() else { return };
        match answer {
            DialogAnswer::Picked(path) => self.use_path(purpose, path),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(reason) => {
                let path = match &purpose {
                    Purpose::SaveAs { .. } => self.suggested_path().display().to_string(),
                    Purpose::ExportHtml => {
                        let (folder, name) = self.export_suggestion();
                        folder.map_or_else(|| PathBuf::from(&name), |f| f.join(&name)).display().to_string()
                    }
                    Purpose::Open | Purpose::OpenDesk | Purpose::Import | Purpose::LeadImage => String::new(),
                };
                self.ask(PathPrompt { purpose, reason, path, focused: false });
            }
        }
    }

    /// A path was picked (in a dialog or typed) for `purpose`.
    pub(crate) fn use_path(&mut self, purpose: Purpose, path: PathBuf) {
        match purpose {
            Purpose::Open => self.open_path(&path),
            Purpose::OpenDesk => self.open_desk(path),
            Purpose::Import => self.import_path(&path),
            Purpose::ExportHtml => self.export_html_to(path),
            Purpose::LeadImage => self.use_lead_image(&path),
            Purpose::SaveAs { then } => self.save_as(absolute(&with_ron_extension(path)), then),
        }
    }

    pub(crate) fn open_path(&mut self, path: &Path) {
        let path = &absolute(path);
        // Opening an article already open shows its tab (never reads it
        // over its unsaved changes).
        if self.switch_to_open(path) {
            self.remember(path);
            return;
        }
        self.load_path(path);
    }

    /// Reads the file at `path` into a tab: the active one when it holds
    /// that file (a reload), else a new one.
    fn load_path(&mut self, path: &Path) {
        match store::load_with_fingerprint(path) {
            Ok((article, disk)) => {
                let mut doc = Document::new(article, Some(path.to_path_buf()));
                doc.disk = Some(disk);
                self.place_document(doc, None, true);
                self.remember(path);
            }
            // The open document stays as it was; the error says where.
            Err(error) => self.notify(true, format!("Could not open the file. {error}")),
        }
    }

    pub(crate) fn open_desk(&mut self, root: PathBuf) {
        if !root.is_dir() {
            self.notify(true, format!("{} is not a folder; a desk is a folder of articles.", root.display()));
            return;
        }
        let root = root.canonicalize().unwrap_or(root);
        // Remembered for the next start and for Open Recent, by its name.
        let configured = crate::storage::desk::config::load(&root).config.name.trim().to_string();
        let name = if configured.is_empty() {
            root.file_name().map_or_else(|| root.display().to_string(), |n| n.to_string_lossy().into())
        } else {
            configured
        };
        self.prefs.open_desk = Some(root.clone());
        self.prefs.recent_desks.retain(|desk| desk.root != root);
        self.prefs.recent_desks.insert(0, crate::app::window::prefs::RecentDesk { root: root.clone(), name });
        self.prefs.recent_desks.truncate(RECENT_MAX);
        self.desk = Some(sidebar::DeskState::open(root, &self.jobs));
    }

    fn replace_document(&mut self, doc: Document) {
        self.replace_document_as(doc, None);
    }

    /// Replaces the open document; `journal_id` keeps a recovered
    /// document's record (else the new document gets its own).
    pub(crate) fn replace_document_as(&mut self, doc: Document, journal_id: Option<String>) {
        // A new view: the tab's editor, preview and journal place start
        // over with the article (the same file read again keeps its key,
        // and with it egui's caret and scroll).
        // The file's watch carries over when it is the same file read
        // again: a new one would miss a change made while it starts.
        let watch = self.workspace.view_mut().watch.take();
        let view = self.new_view(&doc, journal_id, watch);
        let old = self.workspace.replace_active(doc, view);
        // The editor saved or chose to discard what was open.
        self.safety.forget(&old.view.journal.id);
        self.checking.analyst.reset(self.workspace.doc().revision());
        self.request_analysis();
    }

    fn restore(&mut self, record: crate::storage::recovery::Record, id: String) {
        let base = record.document.as_ref().and_then(|p| store::load(p).ok()).unwrap_or_default();
        let mut doc = Document::new(base, record.document.clone());
        doc.disk = record.base;
        let cursor = record.body.char_indices().nth(record.cursor).map_or(record.body.len(), |(at, _)| at);
        doc.recover(record.article, record.published_text, record.updated_text, record.body);
        self.place_document(doc, Some(id.clone()), true);
        self.safety.offers.retain(|offer| offer.id != id);
        self.workspace.view_mut().requests.cursor_to = Some(cursor);
        self.notify(false, "Recovered work restored; it is not saved yet.");
    }

    /// The open file changed (`Some`) or vanished (`None`) on disk.
    pub(crate) fn changed_on_disk(&mut self, change: Option<store::Fingerprint>) {
        let Some(path) = self.workspace.doc().path.clone() else { return };
        if let Some(disk) = change.filter(|_| self.workspace.doc().is_live()) {
            // Live, the room's story wins over the file: a save by another
            // editor of the same story needs nothing; anything else is
            // written over at the next save.
            let same = store::load(&path).is_ok_and(|article| article == self.workspace.doc().article());
            let doc = self.workspace.doc_mut();
            doc.disk = Some(disk);
            if same {
                doc.mark_saved(&path);
            } else {
                self.notify(false, "The file changed on disk; the live story is kept and saving writes it");
            }
            return;
        }
        match change {
            None => self.workspace.view_mut().journal.outside = Some(safety::Outside::Deleted),
            Some(_) if self.workspace.doc().is_dirty() => {
                self.workspace.view_mut().journal.outside = Some(safety::Outside::Changed)
            }
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
                    self.workspace.doc_mut().disk = Some(disk);
                    self.notify(
                        true,
                        format!("The file changed on disk and cannot be read; kept what is open. {error}"),
                    );
                }
            },
        }
    }

    pub(crate) fn answer_outside(&mut self, choice: safety::OutsideChoice) {
        let Some(path) = self.workspace.doc().path.clone() else { return };
        match choice {
            safety::OutsideChoice::Reload => {
                self.workspace.view_mut().journal.outside = None;
                self.load_path(&path);
            }
            safety::OutsideChoice::KeepMine => {
                // Saving will now replace whatever is there, as asked.
                self.workspace.doc_mut().disk = store::fingerprint(&path).ok().flatten();
                self.workspace.view_mut().journal.outside = None;
            }
            safety::OutsideChoice::SaveAs => {
                self.workspace.view_mut().journal.outside = None;
                self.ask_save_path(None);
            }
        }
    }

    pub(crate) fn remember(&mut self, path: &Path) {
        let path = absolute(path);
        self.prefs.recent.retain(|p| *p != path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(RECENT_MAX);
    }
}

/// One spelling per file, so an article opened as `./a.ron` and listed by
/// the desk as `/desk/a.ron` is recognised as the same file.
pub(crate) fn absolute(path: &Path) -> PathBuf {
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
