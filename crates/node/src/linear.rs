use cryptotune_core::linear::{self, LinearKind, LinearModel, LinearParams, Standardiser};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::{invalid, to_napi};

/// Parameters of a linear fit; ranges are checked by the core.
#[napi(object)]
pub struct NativeLinearParams {
  /// 'logistic' | 'ridge' | 'lasso'
  pub kind: String,
  /// Logistic only: 'l1' | 'l2' (default 'l2').
  pub penalty: Option<String>,
  pub c: Option<f64>,
  pub alpha: Option<f64>,
  pub tol: Option<f64>,
  pub max_iter: Option<u32>,
}

/// A fitted linear model: the training standardiser and weights on standardised features.
#[napi(object)]
pub struct NativeLinearState {
  pub kind: String,
  pub mean: Float64Array,
  pub scale: Float64Array,
  pub coef: Float64Array,
  pub intercept: f64,
  pub iterations: Option<u32>,
  pub converged: Option<bool>,
}

fn kind(s: &str) -> Result<LinearKind> {
  LinearKind::parse(s)
    .ok_or_else(|| invalid("ERR_PARAM_INVALID", format!("kind must be 'logistic', 'ridge' or 'lasso', got '{s}'")))
}

fn kind_name(k: LinearKind) -> &'static str {
  match k {
    LinearKind::Logistic => "logistic",
    LinearKind::Ridge => "ridge",
    LinearKind::Lasso => "lasso",
  }
}

/// Fit a linear model on `trainRows` of a column-major f32 matrix (`data[c * rows + r]`).
#[napi]
pub fn linear_fit(
  data: Float32Array,
  rows: u32,
  columns: Vec<String>,
  label: Either<Float32Array, Float64Array>,
  train_rows: Uint32Array,
  params: NativeLinearParams,
) -> Result<NativeLinearState> {
  let l1 = match params.penalty.as_deref() {
    None | Some("l2") => false,
    Some("l1") => true,
    Some(p) => return Err(invalid("ERR_PARAM_INVALID", format!("penalty must be 'l1' or 'l2', got '{p}'"))),
  };
  let p = LinearParams {
    kind: kind(&params.kind)?,
    l1,
    c: params.c.unwrap_or(1.0),
    alpha: params.alpha.unwrap_or(1.0),
    tol: params.tol.unwrap_or(1e-8),
    max_iter: params.max_iter.unwrap_or(100) as usize,
  };
  let m = match &label {
    Either::A(y) => linear::fit(&data, rows as usize, &columns, &y[..], &train_rows, &p),
    Either::B(y) => linear::fit(&data, rows as usize, &columns, &y[..], &train_rows, &p),
  }
  .map_err(to_napi)?;
  Ok(NativeLinearState {
    kind: kind_name(m.kind).into(),
    mean: Float64Array::new(m.standardiser.mean),
    scale: Float64Array::new(m.standardiser.scale),
    coef: Float64Array::new(m.coef),
    intercept: m.intercept,
    iterations: Some(m.iterations as u32),
    converged: Some(m.converged),
  })
}

/// Predict `subset` rows (all when omitted) of a column-major matrix; `columns[j]` is the
/// matrix column of model feature j. Logistic models give probabilities.
#[napi]
pub fn linear_predict(
  data: Float32Array,
  rows: u32,
  columns: Uint32Array,
  model: NativeLinearState,
  subset: Option<Uint32Array>,
) -> Result<Float32Array> {
  let m = LinearModel {
    kind: kind(&model.kind)?,
    standardiser: Standardiser { mean: model.mean.to_vec(), scale: model.scale.to_vec() },
    coef: model.coef.to_vec(),
    intercept: model.intercept,
    iterations: 0,
    converged: true,
  };
  m.predict(&data, rows as usize, &columns, subset.as_deref()).map(Float32Array::new).map_err(to_napi)
}
