//! Features: per-asset column kernels run block by block over each asset and chunk, and panel
//! features computed per time step across assets.

pub mod averages;
pub mod bands;
pub mod block;
pub mod calendar;
pub mod centred_moment;
pub mod doubling;
pub mod engine;
pub mod indicator;
pub mod kernel;
pub mod levels;
pub mod oscillators;
pub mod panel;
pub mod returns;
pub mod rolling_mean;
pub mod smoother;
pub mod spec;
pub mod volume;
pub mod window;
pub mod window_sum;

pub use engine::{compute, Bars, FeaturePlan, FeatureStream};
pub use spec::{FeatureSpec, KINDS};
