//! One home for background work (after rerun's `background_tasks.rs`): a
//! one-shot [`Job`] runs on a thread of its own, reports its steps, can be
//! told to stop and is polled by whoever started it; long-lived loops (the
//! analysis worker) hold a [`Ticket`] while they have work in hand. Either
//! way [`Jobs::wait_all`] knows when nothing is left running, which is what
//! tests and screenshots wait for, and every finished piece of work wakes
//! the window through one callback instead of knowing about egui.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, mpsc};

/// Called from a worker thread when there is something new to look at (the
/// window's "repaint", a no-op without one).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// The registry of running work. Cheap to clone; every clone is the same
/// registry.
#[derive(Clone)]
pub struct Jobs {
    shared: Arc<Shared>,
}

struct Shared {
    /// How many jobs and tickets are out.
    running: Mutex<usize>,
    idle: Condvar,
    wake: Wake,
}

impl Default for Jobs {
    /// A registry that wakes nobody (the CLI, benchmarks, core tests).
    fn default() -> Self {
        Jobs::new(Arc::new(|| {}))
    }
}

impl Jobs {
    pub fn new(wake: Wake) -> Jobs {
        Jobs { shared: Arc::new(Shared { running: Mutex::new(0), idle: Condvar::new(), wake }) }
    }

    /// Runs `work` on a thread named `copydesk-{name}`. It counts as
    /// running (for [`Jobs::wait_all`]) until it returns; its result waits
    /// in the returned [`Job`].
    pub fn spawn<T, F>(&self, name: &str, work: F) -> Job<T>
    where
        T: Send + 'static,
        F: FnOnce(&Progress) -> T + Send + 'static,
    {
        self.start(name, Some(self.ticket()), work)
    }

    /// Like [`Jobs::spawn`], for work that waits on a person rather than on
    /// the machine (a native file dialog): [`Jobs::wait_all`] does not wait
    /// for it, or a test would wait for an answer nobody gives.
    pub fn spawn_waiting_on_person<T, F>(&self, name: &str, work: F) -> Job<T>
    where
        T: Send + 'static,
        F: FnOnce(&Progress) -> T + Send + 'static,
    {
        self.start(name, None, work)
    }

    fn start<T, F>(&self, name: &str, ticket: Option<Ticket>, work: F) -> Job<T>
    where
        T: Send + 'static,
        F: FnOnce(&Progress) -> T + Send + 'static,
    {
        let (sender, result) = mpsc::channel();
        let progress = Progress {
            cancelled: Arc::new(AtomicBool::new(false)),
            step: Arc::new(Mutex::new(None)),
            wake: self.shared.wake.clone(),
        };
        let job = Job { result, progress: progress.clone(), taken: false };
        let wake = self.shared.wake.clone();
        let spawned = std::thread::Builder::new().name(format!("copydesk-{name}")).spawn(move || {
            // Locals drop in reverse: the sender (even while unwinding from
            // a panic) before the ticket, so a waiter never sees "nothing
            // running" before the result, or its loss, is there to poll.
            let _ticket = ticket;
            let sender = sender;
            let _ = sender.send(work(&progress));
            wake();
        });
        // With no thread the sender is gone, and the job polls as Lost.
        drop(spawned);
        job
    }

    /// Counts as running work until dropped: a long-lived worker takes one
    /// with each piece of work it is handed.
    pub fn ticket(&self) -> Ticket {
        *self.shared.running.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        Ticket { shared: self.shared.clone() }
    }

    /// True when no job or ticket is out.
    pub fn is_idle(&self) -> bool {
        *self.shared.running.lock().unwrap_or_else(PoisonError::into_inner) == 0
    }

    /// Blocks until no job or ticket is out. Results still wait to be
    /// polled by their owners.
    pub fn wait_all(&self) {
        let mut running = self.shared.running.lock().unwrap_or_else(PoisonError::into_inner);
        while *running > 0 {
            running = self.shared.idle.wait(running).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Wakes the window (or whoever is listening).
    pub fn wake(&self) {
        (self.shared.wake)();
    }

    /// The callback, for a worker that wakes the window on its own.
    pub fn waker(&self) -> Wake {
        self.shared.wake.clone()
    }
}

/// Work in hand, counted by [`Jobs::wait_all`] until this is dropped; the
/// drop wakes the window, so the owner polls for the answer.
pub struct Ticket {
    shared: Arc<Shared>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut running = self.shared.running.lock().unwrap_or_else(PoisonError::into_inner);
        *running = running.saturating_sub(1);
        if *running == 0 {
            self.shared.idle.notify_all();
        }
        drop(running);
        (self.shared.wake)();
    }
}

/// Where a job is, as it last said: `done` of `total` `what`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub done: usize,
    pub total: usize,
    pub what: String,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.total > 0 {
            write!(f, "{} {}/{}", self.what, self.done, self.total)
        } else {
            f.write_str(&self.what)
        }
    }
}

/// The job's side of its own handle: say how far it got, hear whether it
/// should stop.
#[derive(Clone)]
pub struct Progress {
    cancelled: Arc<AtomicBool>,
    step: Arc<Mutex<Option<Step>>>,
    wake: Wake,
}

impl Progress {
    /// A handle for work run on the caller's own thread (the CLI), which
    /// nobody cancels and nobody watches.
    pub fn none() -> Progress {
        Progress {
            cancelled: Arc::new(AtomicBool::new(false)),
            step: Arc::new(Mutex::new(None)),
            wake: Arc::new(|| {}),
        }
    }

    /// True once the owner asked the job to stop (or dropped it): the work
    /// should return soon, with whatever it has.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// The stop flag itself, for core work that takes a plain flag.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancelled
    }

    /// Tells the owner how far the work is, and wakes it to show that.
    pub fn report(&self, done: usize, total: usize, what: impl Into<String>) {
        *self.step.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Step { done, total, what: what.into() });
        (self.wake)();
    }
}

/// What polling a job found.
#[derive(Debug, PartialEq, Eq)]
pub enum Poll<T> {
    /// Still running.
    Pending,
    /// Its result, handed over once.
    Ready(T),
    /// It ended without a result (its thread could not start or panicked),
    /// or the result was already taken.
    Lost,
}

/// One piece of background work and, once it is done, its result. Dropping
/// it asks the work to stop: nobody is waiting for it any more.
pub struct Job<T> {
    result: mpsc::Receiver<T>,
    progress: Progress,
    taken: bool,
}

impl<T> Job<T> {
    pub fn poll(&mut self) -> Poll<T> {
        if self.taken {
            return Poll::Lost;
        }
        match self.result.try_recv() {
            Ok(value) => {
                self.taken = true;
                Poll::Ready(value)
            }
            Err(mpsc::TryRecvError::Empty) => Poll::Pending,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.taken = true;
                Poll::Lost
            }
        }
    }

    /// Blocks until the job ends; its result, unless it was lost.
    pub fn wait(&mut self) -> Option<T> {
        if self.taken {
            return None;
        }
        self.taken = true;
        self.result.recv().ok()
    }

    /// Asks the work to stop; it is still polled for whatever it returns.
    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    /// The step the job last reported.
    pub fn step(&self) -> Option<Step> {
        self.progress.step.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// True once the result has been handed over (or lost).
    pub fn is_finished(&self) -> bool {
        self.taken
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    #[test]
    fn a_job_hands_over_its_result_once_and_wakes_the_owner() {
        let woken = Arc::new(AtomicUsize::new(0));
        let count = woken.clone();
        let jobs = Jobs::new(Arc::new(move || {
            count.fetch_add(1, Ordering::SeqCst);
        }));
        let mut job = jobs.spawn("sum", |_| (1..=10).sum::<u32>());
        jobs.wait_all();
        assert!(jobs.is_idle());
        assert_eq!(job.poll(), Poll::Ready(55));
        assert_eq!(job.poll(), Poll::Lost, "handed over once");
        assert!(woken.load(Ordering::SeqCst) >= 1);
    }

    #[test]
    fn wait_all_waits_for_tickets_and_jobs_alike() {
        let jobs = Jobs::default();
        let ticket = jobs.ticket();
        let (tx, rx) = mpsc::channel();
        let mut job = jobs.spawn("slow", move |_| {
            rx.recv().ok();
            7
        });
        assert!(!jobs.is_idle());
        let worker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            drop(ticket);
            tx.send(()).ok();
        });
        jobs.wait_all();
        assert!(jobs.is_idle());
        assert_eq!(job.poll(), Poll::Ready(7), "the result is in before wait_all returns");
        worker.join().ok();
    }

    #[test]
    fn cancel_and_progress_reach_across_threads() {
        let jobs = Jobs::default();
        let (started_tx, started_rx) = mpsc::channel();
        let mut job = jobs.spawn("loop", move |progress| {
            let mut rounds = 0;
            while !progress.is_cancelled() {
                rounds += 1;
                progress.report(rounds, 0, "rounds");
                if rounds == 1 {
                    started_tx.send(()).ok();
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            rounds
        });
        started_rx.recv().ok();
        assert!(job.step().is_some_and(|step| step.what == "rounds"));
        job.cancel();
        assert!(matches!(job.wait(), Some(rounds) if rounds >= 1));
        jobs.wait_all();
        assert!(jobs.is_idle());
    }

    #[test]
    fn a_panicking_job_is_lost_not_hung() {
        let jobs = Jobs::default();
        let mut job: Job<u8> = jobs.spawn("panics", |_| panic!("on purpose"));
        jobs.wait_all();
        assert_eq!(job.poll(), Poll::Lost);
    }

    #[test]
    fn a_person_is_not_waited_for() {
        let jobs = Jobs::default();
        let (tx, rx) = mpsc::channel::<()>();
        let mut job = jobs.spawn_waiting_on_person("dialog", move |_| rx.recv().is_ok());
        assert!(jobs.is_idle(), "wait_all would not block on it");
        tx.send(()).ok();
        assert_eq!(job.wait(), Some(true));
    }
}
