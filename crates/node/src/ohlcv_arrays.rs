//! The bar columns as JS typed arrays, declared once for every binding object that carries them
//! (the in-memory frame input and resampled bars), and their conversions to and from the core's
//! `OhlcvColumns`.

use cryptotune_core::ohlcv_columns::OhlcvColumns;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// time (epoch ms), open/high/low (all or none), close, optional volume and asset codes.
#[napi(object)]
pub struct OhlcvArrays {
  pub time: BigInt64Array,
  pub open: Option<Float64Array>,
  pub high: Option<Float64Array>,
  pub low: Option<Float64Array>,
  pub close: Float64Array,
  pub volume: Option<Float64Array>,
  /// Asset code per row; absent on input means one asset.
  pub asset: Option<Uint32Array>,
}

impl OhlcvArrays {
  /// Copy the views into core columns (an absent asset column becomes an empty one).
  pub fn to_columns(&self) -> OhlcvColumns {
    let v = |a: &Option<Float64Array>| a.as_ref().map(|a| a.to_vec());
    OhlcvColumns {
      time: self.time.to_vec(),
      open: v(&self.open),
      high: v(&self.high),
      low: v(&self.low),
      close: self.close.to_vec(),
      volume: v(&self.volume),
      asset: self.asset.as_ref().map(|a| a.to_vec()).unwrap_or_default(),
    }
  }
}

impl From<OhlcvColumns> for OhlcvArrays {
  fn from(c: OhlcvColumns) -> Self {
    OhlcvArrays {
      time: BigInt64Array::new(c.time),
      open: c.open.map(Float64Array::new),
      high: c.high.map(Float64Array::new),
      low: c.low.map(Float64Array::new),
      close: Float64Array::new(c.close),
      volume: c.volume.map(Float64Array::new),
      asset: Some(Uint32Array::new(c.asset)),
    }
  }
}
