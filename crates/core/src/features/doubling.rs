//! Rolling maximum or minimum of a whole block by doubling: the extreme over 2w positions is the
//! extreme of two overlapping extremes over w, so a window of n takes ⌈log2 n⌉ elementwise passes
//! the compiler vectorises, with no data-dependent branches. Max and min are exact, so the result
//! is the same however the rows were split into blocks.

#[inline(always)]
fn pick<const MAX: bool>(a: f64, b: f64) -> f64 {
  if MAX {
    a.max(b)
  } else {
    a.min(b)
  }
}

/// `out[p]` = extreme of `x[p + 1 − n ..= p]` for `p ≥ n − 1`; `out[p] = 0` below.
#[inline(always)]
pub fn rolling_extreme<const MAX: bool>(x: &[f64], n: usize, tmp: &mut Vec<f64>, out: &mut Vec<f64>) {
  let len = x.len();
  let n = n.max(1);
  // `out` holds the extreme over `w` positions ending at each p (valid for p ≥ w − 1). The first
  // pass reads `x` itself, so the input is never copied.
  let mut w = 1;
  if n == 1 {
    out.clear();
    out.extend_from_slice(x);
  } else {
    step::<MAX>(x, out, 1);
    w = 2;
  }
  while 2 * w <= n {
    step::<MAX>(out, tmp, w);
    std::mem::swap(out, tmp);
    w *= 2;
  }
  if w < n {
    step::<MAX>(out, tmp, n - w);
    std::mem::swap(out, tmp);
  }
  out[..(n - 1).min(len)].fill(0.0);
}

/// `dst[p] = pick(src[p], src[p − k])` for p ≥ k; `dst[p] = src[p]` below.
#[inline(always)]
fn step<const MAX: bool>(src: &[f64], dst: &mut Vec<f64>, k: usize) {
  let len = src.len();
  let k = k.min(len);
  dst.clear();
  dst.extend_from_slice(&src[..k]);
  dst.extend(src[k..].iter().zip(&src[..len - k]).map(|(&a, &b)| pick::<MAX>(a, b)));
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn doubling_matches_a_naive_window_for_every_length() {
    let xs: Vec<f64> = (0..300).map(|i| ((i * 7919) % 101) as f64 - 50.0).collect();
    let (mut tmp, mut hi, mut lo) = (vec![], vec![], vec![]);
    for n in [1usize, 2, 3, 5, 8, 14, 63, 64, 65, 200] {
      rolling_extreme::<true>(&xs, n, &mut tmp, &mut hi);
      rolling_extreme::<false>(&xs, n, &mut tmp, &mut lo);
      for p in n - 1..xs.len() {
        let w = &xs[p + 1 - n..=p];
        assert_eq!(hi[p], w.iter().cloned().fold(f64::MIN, f64::max), "n={n} p={p}");
        assert_eq!(lo[p], w.iter().cloned().fold(f64::MAX, f64::min), "n={n} p={p}");
      }
    }
  }
}
