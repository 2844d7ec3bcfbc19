//! Split search on a histogram: gain of every threshold of every feature, with L1/L2
//! regularisation, min child weight, min data in leaf and a learned direction for NaN.

use super::histogram::{Bin, STRIDE};

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
  #[inline]
  fn admissible(&self, l: Sums, r: Sums) -> bool {
    l.h >= self.min_child_weight && r.h >= self.min_child_weight && l.n >= self.min_data && r.n >= self.min_data && l.n > 0.0 && r.n > 0.0
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
/// threshold splits the rows exactly like the previous one. Left counts are estimated as
/// `round(h × total.n / total.h)` (LightGBM's estimate); the node's own count is exact.
#[inline]
pub fn scan_feature(h: &[Bin], nb: usize, total: Sums, mut visit: impl FnMut(usize, bool, Sums, Sums)) {
  let factor = if total.h > 0.0 { total.n / total.h } else { 0.0 };
  let with_n = |mut s: Sums| {
    s.n = (s.h * factor).round();
    s
  };
  let nan = Sums::default().add(h[nb.min(STRIDE - 1)]);
  let has_nan = nan.h > 0.0;
  let mut cum = Sums::default();
  for (t, &b) in h.iter().enumerate().take(nb) {
    if b.h == 0.0 && t > 0 {
      continue;
    }
    cum = cum.add(b);
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

/// Best split of a node over `features`, or None when no admissible split gains more than min_gain.
pub fn best_split(hist: &[Bin], total: Sums, features: &[usize], value_bins: &[u16], p: &SplitParams) -> Option<Split> {
  let parent = p.score(total);
  let mut best: Option<Split> = None;
  let mut best_gain = p.min_gain.max(1e-12);
  for &f in features {
    let h = &hist[f * STRIDE..(f + 1) * STRIDE];
    if total.n < 2.0 * p.min_data.max(1.0) {
      break;
    }
    scan_feature(h, value_bins[f] as usize, total, |t, dl, l, r| {
      if !p.admissible(l, r) {
        return;
      }
      let gain = p.score(l) + p.score(r) - parent;
      if gain > best_gain {
        best_gain = gain;
        best = Some(Split { feature: f, bin: t as u8, default_left: dl, gain, left: l, right: r });
      }
    });
  }
  best
}
