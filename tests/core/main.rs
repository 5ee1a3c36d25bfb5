//! The core's integration tests, one binary (each test binary links the
//! whole crate, so they are grouped rather than one file each): the CLI as a
//! user runs it, the desk, markup properties, spelling, and real files.

mod cli;
mod desk;
mod import;
mod markup_props;
mod spelling;
mod store_files;
