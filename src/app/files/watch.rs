//! Watching the open file from a background thread, so the window hears
//! about an outside change without waking itself every second: an idle
//! window with a saved article open draws nothing until something happens.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

/// How often the fallback poller looks, where the system cannot notify.
const POLL: Duration = Duration::from_secs(1);

pub struct FileWatch {
    path: PathBuf,
    /// Kept alive for as long as the watch; dropping it stops the thread.
    _watcher: Option<Box<dyn notify::Watcher + Send>>,
    events: mpsc::Receiver<()>,
    /// Why the file is not watched, if it is not.
    pub problem: Option<String>,
}

impl FileWatch {
    /// Watches `path` (through its folder, so a save that replaces the file
    /// by a rename is seen too); `ctx` is woken on every change to it.
    pub fn start(path: &Path, ctx: &egui::Context) -> FileWatch {
        let (sender, events) = mpsc::channel();
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let wanted = path.to_path_buf();
        let ctx = ctx.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let relevant = match &event {
                Ok(event) => {
                    !event.kind.is_access() && (event.need_rescan() || event.paths.contains(&wanted))
                }
                Err(_) => true,
            };
            if relevant {
                let _ = sender.send(());
                ctx.request_repaint();
            }
        };
        let mut problem = None;
        let watcher: Option<Box<dyn notify::Watcher + Send>> =
            match notify::recommended_watcher(handler.clone()) {
                Ok(mut watcher) => match watcher.watch(&folder, RecursiveMode::NonRecursive) {
                    Ok(()) => Some(Box::new(watcher)),
                    Err(error) => {
                        problem = Some(error.to_string());
                        None
                    }
                },
                Err(error) => {
                    problem = Some(error.to_string());
                    None
                }
            };
        // Where the system will not tell (some network folders), look now
        // and then from a thread of its own.
        let watcher = watcher.or_else(|| {
            let config = notify::Config::default().with_poll_interval(POLL);
            let mut poller = notify::PollWatcher::new(handler, config).ok()?;
            poller.watch(&folder, RecursiveMode::NonRecursive).ok()?;
            problem = None;
            Some(Box::new(poller) as Box<dyn notify::Watcher + Send>)
        });
        FileWatch { path: path.to_path_buf(), _watcher: watcher, events, problem }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the file was touched since the last look.
    pub fn fired(&self) -> bool {
        let mut fired = false;
        while self.events.try_recv().is_ok() {
            fired = true;
        }
        fired
    }
}
