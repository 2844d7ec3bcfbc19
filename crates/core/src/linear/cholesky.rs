//! Solve a small symmetric positive-definite system (the Newton and ridge normal equations,
//! dimension features + 1) by Cholesky factorisation.

use crate::error::{CoreError, CoreResult};

/// Solve `a x = b` for symmetric positive-definite `a` (d×d, row-major).
pub fn solve(a: &[f64], b: &[f64]) -> CoreResult<Vec<f64>> {
  let d = b.len();
  let mut l = vec![0.0; d * d];
  for j in 0..d {
    let mut s = a[j * d + j];
    for k in 0..j {
      s -= l[j * d + k] * l[j * d + k];
    }
    // A pivot lost to rounding (relative to its diagonal) means the matrix is singular in all
    // but name; solving would return huge, meaningless weights.
    if s.is_nan() || s <= 1e-10 * a[j * d + j].abs() || !s.is_finite() {
      return Err(CoreError::new(
        "ERR_MODEL_SINGULAR",
        "the normal equations are singular (perfectly collinear or constant features with no penalty); raise alpha or drop duplicate features",
      ));
    }
    let ljj = s.sqrt();
    l[j * d + j] = ljj;
    for i in j + 1..d {
      let mut s = a[i * d + j];
      for k in 0..j {
        s -= l[i * d + k] * l[j * d + k];
      }
      l[i * d + j] = s / ljj;
    }
  }
  let mut y = b.to_vec();
  for i in 0..d {
    for k in 0..i {
      y[i] -= l[i * d + k] * y[k];
    }
    y[i] /= l[i * d + i];
  }
  for i in (0..d).rev() {
    for k in i + 1..d {
      y[i] -= l[k * d + i] * y[k];
    }
    y[i] /= l[i * d + i];
  }
  Ok(y)
}

#[cfg(test)]
mod tests {
  #[test]
  fn solves_a_known_system() {
    let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
    let x = [1.0, -2.0, 0.5];
    let b: Vec<f64> = (0..3).map(|i| (0..3).map(|k| a[i * 3 + k] * x[k]).sum()).collect();
    let got = super::solve(&a, &b).unwrap();
    for (g, w) in got.iter().zip(x) {
      assert!((g - w).abs() < 1e-12);
    }
    assert_eq!(super::solve(&[1.0, 1.0, 1.0, 1.0], &[1.0, 1.0]).unwrap_err().code, "ERR_MODEL_SINGULAR");
  }
}
