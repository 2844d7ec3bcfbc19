//! Targets and labels, per asset: forward return over `h` bars, `high_return` (forward return
//! above a threshold), direction, return bins, and triple-barrier labels with volatility-scaled
//! widths and a time barrier. Each label also reports the last row it looks at (`end_row`), which
//! purging needs. A label at row t reads only rows > t for its outcome (and rows ≤ t for the
//! volatility that scales the barriers); rows whose horizon runs past the asset's end are NaN
//! with end row −1.

use crate::{CoreError, CoreResult};

#[derive(Debug, Clone, PartialEq)]
pub enum LabelKind {
  ForwardReturn,
  /// 1 when the forward return exceeds `threshold`, else 0 (the seed: 30 days, +100 %).
  HighReturn { threshold: f64 },
  /// 1 when the forward return exceeds `threshold` (default 0), else 0.
  Direction { threshold: f64 },
  /// Index of the bin the forward return falls in: 0 below `edges[0]`, …, `edges.len()` above the last.
  ReturnBins { edges: Vec<f64> },
  /// +1 when the close first reaches `+profit_take·σ·√h` (log return from t), −1 when it first
  /// reaches `−stop_loss·σ·√h`, 0 when neither happens within `h` bars (the time barrier). σ is
  /// the sample std of 1-bar log returns over the `vol_window` bars ending at t.
  TripleBarrier { profit_take: f64, stop_loss: f64, vol_window: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelSpec {
  pub kind: LabelKind,
  pub horizon: usize,
}

pub const LABEL_KINDS: [&str; 5] = ["forwardReturn", "highReturn", "direction", "returnBins", "tripleBarrier"];

/// Named label options as they come from JS (missing = default).
#[derive(Debug, Clone, Default)]
pub struct LabelOptions {
  pub threshold: Option<f64>,
  pub edges: Option<Vec<f64>>,
  pub profit_take: Option<f64>,
  pub stop_loss: Option<f64>,
  pub vol_window: Option<f64>,
}

fn param_err(msg: String) -> CoreError {
  CoreError::new("ERR_TARGET_PARAM", msg)
}

fn positive(name: &str, v: Option<f64>, default: f64) -> CoreResult<f64> {
  let v = v.unwrap_or(default);
  if !(v.is_finite() && v > 0.0) {
    return Err(param_err(format!("tripleBarrier.{name} must be a positive number, got {v}")));
  }
  Ok(v)
}

impl LabelSpec {
  pub fn parse(kind: &str, horizon: f64, o: &LabelOptions) -> CoreResult<LabelSpec> {
    if !(horizon.is_finite() && horizon >= 1.0 && horizon.fract() == 0.0 && horizon <= 1e7) {
      return Err(CoreError::new("ERR_TARGET_HORIZON", format!("label horizon must be a whole number of bars ≥ 1, got {horizon}")));
    }
    let threshold = |d: f64| -> CoreResult<f64> {
      let t = o.threshold.unwrap_or(d);
      if !t.is_finite() {
        return Err(param_err(format!("{kind}.threshold must be finite, got {t}")));
      }
      Ok(t)
    };
    let kind = match kind {
      "forwardReturn" => LabelKind::ForwardReturn,
      "highReturn" => LabelKind::HighReturn { threshold: threshold(1.0)? },
      "direction" => LabelKind::Direction { threshold: threshold(0.0)? },
      "returnBins" => {
        let edges = o.edges.clone().unwrap_or_default();
        if edges.is_empty() || edges.iter().any(|e| !e.is_finite()) || edges.windows(2).any(|w| w[0] >= w[1]) {
          return Err(param_err("returnBins.bins must be a non-empty list of finite, strictly increasing return edges".into()));
        }
        LabelKind::ReturnBins { edges }
      }
      "tripleBarrier" => {
        let w = o.vol_window.unwrap_or(20.0);
        if !(w >= 2.0 && w.fract() == 0.0 && w <= 1e7) {
          return Err(param_err(format!("tripleBarrier.volWindow must be a whole number ≥ 2, got {w}")));
        }
        LabelKind::TripleBarrier {
          profit_take: positive("profitTake", o.profit_take, 1.0)?,
          stop_loss: positive("stopLoss", o.stop_loss, 1.0)?,
          vol_window: w as usize,
        }
      }
      other => {
        return Err(CoreError::new(
          "ERR_TARGET_KIND",
          format!("unknown label kind '{other}'; allowed: {}", LABEL_KINDS.join(", ")),
        ))
      }
    };
    Ok(LabelSpec { kind, horizon: horizon as usize })
  }
}

/// Labels for every asset of a frame into `values` (NaN where undefined) and `end_row` (−1 there).
pub fn compute_labels(spec: &LabelSpec, close: &[f64], offsets: &[u32], values: &mut [f32], end_row: &mut [i32]) -> CoreResult<()> {
  let n = close.len();
  if values.len() != n || end_row.len() != n {
    return Err(CoreError::new("ERR_TARGET_OUTPUT_SIZE", format!("label outputs must have {n} elements")));
  }
  if offsets.first() != Some(&0) || offsets.last().map(|&o| o as usize) != Some(n) || offsets.windows(2).any(|w| w[0] > w[1]) {
    return Err(CoreError::new("ERR_TARGET_INPUT", format!("asset offsets must rise from 0 to {n}")));
  }
  if n > i32::MAX as usize {
    return Err(CoreError::new("ERR_TARGET_INPUT", "labels address at most 2^31 rows"));
  }
  values.fill(f32::NAN);
  end_row.fill(-1);
  let h = spec.horizon;
  for w in offsets.windows(2) {
    let (s, e) = (w[0] as usize, w[1] as usize);
    let c = &close[s..e];
    match &spec.kind {
      LabelKind::TripleBarrier { profit_take, stop_loss, vol_window } => {
        triple_barrier(c, h, *profit_take, *stop_loss, *vol_window, &mut values[s..e], &mut end_row[s..e], s);
      }
      kind => {
        for t in 0..c.len().saturating_sub(h) {
          let r = c[t + h] / c[t] - 1.0;
          values[s + t] = match kind {
            LabelKind::ForwardReturn => r,
            LabelKind::HighReturn { threshold } | LabelKind::Direction { threshold } => (r > *threshold) as u8 as f64,
            LabelKind::ReturnBins { edges } => edges.partition_point(|&e| e <= r) as f64,
            LabelKind::TripleBarrier { .. } => unreachable!(),
          } as f32;
          if r.is_nan() {
            values[s + t] = f32::NAN;
            continue;
          }
          end_row[s + t] = (s + t + h) as i32;
        }
      }
    }
  }
  Ok(())
}

#[allow(clippy::too_many_arguments)]
fn triple_barrier(c: &[f64], h: usize, pt: f64, sl: f64, win: usize, values: &mut [f32], end_row: &mut [i32], base: usize) {
  let mut moments = crate::features::window::RollingMoments::new(win);
  let scale = (h as f64).sqrt();
  for t in 0..c.len() {
    if t > 0 {
      moments.push((c[t] / c[t - 1]).ln());
    }
    if t + h >= c.len() || !moments.full() {
      continue;
    }
    let sigma = moments.var_sample().sqrt();
    let (up, down) = (pt * sigma * scale, -sl * sigma * scale);
    let mut label = 0.0f32;
    let mut end = t + h;
    for j in t + 1..=t + h {
      let r = (c[j] / c[t]).ln();
      if r >= up {
        label = 1.0;
        end = j;
        break;
      }
      if r <= down {
        label = -1.0;
        end = j;
        break;
      }
    }
    values[t] = label;
    end_row[t] = (base + end) as i32;
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn forward_return_and_end_rows_stop_at_each_assets_end() {
    let close = [1.0, 2.0, 4.0, 10.0, 20.0];
    let spec = LabelSpec::parse("forwardReturn", 1.0, &LabelOptions::default()).unwrap();
    let (mut v, mut e) = ([0f32; 5], [0i32; 5]);
    compute_labels(&spec, &close, &[0, 3, 5], &mut v, &mut e).unwrap();
    assert_eq!(&v[..2], &[1.0, 1.0]);
    assert!(v[2].is_nan() && v[4].is_nan());
    assert_eq!(v[3], 1.0);
    assert_eq!(e, [1, 2, -1, 4, -1]);
  }

  #[test]
  fn bad_label_specs_get_codes() {
    let d = LabelOptions::default();
    assert_eq!(LabelSpec::parse("x", 1.0, &d).unwrap_err().code, "ERR_TARGET_KIND");
    assert_eq!(LabelSpec::parse("direction", 0.0, &d).unwrap_err().code, "ERR_TARGET_HORIZON");
    assert_eq!(LabelSpec::parse("returnBins", 3.0, &d).unwrap_err().code, "ERR_TARGET_PARAM");
  }
}
