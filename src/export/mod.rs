//! Writing articles out of Copydesk: Markdown with front matter (and, from
//! another module, the published HTML page).

pub mod markdown;
