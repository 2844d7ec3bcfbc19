//! Moving averages of the close besides the SMA (in `rolling_mean`): EMA and WMA, as the value or
//! as `close / average`.

use super::block::{Block, Derived, Shared};
use super::indicator::ratio;
use super::kernel::{nan_head, store, Kernel};
use super::smoother::Smoother;
use super::window_sum::{WindowSum, RESYNC};

/// EMA of the close over `n` bars seeded with the first close (pandas `ewm(span, adjust=False)`,
/// tulind `ema`), reported from bar `n − 1` on; four rows per step once seeded (`Smoother`).
pub struct Ema {
  n: usize,
  as_ratio: bool,
  alpha: f64,
  s: Smoother,
  t: Vec<f64>,
}

impl Ema {
  pub fn new(n: usize, as_ratio: bool) -> Self {
    let alpha = 2.0 / (n as f64 + 1.0);
    Ema { n, as_ratio, alpha, s: Smoother::new(alpha), t: vec![] }
  }
}

/// One step of an exponential recurrence with weight `a` on the new value and `keep = 1 − a`.
#[inline(always)]
pub fn decay(v: f64, x: f64, a: f64, keep: f64) -> f64 {
  v * keep + x * a
}

impl Kernel for Ema {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    3
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    self.t.resize(len, 0.0);
    let (a, keep) = (self.alpha, self.s.keep());
    self.s.run(b.g0, 4, &b.close[h - 3..h + len], &mut self.t, |g, v, x| if g == 0 { x } else { decay(v, x, a, keep) });
    let (c, t) = (&b.close[h..], &self.t);
    if self.as_ratio {
      store(&mut *cols[0], [c, t], |[c, t]| ratio(c, t));
    } else {
      store(&mut *cols[0], [t], |[t]| t);
    }
    nan_head(&mut *cols[0], b, self.n as u64 - 1);
  }
}

/// WMA of the close over `n` bars (weight `n` on the newest close down to 1 on the oldest), as the
/// value or as `close / WMA`. The weighted sum slides as `W[g] = W[g−1] + n·x[g] − S[g−1]`, `S`
/// the plain window sum (from the close's shared four-sums): the increments are elementwise and
/// vectorise, the running total is one addition per row. At global indices ≡ 0 mod `RESYNC` the
/// total is summed from the window itself, so rounding never drifts for long, and which rows do
/// so depends only on the global index, so chunked equals whole bit for bit.
pub struct Wma {
  n: usize,
  as_ratio: bool,
  sum: WindowSum,
  /// W and S at the row before the next block.
  w: f64,
  s_prev: f64,
  s: Vec<f64>,
  d: Vec<f64>,
  t: Vec<f64>,
}

impl Wma {
  pub fn new(n: usize, as_ratio: bool) -> Self {
    Wma { n, as_ratio, sum: WindowSum::new(n), w: 0.0, s_prev: 0.0, s: vec![], d: vec![], t: vec![] }
  }
}

impl Kernel for Wma {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n)
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, n) = (b.h, b.len, self.n);
    if len == 0 {
      return;
    }
    shared.ensure(b, Derived::Close4);
    self.s.resize(len, 0.0);
    self.sum.run_with(b, b.close, shared.get(Derived::Close4), &mut self.s);
    // S one row back: the carried value, then the block's own.
    self.d.clear();
    self.d.push(self.s_prev);
    self.d.extend_from_slice(&self.s[..len - 1]);
    let (x, nf) = (&b.close[h..h + len], n as f64);
    for (d, &x) in self.d.iter_mut().zip(x) {
      *d = nf * x - *d;
    }
    self.t.resize(len, 0.0);
    let mut w = self.w;
    let mut phase = b.g0 % RESYNC;
    for i in 0..len {
      w = if phase == 0 { weighted_window(b.close, h + i, n) } else { w + self.d[i] };
      self.t[i] = w;
      phase += 1;
      if phase == RESYNC {
        phase = 0;
      }
    }
    self.w = w;
    self.s_prev = self.s[len - 1];
    let (t, inv) = (&self.t, 2.0 / (nf * (nf + 1.0)));
    if self.as_ratio {
      store(&mut *cols[0], [x, t], |[x, t]| ratio(x, t * inv));
    } else {
      store(&mut *cols[0], [t], |[t]| t * inv);
    }
    nan_head(&mut *cols[0], b, n as u64 - 1);
  }
}

/// `Σ (k + 1)·x[p + 1 − n + k]` over the `n` positions ending at `p`, oldest first.
#[inline(always)]
fn weighted_window(x: &[f64], p: usize, n: usize) -> f64 {
  x[p + 1 - n..=p].iter().enumerate().fold(0.0, |a, (k, &v)| a + (k + 1) as f64 * v)
}

#[cfg(test)]
mod tests {
  use crate::features::{compute, Bars, FeaturePlan, FeatureSpec};

  #[test]
  fn wma_matches_the_weighted_window_sum_across_resyncs() {
    let rows = 5000;
    let close: Vec<f64> = (0..rows).map(|i| ((i * 7919) % 1000) as f64 * 0.37 + 1e4).collect();
    let time: Vec<i64> = (0..rows as i64).map(|i| i * 60_000).collect();
    for n in [1usize, 3, 20, 240] {
      let plan = FeaturePlan::new(vec![FeatureSpec::parse("wma", &[("period".into(), n as f64)]).unwrap()]).unwrap();
      let bars = Bars { time: &time, open: None, high: None, low: None, close: &close, volume: None, offsets: &[0, rows as u32] };
      let mut out = vec![0f32; rows];
      compute(&plan, &bars, &mut out).unwrap();
      assert!(out[..n - 1].iter().all(|v| v.is_nan()), "n={n}");
      for g in n - 1..rows {
        let w: f64 = (0..n).map(|k| (k + 1) as f64 * close[g + 1 - n + k]).sum();
        let want = (w * 2.0 / (n * (n + 1)) as f64) as f32;
        assert!((out[g] - want).abs() <= 1e-6 * want.abs(), "n={n} row {g}: {} vs {want}", out[g]);
      }
    }
  }
}
