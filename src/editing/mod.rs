//! The editing model, without a window: the open document and its undo as
//! transactions of splices, what of the body edits left untouched, the
//! workspace of tabs, the analysis worker and the one home for background
//! work. The app draws these; tests and fuzzers drive them directly.

pub mod analysis;
pub mod background;
pub mod document;
pub mod live;
pub mod suggest;
pub mod unchanged;
pub mod undo;
pub mod workspace;
