//! Files in the window: opening, saving and the questions they ask, the
//! native dialogs, watching the open file, import and export, and never
//! losing unsaved work.

pub mod dialogs;
pub(crate) mod job;
pub(crate) mod open;
pub(crate) mod safety;
pub(crate) mod save;
pub(crate) mod transfer;
pub(crate) mod watch;
