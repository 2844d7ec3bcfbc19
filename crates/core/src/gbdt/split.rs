//! Split search on a histogram: gain of every threshold of every feature, with L1/L2
//! regularisation, min child weight, min data in leaf and a learned direction for NaN.

use super::histogram::{Bin, STRIDE};
use super::params::ScanOrder;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
  pub g: f64,
  pub h: f64,
  pub n: f64,
}

impl Sums {
  /// Add a bin's sums; the count is filled in later from the hessian share.
  pub fn add(self, b: Bin) -> Sums {
    Sums { g: self.g + b.g, h: self.h + b.h, n: 0.0 }
  }
  pub fn sub(self, o: Sums) -> Sums {
    Sums { g: self.g - o.g, h: self.h - o.h, n: self.n - o.n }
  }
}

#[derive(Debug, Clone, Copy)]
pub struct SplitParams {
  pub lambda: f64,
  pub alpha: f64,
  pub min_child_weight: f64,
  pub min_data: f64,
  pub min_gain: f64,
  pub scan: ScanOrder,
}

#[inline]
fn soft_threshold(g: f64, alpha: f64) -> f64 {
  if g > alpha {
    g - alpha
  } else if g < -alpha {
    g + alpha
  } else {
    0.0
  }
}

impl SplitParams {
  /// Loss reduction of a leaf holding `s` (the structure score, without the ½).
  #[inline]
  pub fn score(&self, s: Sums) -> f64 {
    let t = soft_threshold(s.g, self.alpha);
    t * t / (s.h + self.lambda).max(1e-300)
  }
  /// Newton step of a leaf holding `s` (before shrinkage).
  pub fn leaf_value(&self, s: Sums) -> f64 {
    if s.h + self.lambda <= 0.0 {
      return 0.0;
    }
    -soft_threshold(s.g, self.alpha) / (s.h + self.lambda)
  }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
  pub feature: usize,
  pub bin: u8,
  pub default_left: bool,
  pub gain: f64,
  pub left: Sums,
  pub right: Sums,
  /// Leaf values of the two sides before shrinkage, when the search computed them in its own
  /// arithmetic (`lightgbm_split`); else they follow from the sums (`SplitParams::leaf_value`).
  pub outputs: Option<[f64; 2]>,
}

impl Split {
  pub fn with_counts(mut self, left: usize, right: usize) -> Split {
    self.left.n = left as f64;
    self.right.n = right as f64;
    self
  }
}

/// Visit every candidate threshold `t` (left = value bins ≤ t) of one feature with `nb` value bins,
/// NaN (bin `nb`) sent right and, when the node has NaNs, also left. Empty bins are skipped: their
/// threshold splits the rows exactly like the previous one (a bin derived by subtraction may hold
/// rounding residue instead of an exact zero, so "empty" is a hessian below `EMPTY` of the node's).
/// Left counts are estimated as `round(h × total.n / total.h)` (LightGBM's estimate); the node's
/// own count is exact.
#[inline]
pub fn scan_feature(h: &[Bin], nb: usize, total: Sums, mut visit: impl FnMut(usize, bool, Sums, Sums)) {
  let factor = count_factor(total);
  let with_n = |mut s: Sums| {
    s.n = estimate_count(s.h, factor);
    s
  };
  let empty = total.h.abs() * EMPTY;
  let nan = Sums::default().add(h[nb.min(STRIDE - 1)]);
  let has_nan = nan.h > empty;
  let mut cum = Sums::default();
  for (t, &b) in h.iter().enumerate().take(nb) {
    cum = cum.add(b);
    if b.h <= empty && t > 0 {
      continue;
    }
    if t + 1 < nb || has_nan {
      let l = with_n(cum);
      visit(t, false, l, total.sub(l));
    }
    if has_nan && t + 1 < nb {
      let l = with_n(Sums { g: cum.g + nan.g, h: cum.h + nan.h, n: 0.0 });
      visit(t, true, l, total.sub(l));
    }
  }
}

/// Rows per unit of hessian in a node, for `estimate_count`.
#[inline]
fn count_factor(total: Sums) -> f64 {
  if total.h > 0.0 {
    total.n / total.h
  } else {
    0.0
  }
}

/// Rows on a side holding hessian `h`: ⌊h·factor + ½⌋, rounded by truncation (counts are ≥ 0;
/// f64::round is a libm call on baseline x86-64).
#[inline]
fn estimate_count(h: f64, factor: f64) -> f64 {
  ((h * factor + 0.5) as i64) as f64
}

/// A bin whose hessian is below this share of its node's is empty (see `scan_feature`).
const EMPTY: f64 = 1e-12;

/// The admissible thresholds of one feature, gathered by a sequential scan so their gains can be
/// computed in one branch-free (vectorised) pass. The gather is branch-free too: whether a bin is
/// empty follows the data, and a mispredicted branch per bin cost more than the divisions.
struct Candidates {
  len: usize,
  /// threshold << 1 | default_left
  t: [u16; 2 * STRIDE],
  g: [f64; 2 * STRIDE],
  h: [f64; 2 * STRIDE],
  gain: [f64; 2 * STRIDE],
}

/// What the scan of one feature histogram starts from: the row-count factor, the hessian below
/// which a bin counts as empty, the NaN bin, and the min child weight / min data limits.
struct FeatureScan {
  factor: f64,
  empty: f64,
  nan: Bin,
  has_nan: bool,
  min_h: f64,
  min_n: f64,
}

impl FeatureScan {
  #[inline(always)]
  fn new(h: &[Bin], nb: usize, total: Sums, p: &SplitParams) -> FeatureScan {
    let empty = total.h.abs() * EMPTY;
    let nan = h[nb.min(STRIDE - 1)];
    FeatureScan { factor: count_factor(total), empty, nan, has_nan: nan.h > empty, min_h: p.min_child_weight, min_n: p.min_data.max(1.0) }
  }
}

impl Candidates {
  fn new() -> Box<Candidates> {
    Box::new(Candidates { len: 0, t: [0; 2 * STRIDE], g: [0.0; 2 * STRIDE], h: [0.0; 2 * STRIDE], gain: [0.0; 2 * STRIDE] })
  }

  #[inline(always)]
  fn push(&mut self, keep: bool, t: usize, dl: bool, g: f64, h: f64) {
    let i = self.len.min(2 * STRIDE - 1);
    self.t[i] = (t as u16) << 1 | dl as u16;
    self.g[i] = g;
    self.h[i] = h;
    self.len += keep as usize;
  }

  /// Left sums of the admissible thresholds of one feature histogram `h` with `nb` value bins:
  /// the thresholds `scan_feature` visits whose children both meet min child weight and min data.
  /// The left hessian only grows with the threshold, so the scan stops once the right side is
  /// too light.
  fn gather(&mut self, h: &[Bin], nb: usize, total: Sums, p: &SplitParams) {
    self.len = 0;
    let FeatureScan { factor, empty, nan, has_nan, min_h, min_n } = FeatureScan::new(h, nb, total, p);
    // count(h) = ⌊h·factor + ½⌋ ≥ min_n on both sides, as a window on h·factor (no conversions)
    let (lo_n, hi_n) = (min_n - 0.5, total.n - min_n + 0.5);
    let ok = |lh: f64| {
      let x = lh * factor;
      (lh >= min_h) & (total.h - lh >= min_h) & (x >= lo_n) & (x < hi_n)
    };
    let (mut cg, mut ch) = (0.0, 0.0);
    for (t, b) in h[..nb].iter().enumerate() {
      cg += b.g;
      ch += b.h;
      if total.h - ch < min_h || ch * factor >= hi_n {
        break;
      }
      let nonempty = (b.h > empty) | (t == 0);
      let inner = t + 1 < nb;
      self.push(nonempty & (inner | has_nan) & ok(ch), t, false, cg, ch);
      if has_nan {
        let (g2, h2) = (cg + nan.g, ch + nan.h);
        self.push(nonempty & inner & ok(h2), t, true, g2, h2);
      }
    }
  }

  /// Gain of every candidate: max(|g| − α, 0)² / (h + λ) on both sides, minus the parent's.
  /// Returns the largest (−∞ without candidates). Where the CPU has AVX2 the same arithmetic
  /// runs four lanes wide: the divisions dominate, and the baseline build's two-lane division
  /// left them at about a third of the split search. Lane width does not change any result
  /// (IEEE division and multiplication per lane, no fused operations; `max` and `f64::max` agree on
  /// the finite gains here).
  fn gains(&mut self, total: Sums, parent: f64, p: &SplitParams) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
      // SAFETY: the CPU supports AVX2 (checked just above).
      return unsafe { self.gains_avx2(total, parent, p) };
    }
    self.gains_from(0, total, parent, p)
  }

  /// `gains_from(0, …)`, four candidates per instruction, then the scalar code for the last few.
  #[cfg(target_arch = "x86_64")]
  #[target_feature(enable = "avx2")]
  unsafe fn gains_avx2(&mut self, total: Sums, parent: f64, p: &SplitParams) -> f64 {
    use std::arch::x86_64::*;
    let n = self.len;
    let quads = n / 4;
    let (lambda, alpha) = (_mm256_set1_pd(p.lambda), _mm256_set1_pd(p.alpha));
    let (tg, th, par) = (_mm256_set1_pd(total.g), _mm256_set1_pd(total.h), _mm256_set1_pd(parent));
    let (zero, tiny) = (_mm256_setzero_pd(), _mm256_set1_pd(1e-300));
    let sign = _mm256_set1_pd(-0.0);
    // the scalar closure's operations in its order: |g| − α, max 0, squared, over max(h + λ, 1e-300)
    let score = |g: __m256d, h: __m256d| {
      let t = _mm256_max_pd(_mm256_sub_pd(_mm256_andnot_pd(sign, g), alpha), zero);
      _mm256_div_pd(_mm256_mul_pd(t, t), _mm256_max_pd(_mm256_add_pd(h, lambda), tiny))
    };
    let mut best = _mm256_set1_pd(f64::NEG_INFINITY);
    for q in 0..quads {
      let i = 4 * q;
      let g = _mm256_loadu_pd(self.g.as_ptr().add(i));
      let h = _mm256_loadu_pd(self.h.as_ptr().add(i));
      let gain = _mm256_sub_pd(_mm256_add_pd(score(g, h), score(_mm256_sub_pd(tg, g), _mm256_sub_pd(th, h))), par);
      _mm256_storeu_pd(self.gain.as_mut_ptr().add(i), gain);
      best = _mm256_max_pd(best, gain);
    }
    let mut lanes = [0f64; 4];
    _mm256_storeu_pd(lanes.as_mut_ptr(), best);
    let head = lanes.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    head.max(self.gains_from(4 * quads, total, parent, p))
  }

  /// Gains of candidates `from..len`; their maximum.
  #[inline(always)]
  fn gains_from(&mut self, from: usize, total: Sums, parent: f64, p: &SplitParams) -> f64 {
    let (lambda, alpha) = (p.lambda, p.alpha);
    let score = |g: f64, h: f64| {
      let t = (g.abs() - alpha).max(0.0);
      t * t / (h + lambda).max(1e-300)
    };
    let n = self.len;
    let mut max = f64::NEG_INFINITY;
    for ((out, &g), &h) in self.gain[from..n].iter_mut().zip(&self.g[from..n]).zip(&self.h[from..n]) {
      let gain = score(g, h) + score(total.g - g, total.h - h) - parent;
      *out = gain;
      max = max.max(gain);
    }
    max
  }
}

/// Whether a node with sums `total` is big and heavy enough for two admissible children.
pub fn may_split(total: Sums, p: &SplitParams) -> bool {
  total.n >= 2.0 * p.min_data.max(1.0) && total.h >= 2.0 * p.min_child_weight
}

/// Best split of a node over `features`, or None when no admissible split gains more than min_gain,
/// in the forward scan's rules (`ScanOrder::Reverse` searches with `lightgbm_split::best_split`).
pub fn best_split(hist: &[Bin], total: Sums, features: &[usize], value_bins: &[u16], p: &SplitParams) -> Option<Split> {
  if !may_split(total, p) {
    return None;
  }
  let parent = p.score(total);
  CANDIDATES.with(|c| best_split_with(&mut c.borrow_mut(), hist, total, parent, features, value_bins, p))
}

thread_local! {
  // ~13 KB, once per thread: allocating and zeroing it per call showed up in deep trees
  static CANDIDATES: std::cell::RefCell<Box<Candidates>> = std::cell::RefCell::new(Candidates::new());
}

fn best_split_with(c: &mut Candidates, hist: &[Bin], total: Sums, parent: f64, features: &[usize], value_bins: &[u16], p: &SplitParams) -> Option<Split> {
  let mut best: Option<Split> = None;
  let mut best_gain = p.min_gain.max(1e-12);
  for &f in features {
    let h = &hist[f * STRIDE..(f + 1) * STRIDE];
    let nb = value_bins[f] as usize;
    c.gather(h, nb, total, p);
    // most features hold no candidate better than the best so far: skip their scan
    if !(c.gains(total, parent, p) > best_gain) {
      continue;
    }
    for i in 0..c.len {
      let gain = c.gain[i];
      if gain > best_gain {
        best_gain = gain;
        let default_left = c.t[i] & 1 == 1;
        let left = Sums { g: c.g[i], h: c.h[i], n: estimate_count(c.h[i], count_factor(total)) };
        best = Some(Split { feature: f, bin: (c.t[i] >> 1) as u8, default_left, gain, left, right: total.sub(left), outputs: None });
      }
    }
  }
  best
}

#[cfg(test)]
mod tests {
  use super::*;

  fn params(scan: ScanOrder) -> SplitParams {
    SplitParams { lambda: 0.0, alpha: 0.0, min_child_weight: 1e-3, min_data: 1.0, min_gain: 0.0, scan }
  }

  /// One feature, 6 value bins: rows in bins 0–1 pull one way, rows in 4–5 the other, bins 2–3
  /// hold none of the node's rows; `nan` puts a NaN bin (index 6) with rows leaning like bins 4–5.
  fn node(nan: bool) -> (Vec<Bin>, Sums) {
    let mut h = vec![Bin::default(); STRIDE];
    for (b, g) in [(0, -3.0), (1, -2.0), (4, 2.0), (5, 3.0)] {
      h[b] = Bin { g, h: 1.0 };
    }
    if nan {
      h[6] = Bin { g: 1.5, h: 1.0 };
    }
    let total = h.iter().fold(Sums::default(), |s, &b| s.add(b));
    (h, Sums { n: total.h, ..total })
  }

  /// The best split of `node(nan)` under `scan`.
  fn split_of(nan: bool, scan: ScanOrder) -> Split {
    let (h, total) = node(nan);
    best_split(&h, total, &[0], &[6], &params(scan)).unwrap()
  }

  /// (threshold bin, NaN goes left) of `split_of(nan, scan)`.
  fn threshold_of(nan: bool, scan: ScanOrder) -> (u8, bool) {
    let s = split_of(nan, scan);
    (s.bin, s.default_left)
  }

  #[test]
  fn gains_are_bit_identical_on_every_code_path() {
    // 1..=11 candidates covers a whole number of four-lane steps and every tail length
    let mut x = 0x2545f4914f6cdd1du64;
    let mut rnd = || {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      (x >> 11) as f64 / (1u64 << 53) as f64
    };
    for n in 1..=11 {
      let mut c = Candidates::new();
      for i in 0..n {
        c.push(true, i, false, rnd() * 20.0 - 10.0, rnd() * 5.0);
      }
      let total = Sums { g: 3.5, h: 6.0, n: 100.0 };
      let mut p = params(ScanOrder::Forward);
      p.lambda = 0.7;
      p.alpha = 0.3;
      let max = c.gains(total, 1.25, &p);
      let fast: Vec<u64> = c.gain[..n].iter().map(|g| g.to_bits()).collect();
      let max_scalar = c.gains_from(0, total, 1.25, &p);
      let scalar: Vec<u64> = c.gain[..n].iter().map(|g| g.to_bits()).collect();
      assert_eq!(fast, scalar, "{n} candidates");
      assert_eq!(max.to_bits(), max_scalar.to_bits());
    }
  }

  #[test]
  fn forward_threshold_follows_the_last_occupied_bin_and_nan_goes_right() {
    assert_eq!(threshold_of(false, ScanOrder::Forward), (1, false));
  }
}
