//! Writing articles out: one HTML page or a whole desk as a static site
//! (the published page), and Markdown with front matter (for other tools).

pub mod html;
pub mod markdown;
pub mod site;
