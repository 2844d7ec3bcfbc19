//! OHLCV resampling to a coarser bar (1m → 5m, 1h, 1d …), per asset, buckets aligned to the epoch.
//! A bucket's time is its start; only buckets that contain at least one source bar are emitted,
//! so gaps stay gaps.

use crate::error::{CoreError, CoreResult};
use crate::ohlcv_columns::OhlcvColumns;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resampled {
  pub bars: OhlcvColumns,
  pub offsets: Vec<u32>,
  /// For each output bar, the index of the last source row it aggregates (to carry metadata).
  pub last_row: Vec<u32>,
}

pub struct OhlcvView<'a> {
  pub time: &'a [i64],
  pub open: Option<&'a [f64]>,
  pub high: Option<&'a [f64]>,
  pub low: Option<&'a [f64]>,
  pub close: &'a [f64],
  pub volume: Option<&'a [f64]>,
  pub offsets: &'a [u32],
}

pub fn resample(src: &OhlcvView<'_>, interval_ms: i64) -> CoreResult<Resampled> {
  if interval_ms <= 0 {
    return Err(CoreError::new("ERR_RESAMPLE_INTERVAL", format!("interval must be > 0 ms, got {interval_ms}")));
  }
  let ohlc = src.open.is_some() && src.high.is_some() && src.low.is_some();
  let mut out = Resampled {
    bars: OhlcvColumns::with_layout(ohlc, src.volume.is_some()),
    offsets: vec![0],
    ..Default::default()
  };
  for (a, w) in src.offsets.windows(2).enumerate() {
    let (lo, hi) = (w[0] as usize, w[1] as usize);
    let mut r = lo;
    while r < hi {
      let bucket = src.time[r].div_euclid(interval_ms) * interval_ms;
      let end = bucket + interval_ms;
      let start = r;
      while r < hi && src.time[r] < end {
        r += 1;
      }
      let mut prices = [f64::NAN, f64::NAN, f64::NAN, src.close[r - 1], f64::NAN];
      if let (Some(o), Some(h), Some(l)) = (src.open, src.high, src.low) {
        prices[0] = o[start];
        prices[1] = h[start..r].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        prices[2] = l[start..r].iter().copied().fold(f64::INFINITY, f64::min);
      }
      if let Some(v) = src.volume {
        prices[4] = v[start..r].iter().sum();
      }
      out.bars.push(bucket, prices, a as u32);
      out.last_row.push((r - 1) as u32);
    }
    out.offsets.push(out.bars.len() as u32);
  }
  Ok(out)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn five_minute_bars_aggregate_first_max_min_last_sum() {
    let time: Vec<i64> = (0..10).map(|i| i * 60_000).collect();
    let px: Vec<f64> = (1..=10).map(|i| i as f64).collect();
    let view = OhlcvView {
      time: &time,
      open: Some(&px),
      high: Some(&px),
      low: Some(&px),
      close: &px,
      volume: Some(&px),
      offsets: &[0, 10],
    };
    let r = resample(&view, 300_000).unwrap();
    let b = r.bars;
    assert_eq!(b.time, vec![0, 300_000]);
    assert_eq!(b.open.unwrap(), vec![1.0, 6.0]);
    assert_eq!(b.high.unwrap(), vec![5.0, 10.0]);
    assert_eq!(b.low.unwrap(), vec![1.0, 6.0]);
    assert_eq!(b.close, vec![5.0, 10.0]);
    assert_eq!(b.volume.unwrap(), vec![15.0, 40.0]);
  }
}
