//! Return family: changes over k bars (simple and log returns, momentum, rate of change), rolling volatility, max/min 1-bar return
//! over a window, momentum consistency and price acceleration.

use super::indicator::{when, Bar, Indicator};
use super::window::{Ring, RollingExtreme, RollingMoments, RollingSum};

/// How a change over `k` bars is measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
  /// `close / close[t−k] − 1` (return, rate of change).
  Simple,
  /// `ln(close / close[t−k])`.
  Log,
  /// `close − close[t−k]` (momentum).
  Difference,
}

/// The change of the close over `k` bars.
pub struct Return {
  closes: Ring,
  how: Change,
}

impl Return {
  pub fn new(k: usize, how: Change) -> Self {
    Return { closes: Ring::new(k + 1), how }
  }
}

impl Indicator for Return {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.closes.push(b.close);
    out[0] = if self.closes.is_full() {
      let old = self.closes.oldest().unwrap();
      match self.how {
        Change::Simple => b.close / old - 1.0,
        Change::Log => (b.close / old).ln(),
        Change::Difference => b.close - old,
      }
    } else {
      f64::NAN
    };
  }
}

/// The 1-bar simple return of each bar (NaN on an asset's first bar).
#[derive(Default)]
struct OneBar {
  prev: Option<f64>,
}

impl OneBar {
  fn next(&mut self, close: f64) -> Option<f64> {
    let r = self.prev.map(|p| close / p - 1.0);
    self.prev = Some(close);
    r
  }
}

/// Sample standard deviation of 1-bar returns over `n` bars (`pct_change().rolling(n).std()`).
pub struct Volatility {
  r: OneBar,
  m: RollingMoments,
}

impl Volatility {
  pub fn new(n: usize) -> Self {
    Volatility { r: OneBar::default(), m: RollingMoments::new(n) }
  }
}

impl Indicator for Volatility {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    out[0] = match self.r.next(b.close) {
      Some(r) => {
        self.m.push(r);
        when(self.m.full(), self.m.var_sample().sqrt())
      }
      None => f64::NAN,
    };
  }
}

/// Largest (or smallest) 1-bar return over the last `n` bars.
pub struct ExtremeReturn {
  r: OneBar,
  d: RollingExtreme,
}

impl ExtremeReturn {
  pub fn new(n: usize, max: bool) -> Self {
    ExtremeReturn { r: OneBar::default(), d: RollingExtreme::new(n, max) }
  }
}

impl Indicator for ExtremeReturn {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    out[0] = match self.r.next(b.close) {
      Some(r) => {
        self.d.push(r);
        when(self.d.full(), self.d.value())
      }
      None => f64::NAN,
    };
  }
}

/// Share of positive 1-bar returns among the last `n`.
pub struct MomentumConsistency {
  r: OneBar,
  up: RollingSum,
}

impl MomentumConsistency {
  pub fn new(n: usize) -> Self {
    MomentumConsistency { r: OneBar::default(), up: RollingSum::new(n) }
  }
}

impl Indicator for MomentumConsistency {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    out[0] = match self.r.next(b.close) {
      Some(r) => {
        self.up.push(if r > 0.0 { 1.0 } else { 0.0 });
        when(self.up.full(), self.up.mean())
      }
      None => f64::NAN,
    };
  }
}

/// Change of the `n`-bar return over `n` bars: `ret_n[t] - ret_n[t-n]`.
pub struct Acceleration {
  closes: Ring,
}

impl Acceleration {
  pub fn new(n: usize) -> Self {
    Acceleration { closes: Ring::new(2 * n + 1) }
  }
}

impl Indicator for Acceleration {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.closes.push(b.close);
    let n = (self.closes.cap() - 1) / 2;
    out[0] = if self.closes.is_full() {
      let mid = self.closes.ago(n).unwrap();
      let old = self.closes.ago(2 * n).unwrap();
      (b.close / mid - 1.0) - (mid / old - 1.0)
    } else {
      f64::NAN
    };
  }
}
