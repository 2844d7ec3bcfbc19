//! Moving averages of the close: SMA, EMA, WMA, and the close relative to each (`close / avg`).

use super::indicator::{ratio, when, Bar, Indicator};
use super::window::{CompSum, Ema as EmaState, RollingSum};

/// Which average.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Average {
  Sma,
  Ema,
  Wma,
}

/// An average of the close over `n` bars, as the value or as `close / average`.
pub struct MovingAverage {
  kind: Average,
  n: usize,
  as_ratio: bool,
  sum: RollingSum,
  ema: EmaState,
  // WMA keeps a plain and a weighted sum: when the window slides, the weighted sum loses the
  // plain sum and gains n·x.
  weighted: CompSum,
  seen: usize,
}

impl MovingAverage {
  pub fn new(kind: Average, n: usize, as_ratio: bool) -> Self {
    MovingAverage {
      kind,
      n,
      as_ratio,
      sum: RollingSum::new(n),
      ema: EmaState::span(n),
      weighted: CompSum::default(),
      seen: 0,
    }
  }

  fn average(&mut self, x: f64) -> f64 {
    self.seen += 1;
    match self.kind {
      Average::Sma => {
        self.sum.push(x);
        when(self.sum.full(), self.sum.mean())
      }
      Average::Ema => when(self.seen >= self.n, self.ema.push(x)),
      Average::Wma => {
        let n = self.n as f64;
        if self.sum.full() {
          let s = self.sum.sum();
          self.weighted.add(-s);
          self.weighted.add(n * x);
        } else {
          self.weighted.add(self.seen as f64 * x);
        }
        self.sum.push(x);
        when(self.sum.full(), self.weighted.value() / (n * (n + 1.0) / 2.0))
      }
    }
  }
}

impl Indicator for MovingAverage {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    let a = self.average(b.close);
    out[0] = if self.as_ratio { ratio(b.close, a) } else { a };
  }
}
