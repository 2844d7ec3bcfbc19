//! Price levels: bars since the rolling high/low, breakout flags, support/resistance and the
//! close's distance to them. The rolling high/low of a window comes from the block's shared
//! ranges.

use super::block::{Block, Shared};
use super::kernel::{nan_head, store, Kernel};

/// Bars since the highest high (`high = true`) or lowest low of the last `n` bars; ties go to the
/// newest. The extreme and its row are carried from row to row: a new bar that reaches the
/// extreme replaces it, and only when the extreme's row leaves the window is the window scanned
/// again (O(n), once per expiry). Everything is exact comparisons on rows the block holds, so the
/// result is the same however the rows were split.
pub struct BarsSince {
  n: u64,
  high: bool,
  /// The extreme of the window ending at the last row fed, and the global index of its newest row.
  m: f64,
  at: u64,
  t: Vec<f64>,
}

impl BarsSince {
  pub fn new(n: usize, high: bool) -> Self {
    BarsSince { n: n as u64, high, m: 0.0, at: 0, t: vec![] }
  }

  #[inline(always)]
  fn ages<const MAX: bool>(&mut self, b: &Block, x: &[f64]) {
    let (h, n) = (b.h, self.n);
    let beats = |v: f64, m: f64| if MAX { v >= m } else { v <= m };
    let (mut m, mut at) = (self.m, self.at);
    self.t.clear();
    self.t.resize(b.len, f64::NAN);
    for i in b.warm_rows(n - 1)..b.len {
      let (g, p) = (b.g(i), h + i);
      if g == n - 1 || at + n <= g {
        // The first full window, or the extreme's row has left it: scan it, oldest first, so
        // the last row reaching the extreme wins.
        m = if MAX { f64::NEG_INFINITY } else { f64::INFINITY };
        at = g + 1 - n;
        for (k, &v) in x[p + 1 - n as usize..=p].iter().enumerate() {
          if beats(v, m) {
            m = v;
            at = g + 1 - n + k as u64;
          }
        }
      } else if beats(x[p], m) {
        m = x[p];
        at = g;
      }
      self.t[i] = (g - at) as f64;
    }
    self.m = m;
    self.at = at;
  }
}

impl Kernel for BarsSince {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    self.n as usize - 1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    if self.high {
      self.ages::<true>(b, b.high);
    } else {
      self.ages::<false>(b, b.low);
    }
    store(&mut *cols[0], [&self.t], |[t]| t);
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

#[cfg(test)]
mod tests {
  use crate::features::{Bars, FeaturePlan, FeatureSpec, FeatureStream};

  #[test]
  fn bars_since_matches_a_naive_scan_with_ties_and_expiring_extremes() {
    // Repeated values (ties go to the newest) and a falling stretch, where the high expires
    // every bar and the window is scanned again.
    let rows = 3000usize;
    let high: Vec<f64> = (0..rows).map(|i| if (1000..1400).contains(&i) { 5000.0 - i as f64 } else { ((i * 7919) % 13) as f64 }).collect();
    let low: Vec<f64> = high.iter().map(|v| -v).collect();
    let time: Vec<i64> = (0..rows as i64).collect();
    for n in [1usize, 2, 7, 30] {
      let specs = ["barsSinceHigh", "barsSinceLow"].map(|k| FeatureSpec::parse(k, &[("period".into(), n as f64)]).unwrap());
      let plan = FeaturePlan::new(specs.to_vec()).unwrap();
      let mut stream = FeatureStream::new(plan);
      let mut got = vec![vec![]; 2];
      for w in [0usize, 5, 999, 1001, 1500, rows].windows(2) {
        let (a, b, m) = (w[0], w[1], w[1] - w[0]);
        let offsets = [0, m as u32];
        let bars = Bars { time: &time[a..b], open: None, high: Some(&high[a..b]), low: Some(&low[a..b]), close: &high[a..b], volume: None, offsets: &offsets };
        let mut out = vec![0f32; 2 * m];
        stream.push(&bars, &[0], &mut out).unwrap();
        got[0].extend_from_slice(&out[..m]);
        got[1].extend_from_slice(&out[m..]);
      }
      for g in 0..rows {
        for (c, x) in [&high, &low].into_iter().enumerate() {
          if g + 1 < n {
            assert!(got[c][g].is_nan(), "n={n} row {g}");
            continue;
          }
          let w = &x[g + 1 - n..=g];
          let ext = if c == 0 { w.iter().cloned().fold(f64::MIN, f64::max) } else { w.iter().cloned().fold(f64::MAX, f64::min) };
          let newest = w.iter().rposition(|&v| v == ext).unwrap();
          assert_eq!(got[c][g], (n - 1 - newest) as f32, "n={n} column {c} row {g}");
        }
      }
    }
  }
}
