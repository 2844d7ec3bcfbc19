//! How much a score moves across folds: a model that wins on average but swings from fold to
//! fold is a worse bet than a steady one. std is the population std (numpy's default, ddof 0).

use crate::error::{CoreError, CoreResult};

#[derive(Clone, Debug, PartialEq)]
pub struct FoldStability {
  pub mean: f64,
  pub std: f64,
  pub min: f64,
  pub max: f64,
}

pub fn fold_stability(values: &[f64]) -> CoreResult<FoldStability> {
  if values.is_empty() {
    return Err(CoreError::new("ERR_METRIC_EMPTY", "fold stability needs at least one fold's value"));
  }
  if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
    return Err(CoreError::new("ERR_METRIC_NAN_SCORE", format!("fold {i} has value {v}; every fold needs a finite score")));
  }
  let n = values.len() as f64;
  let mean = values.iter().sum::<f64>() / n;
  let std = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
  let min = values.iter().copied().fold(f64::INFINITY, f64::min);
  let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
  Ok(FoldStability { mean, std, min, max })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn population_std_of_fold_scores() {
    let s = fold_stability(&[0.5, 0.7, 0.6]).unwrap();
    assert!((s.mean - 0.6).abs() < 1e-15);
    assert!((s.std - (0.02f64 / 3.0).sqrt()).abs() < 1e-15);
    assert_eq!((s.min, s.max), (0.5, 0.7));
    assert_eq!(fold_stability(&[]).unwrap_err().code, "ERR_METRIC_EMPTY");
  }
}
