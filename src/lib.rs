//! Copydesk: a newsroom editor's core (model, rules, storage, output) and
//! its window. Everything but `app` works without egui.

pub mod app;
pub mod article;
pub mod check;
pub mod cli;
pub mod desk;
pub mod drill;
pub mod export;
pub mod generate;
pub mod import;
pub mod markup;
pub mod recovery;
pub mod slug;
pub mod spell;
pub mod stats;
pub mod store;
