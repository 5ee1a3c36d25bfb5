//! The background writer: keeps the latest unsaved state of each document
//! and writes it to the journal off the caller's thread, on a schedule that
//! bounds how much typing a crash can take.

use std::collections::HashMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Journal, Record, RecoveryError};

/// When a pending change is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Written once nothing changed for this long (a pause in typing).
    pub quiet: Duration,
    /// Written at the latest this long after the oldest change not yet
    /// written, however fast the typing goes on.
    pub max_wait: Duration,
}

impl Policy {
    /// The promise is that a crash loses at most one second of typing, and
    /// that is about the record being on disk. Writing it (encode, write,
    /// fsync, rename) takes milliseconds, but on a busy disk or a loaded
    /// machine it can take a couple of hundred, so the latest start is set
    /// a quarter second before the promise.
    pub const DEFAULT: Policy =
        Policy { quiet: Duration::from_millis(300), max_wait: Duration::from_millis(750) };

    /// When a pending change is due: `quiet` after the latest change, but
    /// never later than `max_wait` after the oldest unwritten one.
    pub fn due(&self, oldest_unwritten: Instant, latest_change: Instant) -> Instant {
        (latest_change + self.quiet).min(oldest_unwritten + self.max_wait)
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::DEFAULT
    }
}

/// Makes a record on the writer's thread.
type MakeRecord = Box<dyn FnOnce() -> Record + Send>;

enum Message {
    Update(String, Arc<Record>),
    UpdateWith(String, MakeRecord),
    Forget(String),
    Flush(mpsc::Sender<Result<(), RecoveryError>>),
    Stop,
}

/// The latest state of one document that is not in the journal yet.
struct Pending {
    record: Arc<Record>,
    oldest: Instant,
    latest: Instant,
}

/// A cheap, cloneable way to talk to the writer from any thread.
#[derive(Clone)]
pub struct WriterHandle {
    sender: mpsc::Sender<Message>,
    shared: Arc<Shared>,
}

struct Shared {
    /// Held while an update is sent; the stop-signal handler takes it for
    /// good before its final flush, so no update can be handed over (and
    /// reported as kept) after that flush began.
    gate: Mutex<()>,
    /// The last write error, cleared by the next successful write.
    last_error: Mutex<Option<String>>,
}

impl WriterHandle {
    /// Hands over the latest state of document `id`. Cheap: it only sends;
    /// the writer keeps the newest record per id and drops older ones.
    pub fn update(&self, id: impl Into<String>, record: Arc<Record>) {
        self.send(Message::Update(id.into(), record));
    }

    /// Hands over the latest state of document `id` as a recipe: the
    /// record (a copy of the body, its character count) is made on the
    /// writer's thread, so a keystroke in a long story costs the caller
    /// nothing but the send.
    pub fn update_with(&self, id: impl Into<String>, make: impl FnOnce() -> Record + Send + 'static) {
        self.send(Message::UpdateWith(id.into(), Box::new(make)));
    }

    /// The document was saved or discarded: drops what is pending for it
    /// and removes its record from the journal.
    pub fn forget(&self, id: impl Into<String>) {
        self.send(Message::Forget(id.into()));
    }

    /// Writes everything pending now and waits until it is on disk.
    /// Returns the first error of those writes.
    pub fn flush(&self) -> Result<(), RecoveryError> {
        let (reply, answer) = mpsc::channel();
        // Not behind the gate: the stop-signal handler flushes with the
        // gate closed.
        self.sender.send(Message::Flush(reply)).map_err(|_| RecoveryError::Stopped)?;
        answer.recv().map_err(|_| RecoveryError::Stopped)?
    }

    /// The last write that failed, as a message for the window to show;
    /// `None` once a later write succeeded.
    pub fn last_error(&self) -> Option<String> {
        lock(&self.shared.last_error).clone()
    }

    fn send(&self, message: Message) {
        let _gate = lock(&self.shared.gate);
        // A stopped writer has nothing to hand over to; `flush` and
        // `last_error` report that.
        let _ = self.sender.send(message);
    }

    /// Keeps every later update from being handed over; see `Shared::gate`.
    pub(super) fn close_gate(&self) -> MutexGuard<'_, ()> {
        lock(&self.shared.gate)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded values stay consistent even if a holder panicked.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Owns the writer thread. Dropping it writes what is pending and stops
/// the thread.
pub struct Writer {
    handle: WriterHandle,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the writer thread with the default policy.
    pub fn start(journal: Journal) -> Result<Writer, RecoveryError> {
        Writer::start_with(journal, Policy::DEFAULT)
    }

    pub fn start_with(journal: Journal, policy: Policy) -> Result<Writer, RecoveryError> {
        let (sender, receiver) = mpsc::channel();
        let shared = Arc::new(Shared { gate: Mutex::new(()), last_error: Mutex::new(None) });
        let worker = Worker { journal, policy, pending: HashMap::new(), shared: shared.clone() };
        let thread = std::thread::Builder::new()
            .name("copydesk-recovery".into())
            .spawn(move || worker.run(&receiver))
            .map_err(RecoveryError::Thread)?;
        Ok(Writer { handle: WriterHandle { sender, shared }, thread: Some(thread) })
    }

    /// A handle for other threads (the stop-signal handler, the window).
    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    pub fn update(&self, id: impl Into<String>, record: Arc<Record>) {
        self.handle.update(id, record);
    }

    pub fn update_with(&self, id: impl Into<String>, make: impl FnOnce() -> Record + Send + 'static) {
        self.handle.update_with(id, make);
    }

    pub fn forget(&self, id: impl Into<String>) {
        self.handle.forget(id);
    }

    pub fn flush(&self) -> Result<(), RecoveryError> {
        self.handle.flush()
    }

    pub fn last_error(&self) -> Option<String> {
        self.handle.last_error()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.handle.sender.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Worker {
    journal: Journal,
    policy: Policy,
    pending: HashMap<String, Pending>,
    shared: Arc<Shared>,
}

impl Worker {
    /// Holds `record` as document `id`'s next write; a document changing
    /// all the time is still written within the wait of its first change.
    fn pend(&mut self, id: String, record: Arc<Record>) {
        let now = Instant::now();
        let oldest = self.pending.get(&id).map_or(now, |pending| pending.oldest);
        self.pending.insert(id, Pending { record, oldest, latest: now });
    }

    fn run(mut self, receiver: &mpsc::Receiver<Message>) {
        loop {
            let message = match self.next_due() {
                None => receiver.recv().ok(),
                Some(due) => match receiver.recv_timeout(due.saturating_duration_since(Instant::now())) {
                    Ok(message) => Some(message),
                    Err(RecvTimeoutError::Timeout) => {
                        self.write_due(Instant::now());
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            match message {
                Some(Message::UpdateWith(id, make)) => self.pend(id, Arc::new(make())),
                Some(Message::Update(id, record)) => self.pend(id, record),
                Some(Message::Forget(id)) => {
                    self.pending.remove(&id);
                    let result = self.journal.remove(&id);
                    self.note(&result);
                }
                Some(Message::Flush(reply)) => {
                    let _ = reply.send(self.write_all());
                }
                Some(Message::Stop) | None => {
                    let _ = self.write_all();
                    return;
                }
            }
            self.write_due(Instant::now());
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.pending.values().map(|p| self.policy.due(p.oldest, p.latest)).min()
    }

    fn write_due(&mut self, now: Instant) {
        let due: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| self.policy.due(p.oldest, p.latest) <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            let _ = self.write(&id);
        }
    }

    fn write_all(&mut self) -> Result<(), RecoveryError> {
        let ids: Vec<String> = self.pending.keys().cloned().collect();
        let mut first_error = Ok(());
        for id in ids {
            if let Err(error) = self.write(&id)
                && first_error.is_ok()
            {
                first_error = Err(error);
            }
        }
        first_error
    }

    fn write(&mut self, id: &str) -> Result<(), RecoveryError> {
        let Some(pending) = self.pending.remove(id) else { return Ok(()) };
        let result = self.journal.write(id, &pending.record);
        self.note(&result);
        if result.is_err() {
            // Keep it and try again after a quiet period, rather than in a
            // tight loop against a full disk.
            let now = Instant::now();
            self.pending.insert(id.to_string(), Pending { oldest: now, latest: now, ..pending });
        }
        result
    }

    fn note(&self, result: &Result<(), RecoveryError>) {
        *lock(&self.shared.last_error) = result.as_ref().err().map(ToString::to_string);
    }
}

#[cfg(test)]
mod tests;
