//! Price levels: bars since the rolling high/low, breakout flags, support/resistance and the
//! close's distance to them. The rolling high/low of a window comes from the block's shared
//! ranges.

use super::block::{Block, Shared};
use super::indicator::{when, Bar, Indicator};
use super::kernel::{nan_head, store, Kernel};
use super::window::MonotoneDeque;

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
  n: usize,
}

impl Breakout {
  pub fn new(n: usize) -> Self {
    Breakout { n }
  }
}

impl Kernel for Breakout {
  fn width(&self) -> usize {
    2
  }
  fn lookback(&self) -> usize {
    self.n
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let h = b.h;
    let (hh, ll) = shared.range(b, self.n);
    let c = &b.close[h..];
    let (hh, ll) = (&hh[h - 1..], &ll[h - 1..]);
    let (up, down) = cols.split_at_mut(1);
    store(&mut *up[0], [c, hh], |[c, hh]| if c > hh { 1.0 } else { 0.0 });
    store(&mut *down[0], [c, ll], |[c, ll]| if c < ll { 1.0 } else { 0.0 });
    for col in cols.iter_mut() {
      nan_head(col, b, self.n as u64);
    }
  }
}

/// Support (lowest low) and resistance (highest high) of the last `n` bars, and the close's
/// relative distance to each: `(close − support) / close`, `(resistance − close) / close`.
pub struct SupportResistance {
  n: usize,
}

impl SupportResistance {
  pub fn new(n: usize) -> Self {
    SupportResistance { n }
  }
}

impl Kernel for SupportResistance {
  fn width(&self) -> usize {
    4
  }
  fn lookback(&self) -> usize {
    self.n - 1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let h = b.h;
    let (hh, ll) = shared.range(b, self.n);
    let (c, r, s) = (&b.close[h..], &hh[h..], &ll[h..]);
    let [sup, res, sd, rd] = cols else { unreachable!("support/resistance writes 4 columns") };
    store(sup, [s], |[s]| s);
    store(res, [r], |[r]| r);
    store(sd, [c, s], |[c, s]| (c - s) / c);
    store(rd, [c, r], |[c, r]| (r - c) / c);
    for col in cols.iter_mut() {
      nan_head(col, b, self.n as u64 - 1);
    }
  }
}
