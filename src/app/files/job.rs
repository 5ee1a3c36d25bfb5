//! One piece of work off the window's thread: spawned with a label, it
//! says how far it is, can be cancelled, and is polled each frame for its
//! result, so the window stays live however long the work takes. Import
//! runs on it; any other one-shot job can.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

/// What the work sees of its job: where to say how far it is, and whether
/// the editor cancelled it.
#[derive(Clone)]
pub struct Progress {
    /// Thousandths done.
    done: Arc<AtomicU32>,
    cancelled: Arc<AtomicBool>,
    ctx: egui::Context,
}

impl Progress {
    /// Notes that `fraction` (0 to 1) of the work is done and wakes the
    /// window to show it. Returns false once the job is cancelled: the work
    /// should stop.
    pub fn step(&self, fraction: f32) -> bool {
        self.done.store((fraction.clamp(0.0, 1.0) * 1000.0) as u32, Ordering::Relaxed);
        self.ctx.request_repaint();
        !self.cancelled.load(Ordering::Relaxed)
    }
}

/// Where a job is.
pub enum Polled<T> {
    Running,
    Done(T),
    /// The work ended without a result (it panicked).
    Lost,
}

/// A job whose work gives a `T`.
pub struct Job<T> {
    /// What the window shows while it runs ("Importing notes.md…").
    pub label: String,
    progress: Progress,
    result: mpsc::Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread of its own.
    pub fn spawn(
        label: impl Into<String>,
        ctx: &egui::Context,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Job<T> {
        let progress = Progress {
            done: Arc::new(AtomicU32::new(0)),
            cancelled: Arc::new(AtomicBool::new(false)),
            ctx: ctx.clone(),
        };
        let (send, result) = mpsc::channel();
        let theirs = progress.clone();
        std::thread::spawn(move || {
            let value = work(&theirs);
            // A cancelled job's receiver is gone; its result goes nowhere.
            if send.send(value).is_ok() {
                theirs.ctx.request_repaint();
            }
        });
        Job { label: label.into(), progress, result }
    }

    /// How much is done, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.progress.done.load(Ordering::Relaxed) as f32 / 1000.0
    }

    /// Whether the work has finished, and its result if so.
    pub fn poll(&self) -> Polled<T> {
        match self.result.try_recv() {
            Ok(value) => Polled::Done(value),
            Err(mpsc::TryRecvError::Empty) => Polled::Running,
            Err(mpsc::TryRecvError::Disconnected) => Polled::Lost,
        }
    }

    /// Blocks until the work is done (`settle`, for tests).
    pub fn wait(&self) -> Polled<T> {
        match self.result.recv() {
            Ok(value) => Polled::Done(value),
            Err(_) => Polled::Lost,
        }
    }

    /// Asks the work to stop; whatever it still gives is dropped.
    pub fn cancel(self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }
}
