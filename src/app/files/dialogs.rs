//! Native file dialogs behind a small trait, so tests can script the
//! answers. The real implementation shows `rfd` dialogs without blocking the
//! frame loop: the dialog is built on the UI thread and awaited as a
//! background job, whose answer the frame loop polls.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::editing::background::{Job, Jobs, Poll};

/// What the app asks the user for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogRequest {
    /// An article file to open.
    OpenArticle { folder: Option<PathBuf> },
    /// Where to save an article; `file_name` is the suggestion.
    SaveArticle { folder: Option<PathBuf>, file_name: String },
    /// A desk folder to open.
    OpenDesk { folder: Option<PathBuf> },
    /// Copy to import: plain text or Markdown.
    ImportCopy { folder: Option<PathBuf> },
    /// Where to write the exported HTML page; `file_name` is the suggestion.
    ExportHtml { folder: Option<PathBuf>, file_name: String },
    /// A picture file for the lead image.
    LeadImage { folder: Option<PathBuf> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog can be shown on this system; the reason says why.
    Unavailable(String),
}

pub trait Dialogs {
    /// Starts showing a dialog. Returns at once; the answer arrives through
    /// [`Dialogs::poll`].
    fn show(&mut self, request: DialogRequest, jobs: &Jobs);
    /// The answer to the dialog, once there is one.
    fn poll(&mut self) -> Option<DialogAnswer>;
}

/// Native dialogs with `rfd` (XDG desktop portal, or zenity).
#[derive(Default)]
pub struct NativeDialogs {
    /// The dialog on screen.
    showing: Option<Job<DialogAnswer>>,
    /// Answers given without a dialog (none can be shown).
    ready: VecDeque<DialogAnswer>,
}

impl NativeDialogs {
    /// rfd returns "no file" at once when it has no backend, which looks
    /// exactly like the user pressing Cancel; check for one first so the
    /// window can say what is wrong.
    fn unavailable() -> Option<String> {
        if cfg!(not(target_os = "linux")) {
            return None;
        }
        let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
        let has_zenity = std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
        if has_bus || has_zenity {
            None
        } else {
            Some(
                "No file dialog is available: this session has no desktop portal (D-Bus) and no zenity. \
                 Type the path instead."
                    .into(),
            )
        }
    }
}

impl Dialogs for NativeDialogs {
    fn show(&mut self, request: DialogRequest, jobs: &Jobs) {
        if let Some(reason) = Self::unavailable() {
            self.ready.push_back(DialogAnswer::Unavailable(reason));
            return;
        }
        let filter = |dialog: rfd::AsyncFileDialog| dialog.add_filter("Copydesk article", &["ron"]);
        let in_folder = |dialog: rfd::AsyncFileDialog, folder: &Option<PathBuf>| match folder {
            Some(folder) => dialog.set_directory(folder),
            None => dialog,
        };
        // The dialog is built here, on the UI thread, and awaited elsewhere.
        let future: std::pin::Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>> = match request {
            DialogRequest::OpenArticle { folder } => {
                let dialog =
                    in_folder(filter(rfd::AsyncFileDialog::new().set_title("Open article")), &folder);
                Box::pin(async move { dialog.pick_file().await.map(|f| f.path().to_path_buf()) })
            }
            DialogRequest::SaveArticle { folder, file_name } => {
                let dialog = in_folder(
                    filter(rfd::AsyncFileDialog::new().set_title("Save article").set_file_name(file_name)),
                    &folder,
                );
                Box::pin(async move { dialog.save_file().await.map(|f| f.path().to_path_buf()) })
            }
            DialogRequest::OpenDesk { folder } => {
                let dialog = in_folder(rfd::AsyncFileDialog::new().set_title("Open desk folder"), &folder);
                Box::pin(async move { dialog.pick_folder().await.map(|f| f.path().to_path_buf()) })
            }
            DialogRequest::ImportCopy { folder } => {
                let dialog = in_folder(
                    rfd::AsyncFileDialog::new()
                        .set_title("Import copy")
                        .add_filter("Markdown or plain text", &["md", "markdown", "txt"]),
                    &folder,
                );
                Box::pin(async move { dialog.pick_file().await.map(|f| f.path().to_path_buf()) })
            }
            DialogRequest::ExportHtml { folder, file_name } => {
                let dialog = in_folder(
                    rfd::AsyncFileDialog::new()
                        .set_title("Export HTML page")
                        .add_filter("HTML page", &["html"])
                        .set_file_name(file_name),
                    &folder,
                );
                Box::pin(async move { dialog.save_file().await.map(|f| f.path().to_path_buf()) })
            }
            DialogRequest::LeadImage { folder } => {
                let dialog = in_folder(
                    rfd::AsyncFileDialog::new()
                        .set_title("Choose lead image")
                        .add_filter("Picture", &["jpg", "jpeg", "png", "webp", "JPG", "JPEG", "PNG", "WEBP"]),
                    &folder,
                );
                Box::pin(async move { dialog.pick_file().await.map(|f| f.path().to_path_buf()) })
            }
        };
        let job = jobs.spawn_waiting_on_person("dialog", move |_| match pollster::block_on(future) {
            Some(path) => DialogAnswer::Picked(path),
            None => DialogAnswer::Cancelled,
        });
        self.showing = Some(job);
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        if let Some(answer) = self.ready.pop_front() {
            return Some(answer);
        }
        let job = self.showing.as_mut()?;
        let answer = match job.poll() {
            Poll::Pending => return None,
            Poll::Ready(answer) => answer,
            Poll::Lost => DialogAnswer::Unavailable(
                "The file dialog closed unexpectedly. Type the path instead.".into(),
            ),
        };
        self.showing = None;
        Some(answer)
    }
}

/// Dialogs that answer from a script: for tests, benchmarks and the
/// screenshot mode. Every request is recorded.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    inner: Arc<Mutex<Script>>,
}

#[derive(Default)]
struct Script {
    answers: VecDeque<DialogAnswer>,
    ready: VecDeque<DialogAnswer>,
    requests: Vec<DialogRequest>,
}

impl ScriptedDialogs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues the answer the next dialog gives.
    pub fn answer(&self, answer: DialogAnswer) {
        self.lock().answers.push_back(answer);
    }

    pub fn pick(&self, path: &Path) {
        self.answer(DialogAnswer::Picked(path.to_path_buf()));
    }

    /// Every dialog the app asked for, in order.
    pub fn requests(&self) -> Vec<DialogRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        // A test that panicked while holding the lock has failed already.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Dialogs for ScriptedDialogs {
    fn show(&mut self, request: DialogRequest, _jobs: &Jobs) {
        let mut script = self.lock();
        script.requests.push(request);
        let answer = script.answers.pop_front().unwrap_or(DialogAnswer::Cancelled);
        script.ready.push_back(answer);
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        self.lock().ready.pop_front()
    }
}
