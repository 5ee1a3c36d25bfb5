//! Never losing work: the recovery record of an unsaved document, the
//! journal folder that keeps one record per document, the background writer
//! that keeps it current, and flushing it when the process is told to stop.
//!
//! The window owns the documents; it hands the writer a fresh `Record`
//! after each change and calls `forget` once a document is saved or
//! discarded. At start-up it lists the journal and offers what it finds.

mod journal;
mod record;
#[cfg(unix)]
mod signal;
mod writer;

use std::io;
use std::path::PathBuf;

use crate::storage::store::SaveError;

pub use journal::{Journal, Recovered, id_for};
pub use record::{MAX_RESTORED_LINE, RECORD_FORMAT, Record};
#[cfg(unix)]
pub use signal::{SIGTERM_EXIT_CODE, write_on_sigterm};
pub use writer::{Policy, Writer, WriterHandle};

/// Environment variable that moves Copydesk's data folder (the journal
/// lives in `<data>/recovery/`); tests and drills point it at a temp dir.
pub const DATA_DIR_ENV: &str = "COPYDESK_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("no folder for Copydesk's data (is there no home folder?); set {DATA_DIR_ENV}")]
    NoDataDir,
    #[error("“{0}” cannot name a recovery record; use `recovery::id_for`")]
    BadId(String),
    #[error("{}: cannot create the recovery folder: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write the recovery record: {0}")]
    Write(#[from] SaveError),
    #[error("{}: cannot remove the recovery record: {source}", path.display())]
    Remove { path: PathBuf, source: io::Error },
    #[error("cannot encode the recovery record “{id}”: {message}")]
    Encode { id: String, message: String },
    #[error("the recovery writer has stopped")]
    Stopped,
    #[error("cannot start the recovery writer: {0}")]
    Thread(io::Error),
    #[error("cannot listen for the stop signal: {0}")]
    Signal(io::Error),
}
