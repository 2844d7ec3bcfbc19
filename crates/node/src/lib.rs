//! napi-rs binding over cryptotune-core. Conversions and error mapping only: every function
//! borrows typed-array views for the duration of one synchronous call and forwards to the core.
#![deny(clippy::all)]

mod binning;
mod error;
mod gbdt;
mod ingest;
mod summary;
mod testing;
mod values;
mod metrics;
mod linear;
mod features;
mod targets;
