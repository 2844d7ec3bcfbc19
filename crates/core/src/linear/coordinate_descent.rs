//! Coordinate descent for an L1-penalised quadratic, the inner problem of both the lasso and
//! L1 logistic regression: minimise ½·vᵀAv − bᵀv + λ·Σ_{j≥1}|vⱼ| (coordinate 0, the intercept,
//! is not penalised). `A` is the small (features + 1)² Gram matrix, so a sweep costs O(p²)
//! whatever the number of rows ("covariance updates").

/// Returns the number of sweeps; `v` holds the start on entry and the minimiser on exit.
pub fn l1_quadratic(a: &[f64], b: &[f64], lambda: f64, v: &mut [f64], tol: f64, max_sweeps: usize) -> usize {
  let d = b.len();
  let mut av: Vec<f64> = (0..d).map(|i| (0..d).map(|k| a[i * d + k] * v[k]).sum()).collect();
  for sweep in 1..=max_sweeps {
    let mut largest = 0.0f64;
    for j in 0..d {
      let ajj = a[j * d + j];
      if ajj <= 0.0 {
        continue; // a feature constant on the training rows carries no information
      }
      let u = v[j] - (av[j] - b[j]) / ajj;
      let new = if j == 0 { u } else { soft_threshold(u, lambda / ajj) };
      let delta = new - v[j];
      if delta != 0.0 {
        v[j] = new;
        for i in 0..d {
          av[i] += delta * a[i * d + j];
        }
        largest = largest.max(delta.abs() * ajj.sqrt());
      }
    }
    if largest <= tol {
      return sweep;
    }
  }
  max_sweeps
}

#[inline]
pub fn soft_threshold(u: f64, t: f64) -> f64 {
  if u > t {
    u - t
  } else if u < -t {
    u + t
  } else {
    0.0
  }
}

#[cfg(test)]
mod tests {
  #[test]
  fn orthogonal_design_gives_soft_thresholded_least_squares() {
    // A = I: the minimiser is b soft-thresholded by λ, intercept untouched.
    let a = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
    let mut v = [0.0; 3];
    super::l1_quadratic(&a, &[0.7, 0.7, -0.2], 0.3, &mut v, 1e-14, 100);
    assert_eq!(v, [0.7, 0.7 - 0.3, 0.0]);
  }
}
