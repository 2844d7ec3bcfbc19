use cryptotune_core::binning;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::to_napi;

/// Upper bounds of every column's value bins: column c owns `bounds[offsets[c]..offsets[c+1]]`.
#[napi(object)]
pub struct NativeBinBounds {
  pub bounds: Float32Array,
  pub offsets: Uint32Array,
}

/// Quantile-bin a column-major f32 matrix (`rows` rows) into `out` (same shape, u8); returns the
/// bin bounds. At most `maxBins` value bins per column plus a NaN bin.
#[napi]
pub fn bin_features(data: Float32Array, rows: u32, max_bins: u32, mut out: Uint8Array) -> Result<NativeBinBounds> {
  let bb = binning::compute_bounds(&data, rows as usize, max_bins as usize).map_err(to_napi)?;
  // SAFETY: synchronous call; JS allocated `out` for this result and does not touch it meanwhile.
  let dst = unsafe { out.as_mut() };
  binning::apply_bins(&data, rows as usize, &bb, dst).map_err(to_napi)?;
  Ok(NativeBinBounds { bounds: Float32Array::new(bb.bounds), offsets: Uint32Array::new(bb.offsets) })
}
