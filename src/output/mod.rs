//! Output and input: the HTML page, static site and Markdown exports of the
//! published page (`model::page`), and importing copy.

pub mod export;
pub mod import;
