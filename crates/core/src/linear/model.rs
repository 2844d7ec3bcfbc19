//! A fitted linear model (standardiser + weights) and the entry points: fit on a fold of the
//! shared matrix, predict any rows of a matrix whose columns are mapped to the model's features.

use super::design::{linear_predictor, Design, BLOCK};
use super::least_squares::{lasso, ridge};
use super::logistic::{self, Penalty};
use super::matrix::ColumnMajor;
use super::standardiser::Standardiser;
use crate::error::{CoreError, CoreResult};
use crate::rows::Rows;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LinearKind {
  Logistic,
  Ridge,
  Lasso,
}

impl LinearKind {
  pub fn parse(s: &str) -> Option<Self> {
    match s {
      "logistic" => Some(Self::Logistic),
      "ridge" => Some(Self::Ridge),
      "lasso" => Some(Self::Lasso),
      _ => None,
    }
  }
}

#[derive(Clone, Debug)]
pub struct LinearParams {
  pub kind: LinearKind,
  /// Logistic only: true for L1, false for L2.
  pub l1: bool,
  /// Inverse regularisation strength of logistic regression (> 0).
  pub c: f64,
  /// Regularisation strength of ridge / lasso (≥ 0).
  pub alpha: f64,
  pub tol: f64,
  pub max_iter: usize,
}

fn out_of_range(name: &str, v: f64, range: &str) -> CoreError {
  CoreError::new("ERR_PARAM_OUT_OF_RANGE", format!("{name} must be {range}, got {v}"))
}

impl LinearParams {
  fn check(&self) -> CoreResult<()> {
    if self.kind == LinearKind::Logistic && !(self.c > 0.0 && self.c.is_finite()) {
      return Err(out_of_range("C", self.c, "a finite number > 0 (search space: 1e-4..1e2, log scale)"));
    }
    if self.kind != LinearKind::Logistic && !(self.alpha >= 0.0 && self.alpha.is_finite()) {
      return Err(out_of_range("alpha", self.alpha, "a finite number ≥ 0 (search space: 1e-4..1e2, log scale)"));
    }
    if !(self.tol > 0.0 && self.tol.is_finite()) {
      return Err(out_of_range("tol", self.tol, "a finite number > 0"));
    }
    if self.max_iter == 0 {
      return Err(out_of_range("maxIter", 0.0, "an integer ≥ 1"));
    }
    Ok(())
  }
}

#[derive(Clone, Debug)]
pub struct LinearModel {
  pub kind: LinearKind,
  pub standardiser: Standardiser,
  /// One weight per feature, on standardised features.
  pub coef: Vec<f64>,
  pub intercept: f64,
  pub iterations: usize,
  pub converged: bool,
}

fn check_labels<Y: Copy + Into<f64>>(y: &[Y], rows: &Rows, binary: bool) -> CoreResult<()> {
  let (mut pos, mut neg) = (0usize, 0usize);
  for r in rows.iter() {
    let v: f64 = y[r].into();
    if !v.is_finite() {
      return Err(CoreError::new(
        "ERR_MODEL_NAN_LABEL",
        format!("label at row {r} is {v}; train only on rows with a label (drop the last `horizon` rows)"),
      ));
    }
    if binary {
      match v {
        1.0 => pos += 1,
        0.0 => neg += 1,
        _ => {
          return Err(CoreError::new(
            "ERR_MODEL_LABEL_NOT_BINARY",
            format!("label at row {r} is {v}; logistic regression needs labels 0 or 1"),
          ))
        }
      }
    }
  }
  if binary && (pos == 0 || neg == 0) {
    return Err(CoreError::new(
      "ERR_MODEL_SINGLE_CLASS",
      format!("the training rows hold only {} labels; logistic regression needs both classes", if pos == 0 { "0" } else { "1" }),
    ));
  }
  Ok(())
}

/// Fit on `train_rows` of a column-major matrix; `names` are used in error messages only.
pub fn fit<Y: Copy + Into<f64>>(
  data: &[f32],
  rows: usize,
  names: &[String],
  y: &[Y],
  train_rows: &[u32],
  params: &LinearParams,
) -> CoreResult<LinearModel> {
  params.check()?;
  let m = ColumnMajor::new(data, rows)?;
  if m.cols == 0 {
    return Err(CoreError::new("ERR_MODEL_NO_FEATURES", "the matrix has no feature columns; pass at least one feature"));
  }
  if y.len() != rows {
    return Err(CoreError::new(
      "ERR_MODEL_LENGTH_MISMATCH",
      format!("the label has {} values but the matrix has {rows} rows; pass one label per matrix row", y.len()),
    ));
  }
  let train = Rows::checked(rows, Some(train_rows), "ERR_MODEL_ROW_OUT_OF_RANGE")?;
  if train.is_empty() {
    return Err(CoreError::new("ERR_MODEL_EMPTY_FOLD", "trainRows is empty; pass the row indices to train on"));
  }
  check_labels(y, &train, params.kind == LinearKind::Logistic)?;
  let standardiser = Standardiser::fit(&m, &train, names)?;
  let cols: Vec<usize> = (0..m.cols).collect();
  let design = Design::new(m, &cols, &standardiser, train);
  let fit = match params.kind {
    LinearKind::Logistic => {
      let penalty = if params.l1 { Penalty::L1 } else { Penalty::L2 };
      logistic::fit(&design, y, params.c, penalty, params.tol, params.max_iter)?
    }
    LinearKind::Ridge => ridge(&design, y, params.alpha)?,
    LinearKind::Lasso => lasso(&design, y, params.alpha, params.tol, params.max_iter)?,
  };
  Ok(LinearModel {
    kind: params.kind,
    standardiser,
    intercept: fit.coef[0],
    coef: fit.coef[1..].to_vec(),
    iterations: fit.iterations,
    converged: fit.converged,
  })
}

impl LinearModel {
  /// Predictions for `rows` (all rows when None) of a matrix; `columns[j]` is the matrix column
  /// of model feature j. Logistic models give probabilities, regressions values. Missing and
  /// non-finite features are imputed with the training mean, as in training.
  pub fn predict(&self, data: &[f32], rows: usize, columns: &[u32], subset: Option<&[u32]>) -> CoreResult<Vec<f32>> {
    let m = ColumnMajor::new(data, rows)?;
    if columns.len() != self.coef.len() || self.standardiser.len() != self.coef.len() {
      return Err(CoreError::new(
        "ERR_MODEL_COLUMNS_MISMATCH",
        format!("the model has {} features but {} columns were mapped to them", self.coef.len(), columns.len()),
      ));
    }
    if let Some(&c) = columns.iter().find(|&&c| c as usize >= m.cols) {
      return Err(CoreError::new("ERR_MODEL_COLUMNS_MISMATCH", format!("column {c} is outside the matrix ({} columns)", m.cols)));
    }
    let cols: Vec<usize> = columns.iter().map(|&c| c as usize).collect();
    let rows = Rows::checked(rows, subset, "ERR_MODEL_ROW_OUT_OF_RANGE")?;
    let design = Design::new(m, &cols, &self.standardiser, rows);
    let mut out = Vec::with_capacity(rows.len());
    let mut eta = vec![0.0; BLOCK];
    let logistic = self.kind == LinearKind::Logistic;
    design.for_blocks(|b| {
      linear_predictor(b, self.intercept, &self.coef, &mut eta);
      out.extend(eta[..b.len].iter().map(|&e| if logistic { (1.0 / (1.0 + (-e).exp())) as f32 } else { e as f32 }));
    });
    Ok(out)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// Column-major data with 3 features (one with NaNs) and a logistic label.
  fn synthetic(n: usize) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let mut s = 12345u64;
    let mut u = || {
      s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
      ((s >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let mut data = vec![0f32; 3 * n];
    let (mut y, mut t) = (vec![0f32; n], vec![0f32; n]);
    for r in 0..n {
      let a = u() * 4.0 - 2.0;
      let b = u() * 10.0 + 5.0;
      let c = u();
      data[r] = a as f32;
      data[n + r] = b as f32;
      data[2 * n + r] = if r % 17 == 0 { f32::NAN } else { c as f32 };
      let eta = 1.5 * a - 0.3 * (b - 10.0) + 0.2;
      y[r] = (u() < 1.0 / (1.0 + (-eta).exp())) as u8 as f32;
      t[r] = (2.0 * a + 0.5 * b + 0.3 * u()) as f32;
    }
    (data, y, t)
  }

  /// Standardised features of the training rows, written out naively.
  fn z(m: &LinearModel, data: &[f32], n: usize, r: usize) -> Vec<f64> {
    (0..3)
      .map(|j| {
        let x = data[j * n + r];
        if x.is_nan() { 0.0 } else { (x as f64 - m.standardiser.mean[j]) / m.standardiser.scale[j] }
      })
      .collect()
  }

  fn params(kind: LinearKind, l1: bool) -> LinearParams {
    LinearParams { kind, l1, c: 0.5, alpha: 0.05, tol: 1e-10, max_iter: 100 }
  }

  #[test]
  fn logistic_l2_solution_zeroes_the_objective_gradient() {
    let n = 3000;
    let (data, y, _) = synthetic(n);
    let train: Vec<u32> = (0..n as u32).filter(|r| r % 5 != 0).collect();
    let m = fit(&data, n, &[], &y, &train, &params(LinearKind::Logistic, false)).unwrap();
    assert!(m.converged);
    let mut g = vec![0.0; 4];
    for &r in &train {
      let zr = z(&m, &data, n, r as usize);
      let eta = m.intercept + zr.iter().zip(&m.coef).map(|(a, b)| a * b).sum::<f64>();
      let res = 1.0 / (1.0 + (-eta).exp()) - y[r as usize] as f64;
      g[0] += 0.5 * res;
      for j in 0..3 {
        g[j + 1] += 0.5 * res * zr[j];
      }
    }
    for j in 0..3 {
      g[j + 1] += m.coef[j];
    }
    assert!(g.iter().all(|v| v.abs() < 1e-7), "{g:?}");
    assert!(m.coef[0] > 0.5 && m.coef[1] < -0.2);
  }

  #[test]
  fn lasso_and_l1_logistic_meet_the_subgradient_conditions() {
    let n = 2000;
    let (data, y, t) = synthetic(n);
    let train: Vec<u32> = (0..n as u32).collect();
    for (kind, label, scale, lambda) in [(LinearKind::Lasso, &t, 1.0 / n as f64, 0.05), (LinearKind::Logistic, &y, 0.5, 1.0)] {
      let m = fit(&data, n, &[], label, &train, &params(kind, true)).unwrap();
      let mut g = vec![0.0; 4];
      for &r in &train {
        let zr = z(&m, &data, n, r as usize);
        let eta = m.intercept + zr.iter().zip(&m.coef).map(|(a, b)| a * b).sum::<f64>();
        let pred = if kind == LinearKind::Logistic { 1.0 / (1.0 + (-eta).exp()) } else { eta };
        let res = pred - label[r as usize] as f64;
        g[0] += scale * res;
        for j in 0..3 {
          g[j + 1] += scale * res * zr[j];
        }
      }
      assert!(g[0].abs() < 1e-7);
      for j in 0..3 {
        let w = m.coef[j];
        if w == 0.0 {
          assert!(g[j + 1].abs() <= lambda + 1e-7);
        } else {
          assert!((g[j + 1] + lambda * w.signum()).abs() < 1e-7, "{kind:?} {j} {g:?}");
        }
      }
    }
  }

  #[test]
  fn bad_inputs_are_coded() {
    let (data, y, _) = synthetic(100);
    let all: Vec<u32> = (0..100).collect();
    let mut p = params(LinearKind::Logistic, false);
    p.c = 0.0;
    assert_eq!(fit(&data, 100, &[], &y, &all, &p).unwrap_err().code, "ERR_PARAM_OUT_OF_RANGE");
    let p = params(LinearKind::Logistic, false);
    assert_eq!(fit(&data, 100, &[], &y, &[], &p).unwrap_err().code, "ERR_MODEL_EMPTY_FOLD");
    assert_eq!(fit(&data, 100, &[], &y[..99], &all, &p).unwrap_err().code, "ERR_MODEL_LENGTH_MISMATCH");
    assert_eq!(fit(&data, 100, &[], &vec![1f32; 100], &all, &p).unwrap_err().code, "ERR_MODEL_SINGLE_CLASS");
    let mut inf = data.clone();
    inf[5] = f32::INFINITY;
    assert_eq!(fit(&inf, 100, &[], &y, &all, &p).unwrap_err().code, "ERR_MODEL_FEATURE_NON_FINITE");
    assert_eq!(fit::<f32>(&[], 0, &[], &[], &[], &p).unwrap_err().code, "ERR_MODEL_MATRIX_SHAPE");
  }
}
