//! Ridge and lasso regression on the standardised design with scikit-learn's objectives:
//! ridge ‖y − b − Zw‖² + α‖w‖² solved exactly from the normal equations (Cholesky);
//! lasso (1/2n)‖y − b − Zw‖² + α‖w‖₁ by coordinate descent with covariance updates on the
//! Gram matrix. One pass over the fold builds the Gram matrix; the rest is O(p²).

use super::cholesky::solve;
use super::coordinate_descent::l1_quadratic;
use super::design::{add_gram, symmetrise, Design, BLOCK};
use super::logistic::Fit;
use crate::error::CoreResult;

fn gram<Y: Copy + Into<f64>>(design: &Design, y: &[Y]) -> (Vec<f64>, Vec<f64>) {
  let d = design.features() + 1;
  let (mut h, mut g, mut wz) = (vec![0.0; d * d], vec![0.0; d], Vec::new());
  let ones = vec![1.0; BLOCK];
  let mut v = vec![0.0; BLOCK];
  design.for_blocks(|b| {
    for i in 0..b.len {
      v[i] = y[b.rows[i]].into();
    }
    add_gram(b, &ones, &v, &mut h, &mut g, &mut wz);
  });
  symmetrise(&mut h, d);
  (h, g)
}

pub fn ridge<Y: Copy + Into<f64>>(design: &Design, y: &[Y], alpha: f64) -> CoreResult<Fit> {
  let d = design.features() + 1;
  let (mut h, g) = gram(design, y);
  for j in 1..d {
    h[j * d + j] += alpha;
  }
  Ok(Fit { coef: solve(&h, &g)?, iterations: 1, converged: true })
}

pub fn lasso<Y: Copy + Into<f64>>(design: &Design, y: &[Y], alpha: f64, tol: f64, max_iter: usize) -> CoreResult<Fit> {
  let d = design.features() + 1;
  let (mut h, mut g) = gram(design, y);
  let n = design.rows().len() as f64;
  h.iter_mut().for_each(|v| *v /= n);
  g.iter_mut().for_each(|v| *v /= n);
  let mut v = vec![0.0; d];
  v[0] = g[0] / h[0];
  let sweeps = l1_quadratic(&h, &g, alpha, &mut v, tol, max_iter);
  Ok(Fit { coef: v, iterations: sweeps, converged: sweeps < max_iter })
}
