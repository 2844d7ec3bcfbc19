//! What the three growth styles share: building a node's histogram, deriving the sibling's by
//! subtraction, partitioning rows, per-level column sampling.

use super::histogram::{self, Hist, HistPool};
use super::partition::partition;
use super::rng::Rng;
use super::sampling::sample_features;
use super::split::{Split, SplitParams, Sums};
use super::tree::Tree;

/// A node of the level being grown (depth-wise and oblivious): its rows `idx[start..end]`, their
/// sums and histogram (taken when the node is split).
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
  pub scratch: &'a mut Vec<u32>,
  pub ordered: &'a mut Vec<[f32; 2]>,
  pub rng: &'a mut Rng,
}

impl GrowCtx<'_> {
  /// The root of a level-wise tree: the tree with its root leaf and the first level.
  pub fn root_level(&mut self, idx: &[u32]) -> (Tree, Vec<Open>) {
    let total = self.sums(idx);
    let tree = Tree::with_root(total);
    let hist = self.node_hist(idx);
    (tree, vec![Open { node: 0, start: 0, end: idx.len(), sums: total, hist: Some(hist) }])
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
    histogram::build(&mut h, self.bins, self.row_major, self.rows, idx, self.ordered, &self.features, self.value_bins, self.threads);
    h
  }

  /// Histograms of both children: the smaller one is built, the larger is `parent − smaller`.
  pub fn children_hists(&mut self, mut parent: Hist, left: &[u32], right: &[u32]) -> (Hist, Hist) {
    let small_left = left.len() <= right.len();
    let small = self.node_hist(if small_left { left } else { right });
    histogram::subtract(&mut parent, &small, &self.features, self.value_bins);
    if small_left {
      (small, parent)
    } else {
      (parent, small)
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
