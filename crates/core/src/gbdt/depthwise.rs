//! Depth-wise growth (XGBoost `depthwise`): every node of a level is split when an admissible
//! split gains more than `min_split_gain` (gamma), down to `max_depth`.
//!
//! A child's best split is searched right after its histogram is built (or derived), while the
//! histogram is still in cache; a level's histograms together outgrow the cache on wide data.

use super::grow::{GrowCtx, Open};
use super::split::Split;
use super::tree::{LeafRange, Tree};

pub fn grow(ctx: &mut GrowCtx, idx: &mut [u32]) -> (Tree, Vec<LeafRange>) {
  let (mut tree, level) = ctx.root_level(idx);
  let mut leaves = Vec::new();
  let mut feats = ctx.level_features();
  let mut level: Vec<(Open, Option<Split>)> = level
    .into_iter()
    .map(|o| {
      let s = ctx.search(o.hist.as_ref(), &idx[o.start..o.end], o.sums, &feats);
      (o, s)
    })
    .collect();
  for depth in 0..ctx.max_depth {
    let last = depth + 1 == ctx.max_depth;
    // the next level's features are drawn before its nodes exist, in the same order as before
    if !last {
      feats = ctx.level_features();
    }
    let mut next = Vec::with_capacity(level.len() * 2);
    for (o, split) in level {
      let Some(s) = split else {
        ctx.give(o.hist);
        leaves.push(LeafRange { node: o.node as u32, start: o.start, end: o.end, sums: o.sums, output: None });
        continue;
      };
      let nl = ctx.partition(&mut idx[o.start..o.end], &s);
      // exact child counts replace the histogram's estimates
      let s = s.with_counts(nl, o.end - o.start - nl);
      let (l, r) = tree.split(o.node, &s);
      let mid = o.start + nl;
      let (lh, rh, ls, rs) = if !last {
        let (lh, rh) = ctx.children_hists(o.hist, (&idx[o.start..mid], s.left), (&idx[mid..o.end], s.right));
        let ls = ctx.search(lh.as_ref(), &idx[o.start..mid], s.left, &feats);
        let rs = ctx.search(rh.as_ref(), &idx[mid..o.end], s.right, &feats);
        (lh, rh, ls, rs)
      } else {
        ctx.give(o.hist);
        (None, None, None, None)
      };
      next.push((Open { node: l, start: o.start, end: mid, sums: s.left, hist: lh }, ls));
      next.push((Open { node: r, start: mid, end: o.end, sums: s.right, hist: rh }, rs));
    }
    level = next;
  }
  for (o, _) in level {
    ctx.give(o.hist);
    leaves.push(LeafRange { node: o.node as u32, start: o.start, end: o.end, sums: o.sums, output: None });
  }
  (tree, leaves)
}
