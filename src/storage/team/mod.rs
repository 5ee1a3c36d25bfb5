//! The team desk: a desk shared through git (libgit2, built in, so no `git`
//! program is needed), merged article by article and field by field, with
//! every committed version of a file at hand.
//!
//! Everything here takes paths and returns plain data, so the window can run
//! a sync on a worker thread and hear its progress through a callback.

pub mod cli;
pub mod history;
pub mod merge;
pub mod repo;
pub mod resolve;
pub mod sync;
mod tree;

use std::path::PathBuf;

pub use merge::{ArticleMerge, Choice, Conflict, DeskConflict};
pub use repo::{ArticleStatus, BranchState, DeskStatus, TeamDesk};
pub use sync::{Author, FileConflict, Step, SyncOptions, SyncReport};

/// Why a team-desk operation failed, in words an editor can act on.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("{} is not inside a shared (git) desk; use Share Desk… first", .0.display())]
    NotShared(PathBuf),
    #[error("the desk has no remote to sync with; add one with Share Desk…")]
    NoRemote,
    #[error(
        "no author for the commit: set your name and e-mail (--author \"Name <mail>\", or git config user.name and user.email)"
    )]
    NoAuthor,
    #[error("“{0}” is not an author; expected “Name <mail@example.org>”")]
    BadAuthor(String),
    #[error("{} is not part of the desk's history", .0.display())]
    NotTracked(PathBuf),
    #[error("no version “{0}” in the desk's history")]
    NoRevision(String),
    #[error("{0}")]
    Load(#[from] crate::storage::store::LoadError),
    #[error("{0}")]
    Save(#[from] crate::storage::store::SaveError),
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{context}: {message}")]
    Git { context: &'static str, message: String },
    #[error("the remote kept changing while pushing; try Sync again")]
    PushKeptFailing,
    #[error(
        "{}: their version is {} MB, and articles over {} MB cannot be opened, so it cannot be taken; keep yours",
        path.display(), bytes / 1_000_000, crate::storage::store::MAX_FILE_BYTES / 1024 / 1024
    )]
    TooLarge { path: PathBuf, bytes: u64 },
}

impl TeamError {
    pub(crate) fn git(context: &'static str) -> impl FnOnce(git2::Error) -> TeamError {
        move |error| TeamError::Git { context, message: error.message().to_string() }
    }

    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> TeamError + '_ {
        move |source| TeamError::Io { path: path.to_path_buf(), source }
    }
}
