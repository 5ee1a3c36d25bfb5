//! Test and benchmark tooling, not part of the product: crash drills,
//! invented long articles, and the test servers (WordPress, Ghost, the
//! live-editing server). The
//! crate's tests and benchmarks turn it on through a dev-dependency on the
//! crate itself with the `testkit` feature.

pub mod cms;
pub mod drill;
pub mod generate;
pub mod servers;
pub mod vale;
