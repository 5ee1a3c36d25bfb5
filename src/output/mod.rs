//! Output and input: the HTML page, static site and Markdown exports of the
//! published page (`model::page`), importing copy, and publishing into a
//! newsroom's CMS.

pub mod export;
pub mod import;
pub mod publish;
