//! Order-preserving keys for floats and an LSD radix sort over them. Sorting scores is the whole
//! cost of ROC-AUC on a big fold; a radix sort is linear, and passes whose byte is the same for
//! every key are skipped, so scores that came from f32 cost five passes, not eight.

/// A u64 that sorts like the float: flip all bits of negatives, set the sign bit of positives.
/// `-0.0` maps to the key of `+0.0` so that equal values always tie.
#[inline(always)]
pub fn f64_key(x: f64) -> u64 {
  let x = if x == 0.0 { 0.0 } else { x };
  let b = x.to_bits();
  if b >> 63 == 1 {
    !b
  } else {
    b | (1 << 63)
  }
}

/// Sort `keys` ascending in place (stable; `scratch` is resized as needed).
pub fn sort_u64(keys: &mut Vec<u64>, scratch: &mut Vec<u64>) {
  let n = keys.len();
  if n < 64 {
    keys.sort_unstable();
    return;
  }
  let mut counts = vec![[0usize; 256]; 8];
  for &k in keys.iter() {
    for (d, c) in counts.iter_mut().enumerate() {
      c[((k >> (8 * d)) & 0xff) as usize] += 1;
    }
  }
  scratch.clear();
  scratch.resize(n, 0);
  for (d, c) in counts.iter().enumerate() {
    if c.contains(&n) {
      continue; // every key has the same byte here: the pass would not move anything
    }
    let mut start = [0usize; 256];
    let mut acc = 0;
    for b in 0..256 {
      start[b] = acc;
      acc += c[b];
    }
    for &k in keys.iter() {
      let b = ((k >> (8 * d)) & 0xff) as usize;
      scratch[start[b]] = k;
      start[b] += 1;
    }
    std::mem::swap(keys, scratch);
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn keys_order_like_the_floats_they_encode_and_zeroes_tie() {
    let xs = [-f64::INFINITY, -3.5, -1e-300, 0.0, 1e-300, 2.0, f64::INFINITY];
    for w in xs.windows(2) {
      assert!(f64_key(w[0]) < f64_key(w[1]), "{} vs {}", w[0], w[1]);
    }
    assert_eq!(f64_key(-0.0), f64_key(0.0));
  }

  #[test]
  fn radix_sort_matches_a_comparison_sort() {
    let mut state = 0x9e3779b97f4a7c15u64;
    let mut xs: Vec<f64> = (0..5000)
      .map(|i| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let v = (state % 1000) as f64 / 7.0 - 70.0;
        if i % 3 == 0 { (v as f32) as f64 } else { v }
      })
      .collect();
    let mut keys: Vec<u64> = xs.iter().map(|&x| f64_key(x)).collect();
    sort_u64(&mut keys, &mut Vec::new());
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(keys, xs.iter().map(|&x| f64_key(x)).collect::<Vec<_>>());
  }
}
