//! Logistic regression on the standardised design with scikit-learn's objective:
//! C·Σ logloss + ½‖w‖² (L2) or C·Σ logloss + ‖w‖₁ (L1), intercept not penalised.
//! L2 is solved by Newton's method (Cholesky of the (p+1)² Hessian, backtracking line search);
//! L1 by proximal Newton: each step minimises the quadratic model plus the L1 term by
//! coordinate descent, then backtracks on the true objective. Both converge quadratically, so
//! a fit costs a handful of passes over the fold.

use super::cholesky::solve;
use super::coordinate_descent::l1_quadratic;
use super::design::{add_gram, linear_predictor, symmetrise, Design, BLOCK};
use crate::error::CoreResult;

pub struct Fit {
  /// Intercept first, then one weight per feature (standardised space).
  pub coef: Vec<f64>,
  pub iterations: usize,
  pub converged: bool,
}

struct Eval {
  f: f64,
  g: Vec<f64>,
  h: Vec<f64>,
}

#[inline]
fn softplus(x: f64) -> f64 {
  x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// C·Σ logloss, its gradient and Hessian at `x` (no penalty).
fn evaluate<Y: Copy + Into<f64>>(design: &Design, y: &[Y], c: f64, x: &[f64]) -> Eval {
  let d = design.features() + 1;
  let (mut h, mut g, mut f) = (vec![0.0; d * d], vec![0.0; d], 0.0);
  let (mut eta, mut resid, mut weight, mut wz) = (vec![0.0; BLOCK], vec![0.0; BLOCK], vec![0.0; BLOCK], Vec::new());
  design.for_blocks(|b| {
    linear_predictor(b, x[0], &x[1..], &mut eta);
    for i in 0..b.len {
      let yi: f64 = y[b.rows[i]].into();
      let e = eta[i];
      let p = 1.0 / (1.0 + (-e).exp());
      f += softplus(e) - yi * e;
      resid[i] = p - yi;
      weight[i] = p * (1.0 - p);
    }
    add_gram(b, &weight, &resid, &mut h, &mut g, &mut wz);
  });
  symmetrise(&mut h, d);
  h.iter_mut().for_each(|v| *v *= c);
  g.iter_mut().for_each(|v| *v *= c);
  Eval { f: f * c, g, h }
}

fn l1(x: &[f64]) -> f64 {
  x[1..].iter().map(|v| v.abs()).sum()
}

fn l2(x: &[f64]) -> f64 {
  0.5 * x[1..].iter().map(|v| v * v).sum::<f64>()
}

/// Start from the intercept that fits the base rate, all weights 0.
fn start<Y: Copy + Into<f64>>(design: &Design, y: &[Y]) -> Vec<f64> {
  let rows = design.rows();
  let pos: f64 = rows.iter().map(|r| y[r].into()).sum();
  let rate = pos / rows.len() as f64;
  let mut x = vec![0.0; design.features() + 1];
  x[0] = (rate / (1.0 - rate)).ln();
  x
}

pub enum Penalty {
  L1,
  L2,
}

/// Fit; labels are 0/1 on every training row and both classes are present (checked by the caller).
pub fn fit<Y: Copy + Into<f64>>(
  design: &Design,
  y: &[Y],
  c: f64,
  penalty: Penalty,
  tol: f64,
  max_iter: usize,
) -> CoreResult<Fit> {
  let d = design.features() + 1;
  let reg = |x: &[f64]| match penalty {
    Penalty::L1 => l1(x),
    Penalty::L2 => l2(x),
  };
  let mut x = start(design, y);
  let mut ev = evaluate(design, y, c, &x);
  for it in 1..=max_iter {
    let (step, decrease) = match penalty {
      Penalty::L2 => {
        let mut h = ev.h.clone();
        let mut g = ev.g.clone();
        for j in 1..d {
          h[j * d + j] += 1.0;
          g[j] += x[j];
        }
        let step = solve(&h, &g.iter().map(|v| -v).collect::<Vec<_>>())?;
        let dec: f64 = g.iter().zip(&step).map(|(a, b)| a * b).sum();
        (step, dec)
      }
      Penalty::L1 => {
        // Quadratic model around x: ½vᵀHv − (Hx − g)ᵀv + ‖v‖₁.
        let b: Vec<f64> = (0..d).map(|i| (0..d).map(|k| ev.h[i * d + k] * x[k]).sum::<f64>() - ev.g[i]).collect();
        let mut v = x.clone();
        l1_quadratic(&ev.h, &b, 1.0, &mut v, tol * 1e-3, 10_000);
        let step: Vec<f64> = v.iter().zip(&x).map(|(a, b)| a - b).collect();
        let dec = ev.g.iter().zip(&step).map(|(a, b)| a * b).sum::<f64>() + l1(&v) - l1(&x);
        (step, dec)
      }
    };
    if step.iter().all(|s| s.abs() <= tol) {
      return Ok(Fit { coef: x, iterations: it, converged: true });
    }
    let f0 = ev.f + reg(&x);
    if decrease.abs() <= 1e-13 * (1.0 + f0.abs()) {
      // The predicted decrease is below the rounding noise of the objective, so the line
      // search cannot judge the step; this close to the optimum the full Newton step is right.
      x.iter_mut().zip(&step).for_each(|(a, s)| *a += s);
      ev = evaluate(design, y, c, &x);
      continue;
    }
    let mut t = 1.0;
    loop {
      let trial: Vec<f64> = x.iter().zip(&step).map(|(a, s)| a + t * s).collect();
      let e = evaluate(design, y, c, &trial);
      if e.f + reg(&trial) <= f0 + 1e-4 * t * decrease.min(0.0) {
        x = trial;
        ev = e;
        break;
      }
      t *= 0.5;
      if t < 1e-10 {
        // No step lowers the objective any more: x is optimal to rounding.
        return Ok(Fit { coef: x, iterations: it, converged: true });
      }
    }
  }
  Ok(Fit { coef: x, iterations: max_iter, converged: false })
}
