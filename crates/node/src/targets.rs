//! Binding of the label computations: borrows the close column and writes values and end rows
//! into caller-allocated shared arrays.

use cryptotune_core::targets::{self, LabelOptions, LabelSpec};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::to_napi;

/// A label spec as the TypeScript `LabelSpec`.
#[napi(object)]
pub struct NativeLabelSpec {
  pub kind: String,
  pub horizon: f64,
  pub threshold: Option<f64>,
  pub bins: Option<Vec<f64>>,
  pub profit_take: Option<f64>,
  pub stop_loss: Option<f64>,
  pub vol_window: Option<f64>,
}

fn parse(spec: &NativeLabelSpec) -> Result<LabelSpec> {
  let o = LabelOptions {
    threshold: spec.threshold,
    edges: spec.bins.clone(),
    profit_take: spec.profit_take,
    stop_loss: spec.stop_loss,
    vol_window: spec.vol_window,
  };
  LabelSpec::parse(&spec.kind, spec.horizon, &o).map_err(to_napi)
}

/// Validate a label spec without computing it.
#[napi]
pub fn check_label_spec(spec: NativeLabelSpec) -> Result<()> {
  parse(&spec).map(|_| ())
}

/// Labels of every asset into `values` (NaN where undefined) and `endRow` (−1 there).
#[napi]
pub fn compute_labels(spec: NativeLabelSpec, close: Float64Array, offsets: Uint32Array, mut values: Float32Array, mut end_row: Int32Array) -> Result<()> {
  let s = parse(&spec)?;
  // SAFETY: synchronous call; both outputs were allocated by JS for this result alone.
  let (v, e) = unsafe { (values.as_mut(), end_row.as_mut()) };
  targets::compute_labels(&s, &close, &offsets, v, e).map_err(to_napi)
}
