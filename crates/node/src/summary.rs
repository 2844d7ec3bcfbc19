use cryptotune_core::{resample, summary};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::ohlcv_arrays::OhlcvArrays;

use crate::error::to_napi;

/// Time coverage of one asset group.
#[napi(object)]
pub struct NativeAssetSummary {
  pub rows: f64,
  pub start: f64,
  pub end: f64,
  pub interval_ms: f64,
  pub gaps: f64,
  pub missing_bars: f64,
  pub largest_gap_ms: f64,
}

/// Range, bar interval and gaps per asset group of sorted times.
#[napi]
pub fn summarise_time(time: BigInt64Array, offsets: Uint32Array) -> Vec<NativeAssetSummary> {
  summary::summarise(&time, &offsets)
    .into_iter()
    .map(|s| NativeAssetSummary {
      rows: s.rows as f64,
      start: s.start as f64,
      end: s.end as f64,
      interval_ms: s.interval_ms as f64,
      gaps: s.gaps as f64,
      missing_bars: s.missing_bars as f64,
      largest_gap_ms: s.largest_gap_ms as f64,
    })
    .collect()
}

/// OHLCV bars aggregated to a coarser interval.
#[napi(object)]
pub struct NativeResampled {
  pub bars: OhlcvArrays,
  pub offsets: Uint32Array,
  pub last_row: Uint32Array,
}

/// Resample OHLCV columns (grouped by `offsets`) to `intervalMs` buckets aligned to the epoch.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn resample_ohlcv(
  time: BigInt64Array,
  open: Option<Float64Array>,
  high: Option<Float64Array>,
  low: Option<Float64Array>,
  close: Float64Array,
  volume: Option<Float64Array>,
  offsets: Uint32Array,
  interval_ms: f64,
) -> Result<NativeResampled> {
  let view = resample::OhlcvView {
    time: &time,
    open: open.as_deref(),
    high: high.as_deref(),
    low: low.as_deref(),
    close: &close,
    volume: volume.as_deref(),
    offsets: &offsets,
  };
  let r = resample::resample(&view, interval_ms as i64).map_err(to_napi)?;
  Ok(NativeResampled {
    bars: r.bars.into(),
    offsets: Uint32Array::new(r.offsets),
    last_row: Uint32Array::new(r.last_row),
  })
}
