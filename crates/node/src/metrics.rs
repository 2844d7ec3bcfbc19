use cryptotune_core::metrics::{self, ThresholdMetrics, TradingOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::to_napi;
use crate::values::with_values;

/// ROC-AUC of scores against 0/1 labels over `rows` (all rows when omitted); ties count half.
#[napi]
pub fn roc_auc(y: Either<Float32Array, Float64Array>, score: Either<Float32Array, Float64Array>, rows: Option<Uint32Array>) -> Result<f64> {
  with_values!(y, score, |y, s| metrics::roc_auc(y, s, rows.as_deref())).map_err(to_napi)
}

/// Average precision (PR-AUC) as scikit-learn's `average_precision_score`.
#[napi]
pub fn pr_auc(y: Either<Float32Array, Float64Array>, score: Either<Float32Array, Float64Array>, rows: Option<Uint32Array>) -> Result<f64> {
  with_values!(y, score, |y, s| metrics::average_precision(y, s, rows.as_deref())).map_err(to_napi)
}

/// Mean logloss of probabilities, clipped to [ε, 1−ε].
#[napi]
pub fn log_loss(y: Either<Float32Array, Float64Array>, score: Either<Float32Array, Float64Array>, rows: Option<Uint32Array>) -> Result<f64> {
  with_values!(y, score, |y, s| metrics::log_loss(y, s, rows.as_deref())).map_err(to_napi)
}

/// Confusion counts of `score ≥ threshold` and the metrics made of them.
#[napi(object)]
pub struct NativeThresholdMetrics {
  pub tp: f64,
  pub fp: f64,
  pub tn: f64,
  pub fn_: f64,
  pub accuracy: f64,
  pub balanced_accuracy: f64,
  pub precision: f64,
  pub recall: f64,
  pub f1: f64,
}

impl From<ThresholdMetrics> for NativeThresholdMetrics {
  fn from(m: ThresholdMetrics) -> Self {
    Self {
      tp: m.tp as f64,
      fp: m.fp as f64,
      tn: m.tn as f64,
      fn_: m.fn_ as f64,
      accuracy: m.accuracy,
      balanced_accuracy: m.balanced_accuracy,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
    }
  }
}

/// Accuracy, balanced accuracy, precision, recall and F1 of predicting 1 where `score ≥ threshold`.
#[napi]
pub fn threshold_metrics(y: Either<Float32Array, Float64Array>, score: Either<Float32Array, Float64Array>, rows: Option<Uint32Array>, threshold: f64) -> Result<NativeThresholdMetrics> {
  with_values!(y, score, |y, s| metrics::threshold_metrics(y, s, rows.as_deref(), threshold))
    .map(Into::into)
    .map_err(to_napi)
}

/// Every classification metric of a fold from one read of its rows.
#[napi(object)]
pub struct NativeClassificationMetrics {
  pub auc: f64,
  pub pr_auc: f64,
  pub logloss: f64,
  pub at_threshold: NativeThresholdMetrics,
}

#[napi]
pub fn classification_metrics(
  y: Either<Float32Array, Float64Array>,
  score: Either<Float32Array, Float64Array>,
  rows: Option<Uint32Array>,
  threshold: f64,
) -> Result<NativeClassificationMetrics> {
  let m = with_values!(y, score, |y, s| metrics::classification_metrics(y, s, rows.as_deref(), threshold)).map_err(to_napi)?;
  Ok(NativeClassificationMetrics { auc: m.auc, pr_auc: m.pr_auc, logloss: m.logloss, at_threshold: m.at_threshold.into() })
}

/// Options of a trading backtest of scores (see `tradingMetrics` in the TypeScript API).
#[napi(object)]
pub struct NativeTradingOptions {
  pub threshold: f64,
  pub lower_threshold: Option<f64>,
  pub fee_bps: f64,
  pub slippage_bps: f64,
  pub bars_per_year: f64,
}

#[napi(object)]
pub struct NativeTradingMetrics {
  pub total_return: f64,
  pub sharpe: f64,
  pub sortino: f64,
  pub max_drawdown: f64,
  pub profit_factor: f64,
  pub win_rate: f64,
  pub avg_win: f64,
  pub avg_loss: f64,
  pub trades: f64,
  pub exposure: f64,
  pub returns: Float64Array,
  pub equity: Float64Array,
}

/// Strategy returns, equity and performance ratios of trading on `score` (long at or above
/// the threshold, short below the lower threshold when given) against the bars' forward returns.
#[napi]
pub fn trading_metrics(
  score: Either<Float32Array, Float64Array>,
  forward_return: Either<Float32Array, Float64Array>,
  rows: Option<Uint32Array>,
  options: NativeTradingOptions,
) -> Result<NativeTradingMetrics> {
  let o = TradingOptions {
    threshold: options.threshold,
    lower_threshold: options.lower_threshold,
    fee_bps: options.fee_bps,
    slippage_bps: options.slippage_bps,
    bars_per_year: options.bars_per_year,
  };
  let m = with_values!(score, forward_return, |s, f| metrics::trading_metrics(s, f, rows.as_deref(), &o)).map_err(to_napi)?;
  Ok(NativeTradingMetrics {
    total_return: m.total_return,
    sharpe: m.sharpe,
    sortino: m.sortino,
    max_drawdown: m.max_drawdown,
    profit_factor: m.profit_factor,
    win_rate: m.win_rate,
    avg_win: m.avg_win,
    avg_loss: m.avg_loss,
    trades: m.trades as f64,
    exposure: m.exposure,
    returns: Float64Array::new(m.returns),
    equity: Float64Array::new(m.equity),
  })
}

#[napi(object)]
pub struct NativeFoldStability {
  pub mean: f64,
  pub std: f64,
  pub min: f64,
  pub max: f64,
}

/// Mean, population std, min and max of one score across folds.
#[napi]
pub fn fold_stability(values: Float64Array) -> Result<NativeFoldStability> {
  let s = metrics::fold_stability(&values).map_err(to_napi)?;
  Ok(NativeFoldStability { mean: s.mean, std: s.std, min: s.min, max: s.max })
}
