//! OHLCV resampling to a coarser bar (1m → 5m, 1h, 1d …), per asset, buckets aligned to the epoch.
//! A bucket's time is its start; only buckets that contain at least one source bar are emitted,
//! so gaps stay gaps.

use crate::error::{CoreError, CoreResult};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resampled {
  pub time: Vec<i64>,
  pub open: Option<Vec<f64>>,
  pub high: Option<Vec<f64>>,
  pub low: Option<Vec<f64>>,
  pub close: Vec<f64>,
  pub volume: Option<Vec<f64>>,
  pub asset: Vec<u32>,
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
    open: ohlc.then(Vec::new),
    high: ohlc.then(Vec::new),
    low: ohlc.then(Vec::new),
    volume: src.volume.map(|_| Vec::new()),
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
      out.time.push(bucket);
      out.close.push(src.close[r - 1]);
      out.asset.push(a as u32);
      out.last_row.push((r - 1) as u32);
      if ohlc {
        let (h, l) = (src.high.unwrap(), src.low.unwrap());
        out.open.as_mut().unwrap().push(src.open.unwrap()[start]);
        out.high.as_mut().unwrap().push(h[start..r].iter().copied().fold(f64::NEG_INFINITY, f64::max));
        out.low.as_mut().unwrap().push(l[start..r].iter().copied().fold(f64::INFINITY, f64::min));
      }
      if let Some(v) = src.volume {
        out.volume.as_mut().unwrap().push(v[start..r].iter().sum());
      }
    }
    out.offsets.push(out.time.len() as u32);
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
    assert_eq!(r.time, vec![0, 300_000]);
    assert_eq!(r.open.unwrap(), vec![1.0, 6.0]);
    assert_eq!(r.high.unwrap(), vec![5.0, 10.0]);
    assert_eq!(r.low.unwrap(), vec![1.0, 6.0]);
    assert_eq!(r.close, vec![5.0, 10.0]);
    assert_eq!(r.volume.unwrap(), vec![15.0, 40.0]);
  }
}
