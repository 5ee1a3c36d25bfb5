//! The window's tests, one binary: the real `CopydeskApp` driven headless
//! through egui_kittest and its AccessKit tree.

mod common;

mod checks;
mod desk;
mod desk_find;
mod dialogs;
mod echo;
mod editor;
mod find;
mod highlight;
mod idle;
mod images;
mod languages;
mod layout;
mod live;
mod metadata;
mod outline;
mod page;
mod palette;
mod publish;
mod recovery;
mod review;
mod spelling;
mod suggest;
mod tabs;
mod team;
mod times;
mod transfer;
mod undo;
mod welcome;
mod window_editor;
