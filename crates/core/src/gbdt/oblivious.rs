//! Oblivious (symmetric) growth, CatBoost-like: every node of a level takes the same
//! (feature, threshold, NaN direction), the one with the largest summed gain over the level, so
//! a tree of depth d has 2^d leaves and a row's leaf is a d-bit code.

use super::grow::{GrowCtx, Open};
use super::histogram::STRIDE;
use super::split::{scan_feature, Split, Sums};
use super::tree::{LeafRange, Tree};

/// Depth limit of symmetric trees: a level keeps one histogram per node.
pub const MAX_OBLIVIOUS_DEPTH: usize = 12;

pub fn grow(ctx: &mut GrowCtx, idx: &mut [u32]) -> (Tree, Vec<LeafRange>) {
  let (mut tree, mut level) = ctx.root_level(idx);
  for depth in 0..ctx.max_depth {
    let feats = ctx.level_features();
    // best (feature, bin, default_left) by gain summed over the level's nodes
    let mut best: Option<(usize, usize, bool, f64)> = None;
    let mut acc = vec![0f64; STRIDE * 2];
    for &f in &feats {
      let nb = ctx.value_bins[f] as usize;
      acc[..nb * 2].iter_mut().for_each(|a| *a = 0.0);
      let mut seen = vec![false; nb * 2];
      for o in &level {
        let Some(h) = o.hist.as_ref() else { continue };
        if o.sums.n < 2.0 {
          continue;
        }
        let h = &h[f * STRIDE..(f + 1) * STRIDE];
        let has_nan = h[nb.min(STRIDE - 1)].h > 0.0;
        let parent = ctx.sp.score(o.sums);
        scan_feature(h, nb, o.sums, |t, dl, l, r| {
          let g = ctx.sp.score(l) + ctx.sp.score(r) - parent;
          acc[t * 2 + dl as usize] += g;
          seen[t * 2 + dl as usize] = true;
          if !has_nan {
            // without NaNs both directions are the same split
            acc[t * 2 + 1] += g;
            seen[t * 2 + 1] = true;
          }
        });
      }
      for (k, &g) in acc[..nb * 2].iter().enumerate() {
        if seen[k] && g > ctx.sp.min_gain.max(1e-12) && best.is_none_or(|b| g > b.3) {
          best = Some((f, k / 2, k % 2 == 1, g));
        }
      }
    }
    let Some((f, t, dl, _)) = best else { break };
    let mut next = Vec::with_capacity(level.len() * 2);
    let last = depth + 1 == ctx.max_depth;
    for o in level {
      let (left, gain) = match o.hist.as_ref() {
        Some(h) => child_sums(&h[f * STRIDE..(f + 1) * STRIDE], ctx.value_bins[f] as usize, t, dl, o.sums, &ctx.sp),
        None => (Sums::default(), 0.0),
      };
      let s0 = Split { feature: f, bin: t as u8, default_left: dl, gain, left, right: o.sums.sub(left), outputs: None };
      let nl = ctx.partition(&mut idx[o.start..o.end], &s0);
      // exact child counts replace the histogram's estimates
      let s = s0.with_counts(nl, o.end - o.start - nl);
      let mid = o.start + nl;
      let (l, r) = tree.split(o.node, &s);
      let (lh, rh) = if !last && o.hist.is_some() {
        ctx.children_hists(o.hist, (&idx[o.start..mid], s.left), (&idx[mid..o.end], s.right))
      } else {
        ctx.give(o.hist);
        (None, None)
      };
      next.push(Open { node: l, start: o.start, end: mid, sums: s.left, hist: lh });
      next.push(Open { node: r, start: mid, end: o.end, sums: s.right, hist: rh });
    }
    level = next;
  }
  let mut leaves = Vec::with_capacity(level.len());
  for o in level {
    ctx.give(o.hist);
    leaves.push(LeafRange { node: o.node as u32, start: o.start, end: o.end, sums: o.sums, output: None });
  }
  (tree, leaves)
}

/// Left-child sums and gain of one node for split (t, dl) from its feature histogram.
fn child_sums(h: &[super::histogram::Bin], nb: usize, t: usize, dl: bool, total: Sums, sp: &super::split::SplitParams) -> (Sums, f64) {
  let mut l = Sums::default();
  for &b in &h[..=t] {
    l = l.add(b);
  }
  if dl {
    l = l.add(h[nb.min(STRIDE - 1)]);
  }
  let gain = sp.score(l) + sp.score(total.sub(l)) - sp.score(total);
  (l, gain)
}
