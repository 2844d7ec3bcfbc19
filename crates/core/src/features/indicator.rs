//! The contract every per-asset indicator fulfils: a small state struct fed one bar at a time.

/// One bar of one asset. Frames without high/low pass the close for both; without volume, 0.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bar {
  /// Epoch milliseconds.
  pub time: i64,
  pub open: f64,
  pub high: f64,
  pub low: f64,
  pub close: f64,
  pub volume: f64,
}

/// A feature family's state for one asset. `update` sees bars in time order (across chunks) and
/// writes `width()` values for the newest bar, NaN while warming up. It only ever looks back.
pub trait Indicator: Send {
  fn width(&self) -> usize;
  fn update(&mut self, bar: &Bar, out: &mut [f64]);

  /// Feed a block of bars, writing column `c` of bar `i` to `cols[c][i]`. The default is
  /// compiled per indicator type, so `update` is inlined into a tight loop: the engine pays one
  /// dynamic call per block instead of one per bar.
  fn run(&mut self, bars: &[Bar], cols: &mut [&mut [f32]]) {
    let w = self.width();
    let mut row = [f64::NAN; MAX_WIDTH];
    for (i, b) in bars.iter().enumerate() {
      self.update(b, &mut row[..w]);
      for c in 0..w {
        cols[c][i] = row[c] as f32;
      }
    }
  }
}

/// Most columns one indicator writes (calendar's 13).
pub const MAX_WIDTH: usize = 16;


/// NaN unless `ready`.
#[inline]
pub fn when(ready: bool, v: f64) -> f64 {
  if ready {
    v
  } else {
    f64::NAN
  }
}

/// `a / b`, NaN when b is 0 or not finite.
#[inline]
pub fn ratio(a: f64, b: f64) -> f64 {
  if b == 0.0 || !b.is_finite() {
    f64::NAN
  } else {
    a / b
  }
}
