//! What the three growth styles share: building a node's histogram, deriving the sibling's by
//! subtraction, searching a node's split (small nodes over their occupied bins only, see
//! `compact_hist`), partitioning rows, per-level column sampling.

use super::compact_hist::{BinSource, CompactHist};
use super::histogram::{self, GradPair, Hist, HistPool};
use super::lightgbm_split::{self, FeatureMeta};
use super::params::ScanOrder;
use super::partition::partition;
use super::rng::Rng;
use super::sampling::sample_features;
use super::split::{best_split, may_split, Split, SplitParams, Sums};
use super::tree::Tree;

/// A node of the level being grown (depth-wise and oblivious): its rows `idx[start..end]`, their
/// sums and dense histogram (taken when the node is split; None for a node searched without one).
pub struct Open {
  pub node: usize,
  pub start: usize,
  pub end: usize,
  pub sums: Sums,
  pub hist: Option<Hist>,
}

pub struct GrowCtx<'a> {
  pub bins: &'a [u8],
  /// Row-major copy of the bins (empty = column-wise histograms).
  pub row_major: &'a [u8],
  pub rows: usize,
  pub value_bins: &'a [u16],
  pub grad: &'a [f32],
  pub hess: &'a [f32],
  pub sp: SplitParams,
  /// Features drawn for this tree (colsample_bytree); histograms cover exactly these.
  pub features: Vec<usize>,
  pub colsample_bylevel: f64,
  pub max_depth: usize,
  pub num_leaves: usize,
  pub threads: usize,
  pub pool: &'a mut HistPool,
  pub compact: &'a mut CompactHist,
  /// Nodes of at most this many rows get no dense histogram: their split is searched over the
  /// bins they occupy. 0 = every node keeps a dense histogram (oblivious levels scan them all).
  pub small_node: usize,
  pub scratch: &'a mut Vec<u32>,
  pub ordered: &'a mut Vec<GradPair>,
  pub rng: &'a mut Rng,
  /// Per feature, what LightGBM's bin mapper knows (`ScanOrder::Reverse` only, else empty).
  pub meta: &'a [FeatureMeta],
  /// The features of the last searched node with a gaining threshold (`ScanOrder::Reverse`):
  /// LightGBM searches only those in the node's children.
  pub splittable: Vec<usize>,
}

impl GrowCtx<'_> {
  /// Whether splits are searched in LightGBM's arithmetic (`lightgbm_split`).
  pub fn lightgbm(&self) -> bool {
    self.sp.scan == ScanOrder::Reverse
  }

  /// The root of a level-wise tree: the tree with its root leaf and the first level.
  pub fn root_level(&mut self, idx: &[u32]) -> (Tree, Vec<Open>) {
    let total = self.sums(idx);
    let tree = Tree::with_root(total);
    let hist = self.root_hist(idx, total);
    (tree, vec![Open { node: 0, start: 0, end: idx.len(), sums: total, hist }])
  }

  /// The root's dense histogram, when it needs one.
  pub fn root_hist(&mut self, idx: &[u32], total: Sums) -> Option<Hist> {
    if self.needs_hist(idx.len(), total) {
      Some(self.built_hist(idx, total))
    } else {
      None
    }
  }

  /// Whether a node of `n` rows and sums `s` keeps a dense histogram: it is too big for the
  /// compact search and its split will be searched.
  fn needs_hist(&self, n: usize, s: Sums) -> bool {
    self.small_node == 0 || (n > self.small_node && may_split(s, &self.sp))
  }

  /// Best split of the node holding `idx` over `feats`: on its dense histogram when it has one,
  /// else over the bins its rows occupy (the same split).
  pub fn search(&mut self, hist: Option<&Hist>, idx: &[u32], sums: Sums, feats: &[usize]) -> Option<Split> {
    if self.lightgbm() {
      self.splittable.clear();
      let h = hist.filter(|_| may_split(sums, &self.sp))?;
      return lightgbm_split::best_split(h, sums, feats, self.value_bins, self.meta, &self.sp, &mut self.splittable);
    }
    if let Some(h) = hist {
      return best_split(h, sums, feats, self.value_bins, &self.sp);
    }
    if !may_split(sums, &self.sp) {
      return None;
    }
    histogram::gather(idx, self.grad, self.hess, self.ordered);
    let src = BinSource { bins: self.bins, row_major: self.row_major, rows: self.rows, cols: self.value_bins.len() };
    self.compact.best_split(&src, idx, self.ordered, feats, self.value_bins, sums, &self.sp)
  }

  pub fn sums(&self, idx: &[u32]) -> Sums {
    let mut s = Sums::default();
    for &r in idx {
      s.g += self.grad[r as usize] as f64;
      s.h += self.hess[r as usize] as f64;
    }
    s.n = idx.len() as f64;
    s
  }

  pub fn node_hist(&mut self, idx: &[u32]) -> Hist {
    let mut h = self.pool.take();
    histogram::gather(idx, self.grad, self.hess, self.ordered);
    let in_order = self.lightgbm();
    histogram::build(&mut h, self.bins, self.row_major, self.rows, idx, self.ordered, &self.features, self.value_bins, self.threads, in_order);
    h
  }

  /// A histogram just built from a node's rows (sums `s`) as LightGBM holds it: the most frequent
  /// bins derived from the sums (`lightgbm_split::fix_most_frequent`). Nothing otherwise.
  fn fix(&self, h: &mut Hist, s: Sums) {
    if self.lightgbm() {
      lightgbm_split::fix_most_frequent(h, &self.features, self.value_bins, self.meta, s);
    }
  }

  fn built_hist(&mut self, idx: &[u32], s: Sums) -> Hist {
    let mut h = self.node_hist(idx);
    self.fix(&mut h, s);
    h
  }

  /// Dense histograms of the children that need one (`needs_hist`): the smaller child is built
  /// and the larger is `parent − smaller`, or built directly when the parent has no histogram.
  /// Children of equal size: the left one is built, or the right one as LightGBM does.
  pub fn children_hists(&mut self, parent: Option<Hist>, left: (&[u32], Sums), right: (&[u32], Sums)) -> (Option<Hist>, Option<Hist>) {
    let small_left = left.0.len() < right.0.len() || (left.0.len() == right.0.len() && !self.lightgbm());
    let (small, big) = if small_left { (left, right) } else { (right, left) };
    let (want_small, want_big) = (self.needs_hist(small.0.len(), small.1), self.needs_hist(big.0.len(), big.1));
    let (hs, hb) = match parent {
      Some(mut p) if want_big => {
        let hs = self.built_hist(small.0, small.1);
        histogram::subtract(&mut p, &hs, &self.features, self.value_bins);
        let hs = if want_small { Some(hs) } else { self.pool.give(hs); None };
        (hs, Some(p))
      }
      p => {
        self.give(p);
        let hs = if want_small { Some(self.built_hist(small.0, small.1)) } else { None };
        let hb = if want_big { Some(self.built_hist(big.0, big.1)) } else { None };
        (hs, hb)
      }
    };
    if small_left {
      (hs, hb)
    } else {
      (hb, hs)
    }
  }

  /// Partition `idx` by `s`; returns the number of rows going left.
  pub fn partition(&mut self, idx: &mut [u32], s: &Split) -> usize {
    let f = s.feature;
    partition(idx, self.scratch, &self.bins[f * self.rows..(f + 1) * self.rows], s.bin, self.value_bins[f] as u8, s.default_left)
  }

  /// Features searched at one level (or node): a colsample_bylevel share of the tree's.
  pub fn level_features(&mut self) -> Vec<usize> {
    if self.colsample_bylevel >= 1.0 {
      return self.features.clone();
    }
    sample_features(&self.features, self.colsample_bylevel, self.rng)
  }

  pub fn give(&mut self, h: Option<Hist>) {
    if let Some(h) = h {
      self.pool.give(h);
    }
  }
}
