//! Follows a desk folder on disk, so the index notices articles that other
//! programs create, change, rename or delete.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify::{RecursiveMode, Watcher as _};

/// What changed since the last look.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub paths: Vec<PathBuf>,
    /// The watcher lost events; only a full rescan is safe.
    pub rescan: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }
}

pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
}

impl Watcher {
    /// Watches `root` and everything below it; `wake` is called from the
    /// watcher's thread on every event (the window uses it to repaint).
    pub fn start(root: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<Watcher> {
        let (sender, events) = mpsc::channel();
        // Links are not followed: a link to `/` inside a desk would
        // otherwise put a watch on every folder of the machine.
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = notify::RecommendedWatcher::new(
            move |event| {
                let _ = sender.send(event);
                wake();
            },
            config,
        )?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(Watcher { _watcher: watcher, events })
    }

    /// Drains the events that arrived, as a list of touched paths.
    pub fn changes(&self) -> Changes {
        let mut changes = Changes::default();
        while let Ok(event) = self.events.try_recv() {
            match event {
                Ok(event) => {
                    if event.need_rescan() {
                        changes.rescan = true;
                    }
                    // Access events (a file opened or read) change nothing.
                    if event.kind.is_access() {
                        continue;
                    }
                    for path in event.paths {
                        if !changes.paths.contains(&path) {
                            changes.paths.push(path);
                        }
                    }
                }
                Err(_) => changes.rescan = true,
            }
        }
        changes
    }
}
