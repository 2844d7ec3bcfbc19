//! Leaf-wise growth (LightGBM, XGBoost `lossguide`): always split the leaf with the largest gain,
//! until `num_leaves` leaves or no leaf can gain more than `min_split_gain`; `max_depth` (0 = none)
//! bounds the depth.
//!
//! Leaves are numbered as LightGBM numbers them (a split leaf's left child keeps its number, the
//! right child takes the next one) and the leaf to split is LightGBM's `ArgMax`: the largest gain,
//! ties to the lower feature, then to the lower leaf. In LightGBM's arithmetic (`ScanOrder::Reverse`)
//! a node's children search only the features that had a gaining threshold in it, as LightGBM does.

use super::grow::GrowCtx;
use super::histogram::Hist;
use super::split::{Split, Sums};
use super::tree::{LeafRange, Tree};

#[derive(Default)]
struct Cand {
  node: usize,
  start: usize,
  end: usize,
  depth: usize,
  sums: Sums,
  /// Leaf value before shrinkage, when the parent's split search computed it.
  output: Option<f64>,
  hist: Option<Hist>,
  split: Option<Split>,
  /// Features its children search (LightGBM's arithmetic only; else drawn per node).
  feats: Vec<usize>,
}

/// Whether split `a` beats `b` in LightGBM's `SplitInfo` order.
fn beats(a: &Split, b: &Split) -> bool {
  a.gain > b.gain || (a.gain == b.gain && a.feature < b.feature)
}

/// Features a child of `parent` searches: the level's draw, restricted in LightGBM's arithmetic
/// to the parent's gaining features.
fn child_features(ctx: &mut GrowCtx, parent: &[usize]) -> Vec<usize> {
  let mut f = ctx.level_features();
  if ctx.lightgbm() {
    f.retain(|x| parent.binary_search(x).is_ok());
  }
  f
}

pub fn grow(ctx: &mut GrowCtx, idx: &mut [u32]) -> (Tree, Vec<LeafRange>) {
  let total = ctx.sums(idx);
  let mut tree = Tree::with_root(total);
  let h = ctx.root_hist(idx, total);
  let feats = ctx.level_features();
  let split = ctx.search(h.as_ref(), idx, total, &feats);
  let feats = std::mem::take(&mut ctx.splittable);
  let mut cands = vec![Cand { node: 0, start: 0, end: idx.len(), depth: 0, sums: total, output: None, hist: h, split, feats }];
  let mut n_leaves = 1;
  while n_leaves < ctx.num_leaves {
    let mut pick: Option<usize> = None;
    for (i, c) in cands.iter().enumerate() {
      if let Some(s) = &c.split {
        if pick.is_none_or(|p| beats(s, cands[p].split.as_ref().unwrap())) {
          pick = Some(i);
        }
      }
    }
    let Some(i) = pick else { break };
    let c = std::mem::take(&mut cands[i]);
    let s = c.split.unwrap();
    let nl = ctx.partition(&mut idx[c.start..c.end], &s);
    // exact child counts replace the histogram's estimates
    let s = s.with_counts(nl, c.end - c.start - nl);
    let mid = c.start + nl;
    let (l, r) = tree.split(c.node, &s);
    n_leaves += 1;
    let depth = c.depth + 1;
    let can_grow = n_leaves < ctx.num_leaves && (ctx.max_depth == 0 || depth < ctx.max_depth);
    let outputs = s.outputs.map_or([None, None], |o| [Some(o[0]), Some(o[1])]);
    let (mut lc, mut rc) = (
      Cand { node: l, start: c.start, end: mid, depth, sums: s.left, output: outputs[0], ..Cand::default() },
      Cand { node: r, start: mid, end: c.end, depth, sums: s.right, output: outputs[1], ..Cand::default() },
    );
    if can_grow {
      let (lh, rh) = ctx.children_hists(c.hist, (&idx[c.start..mid], s.left), (&idx[mid..c.end], s.right));
      let feats = child_features(ctx, &c.feats);
      lc.split = ctx.search(lh.as_ref(), &idx[c.start..mid], lc.sums, &feats);
      lc.feats = std::mem::take(&mut ctx.splittable);
      let feats = if ctx.colsample_bylevel < 1.0 { child_features(ctx, &c.feats) } else { feats };
      rc.split = ctx.search(rh.as_ref(), &idx[mid..c.end], rc.sums, &feats);
      rc.feats = std::mem::take(&mut ctx.splittable);
      lc.hist = if lc.split.is_some() { lh } else { ctx.give(lh); None };
      rc.hist = if rc.split.is_some() { rh } else { ctx.give(rh); None };
    } else {
      ctx.give(c.hist);
    }
    cands[i] = lc;
    cands.push(rc);
  }
  let mut leaves = Vec::with_capacity(cands.len());
  for c in cands {
    ctx.give(c.hist);
    leaves.push(LeafRange { node: c.node as u32, start: c.start, end: c.end, sums: c.sums, output: c.output });
  }
  (tree, leaves)
}

#[cfg(test)]
mod tests {
  use super::*;

  fn split(feature: usize, gain: f64) -> Split {
    Split { feature, bin: 0, default_left: false, gain, left: Sums::default(), right: Sums::default(), outputs: None }
  }

  #[test]
  fn equal_gains_go_to_the_lower_feature_as_in_lightgbm() {
    assert!(beats(&split(3, 1.0), &split(7, 1.0)));
    assert!(!beats(&split(7, 1.0), &split(3, 1.0)));
    assert!(beats(&split(7, 1.5), &split(3, 1.0)));
    // same feature, same gain: the earlier leaf keeps it
    assert!(!beats(&split(3, 1.0), &split(3, 1.0)));
  }
}
