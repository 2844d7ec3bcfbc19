//! Row and column sampling, all driven by the trainer's seeded generator.

use super::rng::Rng;

/// A `fraction` of `from` (at least one), drawn without replacement, in ascending order.
pub fn sample_features(from: &[usize], fraction: f64, rng: &mut Rng) -> Vec<usize> {
  let k = ((from.len() as f64 * fraction).round() as usize).clamp(1, from.len());
  if k == from.len() {
    return from.to_vec();
  }
  let mut v = from.to_vec();
  for i in 0..k {
    let j = i + rng.below(v.len() - i);
    v.swap(i, j);
  }
  v.truncate(k);
  v.sort_unstable();
  v
}

/// Bernoulli bag: each row kept with probability `p`; keeps order. Never empty.
pub fn bernoulli_bag(rows: &[u32], p: f64, rng: &mut Rng, out: &mut Vec<u32>) {
  out.clear();
  for &r in rows {
    if rng.uniform() < p {
      out.push(r);
    }
  }
  if out.is_empty() {
    out.push(rows[rng.below(rows.len())]);
  }
}

/// Bayesian bootstrap weight (-ln U)^temperature (CatBoost's `Bayesian` bootstrap).
#[inline]
pub fn bayesian_weight(rng: &mut Rng, temperature: f64) -> f64 {
  let u = rng.uniform().max(1e-300);
  (-u.ln()).powf(temperature)
}
