//! Volume family: OBV, rolling VWAP, volume rate of change, the volume spike flag and dollar
//! volume. (Volume and dollar-volume averages and ratios are in `rolling_mean`.)

use super::block::{Block, Derived, Shared};
use super::indicator::{ratio, when, Bar, Indicator};
use super::kernel::{fill, nan_head, store, Kernel};
use super::window::RollingMoments;
use super::window_sum::WindowSum;

/// On-balance volume, 0 at an asset's first bar: one running total whose rounding errors are
/// collected exactly (TwoSum) in a second sum; the compensation is its own chain, so the loop's
/// latency stays one addition per row.
#[derive(Default)]
pub struct Obv {
  total: f64,
  comp: f64,
  signed: Vec<f64>,
}

impl Kernel for Obv {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    let (now, prev, v) = (&b.close[h..h + len], &b.close[h - 1..h - 1 + len], &b.volume[h..h + len]);
    // The sign of the change as arithmetic, not a branch: closes go up and down at random.
    fill(&mut self.signed, len, [now, prev, v], |[x, p, v]| (((x > p) as i32 - (x < p) as i32) as f64) * v);
    if b.g0 == 0 && len > 0 {
      self.signed[0] = 0.0;
    }
    let (mut s, mut comp) = (self.total, self.comp);
    for x in self.signed.iter_mut() {
      // TwoSum: `err` is exactly what `s + x` rounded away, without a data-dependent branch.
      let t = s + *x;
      let bp = t - s;
      comp += (s - (t - bp)) + (*x - bp);
      s = t;
      *x = s + comp;
    }
    self.total = s;
    self.comp = comp;
    let t = &self.signed;
    store(&mut *cols[0], [t], |[t]| t);
  }
}

/// Rolling VWAP over `n` bars of the typical price `(high + low + close) / 3`.
pub struct Vwap {
  n: usize,
  pv: WindowSum,
  v: WindowSum,
  x: Vec<f64>,
  tp: Vec<f64>,
  tv: Vec<f64>,
}

impl Vwap {
  pub fn new(n: usize) -> Self {
    Vwap { n, pv: WindowSum::new(n), v: WindowSum::new(n), x: vec![], tp: vec![], tv: vec![] }
  }
}

impl Kernel for Vwap {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n)
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let np = b.positions();
    fill(&mut self.x, np, [b.high, b.low, b.close, b.volume], |[h, l, c, v]| (h + l + c) / 3.0 * v);
    self.tp.resize(b.len, 0.0);
    self.tv.resize(b.len, 0.0);
    self.pv.run(b, &self.x, &mut self.tp);
    shared.ensure(b, Derived::Volume4);
    self.v.run_with(b, b.volume, shared.get(Derived::Volume4), &mut self.tv);
    let (tp, tv) = (&self.tp, &self.tv);
    store(&mut *cols[0], [tp, tv], |[p, v]| ratio(p, v));
    nan_head(&mut *cols[0], b, self.n as u64 - 1);
  }
}

/// Dollar volume `close · volume` of the bar.
pub struct DollarVolume;

impl Kernel for DollarVolume {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    0
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (c, v) = (&b.close[b.h..], &b.volume[b.h..]);
    store(&mut *cols[0], [c, v], |[c, v]| c * v);
  }
}

/// Volume rate of change over `n` bars: `volume / volume[t−n] − 1`.
pub struct VolumeRoc {
  n: usize,
}

impl VolumeRoc {
  pub fn new(n: usize) -> Self {
    VolumeRoc { n }
  }
}

impl Kernel for VolumeRoc {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    self.n
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, n) = (b.h, self.n);
    let (now, old) = (&b.volume[h..], &b.volume[h - n..]);
    store(&mut *cols[0], [now, old], |[x, o]| ratio(x, o) - 1.0);
    nan_head(&mut *cols[0], b, n as u64);
  }
}

/// 1 when volume exceeds its `n`-bar mean by more than `k` sample standard deviations, else 0.
pub struct VolumeSpike {
  m: RollingMoments,
  k: f64,
}

impl VolumeSpike {
  pub fn new(n: usize, k: f64) -> Self {
    VolumeSpike { m: RollingMoments::new(n), k }
  }
}

impl Indicator for VolumeSpike {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.m.push(b.volume);
    let limit = self.m.mean() + self.k * self.m.var_sample().sqrt();
    out[0] = when(self.m.full(), if b.volume > limit { 1.0 } else { 0.0 });
  }
}
