//! Oscillators: RSI (Wilder), MACD line/signal/histogram, stochastic %K/%D, Williams %R.
//! (Momentum and rate of change are changes over k bars, in `returns`.)

use super::indicator::{when, Bar, Indicator};
use super::window::{Ema, HighLow, RollingSum, Rma};

/// Wilder's RSI: average gain and loss seeded with the mean of the first `n` changes, then RMA.
pub struct Rsi {
  prev: Option<f64>,
  gain: Rma,
  loss: Rma,
}

impl Rsi {
  pub fn new(n: usize) -> Self {
    Rsi { prev: None, gain: Rma::new(n), loss: Rma::new(n) }
  }
}

impl Indicator for Rsi {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    out[0] = match self.prev.replace(b.close) {
      None => f64::NAN,
      Some(p) => {
        let d = b.close - p;
        let g = self.gain.push(d.max(0.0));
        let l = self.loss.push((-d).max(0.0));
        if g.is_nan() {
          f64::NAN
        } else if l == 0.0 {
          if g == 0.0 { 50.0 } else { 100.0 }
        } else {
          100.0 - 100.0 / (1.0 + g / l)
        }
      }
    };
  }
}

/// MACD as tulind defines it: fast and slow EMAs seeded with the first close, the signal an EMA
/// of the line seeded at bar `slow - 1`; all three are reported from bar `slow - 1`.
pub struct Macd {
  slow_n: usize,
  fast: Ema,
  slow: Ema,
  signal: Ema,
  seen: usize,
}

impl Macd {
  pub fn new(fast: usize, slow: usize, signal: usize) -> Self {
    // tulind's EMA alphas: 2 / (n + 1).
    Macd { slow_n: slow, fast: Ema::span(fast), slow: Ema::span(slow), signal: Ema::span(signal), seen: 0 }
  }
}

impl Indicator for Macd {
  fn width(&self) -> usize {
    3
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.seen += 1;
    let line = self.fast.push(b.close) - self.slow.push(b.close);
    if self.seen < self.slow_n {
      out[..3].fill(f64::NAN);
      return;
    }
    let sig = self.signal.push(line);
    out[0] = line;
    out[1] = sig;
    out[2] = line - sig;
  }
}

/// Fast stochastic %K over `k` bars (high/low range) and %D, its `d`-bar SMA.
pub struct Stochastic {
  range: HighLow,
  d: RollingSum,
}

impl Stochastic {
  pub fn new(k: usize, d: usize) -> Self {
    Stochastic { range: HighLow::new(k), d: RollingSum::new(d) }
  }
}

impl Indicator for Stochastic {
  fn width(&self) -> usize {
    2
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.range.push(b.high, b.low);
    if !self.range.full() {
      out[..2].fill(f64::NAN);
      return;
    }
    let k = 100.0 * self.range.position(b.close, 0.5);
    self.d.push(k);
    out[0] = k;
    out[1] = when(self.d.full(), self.d.mean());
  }
}

/// Williams %R over `n` bars: `-100 · (highest high − close) / (highest high − lowest low)`.
pub struct WilliamsR {
  range: HighLow,
}

impl WilliamsR {
  pub fn new(n: usize) -> Self {
    WilliamsR { range: HighLow::new(n) }
  }
}

impl Indicator for WilliamsR {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.range.push(b.high, b.low);
    out[0] = when(self.range.full(), 100.0 * (self.range.position(b.close, 0.5) - 1.0));
  }
}
