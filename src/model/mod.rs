//! The model: what an article is (its fields, body blocks and the one field
//! catalogue), the body markup, the published page it makes (what the
//! preview draws, the export writes and the checks measure), slugs, counts,
//! words and times. Nothing here reads a file or knows a window.

pub mod article;
pub mod find;
pub mod language;
pub mod markup;
pub mod page;
pub mod slug;
pub mod stats;
pub mod when;
pub mod words;
