//! cryptotune-core: the numeric heart of cryptotune. Pure Rust, no napi: every function takes
//! slices and plain structs so it can be tested with `cargo test` and reused outside Node.

pub mod binning;
pub mod error;
pub mod gbdt;
pub mod ingest;
pub mod resample;
pub mod summary;

pub use error::{CoreError, CoreResult};
pub mod rows;
pub mod radix_sort;
pub mod metrics;
pub mod linear;
pub mod features;
pub mod targets;
