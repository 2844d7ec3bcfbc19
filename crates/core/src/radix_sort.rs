//! Order-preserving integer keys for floats and an LSD radix sort over them. Sorting scores is
//! the whole cost of ROC-AUC on a big fold; a radix sort is linear. f32 scores sort as u32 keys
//! (three 11-bit passes), f64 as u64 (six), and a pass whose digit is the same for every key is
//! skipped, so f64 scores that came from f32 cost no more passes than they need.

/// A float type whose values map to integer keys that sort like the floats.
pub trait SortKey: Copy + Into<f64> {
  type Key: RadixKey;
  fn key(self) -> Self::Key;
}

pub trait RadixKey: Copy + Ord + Default {
  const BITS: u32;
  fn digit(self, shift: u32) -> usize;
}

/// Flip all bits of negatives, set the sign bit of positives; `-0.0` maps to the key of `+0.0`
/// so that equal values always tie.
macro_rules! float_key {
  ($float:ty, $key:ty) => {
    impl SortKey for $float {
      type Key = $key;
      #[inline(always)]
      fn key(self) -> $key {
        const SIGN: $key = 1 << (<$key>::BITS - 1);
        let b = (if self == 0.0 { 0.0 } else { self }).to_bits();
        if b & SIGN != 0 {
          !b
        } else {
          b | SIGN
        }
      }
    }

    impl RadixKey for $key {
      const BITS: u32 = <$key>::BITS;
      #[inline(always)]
      fn digit(self, shift: u32) -> usize {
        ((self >> shift) as usize) & MASK
      }
    }
  };
}

float_key!(f64, u64);
float_key!(f32, u32);

const DIGIT: u32 = 11;
const BUCKETS: usize = 1 << DIGIT;
const MASK: usize = BUCKETS - 1;

/// Sort `keys` ascending in place (`scratch` is resized as needed).
pub fn sort<K: RadixKey>(keys: &mut Vec<K>, scratch: &mut Vec<K>) {
  let n = keys.len();
  if n < 256 {
    keys.sort_unstable();
    return;
  }
  let passes = K::BITS.div_ceil(DIGIT) as usize;
  let mut counts = vec![0u32; passes * BUCKETS];
  for &k in keys.iter() {
    for d in 0..passes {
      counts[d * BUCKETS + k.digit(d as u32 * DIGIT)] += 1;
    }
  }
  scratch.clear();
  scratch.resize(n, K::default());
  for d in 0..passes {
    let c = &counts[d * BUCKETS..(d + 1) * BUCKETS];
    if c.contains(&(n as u32)) {
      continue; // every key has the same digit here: the pass would not move anything
    }
    let mut start = [0u32; BUCKETS];
    let mut acc = 0;
    for b in 0..BUCKETS {
      start[b] = acc;
      acc += c[b];
    }
    let shift = d as u32 * DIGIT;
    for &k in keys.iter() {
      let b = k.digit(shift);
      scratch[start[b] as usize] = k;
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
      assert!(w[0].key() < w[1].key(), "{} vs {}", w[0], w[1]);
      assert!((w[0] as f32).key() <= (w[1] as f32).key());
    }
    assert_eq!((-0.0f64).key(), 0.0f64.key());
    assert_eq!((-0.0f32).key(), 0.0f32.key());
  }

  fn check<T: SortKey + PartialOrd>(mut xs: Vec<T>) {
    let mut keys: Vec<T::Key> = xs.iter().map(|x| x.key()).collect();
    sort(&mut keys, &mut Vec::new());
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert!(keys == xs.iter().map(|x| x.key()).collect::<Vec<_>>());
  }

  #[test]
  fn radix_sort_matches_a_comparison_sort() {
    let mut state = 0x9e3779b97f4a7c15u64;
    let xs: Vec<f64> = (0..5000)
      .map(|i| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let v = (state % 100_000) as f64 / 7.0 - 7000.0;
        if i % 3 == 0 { (v as f32) as f64 } else { v }
      })
      .collect();
    check(xs.iter().map(|&x| x as f32).collect());
    check(xs);
  }
}
