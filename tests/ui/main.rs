//! The window's tests, one binary: the real `CopydeskApp` driven headless
//! through egui_kittest and its AccessKit tree.

mod common;

mod checks;
mod deadline;
mod desk;
mod desk_find;
mod echo;
mod editor;
mod find;
mod highlight;
mod idle;
mod images;
mod layout;
mod outline;
mod page;
mod palette;
mod publish;
mod recovery;
mod review;
mod spelling;
mod tabs;
mod team;
mod transfer;
mod window_editor;
