//! State primitives the indicators are built from. Each keeps everything it needs to continue
//! exactly where the previous chunk stopped, so a chunked pass equals the whole-series pass bit
//! for bit: a fixed ring of past values and rolling Welford moments. (The column kernels read
//! history from the block instead; these serve the per-bar indicators.)

/// The last `cap` values pushed, oldest first.
#[derive(Clone, Debug)]
pub struct Ring {
  buf: Vec<f64>,
  head: usize,
  len: usize,
}

impl Ring {
  pub fn new(cap: usize) -> Self {
    Ring { buf: vec![0.0; cap.max(1)], head: 0, len: 0 }
  }
  pub fn cap(&self) -> usize {
    self.buf.len()
  }
  pub fn len(&self) -> usize {
    self.len
  }
  pub fn is_full(&self) -> bool {
    self.len == self.buf.len()
  }
  /// Push `x`; returns the value that fell out when the ring was full.
  #[inline]
  pub fn push(&mut self, x: f64) -> Option<f64> {
    let cap = self.buf.len();
    if self.len < cap {
      let mut i = self.head + self.len;
      if i >= cap {
        i -= cap;
      }
      self.buf[i] = x;
      self.len += 1;
      None
    } else {
      let old = std::mem::replace(&mut self.buf[self.head], x);
      self.head += 1;
      if self.head == cap {
        self.head = 0;
      }
      Some(old)
    }
  }
  /// The value pushed `back` pushes ago (0 = newest).
  #[inline]
  pub fn ago(&self, back: usize) -> Option<f64> {
    if back >= self.len {
      return None;
    }
    let mut i = self.head + self.len - 1 - back;
    if i >= self.buf.len() {
      i -= self.buf.len();
    }
    Some(self.buf[i])
  }
  /// The oldest value still held.
  #[inline]
  pub fn oldest(&self) -> Option<f64> {
    self.ago(self.len.wrapping_sub(1))
  }
  /// Oldest-first iteration.
  pub fn iter(&self) -> impl Iterator<Item = f64> + '_ {
    (0..self.len).map(move |i| self.buf[(self.head + i) % self.buf.len()])
  }
}

/// Rolling mean and variance of the last `n` values by Welford's update with removal.
#[derive(Clone, Debug)]
pub struct RollingMoments {
  ring: Ring,
  mean: f64,
  m2: f64,
  inv_n: f64,
}

impl RollingMoments {
  pub fn new(n: usize) -> Self {
    RollingMoments { ring: Ring::new(n), mean: 0.0, m2: 0.0, inv_n: 1.0 / n.max(1) as f64 }
  }
  pub fn push(&mut self, x: f64) {
    match self.ring.push(x) {
      None => {
        let k = self.ring.len() as f64;
        let d = x - self.mean;
        self.mean += d / k;
        self.m2 += d * (x - self.mean);
      }
      Some(old) => {
        let m0 = self.mean;
        self.mean += (x - old) * self.inv_n;
        self.m2 += (x - old) * (x - self.mean + old - m0);
        if self.m2 < 0.0 {
          self.m2 = 0.0;
        }
      }
    }
  }
  pub fn full(&self) -> bool {
    self.ring.is_full()
  }
  pub fn mean(&self) -> f64 {
    self.mean
  }
  /// Sample variance (ddof = 1), as pandas' rolling std.
  pub fn var_sample(&self) -> f64 {
    let k = self.ring.len();
    if k < 2 {
      f64::NAN
    } else {
      self.m2 / (k - 1) as f64
    }
  }
  /// Population variance (ddof = 0), as Bollinger bands use.
  pub fn var_population(&self) -> f64 {
    self.m2 / self.ring.len() as f64
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn rolling_moments_match_two_pass_variance() {
    let xs: Vec<f64> = (0..200).map(|i| ((i * 37) % 17) as f64 * 1.5 + 1e4).collect();
    let mut m = RollingMoments::new(20);
    for (i, &x) in xs.iter().enumerate() {
      m.push(x);
      if i >= 19 {
        let w = &xs[i - 19..=i];
        let mean = w.iter().sum::<f64>() / 20.0;
        let var = w.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 19.0;
        assert!((m.var_sample() - var).abs() < 1e-8 * var.max(1.0), "{i}");
      }
    }
  }
}
