//! Rolling means of an input series (close, volume, or dollar volume), reported as the mean or
//! as the current value over it: SMA and its ratio, volume SMA and ratio, dollar-volume SMA.

use super::block::{Block, Derived, Shared};
use super::indicator::ratio;
use super::kernel::{fill, nan_head, store, Kernel};
use super::window_sum::WindowSum;

/// Which series is averaged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Series {
  Close,
  Volume,
  /// close · volume
  DollarVolume,
}

/// What the column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Report {
  Mean,
  /// The series' current value over its mean.
  Ratio,
}

pub struct RollingMean {
  n: usize,
  series: Series,
  report: Report,
  sum: WindowSum,
  x: Vec<f64>,
  t: Vec<f64>,
}

impl RollingMean {
  pub fn new(n: usize, series: Series, report: Report) -> Self {
    RollingMean { n, series, report, sum: WindowSum::new(n), x: vec![], t: vec![] }
  }
}

impl Kernel for RollingMean {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n)
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let (x, t): (&[f64], &[f64]) = match self.series {
      Series::Close => (b.close, shared.window_sum(b, Derived::Close4, self.n)),
      Series::Volume => (b.volume, shared.window_sum(b, Derived::Volume4, self.n)),
      Series::DollarVolume => {
        fill(&mut self.x, b.positions(), [b.close, b.volume], |[c, v]| c * v);
        self.t.resize(b.len, 0.0);
        self.sum.run(b, &self.x, &mut self.t);
        (&self.x, &self.t)
      }
    };
    let (inv, now) = (1.0 / self.n as f64, &x[b.h..]);
    match self.report {
      Report::Mean => store(&mut *cols[0], [t], |[t]| t * inv),
      Report::Ratio => store(&mut *cols[0], [now, t], |[x, t]| ratio(x, t * inv)),
    }
    nan_head(&mut *cols[0], b, self.n as u64 - 1);
  }
}
