//! Native file dialogs behind a small trait, so tests can script the
//! answers. The real implementation shows `rfd` dialogs without blocking the
//! frame loop: the dialog is awaited on a worker thread and its answer comes
//! back over a channel.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

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
    fn show(&mut self, request: DialogRequest, ctx: &egui::Context);
    /// The answer to the dialog, once there is one.
    fn poll(&mut self) -> Option<DialogAnswer>;
}

/// Native dialogs with `rfd` (XDG desktop portal, or zenity).
pub struct NativeDialogs {
    answers: mpsc::Receiver<DialogAnswer>,
    sender: mpsc::Sender<DialogAnswer>,
}

impl Default for NativeDialogs {
    fn default() -> Self {
        let (sender, answers) = mpsc::channel();
        NativeDialogs { answers, sender }
    }
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
    fn show(&mut self, request: DialogRequest, ctx: &egui::Context) {
        if let Some(reason) = Self::unavailable() {
            let _ = self.sender.send(DialogAnswer::Unavailable(reason));
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
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let answer = match block_on(future) {
                Some(path) => DialogAnswer::Picked(path),
                None => DialogAnswer::Cancelled,
            };
            let _ = sender.send(answer);
            ctx.request_repaint();
        });
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        self.answers.try_recv().ok()
    }
}

/// Runs a future to completion on this thread; rfd's futures do their
/// waiting on threads of their own, so parking until woken is enough.
fn block_on<F: Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(value) => return value,
            Poll::Pending => std::thread::park(),
        }
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
    fn show(&mut self, request: DialogRequest, _ctx: &egui::Context) {
        let mut script = self.lock();
        script.requests.push(request);
        let answer = script.answers.pop_front().unwrap_or(DialogAnswer::Cancelled);
        script.ready.push_back(answer);
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        self.lock().ready.pop_front()
    }
}
