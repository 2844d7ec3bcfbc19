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

#[inline]
pub fn sigmoid(x: f64) -> f64 {
  1.0 / (1.0 + (-x).exp())
}

/// Fill grad/hess (indexed by dataset row) for `rows` from the current scores.
pub fn gradients(objective: Objective, scale_pos_weight: f64, label: &[f32], score: &[f64], rows: &[u32], grad: &mut [f32], hess: &mut [f32]) {
  match objective {
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
