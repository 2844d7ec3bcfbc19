//! Depth-wise growth (XGBoost `depthwise`): every node of a level is split when an admissible
//! split gains more than `min_split_gain` (gamma), down to `max_depth`.

use super::grow::{GrowCtx, Open};
use super::split::best_split;
use super::tree::{LeafRange, Tree};

pub fn grow(ctx: &mut GrowCtx, idx: &mut [u32]) -> (Tree, Vec<LeafRange>) {
  let (mut tree, mut level) = ctx.root_level(idx);
  let mut leaves = Vec::new();
  for depth in 0..ctx.max_depth {
    let feats = ctx.level_features();
    let mut next = Vec::with_capacity(level.len() * 2);
    for o in level {
      let split = o.hist.as_ref().and_then(|h| best_split(h, o.sums, &feats, ctx.value_bins, &ctx.sp));
      let Some(s) = split else {
        ctx.give(o.hist);
        leaves.push(LeafRange { node: o.node as u32, start: o.start, end: o.end, sums: o.sums });
        continue;
      };
      let nl = ctx.partition(&mut idx[o.start..o.end], &s);
      // exact child counts replace the histogram's estimates
      let s = s.with_counts(nl, o.end - o.start - nl);
      let (l, r) = tree.split(o.node, &s);
      let mid = o.start + nl;
      let (lh, rh) = if depth + 1 < ctx.max_depth {
        let (a, b) = ctx.children_hists(o.hist.unwrap(), &idx[o.start..mid], &idx[mid..o.end]);
        (Some(a), Some(b))
      } else {
        ctx.give(o.hist);
        (None, None)
      };
      next.push(Open { node: l, start: o.start, end: mid, sums: s.left, hist: lh });
      next.push(Open { node: r, start: mid, end: o.end, sums: s.right, hist: rh });
    }
    level = next;
  }
  for o in level {
    ctx.give(o.hist);
    leaves.push(LeafRange { node: o.node as u32, start: o.start, end: o.end, sums: o.sums });
  }
  (tree, leaves)
}
