//! Feature standardisation fitted on the training rows only, so nothing about validation or
//! test rows reaches the model. Missing values (NaN) are imputed with the training mean, which
//! is 0 after standardising; a column that is constant on the training rows keeps scale 1 (as
//! scikit-learn's StandardScaler). Means and scales use the population variance (ddof 0).

use super::matrix::ColumnMajor;
use crate::error::{CoreError, CoreResult};
use crate::rows::Rows;

#[derive(Clone, Debug, PartialEq)]
pub struct Standardiser {
  pub mean: Vec<f64>,
  pub scale: Vec<f64>,
}

impl Standardiser {
  /// Fit on `rows` of every column; ±Inf on a training row is refused (NaN is missing).
  pub fn fit(m: &ColumnMajor, rows: &Rows, names: &[String]) -> CoreResult<Self> {
    let mut mean = Vec::with_capacity(m.cols);
    let mut scale = Vec::with_capacity(m.cols);
    for c in 0..m.cols {
      let col = m.column(c);
      let (mut n, mut sum) = (0usize, 0.0f64);
      for r in rows.iter() {
        let x = col[r];
        if x.is_nan() {
          continue;
        }
        if x.is_infinite() {
          let name = names.get(c).cloned().unwrap_or_else(|| format!("#{c}"));
          return Err(CoreError::new(
            "ERR_MODEL_FEATURE_NON_FINITE",
            format!("feature '{name}' is {x} at row {r}; replace infinities (NaN is imputed with the training mean)"),
          )
          .in_column(name));
        }
        n += 1;
        sum += x as f64;
      }
      let mu = if n > 0 { sum / n as f64 } else { 0.0 };
      let ss: f64 = rows.iter().map(|r| col[r]).filter(|x| !x.is_nan()).map(|x| (x as f64 - mu).powi(2)).sum();
      let sd = if n > 0 { (ss / n as f64).sqrt() } else { 0.0 };
      mean.push(mu);
      scale.push(if sd > 10.0 * f64::EPSILON * mu.abs().max(1.0) { sd } else { 1.0 });
    }
    Ok(Self { mean, scale })
  }

  pub fn len(&self) -> usize {
    self.mean.len()
  }

  pub fn is_empty(&self) -> bool {
    self.mean.is_empty()
  }
}
