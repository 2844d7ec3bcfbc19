//! Gradients and hessians of the objectives, and the starting score (boost from the average).

use super::params::Objective;

/// Log-odds of the positive rate (binary) or the mean (regression) over the training rows.
pub fn base_score(objective: Objective, label: &[f32], rows: &[u32]) -> f64 {
  let n = rows.len().max(1) as f64;
  let sum: f64 = rows.iter().map(|&r| label[r as usize] as f64).sum();
  match objective {
    Objective::Binary => {
      let p = (sum / n).clamp(1e-15, 1.0 - 1e-15);
      (p / (1.0 - p)).ln()
    }
    Objective::Regression => sum / n,
  }
}

/// LightGBM's BinaryLogloss::GetGradients (sigmoid 1): with label ±1, response =
/// −label / (1 + exp(label·score)), hessian = |response|·(1 − |response|), both weighted and then
/// rounded to f32. The same values as (p − y, p(1 − p)) but rounded differently for positives, and
/// ties between splits in the first trees follow the last bits (see `lightgbm_split`).
#[inline]
pub fn lightgbm_gradient(positive: bool, scale_pos_weight: f64, score: f64) -> (f32, f32) {
  let (label, w) = if positive { (1.0, scale_pos_weight) } else { (-1.0, 1.0) };
  let response = -label / (1.0 + (label * score).exp());
  let a = response.abs();
  ((response * w) as f32, (a * (1.0 - a) * w) as f32)
}

#[inline]
pub fn sigmoid(x: f64) -> f64 {
  1.0 / (1.0 + (-x).exp())
}

/// Fill grad/hess (indexed by dataset row) for `rows` from the current scores; `lightgbm`:
/// binary logloss in LightGBM's operations (see `lightgbm_gradient`).
#[allow(clippy::too_many_arguments)]
pub fn gradients(objective: Objective, scale_pos_weight: f64, lightgbm: bool, label: &[f32], score: &[f64], rows: &[u32], grad: &mut [f32], hess: &mut [f32]) {
  match objective {
    Objective::Binary if lightgbm => {
      for &r in rows {
        let r = r as usize;
        (grad[r], hess[r]) = lightgbm_gradient(label[r] > 0.5, scale_pos_weight, score[r]);
      }
    }
    Objective::Binary => {
      for &r in rows {
        let r = r as usize;
        let y = label[r] as f64;
        let p = sigmoid(score[r]);
        let w = if y > 0.5 { scale_pos_weight } else { 1.0 };
        grad[r] = ((p - y) * w) as f32;
        hess[r] = ((p * (1.0 - p)).max(1e-16) * w) as f32;
      }
    }
    Objective::Regression => {
      for &r in rows {
        let r = r as usize;
        grad[r] = (score[r] - label[r] as f64) as f32;
        hess[r] = 1.0;
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn lightgbm_gradient_is_the_logloss_gradient_weighted_for_positives() {
    for s in [-3.0, -0.2, 0.0, 1.7] {
      let p = sigmoid(s);
      let (g0, h0) = lightgbm_gradient(false, 3.0, s);
      assert_eq!((g0, h0), (p as f32, (p * (1.0 - p)) as f32));
      let (g1, h1) = lightgbm_gradient(true, 3.0, s);
      assert!((g1 as f64 - 3.0 * (p - 1.0)).abs() < 1e-6 && (h1 as f64 - 3.0 * p * (1.0 - p)).abs() < 1e-6);
    }
  }

  #[test]
  fn lightgbm_gradient_of_a_positive_is_computed_from_exp_of_the_score() {
    // -1 / (1 + e^s), not sigmoid(s) - 1: the two round differently
    let s: f64 = -2.7080502011022101;
    let want = -1.0 / (1.0 + s.exp());
    assert_eq!(lightgbm_gradient(true, 1.0, s).0, want as f32);
  }
}
