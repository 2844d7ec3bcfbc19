//! Binary classification metrics with scikit-learn's definitions: ROC-AUC with tied scores
//! counted half (the trapezoid `roc_auc_score` integrates), average precision as
//! `average_precision_score` (tied scores form one threshold), logloss clipped to
//! [ε, 1−ε] with ε = f64 machine epsilon as `log_loss` does for float64 input, and the
//! confusion-matrix metrics of `score ≥ threshold` with scikit-learn's zero-division value 0.

use super::binary_input::BinaryInput;
use crate::error::{CoreError, CoreResult};
use crate::radix_sort::{sort, SortKey};

/// Scores of the positive and of the negative rows as sorted order keys.
struct Ranked<K> {
  pos: Vec<K>,
  neg: Vec<K>,
}

impl<K: crate::radix_sort::RadixKey> Ranked<K> {
  fn new(mut pos: Vec<K>, mut neg: Vec<K>) -> Self {
    let mut scratch = Vec::new();
    sort(&mut pos, &mut scratch);
    sort(&mut neg, &mut scratch);
    Self { pos, neg }
  }

  fn collect<Y: Copy + Into<f64>, S: SortKey<Key = K>>(input: &BinaryInput<Y, S>) -> CoreResult<Self> {
    let mut pos = Vec::new();
    let mut neg = Vec::with_capacity(input.len());
    input.for_each_raw(|label, s| if label { pos.push(s.key()) } else { neg.push(s.key()) })?;
    Ok(Self::new(pos, neg))
  }

  /// Walk distinct scores from the highest down, giving (positives, negatives) at each.
  fn descending(&self, mut f: impl FnMut(u64, u64)) {
    let (mut i, mut j) = (self.pos.len(), self.neg.len());
    while i > 0 || j > 0 {
      let k = match (i, j) {
        (0, _) => self.neg[j - 1],
        (_, 0) => self.pos[i - 1],
        _ => self.pos[i - 1].max(self.neg[j - 1]),
      };
      let (i0, j0) = (i, j);
      while i > 0 && self.pos[i - 1] == k {
        i -= 1;
      }
      while j > 0 && self.neg[j - 1] == k {
        j -= 1;
      }
      f((i0 - i) as u64, (j0 - j) as u64);
    }
  }
}

fn single_class(metric: &str, missing: &str) -> CoreError {
  CoreError::new(
    "ERR_METRIC_SINGLE_CLASS",
    format!("{metric} is undefined when the rows hold no {missing} labels; score a fold that has both classes"),
  )
}

/// Area under the ROC curve; ties between a positive and a negative count one half.
pub fn roc_auc<Y: Copy + Into<f64>, S: SortKey>(y: &[Y], s: &[S], rows: Option<&[u32]>) -> CoreResult<f64> {
  let r = Ranked::collect(&BinaryInput::new(y, s, rows)?)?;
  auc_of(&r)
}

fn auc_of<K: crate::radix_sort::RadixKey>(r: &Ranked<K>) -> CoreResult<f64> {
  if r.pos.is_empty() {
    return Err(single_class("ROC-AUC", "positive (1)"));
  }
  if r.neg.is_empty() {
    return Err(single_class("ROC-AUC", "negative (0)"));
  }
  // Twice the Mann–Whitney U in exact integers: each negative scores the positives above it,
  // plus half of those tied with it.
  let (mut above, mut twice_u) = (0u128, 0u128);
  r.descending(|tp, fp| {
    twice_u += fp as u128 * (2 * above + tp as u128);
    above += tp as u128;
  });
  Ok(twice_u as f64 / (2.0 * r.pos.len() as f64 * r.neg.len() as f64))
}

/// Average precision: Σ (Rₖ − Rₖ₋₁)·Pₖ over distinct score thresholds, highest first.
pub fn average_precision<Y: Copy + Into<f64>, S: SortKey>(
  y: &[Y],
  s: &[S],
  rows: Option<&[u32]>,
) -> CoreResult<f64> {
  let r = Ranked::collect(&BinaryInput::new(y, s, rows)?)?;
  ap_of(&r)
}

fn ap_of<K: crate::radix_sort::RadixKey>(r: &Ranked<K>) -> CoreResult<f64> {
  if r.pos.is_empty() {
    return Err(single_class("average precision (PR-AUC)", "positive (1)"));
  }
  let p = r.pos.len() as f64;
  let (mut tp, mut fp, mut ap) = (0u64, 0u64, 0.0f64);
  r.descending(|tpg, fpg| {
    tp += tpg;
    fp += fpg;
    if tpg > 0 {
      ap += (tpg as f64 / p) * (tp as f64 / (tp + fp) as f64);
    }
  });
  Ok(ap)
}

/// Mean binary cross-entropy of probabilities `s` for labels `y`.
pub fn log_loss<Y: Copy + Into<f64>, S: Copy + Into<f64>>(y: &[Y], s: &[S], rows: Option<&[u32]>) -> CoreResult<f64> {
  let input = BinaryInput::new(y, s, rows)?;
  let mut acc = LogLoss::default();
  input.for_each(|label, p| acc.add(label, p))?;
  acc.finish(input.len())
}

#[derive(Default)]
struct LogLoss {
  sum: f64,
  carry: f64,
  out_of_range: Option<f64>,
}

impl LogLoss {
  #[inline]
  fn add(&mut self, label: bool, p: f64) {
    if !(0.0..=1.0).contains(&p) {
      self.out_of_range.get_or_insert(p);
      return;
    }
    let eps = f64::EPSILON;
    let q = if label { p } else { 1.0 - p };
    let term = -q.clamp(eps, 1.0 - eps).ln();
    // Neumaier summation: the mean stays exact to the last bits on millions of rows.
    let t = self.sum + term;
    self.carry += if self.sum.abs() >= term.abs() { (self.sum - t) + term } else { (term - t) + self.sum };
    self.sum = t;
  }

  fn finish(&self, n: usize) -> CoreResult<f64> {
    if let Some(p) = self.out_of_range {
      return Err(CoreError::new(
        "ERR_METRIC_PROBABILITY_RANGE",
        format!("logloss needs probabilities in [0, 1], got {p}; pass predicted probabilities, not raw scores"),
      ));
    }
    Ok((self.sum + self.carry) / n as f64)
  }
}

/// Confusion counts of `score ≥ threshold` against the labels, and the metrics made of them.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdMetrics {
  pub tp: u64,
  pub fp: u64,
  pub tn: u64,
  pub fn_: u64,
  pub accuracy: f64,
  /// Mean recall over the classes present in the labels (scikit-learn's `balanced_accuracy_score`).
  pub balanced_accuracy: f64,
  pub precision: f64,
  pub recall: f64,
  pub f1: f64,
}

fn ratio(a: u64, b: u64) -> f64 {
  if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl ThresholdMetrics {
  fn from_counts(tp: u64, fp: u64, tn: u64, fn_: u64) -> Self {
    let (p, n) = (tp + fn_, tn + fp);
    let recalls: Vec<f64> = [(tp, p), (tn, n)].iter().filter(|(_, d)| *d > 0).map(|&(a, d)| ratio(a, d)).collect();
    Self {
      tp,
      fp,
      tn,
      fn_,
      accuracy: ratio(tp + tn, p + n),
      balanced_accuracy: recalls.iter().sum::<f64>() / recalls.len() as f64,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, p),
      f1: ratio(2 * tp, 2 * tp + fp + fn_),
    }
  }
}

pub(crate) fn check_threshold(t: f64) -> CoreResult<()> {
  if !t.is_finite() {
    return Err(CoreError::new("ERR_PARAM_OUT_OF_RANGE", format!("threshold must be a finite number, got {t}")));
  }
  Ok(())
}

#[derive(Default)]
struct Counts {
  tp: u64,
  fp: u64,
  tn: u64,
  fn_: u64,
}

impl Counts {
  #[inline]
  fn add(&mut self, label: bool, s: f64, threshold: f64) {
    match (label, s >= threshold) {
      (true, true) => self.tp += 1,
      (true, false) => self.fn_ += 1,
      (false, true) => self.fp += 1,
      (false, false) => self.tn += 1,
    }
  }

  fn metrics(&self) -> ThresholdMetrics {
    ThresholdMetrics::from_counts(self.tp, self.fp, self.tn, self.fn_)
  }
}

/// Accuracy, balanced accuracy, precision, recall and F1 of predicting 1 where `score ≥ threshold`.
pub fn threshold_metrics<Y: Copy + Into<f64>, S: Copy + Into<f64>>(
  y: &[Y],
  s: &[S],
  rows: Option<&[u32]>,
  threshold: f64,
) -> CoreResult<ThresholdMetrics> {
  check_threshold(threshold)?;
  let input = BinaryInput::new(y, s, rows)?;
  let mut c = Counts::default();
  input.for_each(|label, s| c.add(label, s, threshold))?;
  Ok(c.metrics())
}

/// Every classification metric of one fold in one read of the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassificationMetrics {
  pub auc: f64,
  pub pr_auc: f64,
  pub logloss: f64,
  pub at_threshold: ThresholdMetrics,
}

pub fn classification_metrics<Y: Copy + Into<f64>, S: SortKey>(
  y: &[Y],
  s: &[S],
  rows: Option<&[u32]>,
  threshold: f64,
) -> CoreResult<ClassificationMetrics> {
  check_threshold(threshold)?;
  let input = BinaryInput::new(y, s, rows)?;
  let (mut c, mut ll) = (Counts::default(), LogLoss::default());
  let mut pos = Vec::new();
  let mut neg = Vec::with_capacity(input.len());
  input.for_each_raw(|label, raw| {
    let s: f64 = raw.into();
    c.add(label, s, threshold);
    ll.add(label, s);
    if label { pos.push(raw.key()) } else { neg.push(raw.key()) }
  })?;
  let r = Ranked::new(pos, neg);
  Ok(ClassificationMetrics { auc: auc_of(&r)?, pr_auc: ap_of(&r)?, logloss: ll.finish(input.len())?, at_threshold: c.metrics() })
}

#[cfg(test)]
mod tests {
  use super::*;

  /// AUC by definition: the share of (positive, negative) pairs ordered right, ties half.
  fn pairwise_auc(y: &[f64], s: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..y.len() {
      for j in 0..y.len() {
        if y[i] == 1.0 && y[j] == 0.0 {
          den += 1.0;
          num += if s[i] > s[j] { 1.0 } else if s[i] == s[j] { 0.5 } else { 0.0 };
        }
      }
    }
    num / den
  }

  #[test]
  fn auc_counts_ties_half_like_the_pairwise_definition() {
    let y = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0];
    let s = [0.1, 0.4, 0.35, 0.4, 0.8, 0.35, 0.0, 0.35];
    assert!((roc_auc(&y, &s, None).unwrap() - pairwise_auc(&y, &s)).abs() < 1e-15);
    let rows = [1u32, 3, 4, 6];
    let ys: Vec<f64> = rows.iter().map(|&r| y[r as usize]).collect();
    let ss: Vec<f64> = rows.iter().map(|&r| s[r as usize]).collect();
    assert_eq!(roc_auc(&y, &s, Some(&rows)).unwrap(), pairwise_auc(&ys, &ss));
  }

  #[test]
  fn average_precision_groups_tied_scores_into_one_threshold() {
    // Thresholds 0.9 (1 pos), 0.5 (1 pos + 1 neg tied), 0.1 (1 neg): AP = 1/2·1 + 1/2·2/3.
    let y = [1.0f32, 1.0, 0.0, 0.0];
    let s = [0.9f32, 0.5, 0.5, 0.1];
    assert!((average_precision(&y, &s, None).unwrap() - (0.5 + 1.0 / 3.0)).abs() < 1e-15);
  }

  #[test]
  fn single_class_and_bad_labels_are_coded() {
    assert_eq!(roc_auc(&[1.0, 1.0], &[0.1, 0.2], None).unwrap_err().code, "ERR_METRIC_SINGLE_CLASS");
    assert_eq!(roc_auc(&[1.0, f64::NAN], &[0.1, 0.2], None).unwrap_err().code, "ERR_METRIC_NAN_LABEL");
    assert_eq!(roc_auc(&[1.0, 2.0], &[0.1, 0.2], None).unwrap_err().code, "ERR_METRIC_LABEL_NOT_BINARY");
    assert_eq!(roc_auc(&[1.0, 0.0], &[0.1], None).unwrap_err().code, "ERR_METRIC_LENGTH_MISMATCH");
    assert_eq!(roc_auc(&[1.0, 0.0], &[0.1, f64::NAN], None).unwrap_err().code, "ERR_METRIC_NAN_SCORE");
    assert_eq!(log_loss(&[1.0, 0.0], &[0.1, 1.5], None).unwrap_err().code, "ERR_METRIC_PROBABILITY_RANGE");
    assert_eq!(log_loss::<f64, f64>(&[], &[], None).unwrap_err().code, "ERR_METRIC_EMPTY");
  }

  #[test]
  fn logloss_clips_certain_mistakes_to_a_finite_loss() {
    let l = log_loss(&[1.0, 0.0], &[0.0, 0.0], None).unwrap();
    assert!((l - (-f64::EPSILON.ln() / 2.0)).abs() < 1e-12);
  }

  #[test]
  fn threshold_metrics_follow_the_confusion_counts() {
    let y = [1.0, 1.0, 1.0, 0.0, 0.0];
    let s = [0.9, 0.6, 0.2, 0.7, 0.1];
    let m = threshold_metrics(&y, &s, None, 0.5).unwrap();
    assert_eq!((m.tp, m.fn_, m.fp, m.tn), (2, 1, 1, 1));
    assert!((m.balanced_accuracy - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-15);
    assert!((m.f1 - 4.0 / 6.0).abs() < 1e-15);
  }
}
