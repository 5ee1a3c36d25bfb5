//! Output and input: the published page (what the preview draws and the
//! export writes), the HTML and Markdown exports, and importing copy.

pub mod export;
pub mod import;
pub mod page;
