//! A small seeded generator (SplitMix64): sampling must be reproducible for a seed and identical
//! on every platform, so no OS or thread-local randomness.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
  pub fn new(seed: u64) -> Self {
    Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
  }
  #[inline]
  pub fn next_u64(&mut self) -> u64 {
    self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = self.0;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  #[inline]
  pub fn uniform(&mut self) -> f64 {
    (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
  }
  /// Uniform integer in [0, n).
  #[inline]
  pub fn below(&mut self, n: usize) -> usize {
    ((self.next_u64() >> 32) * n as u64 >> 32) as usize
  }
}
