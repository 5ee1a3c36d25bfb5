//! The core's integration tests, one binary (each test binary links the
//! whole crate, so they are grouped rather than one file each): the CLI as a
//! user runs it, the desk, markup properties, spelling, real files, and the
//! team desk (git), and publishing into real WordPress and Ghost servers.

mod cli;
mod common;
mod copy_desk;
mod desk;
mod desk_search;
mod desktop;
mod export;
mod grammar_measure;
mod house_style;
mod import;
mod languages;
mod live;
mod markup_props;
mod publish;
mod recovery;
mod spelling;
mod store_files;
mod team;
mod team_ssh;
