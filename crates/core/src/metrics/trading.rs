//! What a model's scores would have earned: a position per bar from the score, strategy returns
//! net of costs, the equity curve and the usual performance ratios.
//!
//! Definitions (rows are read in subset order as one sequence of bars of one asset):
//! - position pₖ = +1 when scoreₖ ≥ threshold, −1 when a lower threshold is set and
//!   scoreₖ < lower, else 0; the position before the first row is 0.
//! - cost c = (feeBps + slippageBps) / 10⁴ per unit of position change, so entering or leaving
//!   costs c and flipping long↔short costs 2c; a position still open after the last row is not
//!   charged an exit.
//! - bar return rₖ = pₖ·forwardReturnₖ − c·|pₖ − pₖ₋₁|; equity Eₖ = Eₖ₋₁·(1 + rₖ), E₋₁ = 1.
//! - Sharpe = mean(r)/std(r)·√barsPerYear (std with n−1); Sortino = mean(r)/√(mean(min(r,0)²))·√barsPerYear;
//!   both 0 when their deviation is 0.
//! - max drawdown = max over k of 1 − Eₖ / max(1, E₀…Eₖ).
//! - a trade is a run of bars holding the same non-zero position; its return is
//!   Π(1 + pₖ·forwardReturnₖ) − 1 − c·(1 entry + 1 exit if it was closed). Win rate, average
//!   win / loss (losses negative) and profit factor (Σ wins / |Σ losses|; ∞ with wins and no
//!   losses, 0 without wins) are over trades.

use super::binary_input::{check_not_empty, check_same_length};
use crate::error::{CoreError, CoreResult};
use crate::rows::Rows;

#[derive(Clone, Debug)]
pub struct TradingOptions {
  pub threshold: f64,
  pub lower_threshold: Option<f64>,
  pub fee_bps: f64,
  pub slippage_bps: f64,
  pub bars_per_year: f64,
}

#[derive(Clone, Debug, Default)]
pub struct TradingMetrics {
  pub total_return: f64,
  pub sharpe: f64,
  pub sortino: f64,
  pub max_drawdown: f64,
  pub profit_factor: f64,
  pub win_rate: f64,
  pub avg_win: f64,
  pub avg_loss: f64,
  pub trades: u64,
  /// Share of bars with a non-zero position.
  pub exposure: f64,
  pub returns: Vec<f64>,
  pub equity: Vec<f64>,
}

fn param(name: &str, v: f64, ok: bool, range: &str) -> CoreResult<()> {
  if !ok {
    return Err(CoreError::new("ERR_PARAM_OUT_OF_RANGE", format!("{name} must be {range}, got {v}")));
  }
  Ok(())
}

fn check_options(o: &TradingOptions) -> CoreResult<()> {
  param("threshold", o.threshold, o.threshold.is_finite(), "a finite number")?;
  if let Some(l) = o.lower_threshold {
    param("lowerThreshold", l, l.is_finite() && l <= o.threshold, "a finite number ≤ threshold")?;
  }
  param("feeBps", o.fee_bps, o.fee_bps.is_finite() && o.fee_bps >= 0.0, "≥ 0 basis points")?;
  param("slippageBps", o.slippage_bps, o.slippage_bps.is_finite() && o.slippage_bps >= 0.0, "≥ 0 basis points")?;
  param("barsPerYear", o.bars_per_year, o.bars_per_year.is_finite() && o.bars_per_year > 0.0, "> 0 (e.g. 365 for daily bars, 105120 for 5-minute bars)")
}

/// Closed and open trades as their returns.
#[derive(Default)]
struct Trades {
  growth: f64,
  open: bool,
  returns: Vec<f64>,
}

impl Trades {
  fn close(&mut self, c: f64, exited: bool) {
    if self.open {
      self.returns.push(self.growth - 1.0 - c * if exited { 2.0 } else { 1.0 });
      self.open = false;
    }
  }
}

pub fn trading_metrics<S: Copy + Into<f64>, F: Copy + Into<f64>>(
  score: &[S],
  forward_return: &[F],
  rows: Option<&[u32]>,
  o: &TradingOptions,
) -> CoreResult<TradingMetrics> {
  check_options(o)?;
  check_same_length(score.len(), forward_return.len(), "scores and forward returns")?;
  let rows = Rows::checked(score.len(), rows, "ERR_METRIC_ROW_OUT_OF_RANGE")?;
  check_not_empty(&rows)?;
  let c = (o.fee_bps + o.slippage_bps) / 1e4;
  let n = rows.len();
  let mut returns = Vec::with_capacity(n);
  let mut equity = Vec::with_capacity(n);
  let (mut prev, mut e, mut peak, mut mdd, mut held) = (0i8, 1.0f64, 1.0f64, 0.0f64, 0usize);
  let mut trades = Trades::default();
  for r in rows.iter() {
    let s: f64 = score[r].into();
    let f: f64 = forward_return[r].into();
    if !s.is_finite() {
      return Err(CoreError::new("ERR_METRIC_NAN_SCORE", format!("score at row {r} is {s}; scores must be finite numbers")));
    }
    if !f.is_finite() {
      return Err(CoreError::new(
        "ERR_METRIC_NAN_RETURN",
        format!("forward return at row {r} is {f}; drop rows without a forward return (the last bars) from `rows`"),
      ));
    }
    let p: i8 = if s >= o.threshold {
      1
    } else if o.lower_threshold.is_some_and(|l| s < l) {
      -1
    } else {
      0
    };
    if p != prev {
      trades.close(c, true);
      if p != 0 {
        trades.open = true;
        trades.growth = 1.0;
      }
    }
    if p != 0 {
      held += 1;
      trades.growth *= 1.0 + p as f64 * f;
    }
    let ret = p as f64 * f - c * (p - prev).abs() as f64;
    e *= 1.0 + ret;
    peak = peak.max(e);
    mdd = mdd.max(1.0 - e / peak);
    returns.push(ret);
    equity.push(e);
    prev = p;
  }
  trades.close(c, false);
  let mean = returns.iter().sum::<f64>() / n as f64;
  let var = if n > 1 { returns.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1) as f64 } else { 0.0 };
  let down = (returns.iter().map(|r| r.min(0.0).powi(2)).sum::<f64>() / n as f64).sqrt();
  let ann = o.bars_per_year.sqrt();
  let wins: Vec<f64> = trades.returns.iter().copied().filter(|&t| t > 0.0).collect();
  let losses: Vec<f64> = trades.returns.iter().copied().filter(|&t| t < 0.0).collect();
  let (gw, gl) = (wins.iter().sum::<f64>(), losses.iter().sum::<f64>());
  let mean_of = |v: &[f64], sum: f64| if v.is_empty() { 0.0 } else { sum / v.len() as f64 };
  let k = trades.returns.len();
  Ok(TradingMetrics {
    total_return: e - 1.0,
    sharpe: if var > 0.0 { mean / var.sqrt() * ann } else { 0.0 },
    sortino: if down > 0.0 { mean / down * ann } else { 0.0 },
    max_drawdown: mdd,
    profit_factor: if gl < 0.0 { gw / -gl } else if gw > 0.0 { f64::INFINITY } else { 0.0 },
    win_rate: if k == 0 { 0.0 } else { wins.len() as f64 / k as f64 },
    avg_win: mean_of(&wins, gw),
    avg_loss: mean_of(&losses, gl),
    trades: k as u64,
    exposure: held as f64 / n as f64,
    returns,
    equity,
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  fn opts(lower: Option<f64>) -> TradingOptions {
    TradingOptions { threshold: 0.5, lower_threshold: lower, fee_bps: 10.0, slippage_bps: 5.0, bars_per_year: 365.0 }
  }

  #[test]
  fn long_only_worked_example() {
    // positions 1,1,0,1 ; c = 0.0015
    let s = [0.6, 0.7, 0.2, 0.9];
    let f = [0.01, -0.02, 0.03, 0.05];
    let m = trading_metrics(&s, &f, None, &opts(None)).unwrap();
    let r = [0.01 - 0.0015, -0.02, -0.0015, 0.05 - 0.0015];
    for (a, b) in m.returns.iter().zip(r) {
      assert!((a - b).abs() < 1e-15);
    }
    let e: f64 = r.iter().map(|x| 1.0 + x).product();
    assert!((m.total_return - (e - 1.0)).abs() < 1e-15);
    assert_eq!(m.trades, 2);
    // trade 1: 1.01·0.98 − 1 − 2c ; trade 2 (open at the end): 0.05 − c
    let t1 = 1.01 * 0.98 - 1.0 - 0.003;
    let t2 = 0.05 - 0.0015;
    assert!((m.avg_loss - t1).abs() < 1e-15 && (m.avg_win - t2).abs() < 1e-15);
    assert!((m.profit_factor - t2 / -t1).abs() < 1e-12);
    assert_eq!(m.win_rate, 0.5);
    let peak = (1.0 + r[0]) as f64;
    let trough = peak * (1.0 + r[1]) * (1.0 + r[2]);
    assert!((m.max_drawdown - (1.0 - trough / peak)).abs() < 1e-15);
  }

  #[test]
  fn short_side_flips_cost_twice() {
    let s = [0.9, 0.1];
    let f = [0.01, -0.02];
    let m = trading_metrics(&s, &f, None, &opts(Some(0.3))).unwrap();
    assert!((m.returns[1] - (0.02 - 2.0 * 0.0015)).abs() < 1e-15);
    assert_eq!(m.trades, 2);
  }

  #[test]
  fn bad_params_and_nan_returns_are_coded() {
    let mut o = opts(None);
    o.bars_per_year = 0.0;
    assert_eq!(trading_metrics(&[0.1], &[0.1], None, &o).unwrap_err().code, "ERR_PARAM_OUT_OF_RANGE");
    assert_eq!(trading_metrics(&[0.1], &[f64::NAN], None, &opts(None)).unwrap_err().code, "ERR_METRIC_NAN_RETURN");
  }
}
