//! Volume family: OBV, rolling VWAP, volume rate of change, the volume spike flag and dollar
//! volume. (Volume and dollar-volume averages and ratios are in `rolling_mean`.)

use super::block::{Block, Derived, Shared};
use super::indicator::{ratio, when, Bar, Indicator};
use super::kernel::{fill, nan_head, store, Kernel};
use super::window::RollingMoments;
use super::window_sum::WindowSum;

/// On-balance volume, 0 at an asset's first bar. The signed volumes are taken in groups of four
/// rows (global indices 4q .. 4q + 3): a row's value is the compensated total of the groups
/// before its own plus its group's running sum so far. The total advances once per group, with
/// its rounding errors collected exactly (TwoSum) in a second sum, so the loop's carried chain
/// is one addition per four rows instead of per row, and the groups depend only on the global
/// index, so chunked equals whole bit for bit.
#[derive(Default)]
pub struct Obv {
  total: f64,
  comp: f64,
  /// The running sum of the current group's rows fed so far (a block may end inside a group).
  part: f64,
  signed: Vec<f64>,
}

impl Obv {
  /// Add a finished group's sum to the compensated total.
  #[inline(always)]
  fn fold(&mut self, group: f64) {
    // TwoSum: the error term is exactly what `total + group` rounded away, without a branch.
    let t = self.total + group;
    let bp = t - self.total;
    self.comp += (self.total - (t - bp)) + (group - bp);
    self.total = t;
  }

  /// One row outside the four-row body loop (a group cut by a block edge).
  #[inline(always)]
  fn row(&mut self, g: u64, x: f64) -> f64 {
    self.part = if g & 3 == 0 { 0.0 + x } else { self.part + x };
    let v = (self.total + self.comp) + self.part;
    if g & 3 == 3 {
      self.fold(self.part);
    }
    v
  }
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
    let mut signed = std::mem::take(&mut self.signed);
    fill(&mut signed, len, [now, prev, v], |[x, p, v]| (((x > p) as i32 - (x < p) as i32) as f64) * v);
    if b.g0 == 0 && len > 0 {
      signed[0] = 0.0;
    }
    let head = (((4 - (b.g0 & 3)) & 3) as usize).min(len);
    for i in 0..head {
      signed[i] = self.row(b.g(i), signed[i]);
    }
    let body = (len - head) / 4 * 4;
    for c in (head..head + body).step_by(4) {
      let x = &mut signed[c..c + 4];
      let p0 = 0.0 + x[0];
      let p1 = p0 + x[1];
      let p2 = p1 + x[2];
      let p3 = p2 + x[3];
      let base = self.total + self.comp;
      x.copy_from_slice(&[base + p0, base + p1, base + p2, base + p3]);
      self.fold(p3);
    }
    for i in head + body..len {
      signed[i] = self.row(b.g(i), signed[i]);
    }
    store(&mut *cols[0], [&signed], |[t]| t);
    self.signed = signed;
  }
}

/// Rolling VWAP over `n` bars of the typical price `(high + low + close) / 3`.
pub struct Vwap {
  n: usize,
  pv: WindowSum,
  x: Vec<f64>,
  tp: Vec<f64>,
}

impl Vwap {
  pub fn new(n: usize) -> Self {
    Vwap { n, pv: WindowSum::new(n), x: vec![], tp: vec![] }
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
    // Σ(h + l + c)·v / (3·Σv): the typical price's division by 3 once per row in the finishing
    // division instead of once per position in the sums (a division costs several multiplies).
    fill(&mut self.x, np, [b.high, b.low, b.close, b.volume], |[h, l, c, v]| (h + l + c) * v);
    self.tp.resize(b.len, 0.0);
    self.pv.run(b, &self.x, &mut self.tp);
    let (tp, tv) = (&self.tp, shared.window_sum(b, Derived::Volume4, self.n));
    store(&mut *cols[0], [tp, tv], |[p, v]| ratio(p, 3.0 * v));
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
