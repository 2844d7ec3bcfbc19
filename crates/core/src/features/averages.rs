//! Moving averages of the close besides the SMA (in `rolling_mean`): EMA and WMA, as the value or
//! as `close / average`.

use super::block::{Block, Shared};
use super::indicator::{ratio, when, Bar, Indicator};
use super::kernel::{nan_head, store, Kernel};
use super::smoother::Smoother;
use super::window::{CompSum, RollingSum};

/// EMA of the close over `n` bars seeded with the first close (pandas `ewm(span, adjust=False)`,
/// tulind `ema`), reported from bar `n − 1` on; four rows per step once seeded (`Smoother`).
pub struct Ema {
  n: usize,
  as_ratio: bool,
  alpha: f64,
  s: Smoother,
  t: Vec<f64>,
}

impl Ema {
  pub fn new(n: usize, as_ratio: bool) -> Self {
    let alpha = 2.0 / (n as f64 + 1.0);
    Ema { n, as_ratio, alpha, s: Smoother::new(alpha), t: vec![] }
  }
}

/// One step of an exponential recurrence with weight `a` on the new value and `keep = 1 − a`.
#[inline(always)]
pub fn decay(v: f64, x: f64, a: f64, keep: f64) -> f64 {
  v * keep + x * a
}

impl Kernel for Ema {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    3
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    self.t.resize(len, 0.0);
    let (a, keep) = (self.alpha, self.s.keep());
    self.s.run(b.g0, 4, &b.close[h - 3..h + len], &mut self.t, |g, v, x| if g == 0 { x } else { decay(v, x, a, keep) });
    let (c, t) = (&b.close[h..], &self.t);
    if self.as_ratio {
      store(&mut *cols[0], [c, t], |[c, t]| ratio(c, t));
    } else {
      store(&mut *cols[0], [t], |[t]| t);
    }
    nan_head(&mut *cols[0], b, self.n as u64 - 1);
  }
}

/// WMA of the close over `n` bars, as the value or as `close / WMA`.
pub struct Wma {
  n: usize,
  as_ratio: bool,
  sum: RollingSum,
  // A plain and a weighted sum: when the window slides, the weighted sum loses the plain sum
  // and gains n·x.
  weighted: CompSum,
  seen: usize,
}

impl Wma {
  pub fn new(n: usize, as_ratio: bool) -> Self {
    Wma { n, as_ratio, sum: RollingSum::new(n), weighted: CompSum::default(), seen: 0 }
  }
}

impl Indicator for Wma {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.seen += 1;
    let (x, n) = (b.close, self.n as f64);
    if self.sum.full() {
      let s = self.sum.sum();
      self.weighted.add(-s);
      self.weighted.add(n * x);
    } else {
      self.weighted.add(self.seen as f64 * x);
    }
    self.sum.push(x);
    let a = when(self.sum.full(), self.weighted.value() / (n * (n + 1.0) / 2.0));
    out[0] = if self.as_ratio { ratio(x, a) } else { a };
  }
}
