//! A desk: a folder of articles (subfolders included) with an optional
//! `desk.ron` at its root.

pub mod config;
pub mod index;
pub mod paths;
pub mod rename;
pub mod search;
pub mod targets;
pub mod watch;

pub use config::DeskConfig;
pub use index::{DeskView, Entry, Index, Progress};
pub use paths::DeskRoot;
pub use targets::{CmsKind, Target};
