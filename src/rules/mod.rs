//! The rules: what is wrong with an article (editorial checks, spelling) and
//! the one pipeline that runs them all for the window and the CLI alike.

pub mod check;
pub mod review;
pub mod spell;
