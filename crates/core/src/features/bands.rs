//! Range and band features: Bollinger position and width, ATR, and the close's position in its
//! rolling high–low range.

use super::averages::decay;
use super::block::{Block, Derived, Shared};
use super::centred_moment::CentredMoment;
use super::window_sum::WindowSum;
use super::smoother::Smoother;
use super::indicator::ratio;
use super::kernel::{fill, nan_head, store, Kernel};

/// Bollinger bands over `n` bars at `k` population standard deviations: position of the close
/// between the bands (0 = lower, 1 = upper) and width `(upper − lower) / middle`. The middle is
/// the SMA, from the close's rolling sum shared with `sma` of the same window (`Shared::window_sum`), the centred
/// second moment follows from it in four lanes (`centred_moment`); the finishing arithmetic is
/// elementwise.
pub struct Bollinger {
  n: usize,
  k: f64,
  m2: CentredMoment,
  tm: Vec<f64>,
  tv: Vec<f64>,
}

impl Bollinger {
  pub fn new(n: usize, k: f64) -> Self {
    Bollinger { n, k, m2: CentredMoment::new(n), tm: vec![], tv: vec![] }
  }
}

impl Kernel for Bollinger {
  fn width(&self) -> usize {
    2
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n).max(CentredMoment::lookback(self.n))
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, n) = (b.h, b.len, self.n);
    let now = &b.close[h..h + len];
    self.tm.resize(len, 0.0);
    self.tv.resize(len, 0.0);
    let inv_n = 1.0 / n as f64;
    let sums = shared.window_sum(b, Derived::Close4, n);
    for (m, &s) in self.tm.iter_mut().zip(sums) {
      *m = s * inv_n;
    }
    self.m2.run(b, b.close, &self.tm, &mut self.tv);
    // The standard deviation only scales the f32 outputs (position and width move by the same
    // relative amount), so its root is taken in f32: at most one f32 ulp off, and several times
    // the throughput of an f64 root, which was a third of this kernel. The lanes' rounding can
    // leave a flat window's moment a hair below 0.
    for v in self.tv.iter_mut() {
      *v = ((v.max(0.0) * inv_n) as f32).sqrt() as f64;
    }
    let (tm, sd, k) = (&self.tm[..], &self.tv[..], self.k);
    let (pos, width) = cols.split_at_mut(1);
    store(&mut *pos[0], [now, tm, sd], |[x, m, sd]| if sd > 0.0 { (x - (m - k * sd)) / (2.0 * k * sd) } else { 0.5 });
    store(&mut *width[0], [tm, sd], |[m, sd]| ratio(2.0 * k * sd, m));
    for col in cols.iter_mut() {
      nan_head(col, b, n as u64 - 1);
    }
  }
}

/// Average true range, Wilder-smoothed over `n` bars (the first true range is high − low): the
/// true ranges are elementwise, the smoothing four rows per step once seeded (`Smoother`).
pub struct Atr {
  n: usize,
  s: Smoother,
  tr: Vec<f64>,
  t: Vec<f64>,
}

impl Atr {
  pub fn new(n: usize) -> Self {
    Atr { n, s: Smoother::new(1.0 / n as f64), tr: vec![], t: vec![] }
  }
}

impl Kernel for Atr {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    4
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, np) = (b.h, b.len, b.positions());
    // tr[p − 1] is the true range at ext position p.
    fill(&mut self.tr, np - 1, [&b.high[1..], &b.low[1..], &b.close[..np - 1]], |[hi, lo, pc]| (hi - lo).max((hi - pc).abs()).max((lo - pc).abs()));
    if b.g0 == 0 {
      self.tr[h - 1] = b.high[h] - b.low[h];
    }
    self.t.resize(len, 0.0);
    let n = self.n as u64;
    let (a, keep) = (1.0 / self.n as f64, self.s.keep());
    // Until bar n − 1 the value is the running sum of true ranges; at n − 1 it becomes their mean.
    self.s.run(b.g0, n + 3, &self.tr[h - 4..h - 1 + len], &mut self.t, |g, v, x| {
      if g + 1 < n {
        v + x
      } else if g + 1 == n {
        (v + x) * a
      } else {
        decay(v, x, a, keep)
      }
    });
    store(&mut *cols[0], [&self.t], |[t]| t);
    nan_head(&mut *cols[0], b, n - 1);
  }
}

/// Where the close sits in the last `n` bars' high–low range (0 = at the low, 1 = at the high),
/// or, as Williams %R, `-100 · (highest high − close) / (highest high − lowest low)`.
pub struct PricePosition {
  n: usize,
  williams: bool,
}

impl PricePosition {
  pub fn new(n: usize) -> Self {
    PricePosition { n, williams: false }
  }
  pub fn williams_r(n: usize) -> Self {
    PricePosition { n, williams: true }
  }
}

impl Kernel for PricePosition {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    self.n - 1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let pos = &shared.range_position(b, self.n)[b.h..];
    let (scale, shift) = if self.williams { (100.0, -100.0) } else { (1.0, 0.0) };
    store(&mut *cols[0], [pos], |[p]| scale * p + shift);
    nan_head(&mut *cols[0], b, self.n as u64 - 1);
  }
}
