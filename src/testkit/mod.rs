//! Test and benchmark tooling, not part of the product: crash drills and
//! invented long articles. The crate's tests and benchmarks turn it on
//! through a dev-dependency on the crate itself with the `testkit` feature.

pub mod drill;
pub mod generate;
pub mod vale;
