//! Volume family: OBV, rolling VWAP, volume averages and ratios, volume rate of change, the
//! volume spike flag, dollar volume and its average.

use super::indicator::{ratio, when, Bar, Indicator};
use super::window::{CompSum, Ring, RollingMoments, RollingSum};

/// On-balance volume, 0 at an asset's first bar.
#[derive(Default)]
pub struct Obv {
  prev: Option<f64>,
  total: CompSum,
}

impl Indicator for Obv {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    if let Some(p) = self.prev.replace(b.close) {
      if b.close > p {
        self.total.add(b.volume);
      } else if b.close < p {
        self.total.add(-b.volume);
      }
    }
    out[0] = self.total.value();
  }
}

/// Rolling VWAP over `n` bars of the typical price `(high + low + close) / 3`.
pub struct Vwap {
  pv: RollingSum,
  v: RollingSum,
}

impl Vwap {
  pub fn new(n: usize) -> Self {
    Vwap { pv: RollingSum::new(n), v: RollingSum::new(n) }
  }
}

impl Indicator for Vwap {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    let tp = (b.high + b.low + b.close) / 3.0;
    self.pv.push(tp * b.volume);
    self.v.push(b.volume);
    out[0] = when(self.v.full(), ratio(self.pv.sum(), self.v.sum()));
  }
}

/// What a rolling-mean feature of volume reports.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VolumeMean {
  /// SMA of volume.
  Average,
  /// Volume over its SMA.
  Ratio,
  /// SMA of close · volume.
  DollarAverage,
}

/// Rolling mean of volume (or dollar volume) over `n` bars, as the mean or the current/mean ratio.
pub struct VolumeAverage {
  what: VolumeMean,
  sum: RollingSum,
}

impl VolumeAverage {
  pub fn new(n: usize, what: VolumeMean) -> Self {
    VolumeAverage { what, sum: RollingSum::new(n) }
  }
}

impl Indicator for VolumeAverage {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    let x = if self.what == VolumeMean::DollarAverage { b.close * b.volume } else { b.volume };
    self.sum.push(x);
    let m = self.sum.mean();
    out[0] = when(
      self.sum.full(),
      match self.what {
        VolumeMean::Ratio => ratio(b.volume, m),
        _ => m,
      },
    );
  }
}

/// Dollar volume `close · volume` of the bar.
pub struct DollarVolume;

impl Indicator for DollarVolume {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    out[0] = b.close * b.volume;
  }
}

/// Volume rate of change over `n` bars: `volume / volume[t−n] − 1`.
pub struct VolumeRoc {
  v: Ring,
}

impl VolumeRoc {
  pub fn new(n: usize) -> Self {
    VolumeRoc { v: Ring::new(n + 1) }
  }
}

impl Indicator for VolumeRoc {
  fn width(&self) -> usize {
    1
  }
  fn update(&mut self, b: &Bar, out: &mut [f64]) {
    self.v.push(b.volume);
    out[0] = if self.v.is_full() { ratio(b.volume, self.v.oldest().unwrap()) - 1.0 } else { f64::NAN };
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
