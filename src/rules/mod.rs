//! The rules: what is wrong with an article (editorial checks, spelling in
//! its language, typography, English grammar, the desk's house style) and
//! the one pipeline that runs them all for the window and the CLI alike.

pub mod check;
pub mod grammar;
pub mod house;
pub mod memo;
pub mod review;
pub mod spell;
pub mod style;
pub mod typography;
