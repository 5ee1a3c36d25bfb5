//! Writing articles out for publication: one HTML page, or a whole desk
//! as a static site.

pub mod html;
pub mod site;
