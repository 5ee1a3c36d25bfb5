//! Storage: article files (load, save, the one atomic writer), the desk and
//! its path gate, the recovery journal, the team desk (git) and the images
//! an article points at, and the CMS credentials (kept apart from all of
//! them).

pub mod credentials;
pub mod desk;
pub mod media;
pub mod recovery;
pub mod store;
pub mod team;
