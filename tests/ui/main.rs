//! The window's tests, one binary: the real `CopydeskApp` driven headless
//! through egui_kittest and its AccessKit tree.

mod common;

mod checks;
mod desk;
mod editor;
mod page;
mod recovery;
mod spelling;
