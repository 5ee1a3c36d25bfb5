//! Writing articles out: one HTML page or a whole desk as a static site
//! (the published page), and Markdown with front matter (for other tools).

mod files;
pub mod html;
pub mod markdown;
pub mod site;

pub use files::real_path;
