//! Price levels: bars since the rolling high/low, breakout flags, support/resistance and the
//! close's distance to them.

use super::indicator::{when, Bar, Indicator};
use super::window::{HighLow, MonotoneDeque};

/// Bars since the highest high (`high = true`) or lowest low of the last `n` bars.
pub struct BarsSince {
  d: MonotoneDeque,
  high: bool,
}

impl BarsSince {
  pub fn new(n: usize, high: bool) -> Self {
    BarsSince { d: MonotoneDeque::new(n, high), high }
  }
}

impl Indicator for BarsSince {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.d.push(if self.high { b.high } else { b.low });
    out[0] = when(self.d.full(), self.d.age() as f64);
  }
}

/// Breakout flags: close above the highest high (up) / below the lowest low (down) of the
/// previous `n` bars, the current bar excluded.
pub struct Breakout {
  range: HighLow,
}

impl Breakout {
  pub fn new(n: usize) -> Self {
    Breakout { range: HighLow::new(n) }
  }
}

impl Indicator for Breakout {
  fn width(&self) -> usize {
    2
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    let ready = self.range.full();
    out[0] = when(ready, if b.close > self.range.high() { 1.0 } else { 0.0 });
    out[1] = when(ready, if b.close < self.range.low() { 1.0 } else { 0.0 });
    self.range.push(b.high, b.low);
  }
}

/// Support (lowest low) and resistance (highest high) of the last `n` bars, and the close's
/// relative distance to each: `(close − support) / close`, `(resistance − close) / close`.
pub struct SupportResistance {
  range: HighLow,
}

impl SupportResistance {
  pub fn new(n: usize) -> Self {
    SupportResistance { range: HighLow::new(n) }
  }
}

impl Indicator for SupportResistance {
  fn width(&self) -> usize {
    4
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.range.push(b.high, b.low);
    if !self.range.full() {
      out[..4].fill(f64::NAN);
      return;
    }
    let (r, s) = (self.range.high(), self.range.low());
    out[0] = s;
    out[1] = r;
    out[2] = (b.close - s) / b.close;
    out[3] = (r - b.close) / b.close;
  }
}
