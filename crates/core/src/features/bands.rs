//! Range and band features: Bollinger position and width, ATR, and the close's position in its
//! rolling high–low range.

use super::indicator::{ratio, when, Bar, Indicator};
use super::window::{HighLow, RollingMoments, Rma};

/// Bollinger bands over `n` bars at `k` population standard deviations: position of the close
/// between the bands (0 = lower, 1 = upper) and width `(upper − lower) / middle`.
pub struct Bollinger {
  m: RollingMoments,
  k: f64,
}

impl Bollinger {
  pub fn new(n: usize, k: f64) -> Self {
    Bollinger { m: RollingMoments::new(n), k }
  }
}

impl Indicator for Bollinger {
  fn width(&self) -> usize {
    2
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.m.push(b.close);
    if !self.m.full() {
      out[..2].fill(f64::NAN);
      return;
    }
    let mid = self.m.mean();
    let sd = self.m.var_population().sqrt();
    let lower = mid - self.k * sd;
    out[0] = if sd > 0.0 { (b.close - lower) / (2.0 * self.k * sd) } else { 0.5 };
    out[1] = ratio(2.0 * self.k * sd, mid);
  }
}

/// Average true range, Wilder-smoothed over `n` bars (the first true range is high − low).
pub struct Atr {
  prev: Option<f64>,
  rma: Rma,
}

impl Atr {
  pub fn new(n: usize) -> Self {
    Atr { prev: None, rma: Rma::new(n) }
  }
}

impl Indicator for Atr {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    let tr = match self.prev.replace(b.close) {
      None => b.high - b.low,
      Some(pc) => (b.high - b.low).max((b.high - pc).abs()).max((b.low - pc).abs()),
    };
    out[0] = self.rma.push(tr);
  }
}

/// Where the close sits in the last `n` bars' high–low range (0 = at the low, 1 = at the high).
pub struct PricePosition {
  range: HighLow,
}

impl PricePosition {
  pub fn new(n: usize) -> Self {
    PricePosition { range: HighLow::new(n) }
  }
}

impl Indicator for PricePosition {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.range.push(b.high, b.low);
    out[0] = when(self.range.full(), self.range.position(b.close, 0.5));
  }
}
