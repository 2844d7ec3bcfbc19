//! Split search in LightGBM's arithmetic (`ScanOrder::Reverse`), operation for operation as
//! LightGBM 4's `FeatureHistogram::FindBestThresholdSequentially` does it.
//!
//! Why bit for bit: in the first trees every row carries one of two gradients, so many candidate
//! splits of different features tie exactly in real arithmetic, and on a small fold a reverse scan
//! (NaN left) and a forward scan (NaN right) of a node without NaN rows produce the same partition.
//! LightGBM resolves both kinds of tie by the last bits of its sums, and the resolution decides how
//! unseen (validation) rows are routed. Only the same operations in the same order on the same
//! histogram values give LightGBM's trees, hence its AUC.
//!
//! What that takes, besides this scan: gradients in LightGBM's formula (`objective`), histograms
//! summed row by row in partition order (no paired partial sums), the larger child always
//! `parent − smaller` with ties of size sending the right child to be built, and the most frequent
//! bin of a feature derived from the node's sums (`fix_most_frequent`), as LightGBM never stores it.

use super::histogram::{Bin, STRIDE};
use super::split::{Split, SplitParams, Sums};

/// LightGBM's `kEpsilon`: the float `1e-15f` widened to double, added to hessian sums.
pub const K_EPSILON: f64 = 1e-15f32 as f64;

/// LightGBM's `kSparseThreshold`: a bin other than the zero bin counts as the most frequent bin
/// only when it holds at least this share of the rows.
const SPARSE_THRESHOLD: f64 = 0.7;

/// What LightGBM's bin mapper knows of a feature, from the whole dataset's bins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureMeta {
  /// Some row is NaN (LightGBM's `missing_type` NaN): both NaN directions are scanned in every node.
  pub has_nan: bool,
  /// The bin LightGBM does not store (`most_freq_bin`); 0 means its histogram starts at bin 1.
  pub most_freq_bin: u16,
}

/// `FeatureMeta` of every column of column-major `bins` (`rows` per column). The zero bin
/// (LightGBM's `default_bin`) is taken to be bin 0, as it is when the values are bin indices.
pub fn feature_meta(bins: &[u8], rows: usize, value_bins: &[u16]) -> Vec<FeatureMeta> {
  value_bins
    .iter()
    .enumerate()
    .map(|(c, &nb)| {
      let mut count = [0usize; STRIDE];
      for &b in &bins[c * rows..(c + 1) * rows] {
        count[b as usize] += 1;
      }
      let nb = nb as usize;
      let has_nan = count[nb.min(STRIDE - 1)] > 0;
      let num_bin = nb + has_nan as usize;
      // first maximum, as ArrayArgs::ArgMax
      let mut mfb = 0;
      for b in 1..num_bin {
        if count[b] > count[mfb] {
          mfb = b;
        }
      }
      if mfb != 0 && (count[mfb] as f64 / rows.max(1) as f64) < SPARSE_THRESHOLD {
        mfb = 0;
      }
      FeatureMeta { has_nan, most_freq_bin: mfb as u16 }
    })
    .collect()
}

/// LightGBM's `FixHistogram` on `features` of a histogram built from a node's rows: the most
/// frequent bin (when not bin 0) becomes the node's sums minus every other bin, in bin order.
pub fn fix_most_frequent(hist: &mut [Bin], features: &[usize], value_bins: &[u16], meta: &[FeatureMeta], total: Sums) {
  for &f in features {
    let m = meta[f];
    if m.most_freq_bin == 0 {
      continue;
    }
    let h = &mut hist[f * STRIDE..(f + 1) * STRIDE];
    let num_bin = value_bins[f] as usize + m.has_nan as usize;
    let mfb = m.most_freq_bin as usize;
    let (mut g, mut hh) = (total.g, total.h);
    for (i, b) in h[..num_bin].iter().enumerate() {
      if i != mfb {
        g -= b.g;
        hh -= b.h;
      }
    }
    h[mfb] = Bin { g, h: hh };
  }
}

/// A node's sums as LightGBM's scan sees them: hessian + 2·kEpsilon, the row-count factor, the
/// parent's gain plus min_split_gain (`min_gain_shift`).
struct Node {
  g: f64,
  h: f64,
  n: i64,
  cnt_factor: f64,
  shift: f64,
}

/// LightGBM's `GetLeafGain` without max_delta_step and path smoothing.
#[inline(always)]
fn leaf_gain(g: f64, h: f64, p: &SplitParams) -> f64 {
  let t = threshold_l1(g, p.alpha);
  t * t / (h + p.lambda)
}

/// LightGBM's `ThresholdL1`: sign(g)·max(0, |g| − α).
#[inline(always)]
fn threshold_l1(g: f64, alpha: f64) -> f64 {
  let r = (g.abs() - alpha).max(0.0);
  if g < 0.0 {
    -r
  } else {
    r
  }
}

/// LightGBM's `CalculateSplittedLeafOutput` (the leaf value before shrinkage).
#[inline]
pub fn leaf_output(g: f64, h: f64, p: &SplitParams) -> f64 {
  -threshold_l1(g, p.alpha) / (h + p.lambda)
}

/// The best threshold of one scan direction: its gain and left side (hessian as the scan holds it).
#[derive(Clone, Copy)]
struct Best {
  gain: f64,
  bin: usize,
  lg: f64,
  lh: f64,
}

/// A feature's split as LightGBM's `SplitInfo` holds it after both scans.
struct FeatureSplit {
  /// Gain over the parent (LightGBM's `output->gain`).
  gain: f64,
  bin: usize,
  default_left: bool,
  lg: f64,
  lh: f64,
}

/// The side a scan accumulates: its sums and its rows (the sum of every bin's rounded estimate).
#[derive(Clone, Copy)]
struct Acc {
  g: f64,
  h: f64,
  n: i64,
}

impl Acc {
  #[inline(always)]
  fn add(&mut self, b: &Bin, node: &Node) {
    self.g += b.g;
    self.h += b.h;
    self.n += node.rows_of(b);
  }
}

/// What a threshold is worth to a scan.
enum Next {
  /// The accumulated side is too small, or the split gains nothing: go on.
  Skip,
  /// The other side is too small, and only shrinks from here.
  Stop,
  Gain(f64),
}

impl Node {
  /// Rows of a bin: LightGBM's `RoundInt(hessian × cnt_factor)`, a truncating cast of x + ½.
  #[inline(always)]
  fn rows_of(&self, b: &Bin) -> i64 {
    (b.h * self.cnt_factor + 0.5) as i32 as i64
  }

  /// LightGBM's checks, in its order, and gain of the threshold whose accumulated side is `a`.
  #[inline(always)]
  /// `L1`: whether α > 0 (LightGBM's `USE_L1` template flag; without it the gain is g²/(h + λ),
  /// the same value `leaf_gain` computes at α = 0, with fewer operations).
  fn judge<const L1: bool>(&self, a: Acc, p: &SplitParams) -> Next {
    let min_n = p.min_data as i64;
    if a.n < min_n || a.h < p.min_child_weight {
      return Next::Skip;
    }
    let oh = self.h - a.h;
    if self.n - a.n < min_n || oh < p.min_child_weight {
      return Next::Stop;
    }
    let lg = self.g - a.g;
    let gain = if L1 { leaf_gain(lg, oh, p) + leaf_gain(a.g, a.h, p) } else { lg * lg / (oh + p.lambda) + a.g * a.g / (a.h + p.lambda) };
    if gain <= self.shift {
      Next::Skip
    } else {
      Next::Gain(gain)
    }
  }
}

/// Both scans of one feature histogram `h` (`nb` value bins). Returns whether some threshold gains
/// (LightGBM's `is_splittable_`) and the split, if one beats the parent.
///
/// LightGBM visits every bin; here bins whose sums are exactly zero are left out. A threshold
/// after such a bin has the sums of the one before it, so its gain is equal, never strictly better,
/// and passes or fails the same checks: leaving it out changes nothing, and in small nodes most
/// bins are empty.
fn scan<const L1: bool>(h: &[Bin], nb: usize, m: FeatureMeta, node: &Node, p: &SplitParams) -> (bool, Option<FeatureSplit>) {
  let num_bin = nb + m.has_nan as usize;
  let na_as_missing = m.has_nan && num_bin > 2;
  // occupied bins in ascending order, gathered branch-free
  let mut occ = [0u8; STRIDE];
  let mut k = 0;
  for (t, b) in h[..num_bin].iter().enumerate() {
    occ[k] = t as u8;
    k += ((b.g != 0.0) | (b.h != 0.0)) as usize;
  }
  let occ = &occ[..k];
  let mut splittable = false;
  let mut keep = |best: &mut Option<Best>, gain: f64, b: Best| {
    splittable = true;
    if best.is_none_or(|x| gain > x.gain) {
      *best = Some(b);
    }
  };

  // right to left, NaN (not in the scan) on the left
  let mut best: Option<Best> = None;
  let mut right = Acc { g: 0.0, h: K_EPSILON, n: 0 };
  let top = num_bin - na_as_missing as usize;
  for &t in occ.iter().rev() {
    let t = t as usize;
    if t >= top {
      continue;
    }
    if t == 0 {
      break;
    }
    right.add(&h[t], node);
    match node.judge::<L1>(right, p) {
      Next::Skip => continue,
      Next::Stop => break,
      Next::Gain(gain) => keep(&mut best, gain, Best { gain, bin: t - 1, lg: node.g - right.g, lh: node.h - right.h }),
    }
  }
  let mut out = best.map(|b| FeatureSplit { gain: b.gain - node.shift, bin: b.bin, default_left: true, lg: b.lg, lh: b.lh });
  if !na_as_missing {
    // a NaN feature scanned once (a lone value bin and the NaN bin) sends NaN right
    if let Some(o) = out.as_mut().filter(|_| m.has_nan) {
      o.default_left = false;
    }
    return (splittable, out);
  }

  // left to right, NaN on the right
  let mut best: Option<Best> = None;
  let mut left = Acc { g: 0.0, h: K_EPSILON, n: 0 };
  let mut from = occ;
  if m.most_freq_bin == 0 {
    // bin 0 is not stored: the left side starts as the node minus every stored bin, and the
    // first threshold is bin 0
    left = Acc { g: node.g, h: node.h - K_EPSILON, n: node.n };
    for &t in occ.iter().filter(|&&t| t > 0) {
      let b = &h[t as usize];
      left.g -= b.g;
      left.h -= b.h;
      left.n -= node.rows_of(b);
    }
    match node.judge::<L1>(left, p) {
      Next::Stop => from = &[],
      Next::Gain(gain) => keep(&mut best, gain, Best { gain, bin: 0, lg: left.g, lh: left.h }),
      Next::Skip => {}
    }
    from = &from[from.iter().take_while(|&&t| t == 0).count()..];
  }
  for &t in from {
    let t = t as usize;
    if t + 1 >= num_bin {
      break;
    }
    left.add(&h[t], node);
    match node.judge::<L1>(left, p) {
      Next::Skip => continue,
      Next::Stop => break,
      Next::Gain(gain) => keep(&mut best, gain, Best { gain, bin: t, lg: left.g, lh: left.h }),
    }
  }
  if let Some(b) = best {
    // LightGBM compares against the first scan's gain with the shift added back
    if out.as_ref().is_none_or(|o| b.gain > o.gain + node.shift) {
      out = Some(FeatureSplit { gain: b.gain - node.shift, bin: b.bin, default_left: false, lg: b.lg, lh: b.lh });
    }
  }
  (splittable, out)
}

/// Best split of a node with sums `total` over `features` of its histogram, in LightGBM's
/// arithmetic; `splittable` receives the features with a gaining threshold (LightGBM searches
/// only those in the node's children). The split's sides carry LightGBM's sums (hessians less
/// kEpsilon) and `outputs` its leaf values; their row counts are LightGBM's estimates.
pub fn best_split(hist: &[Bin], total: Sums, features: &[usize], value_bins: &[u16], meta: &[FeatureMeta], p: &SplitParams, splittable: &mut Vec<usize>) -> Option<Split> {
  splittable.clear();
  let sum_h = total.h + 2.0 * K_EPSILON;
  let node = Node { g: total.g, h: sum_h, n: total.n as i64, cnt_factor: total.n / sum_h, shift: leaf_gain(total.g, sum_h, p) + p.min_gain };
  let mut best: Option<(usize, FeatureSplit)> = None;
  for &f in features {
    let h = &hist[f * STRIDE..(f + 1) * STRIDE];
    let (gains, s) = if p.alpha > 0.0 { scan::<true>(h, value_bins[f] as usize, meta[f], &node, p) } else { scan::<false>(h, value_bins[f] as usize, meta[f], &node, p) };
    if gains {
      splittable.push(f);
    }
    if let Some(s) = s {
      // ties keep the lower feature (SplitInfo::operator>)
      if best.as_ref().is_none_or(|(_, b)| s.gain > b.gain) {
        best = Some((f, s));
      }
    }
  }
  let (f, s) = best?;
  let (rg, rh) = (node.g - s.lg, node.h - s.lh);
  let count = |h: f64| ((h * node.cnt_factor + 0.5) as i64).clamp(0, node.n) as f64;
  let left = Sums { g: s.lg, h: s.lh - K_EPSILON, n: count(s.lh) };
  let right = Sums { g: rg, h: rh - K_EPSILON, n: total.n - left.n };
  Some(Split { feature: f, bin: s.bin as u8, default_left: s.default_left, gain: s.gain, left, right, outputs: Some([leaf_output(s.lg, s.lh, p), leaf_output(rg, rh, p)]) })
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::gbdt::params::ScanOrder;

  fn params() -> SplitParams {
    SplitParams { lambda: 0.0, alpha: 0.0, min_child_weight: 1e-3, min_data: 1.0, min_gain: 0.0, scan: ScanOrder::Reverse }
  }

  /// A histogram of one feature from (bin, gradient, hessian) entries, and its node sums.
  fn node(entries: &[(usize, f64, f64)], rows: f64) -> (Vec<Bin>, Sums) {
    let mut h = vec![Bin::default(); STRIDE];
    let mut s = Sums { n: rows, ..Sums::default() };
    for &(b, g, hh) in entries {
      h[b].g += g;
      h[b].h += hh;
      s.g += g;
      s.h += hh;
    }
    (h, s)
  }

  #[test]
  fn epsilon_is_the_float_literal_widened() {
    assert_eq!(K_EPSILON, 1.0000000036274937e-15);
  }

  #[test]
  fn reverse_threshold_sits_below_the_next_occupied_bin_with_nan_left() {
    // no NaN in the dataset: one right-to-left scan, bins 2–3 empty
    let (h, s) = node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (4, 2.0, 1.0), (5, 3.0, 1.0)], 4.0);
    let meta = [FeatureMeta { has_nan: false, most_freq_bin: 0 }];
    let mut ok = Vec::new();
    let sp = best_split(&h, s, &[0], &[6], &meta, &params(), &mut ok).unwrap();
    assert_eq!((sp.bin, sp.default_left), (3, true));
    assert_eq!(ok, vec![0]);
  }

  #[test]
  fn sides_carry_the_scan_sums_less_epsilon_and_leaf_outputs_use_the_scan_hessian() {
    let (h, s) = node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (4, 2.0, 1.0), (5, 3.0, 1.0)], 4.0);
    let meta = [FeatureMeta { has_nan: false, most_freq_bin: 0 }];
    let sp = best_split(&h, s, &[0], &[6], &meta, &params(), &mut Vec::new()).unwrap();
    let sum_h = 4.0 + 2.0 * K_EPSILON;
    let rh = K_EPSILON + 1.0 + 1.0;
    assert_eq!((sp.right.g, sp.right.h), (5.0, sum_h - (sum_h - rh) - K_EPSILON));
    assert_eq!((sp.left.g, sp.left.h), (-5.0, (sum_h - rh) - K_EPSILON));
    assert_eq!(sp.outputs, Some([5.0 / (sum_h - rh), -5.0 / (sum_h - (sum_h - rh))]));
    assert_eq!((sp.left.n, sp.right.n), (2.0, 2.0));
  }

  #[test]
  fn a_nan_feature_is_scanned_both_ways_even_in_a_node_without_nan() {
    // same partition both ways; the forward scan only wins by a strictly larger gain, so the
    // reverse threshold (3, NaN left) stands unless the rounding favours the forward one
    let (h, s) = node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (4, 2.0, 1.0), (5, 3.0, 1.0)], 4.0);
    let meta = [FeatureMeta { has_nan: true, most_freq_bin: 0 }];
    let sp = best_split(&h, s, &[0], &[6], &meta, &params(), &mut Vec::new()).unwrap();
    let node = Node { g: s.g, h: s.h + 2.0 * K_EPSILON, n: 4, cnt_factor: 4.0 / (s.h + 2.0 * K_EPSILON), shift: 0.0 };
    let (_, fs) = scan::<false>(&h, 6, meta[0], &node, &params());
    assert_eq!((sp.bin as usize, sp.default_left), (fs.as_ref().unwrap().bin, fs.as_ref().unwrap().default_left));
    // NaN rows leaning right move the split to NaN right
    let (h, s) = node_with_nan();
    let sp = best_split(&h, s, &[0], &[6], &meta, &params(), &mut Vec::new()).unwrap();
    assert_eq!((sp.bin, sp.default_left), (1, false));
  }

  fn node_with_nan() -> (Vec<Bin>, Sums) {
    node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (4, 2.0, 1.0), (5, 3.0, 1.0), (6, 2.5, 1.0)], 5.0)
  }

  #[test]
  fn bin_zero_of_a_feature_that_does_not_store_it_is_never_read() {
    // LightGBM derives bin 0 from the node sums; whatever the histogram holds there is ignored
    let (h, s) = node_with_nan();
    let meta = [FeatureMeta { has_nan: true, most_freq_bin: 0 }];
    let want = best_split(&h, s, &[0], &[6], &meta, &params(), &mut Vec::new());
    let mut junk = h.clone();
    junk[0] = Bin { g: 123.0, h: 0.0 };
    assert_eq!(best_split(&junk, s, &[0], &[6], &meta, &params(), &mut Vec::new()), want);
  }

  #[test]
  fn empty_bins_leave_the_thresholds_where_a_scan_of_every_bin_puts_them() {
    // reverse: just below the next occupied bin; forward (NaN rows leaning right): the last
    // occupied bin, whatever number of empty bins lies between
    let (h, s) = node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (200, 2.0, 1.0), (201, 3.0, 1.0)], 4.0);
    let meta = [FeatureMeta { has_nan: false, most_freq_bin: 0 }];
    assert_eq!(best_split(&h, s, &[0], &[250], &meta, &params(), &mut Vec::new()).map(|x| x.bin), Some(199));
    let (h, s) = node(&[(0, -3.0, 1.0), (1, -2.0, 1.0), (200, 2.0, 1.0), (201, 3.0, 1.0), (250, 2.5, 1.0)], 5.0);
    let meta = [FeatureMeta { has_nan: true, most_freq_bin: 0 }];
    let sp = best_split(&h, s, &[0], &[250], &meta, &params(), &mut Vec::new()).unwrap();
    assert_eq!((sp.bin, sp.default_left), (1, false));
  }

  #[test]
  fn the_gain_without_l1_is_the_l1_gain_at_alpha_zero_bit_for_bit() {
    let (h, s) = node(&[(0, -3.1, 0.7), (1, -2.3, 1.3), (3, 0.4, 0.2), (4, 2.9, 1.1), (5, 3.3, 0.9), (6, 2.5, 1.0)], 6.0);
    let node = Node { g: s.g, h: s.h + 2.0 * K_EPSILON, n: 6, cnt_factor: 6.0 / (s.h + 2.0 * K_EPSILON), shift: 0.0 };
    let m = FeatureMeta { has_nan: true, most_freq_bin: 0 };
    let (a, b) = (scan::<true>(&h, 6, m, &node, &params()).1.unwrap(), scan::<false>(&h, 6, m, &node, &params()).1.unwrap());
    assert_eq!((a.gain, a.bin, a.default_left, a.lg, a.lh), (b.gain, b.bin, b.default_left, b.lg, b.lh));
  }

  #[test]
  fn min_data_counts_rows_per_bin_rounded() {
    // bins 1 and 2 hold hessian 0.1 of a 1.0 node with 3 rows: 0.3 rows each, rounded to 0
    let (h, s) = node(&[(0, -1.0, 0.8), (1, 0.5, 0.1), (2, 0.5, 0.1)], 3.0);
    let meta = [FeatureMeta { has_nan: false, most_freq_bin: 0 }];
    let mut ok = Vec::new();
    assert!(best_split(&h, s, &[0], &[3], &meta, &params(), &mut ok).is_none());
    assert!(ok.is_empty());
  }

  #[test]
  fn most_frequent_bin_is_derived_from_the_node_sums() {
    let (mut h, s) = node(&[(0, -1.0, 0.5), (1, 2.0, 1.0), (2, 0.25, 0.5)], 3.0);
    h[1] = Bin { g: 99.0, h: 99.0 };
    let meta = [FeatureMeta { has_nan: false, most_freq_bin: 1 }];
    fix_most_frequent(&mut h, &[0], &[3], &meta, s);
    assert_eq!(h[1], Bin { g: s.g - (-1.0) - 0.25, h: s.h - 0.5 - 0.5 });
  }

  #[test]
  fn feature_meta_reads_nan_and_a_dominant_bin() {
    // column 0: 8 of 10 rows in bin 2 (≥ 70 %), no NaN; column 1: NaN (bin 3) in one row
    let mut bins = vec![2u8; 10];
    bins[0] = 0;
    bins[1] = 1;
    bins.extend([0u8, 1, 2, 3, 0, 1, 2, 0, 1, 2]);
    let m = feature_meta(&bins, 10, &[3, 3]);
    assert_eq!(m, vec![FeatureMeta { has_nan: false, most_freq_bin: 2 }, FeatureMeta { has_nan: true, most_freq_bin: 0 }]);
  }
}
