//! Leaf-wise growth (LightGBM, XGBoost `lossguide`): always split the leaf with the largest gain,
//! until `num_leaves` leaves or no leaf can gain more than `min_split_gain`; `max_depth` (0 = none)
//! bounds the depth.

use super::grow::GrowCtx;
use super::histogram::Hist;
use super::split::{Split, Sums};
use super::tree::{LeafRange, Tree};

struct Cand {
  node: usize,
  start: usize,
  end: usize,
  depth: usize,
  sums: Sums,
  hist: Option<Hist>,
  split: Option<Split>,
}

pub fn grow(ctx: &mut GrowCtx, idx: &mut [u32]) -> (Tree, Vec<LeafRange>) {
  let total = ctx.sums(idx);
  let mut tree = Tree::with_root(total);
  let h = ctx.root_hist(idx, total);
  let feats = ctx.level_features();
  let split = ctx.search(h.as_ref(), idx, total, &feats);
  let mut cands = vec![Cand { node: 0, start: 0, end: idx.len(), depth: 0, sums: total, hist: h, split }];
  let mut n_leaves = 1;
  while n_leaves < ctx.num_leaves {
    let mut pick: Option<usize> = None;
    for (i, c) in cands.iter().enumerate() {
      if let Some(s) = &c.split {
        if pick.is_none_or(|p| s.gain > cands[p].split.as_ref().unwrap().gain) {
          pick = Some(i);
        }
      }
    }
    let Some(i) = pick else { break };
    let c = cands.swap_remove(i);
    let s = c.split.unwrap();
    let nl = ctx.partition(&mut idx[c.start..c.end], &s);
    // exact child counts replace the histogram's estimates
    let s = s.with_counts(nl, c.end - c.start - nl);
    let mid = c.start + nl;
    let (l, r) = tree.split(c.node, &s);
    n_leaves += 1;
    let depth = c.depth + 1;
    let can_grow = n_leaves < ctx.num_leaves && (ctx.max_depth == 0 || depth < ctx.max_depth);
    let (mut lc, mut rc) = (
      Cand { node: l, start: c.start, end: mid, depth, sums: s.left, hist: None, split: None },
      Cand { node: r, start: mid, end: c.end, depth, sums: s.right, hist: None, split: None },
    );
    if can_grow {
      let (lh, rh) = ctx.children_hists(c.hist, (&idx[c.start..mid], s.left), (&idx[mid..c.end], s.right));
      let feats = ctx.level_features();
      lc.split = ctx.search(lh.as_ref(), &idx[c.start..mid], lc.sums, &feats);
      let feats = if ctx.colsample_bylevel < 1.0 { ctx.level_features() } else { feats };
      rc.split = ctx.search(rh.as_ref(), &idx[mid..c.end], rc.sums, &feats);
      lc.hist = if lc.split.is_some() { lh } else { ctx.give(lh); None };
      rc.hist = if rc.split.is_some() { rh } else { ctx.give(rh); None };
    } else {
      ctx.give(c.hist);
    }
    cands.push(lc);
    cands.push(rc);
  }
  let mut leaves = Vec::with_capacity(cands.len());
  for c in cands {
    ctx.give(c.hist);
    leaves.push(LeafRange { node: c.node as u32, start: c.start, end: c.end, sums: c.sums });
  }
  (tree, leaves)
}
