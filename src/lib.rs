//! Copydesk: a newsroom editor's core and its window. The folders are the
//! layers of `DESIGN.md` §4, lowest first: `model` (the article, markup,
//! slugs), `editing` (the open document, undo, tabs, background work),
//! `rules` (checks, spelling), `storage` (files, desk, recovery,
//! team), `output` (page, export, import); `cli` runs them headless and
//! `app` draws them. Everything but `app` works without egui.

#[cfg(feature = "window")]
pub mod app;
pub mod cli;
pub mod editing;
pub mod model;
pub mod output;
pub mod rules;
pub mod storage;

#[cfg(feature = "testkit")]
pub mod testkit;
