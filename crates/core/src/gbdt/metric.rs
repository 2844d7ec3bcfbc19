//! Validation scores used for early stopping and progress reports.

use super::objective::sigmoid;
use super::params::Metric;

pub fn evaluate(metric: Metric, label: &[f32], score: &[f64], rows: &[u32]) -> f64 {
  match metric {
    Metric::Logloss => {
      let mut s = 0.0;
      for &r in rows {
        let p = sigmoid(score[r as usize]).clamp(1e-15, 1.0 - 1e-15);
        let y = label[r as usize] as f64;
        s -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
      }
      s / rows.len().max(1) as f64
    }
    Metric::L2 => {
      let mut s = 0.0;
      for &r in rows {
        let d = score[r as usize] - label[r as usize] as f64;
        s += d * d;
      }
      s / rows.len().max(1) as f64
    }
    Metric::Auc => {
      let pairs: Vec<(f64, bool)> = rows.iter().map(|&r| (score[r as usize], label[r as usize] > 0.5)).collect();
      auc(pairs)
    }
  }
}

/// ROC-AUC with ties counted half (Mann–Whitney U).
pub fn auc(mut pairs: Vec<(f64, bool)>) -> f64 {
  pairs.sort_unstable_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
  let (mut pos, mut neg, mut rank_sum) = (0f64, 0f64, 0f64);
  let mut i = 0;
  while i < pairs.len() {
    let mut j = i;
    while j < pairs.len() && pairs[j].0 == pairs[i].0 {
      j += 1;
    }
    let avg_rank = (i + j + 1) as f64 / 2.0;
    for p in &pairs[i..j] {
      if p.1 {
        pos += 1.0;
        rank_sum += avg_rank;
      } else {
        neg += 1.0;
      }
    }
    i = j;
  }
  if pos == 0.0 || neg == 0.0 {
    return f64::NAN;
  }
  (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}
