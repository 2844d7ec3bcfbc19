//! Features: per-asset indicator states fused into one pass per asset and chunk, and panel
//! features computed per time step across assets.

pub mod averages;
pub mod bands;
pub mod calendar;
pub mod engine;
pub mod indicator;
pub mod levels;
pub mod oscillators;
pub mod panel;
pub mod returns;
pub mod spec;
pub mod volume;
pub mod window;

pub use engine::{compute, Bars, FeaturePlan, FeatureStream};
pub use spec::{FeatureSpec, KINDS};
