//! Scoring metrics computed in Rust over a row subset of shared arrays (no copies of the fold):
//! classification metrics with scikit-learn's definitions, trading metrics from scores plus
//! forward returns, and stability across folds.

mod binary_input;
pub mod classification;
pub mod stability;
pub mod trading;

pub use classification::{
  average_precision, classification_metrics, log_loss, roc_auc, threshold_metrics, ClassificationMetrics,
  ThresholdMetrics,
};
pub use stability::{fold_stability, FoldStability};
pub use trading::{trading_metrics, TradingMetrics, TradingOptions};
