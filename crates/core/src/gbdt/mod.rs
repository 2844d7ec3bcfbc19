//! Histogram gradient-boosted decision trees, designed after LightGBM's histogram method.
//!
//! Features arrive pre-binned (u8, column-major, see `binning`); a training call borrows the bins
//! and works on a row-index subset (a fold) without copying feature rows. Per node, gradients are
//! summed into per-bin histograms; a split's children get one histogram built (the smaller child)
//! and one derived by subtracting it from the parent's. Three growth styles share the histogram,
//! split-search and partition code: depth-wise (XGBoost-like), leaf-wise (LightGBM-like) and
//! oblivious (CatBoost-like symmetric trees).

pub mod compact_hist;
pub mod depthwise;
pub mod grow;
pub mod histogram;
pub mod leafwise;
pub mod lightgbm_split;
pub mod metric;
pub mod model;
pub mod model_io;
pub mod objective;
pub mod oblivious;
pub mod params;
pub mod partition;
pub mod rng;
pub mod sampling;
pub mod scratch;
pub mod split;
pub mod tree;
pub mod trainer;

pub use model::Model;
pub use params::{Bootstrap, Growth, Metric, Objective, ScanOrder, TrainParams};
pub use trainer::{BinnedView, StepOutcome, Trainer};

#[cfg(test)]
mod tests;
