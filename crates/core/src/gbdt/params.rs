//! Training parameters of the core booster. Family-specific names (n_estimators, num_leaves,
//! depth, …) are mapped onto these in TypeScript (`src/models/tree-families.ts`); the core checks
//! ranges again so a bad value never reaches the hot loops.

use crate::error::{CoreError, CoreResult};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Growth {
  /// Level by level to `max_depth` (XGBoost `depthwise`).
  DepthWise,
  /// Best leaf first up to `num_leaves` (LightGBM, XGBoost `lossguide`).
  LeafWise,
  /// One shared split per level, 2^depth leaves (CatBoost symmetric trees).
  Oblivious,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
  Binary,
  Regression,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
  Logloss,
  Auc,
  L2,
}

impl Metric {
  pub fn higher_is_better(self) -> bool {
    matches!(self, Metric::Auc)
  }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bootstrap {
  /// Every row, weight 1 (subsample ignored).
  None,
  /// Each row kept with probability `subsample`, redrawn every tree.
  Bernoulli,
  /// Every row kept with weight (-ln U)^temperature, redrawn every tree (CatBoost `Bayesian`).
  Bayesian,
}

/// How a split search resolves what the gain alone leaves open: where a threshold sits among bins
/// that hold none of the node's rows, which way NaN goes when the node has none, and how the
/// min-data check estimates a side's rows from its hessian. These only matter when bins are empty
/// in a node and hessians vary between rows (a small, imbalanced, overfit fold), and there they
/// decide how validation rows in those bins are routed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScanOrder {
  /// XGBoost hist: left to right with NaN right first; the threshold follows the last occupied
  /// bin, NaN goes right unless sending it left gains more; a side's rows are
  /// round(hessian × rows / node hessian).
  Forward,
  /// LightGBM, in its arithmetic (`lightgbm_split`): right to left with NaN left, then, for a
  /// feature with NaN anywhere in the dataset, left to right with NaN right; the threshold sits
  /// just below the next occupied bin; a side's rows are the sum of every bin's rounded estimate.
  /// Also LightGBM's gradient formula, in-order histogram sums and dense histograms for every
  /// node, so the trees are LightGBM's down to how it breaks exact ties.
  Reverse,
}

#[derive(Debug, Clone)]
pub struct TrainParams {
  pub growth: Growth,
  pub objective: Objective,
  pub metric: Metric,
  pub rounds: usize,
  pub learning_rate: f64,
  /// Depth limit; 0 = none (leaf-wise only).
  pub max_depth: usize,
  pub num_leaves: usize,
  pub lambda_l2: f64,
  pub alpha_l1: f64,
  pub min_split_gain: f64,
  pub min_child_weight: f64,
  pub min_data_in_leaf: usize,
  pub bootstrap: Bootstrap,
  pub subsample: f64,
  pub bagging_temperature: f64,
  pub colsample_bytree: f64,
  pub colsample_bylevel: f64,
  pub scale_pos_weight: f64,
  pub scan_order: ScanOrder,
  pub seed: u64,
  /// Stop after this many rounds without a better validation score; 0 = off.
  pub early_stopping_rounds: usize,
  pub threads: usize,
}

impl Default for TrainParams {
  fn default() -> Self {
    TrainParams {
      growth: Growth::LeafWise,
      objective: Objective::Binary,
      metric: Metric::Logloss,
      rounds: 100,
      learning_rate: 0.1,
      max_depth: 0,
      num_leaves: 31,
      lambda_l2: 0.0,
      alpha_l1: 0.0,
      min_split_gain: 0.0,
      min_child_weight: 1e-3,
      min_data_in_leaf: 20,
      bootstrap: Bootstrap::None,
      subsample: 1.0,
      bagging_temperature: 1.0,
      colsample_bytree: 1.0,
      colsample_bylevel: 1.0,
      scale_pos_weight: 1.0,
      scan_order: ScanOrder::Forward,
      seed: 0,
      early_stopping_rounds: 0,
      threads: 1,
    }
  }
}

fn range(name: &str, v: f64, lo: f64, hi: f64, lo_open: bool) -> CoreResult<()> {
  let ok = v.is_finite() && (if lo_open { v > lo } else { v >= lo }) && v <= hi;
  if ok {
    return Ok(());
  }
  let l = if lo_open { "(" } else { "[" };
  Err(CoreError::new("ERR_PARAM_RANGE", format!("{name} must be in {l}{lo}, {hi}], got {v}")).in_column(name.to_string()))
}

impl TrainParams {
  pub fn validate(&self) -> CoreResult<()> {
    range("rounds", self.rounds as f64, 1.0, 1e6, false)?;
    range("learning_rate", self.learning_rate, 0.0, 1e3, true)?;
    range("max_depth", self.max_depth as f64, 0.0, 64.0, false)?;
    if self.growth != Growth::LeafWise && self.max_depth == 0 {
      return Err(CoreError::new("ERR_PARAM_RANGE", "max_depth must be in [1, 64] for depth-wise and oblivious trees, got 0"));
    }
    if self.growth == Growth::Oblivious {
      range("depth", self.max_depth as f64, 1.0, 16.0, false)?;
    }
    range("num_leaves", self.num_leaves as f64, 2.0, 131_072.0, false)?;
    range("lambda_l2", self.lambda_l2, 0.0, 1e12, false)?;
    range("alpha_l1", self.alpha_l1, 0.0, 1e12, false)?;
    range("min_split_gain", self.min_split_gain, 0.0, 1e12, false)?;
    range("min_child_weight", self.min_child_weight, 0.0, 1e12, false)?;
    range("min_data_in_leaf", self.min_data_in_leaf as f64, 0.0, 1e9, false)?;
    range("subsample", self.subsample, 0.0, 1.0, true)?;
    range("bagging_temperature", self.bagging_temperature, 0.0, 1e3, false)?;
    range("colsample_bytree", self.colsample_bytree, 0.0, 1.0, true)?;
    range("colsample_bylevel", self.colsample_bylevel, 0.0, 1.0, true)?;
    range("scale_pos_weight", self.scale_pos_weight, 0.0, 1e9, true)?;
    range("threads", self.threads as f64, 1.0, 1024.0, false)?;
    if self.objective == Objective::Regression && self.metric != Metric::L2 {
      return Err(CoreError::new("ERR_PARAM_METRIC", "regression is scored with metric 'l2'; 'logloss' and 'auc' need the binary objective"));
    }
    Ok(())
  }
}
