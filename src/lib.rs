//! Copydesk: a newsroom editor's core (model, rules, storage, output) and
//! its window. Everything but `app` works without egui.

#[cfg(feature = "window")]
pub mod app;
pub mod article;
pub mod check;
pub mod cli;
pub mod desk;
pub mod export;
pub mod find;
pub mod import;
pub mod markup;
pub mod media;
pub mod page;
pub mod recovery;
pub mod review;
pub mod slug;
pub mod spell;
pub mod stats;
pub mod store;
pub mod team;
pub mod when;
pub mod words;

// Test and benchmark tooling, not part of the product: crash drills and
// invented long articles. The crate's tests and benchmarks turn it on
// through a dev-dependency on the crate itself with this feature.
#[cfg(feature = "testkit")]
pub mod drill;
#[cfg(feature = "testkit")]
pub mod generate;
