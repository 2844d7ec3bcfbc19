//! State primitives the indicators are built from. Each keeps everything it needs to continue
//! exactly where the previous chunk stopped, so a chunked pass equals the whole-series pass bit
//! for bit: a fixed ring of past values, a compensated running sum, rolling Welford moments and
//! monotone deques for rolling extremes.


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

/// Kahan-compensated running sum (branch-free): adding and removing millions of values keeps the
/// error at a few ulps instead of drifting.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompSum {
  sum: f64,
  c: f64,
}

impl CompSum {
  #[inline]
  pub fn add(&mut self, x: f64) {
    let y = x - self.c;
    let t = self.sum + y;
    self.c = (t - self.sum) - y;
    self.sum = t;
  }
  #[inline]
  pub fn value(&self) -> f64 {
    self.sum
  }
}

/// Sum of the last `n` values (compensated), with the window itself.
#[derive(Clone, Debug)]
pub struct RollingSum {
  ring: Ring,
  sum: CompSum,
}

impl RollingSum {
  pub fn new(n: usize) -> Self {
    RollingSum { ring: Ring::new(n), sum: CompSum::default() }
  }
  pub fn push(&mut self, x: f64) {
    if let Some(old) = self.ring.push(x) {
      self.sum.add(-old);
    }
    self.sum.add(x);
  }
  pub fn full(&self) -> bool {
    self.ring.is_full()
  }
  pub fn sum(&self) -> f64 {
    self.sum.value()
  }
  pub fn mean(&self) -> f64 {
    self.sum.value() / self.ring.len() as f64
  }
  pub fn ring(&self) -> &Ring {
    &self.ring
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

/// Rolling maximum (or minimum) of the last `n` values with the position it occurred at: a
/// monotone deque kept in a power-of-two ring (at most `n` entries live at once).
#[derive(Clone, Debug)]
pub struct MonotoneDeque {
  n: u64,
  max: bool,
  pos: Vec<u64>,
  val: Vec<f64>,
  mask: usize,
  head: usize,
  tail: usize,
  t: u64,
}

impl MonotoneDeque {
  pub fn new(n: usize, max: bool) -> Self {
    let cap = (n + 1).next_power_of_two();
    MonotoneDeque { n: n as u64, max, pos: vec![0; cap], val: vec![0.0; cap], mask: cap - 1, head: 0, tail: 0, t: 0 }
  }
  #[inline]
  pub fn push(&mut self, x: f64) {
    while self.tail != self.head {
      let v = self.val[(self.tail.wrapping_sub(1)) & self.mask];
      let dominated = if self.max { v <= x } else { v >= x };
      if !dominated {
        break;
      }
      self.tail = self.tail.wrapping_sub(1);
    }
    let i = self.tail & self.mask;
    self.pos[i] = self.t;
    self.val[i] = x;
    self.tail = self.tail.wrapping_add(1);
    self.t += 1;
    if self.pos[self.head & self.mask] + self.n < self.t {
      self.head = self.head.wrapping_add(1);
    }
  }
  pub fn full(&self) -> bool {
    self.t >= self.n
  }
  #[inline]
  pub fn value(&self) -> f64 {
    if self.head == self.tail {
      f64::NAN
    } else {
      self.val[self.head & self.mask]
    }
  }
  /// Bars since the extreme (0 = the newest value). Ties go to the newest.
  pub fn age(&self) -> u64 {
    if self.head == self.tail {
      0
    } else {
      self.t - 1 - self.pos[self.head & self.mask]
    }
  }
}

/// Rolling maximum (or minimum) of the last `n` values without branches on the data (van Herk /
/// Gil-Werman): values are taken in blocks of `n`; when a block completes its suffix extremes are
/// computed once, and the window's extreme is the previous block's suffix at the current offset
/// combined with the running prefix extreme of the current block. O(1) amortised, ~3 compares.
#[derive(Clone, Debug)]
pub struct RollingExtreme {
  max: bool,
  block: Vec<f64>,
  suffix: Vec<f64>,
  prefix: f64,
  k: usize,
  has_prev: bool,
  seen: u64,
}

impl RollingExtreme {
  pub fn new(n: usize, max: bool) -> Self {
    let n = n.max(1);
    RollingExtreme { max, block: vec![0.0; n], suffix: vec![0.0; n], prefix: Self::identity(max), k: 0, has_prev: false, seen: 0 }
  }
  fn identity(max: bool) -> f64 {
    if max {
      f64::NEG_INFINITY
    } else {
      f64::INFINITY
    }
  }
  #[inline]
  fn ext(&self, a: f64, b: f64) -> f64 {
    if self.max {
      a.max(b)
    } else {
      a.min(b)
    }
  }
  #[inline]
  pub fn push(&mut self, x: f64) {
    let n = self.block.len();
    if self.k == n {
      let mut acc = Self::identity(self.max);
      for i in (0..n).rev() {
        acc = self.ext(acc, self.block[i]);
        self.suffix[i] = acc;
      }
      self.k = 0;
      self.has_prev = true;
      self.prefix = Self::identity(self.max);
    }
    self.block[self.k] = x;
    self.prefix = self.ext(self.prefix, x);
    self.k += 1;
    self.seen += 1;
  }
  pub fn full(&self) -> bool {
    self.seen >= self.block.len() as u64
  }
  #[inline]
  pub fn value(&self) -> f64 {
    if self.k == self.block.len() || !self.has_prev {
      self.prefix
    } else {
      self.ext(self.suffix[self.k], self.prefix)
    }
  }
}

/// Highest high and lowest low of the last `n` bars.
#[derive(Clone, Debug)]
pub struct HighLow {
  hi: RollingExtreme,
  lo: RollingExtreme,
}

impl HighLow {
  pub fn new(n: usize) -> Self {
    HighLow { hi: RollingExtreme::new(n, true), lo: RollingExtreme::new(n, false) }
  }
  #[inline]
  pub fn push(&mut self, high: f64, low: f64) {
    self.hi.push(high);
    self.lo.push(low);
  }
  pub fn full(&self) -> bool {
    self.hi.full()
  }
  #[inline]
  pub fn high(&self) -> f64 {
    self.hi.value()
  }
  #[inline]
  pub fn low(&self) -> f64 {
    self.lo.value()
  }
  /// `(x − low) / (high − low)`, or `flat` when the range is empty.
  #[inline]
  pub fn position(&self, x: f64, flat: f64) -> f64 {
    let (h, l) = (self.high(), self.low());
    if h > l {
      (x - l) / (h - l)
    } else {
      flat
    }
  }
}

/// EMA recurrence seeded with the first value (pandas `ewm(span, adjust=False)`, tulind `ema`).
#[derive(Clone, Copy, Debug)]
pub struct Ema {
  alpha: f64,
  value: f64,
  seen: u64,
}

impl Ema {
  pub fn with_alpha(alpha: f64) -> Self {
    Ema { alpha, value: f64::NAN, seen: 0 }
  }
  pub fn span(n: usize) -> Self {
    Self::with_alpha(2.0 / (n as f64 + 1.0))
  }
  pub fn push(&mut self, x: f64) -> f64 {
    self.value = if self.seen == 0 { x } else { self.value + self.alpha * (x - self.value) };
    self.seen += 1;
    self.value
  }
  pub fn seen(&self) -> u64 {
    self.seen
  }
}

/// Wilder's smoothing (RMA): the first value is the mean of the first `n` inputs, then
/// `v += (x - v) / n`, as RSI and ATR define it.
#[derive(Clone, Copy, Debug)]
pub struct Rma {
  n: usize,
  inv_n: f64,
  seed: CompSum,
  value: f64,
  seen: usize,
}

impl Rma {
  pub fn new(n: usize) -> Self {
    Rma { n, inv_n: 1.0 / n.max(1) as f64, seed: CompSum::default(), value: f64::NAN, seen: 0 }
  }
  /// Push one input; returns the smoothed value once `n` inputs were seen, else NaN.
  pub fn push(&mut self, x: f64) -> f64 {
    self.seen += 1;
    if self.seen < self.n {
      self.seed.add(x);
      return f64::NAN;
    }
    if self.seen == self.n {
      self.seed.add(x);
      self.value = self.seed.value() / self.n as f64;
    } else {
      self.value += (x - self.value) * self.inv_n;
    }
    self.value
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn monotone_deque_matches_naive_max_and_age() {
    let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 5.0];
    let mut d = MonotoneDeque::new(4, true);
    for (i, &x) in xs.iter().enumerate() {
      d.push(x);
      let lo = i.saturating_sub(3);
      let w = &xs[lo..=i];
      let m = w.iter().cloned().fold(f64::MIN, f64::max);
      let last = lo + w.iter().rposition(|&v| v == m).unwrap();
      assert_eq!(d.value(), m);
      assert_eq!(d.age() as usize, i - last);
    }
  }

  #[test]
  fn rolling_extreme_matches_naive_window() {
    let xs: Vec<f64> = (0..300).map(|i| ((i * 7919) % 101) as f64).collect();
    for n in [1usize, 2, 5, 14, 64] {
      let (mut hi, mut lo) = (RollingExtreme::new(n, true), RollingExtreme::new(n, false));
      for (i, &x) in xs.iter().enumerate() {
        hi.push(x);
        lo.push(x);
        let w = &xs[(i + 1).saturating_sub(n)..=i];
        assert_eq!(hi.value(), w.iter().cloned().fold(f64::MIN, f64::max), "n={n} i={i}");
        assert_eq!(lo.value(), w.iter().cloned().fold(f64::MAX, f64::min), "n={n} i={i}");
      }
    }
  }

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
