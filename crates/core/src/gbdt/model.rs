//! A trained ensemble as flat arrays (one entry per node, trees concatenated), plus a packed
//! node layout for prediction. Child indices are relative to their tree and always larger than
//! their parent's, which `from_parts` checks, so walking a loaded model always ends at a leaf.

use super::objective::sigmoid;
use super::params::Objective;
use super::tree::Tree;
use crate::binning::BinBounds;
use crate::error::{CoreError, CoreResult};

#[derive(Debug, Clone, PartialEq)]
pub struct ModelParts {
  pub objective: Objective,
  pub base_score: f64,
  pub n_features: usize,
  /// Value bins per feature (its NaN bin index), for prediction from bins.
  pub value_bins: Vec<u16>,
  pub best_round: u32,
  /// Node range of tree t: tree_offsets[t]..tree_offsets[t + 1].
  pub tree_offsets: Vec<u32>,
  pub feature: Vec<i32>,
  pub bin: Vec<u8>,
  pub threshold: Vec<f32>,
  pub default_left: Vec<u8>,
  pub left: Vec<u32>,
  pub right: Vec<u32>,
  pub value: Vec<f32>,
  pub gain: Vec<f32>,
  pub count: Vec<u32>,
}

/// A node laid out for prediction (16 bytes). A leaf points to itself with both children, so a
/// tree is walked a fixed number of steps (its depth) without asking whether a node is a leaf,
/// and a block of rows walks it in lockstep: the rows' walks are independent, so their loads
/// overlap, and the branch-free child select cannot be mispredicted.
#[derive(Debug, Clone, Copy)]
struct Node {
  /// Feature index; `NAN_LEFT` set when NaN goes left.
  feature: u32,
  threshold: f32,
  left: u32,
  right: u32,
}

const NAN_LEFT: u32 = 1 << 31;

#[derive(Debug, Clone)]
pub struct Model {
  parts: ModelParts,
  nodes: Vec<Node>,
  /// Bin threshold and NaN bin per node, for prediction from bins.
  bins: Vec<[u8; 2]>,
  leaf: Vec<f32>,
  roots: Vec<u32>,
  depths: Vec<u32>,
}

/// Rows walked together per tree.
const BLOCK: usize = 32;

/// `if c { a } else { b }` as bit arithmetic: the compiler keeps data-dependent selects as branches.
#[inline(always)]
fn select(c: bool, a: u32, b: u32) -> u32 {
  b ^ ((a ^ b) & 0u32.wrapping_sub(c as u32))
}

impl Model {
  pub fn from_trees(objective: Objective, base_score: f64, value_bins: &[u16], bounds: &BinBounds, trees: &[Tree], best_round: usize) -> CoreResult<Model> {
    let mut p = ModelParts {
      objective,
      base_score,
      n_features: value_bins.len(),
      value_bins: value_bins.to_vec(),
      best_round: best_round as u32,
      tree_offsets: vec![0],
      feature: vec![],
      bin: vec![],
      threshold: vec![],
      default_left: vec![],
      left: vec![],
      right: vec![],
      value: vec![],
      gain: vec![],
      count: vec![],
    };
    for t in trees {
      for n in &t.nodes {
        p.feature.push(n.feature);
        p.bin.push(n.bin);
        p.threshold.push(if n.feature >= 0 { bounds.column(n.feature as usize)[n.bin as usize] } else { 0.0 });
        p.default_left.push(n.default_left as u8);
        p.left.push(n.left);
        p.right.push(n.right);
        p.value.push(n.value as f32);
        p.gain.push(n.gain as f32);
        p.count.push(n.count);
      }
      p.tree_offsets.push(p.feature.len() as u32);
    }
    Model::from_parts(p)
  }

  /// Check and adopt flat arrays (from JSON, bytes or a trainer).
  pub fn from_parts(p: ModelParts) -> CoreResult<Model> {
    let bad = |m: String| Err(CoreError::new("ERR_MODEL_CORRUPT", format!("model is not valid: {m}")));
    let n = p.feature.len();
    for (name, len) in [
      ("bin", p.bin.len()),
      ("threshold", p.threshold.len()),
      ("defaultLeft", p.default_left.len()),
      ("left", p.left.len()),
      ("right", p.right.len()),
      ("value", p.value.len()),
      ("gain", p.gain.len()),
      ("count", p.count.len()),
    ] {
      if len != n {
        return bad(format!("{name} has {len} entries, feature has {n}"));
      }
    }
    if p.value_bins.len() != p.n_features {
      return bad(format!("valueBins has {} entries for {} features", p.value_bins.len(), p.n_features));
    }
    if p.tree_offsets.first() != Some(&0) || *p.tree_offsets.last().unwrap_or(&1) as usize != n || p.tree_offsets.windows(2).any(|w| w[1] <= w[0]) {
      return bad("treeOffsets must start at 0, increase, and end at the node count".into());
    }
    if !p.base_score.is_finite() {
      return bad("baseScore is not finite".into());
    }
    let mut nodes = Vec::with_capacity(n);
    let mut bins = Vec::with_capacity(n);
    let mut leaf = Vec::with_capacity(n);
    let mut roots = Vec::new();
    let mut depths = Vec::new();
    let mut depth = vec![0u32; n];
    for w in p.tree_offsets.windows(2) {
      let (s, e) = (w[0] as usize, w[1] as usize);
      roots.push(s as u32);
      let mut deepest = 0;
      for i in s..e {
        let local = i - s;
        let f = p.feature[i];
        deepest = deepest.max(depth[i]);
        if f >= 0 {
          let (l, r) = (p.left[i] as usize, p.right[i] as usize);
          if f as usize >= p.n_features || l <= local || r <= local || l >= e - s || r >= e - s {
            return bad(format!("node {i} has feature {f} / children {l}, {r} out of range"));
          }
          // children come after their parent, so their depth is final before they are visited
          depth[s + l] = depth[i] + 1;
          depth[s + r] = depth[i] + 1;
          let nan_left = if p.default_left[i] != 0 { NAN_LEFT } else { 0 };
          nodes.push(Node { feature: f as u32 | nan_left, threshold: p.threshold[i], left: (s + l) as u32, right: (s + r) as u32 });
          bins.push([p.bin[i], p.value_bins[f as usize].min(255) as u8]);
          leaf.push(0.0);
        } else if f == -1 {
          nodes.push(Node { feature: 0, threshold: 0.0, left: i as u32, right: i as u32 });
          bins.push([0, 0]);
          leaf.push(p.value[i]);
        } else {
          return bad(format!("node {i} has feature {f}"));
        }
      }
      depths.push(deepest);
    }
    Ok(Model { parts: p, nodes, bins, leaf, roots, depths })
  }

  pub fn parts(&self) -> &ModelParts {
    &self.parts
  }
  pub fn n_trees(&self) -> usize {
    self.roots.len()
  }

  fn check_input(&self, data_len: usize, rows: usize, subset: Option<&[u32]>, out_len: usize) -> CoreResult<()> {
    if data_len != rows * self.parts.n_features {
      return Err(CoreError::new(
        "ERR_MODEL_LENGTH_MISMATCH",
        format!("features hold {data_len} values; the model needs {rows} rows × {} columns", self.parts.n_features),
      ));
    }
    let want = subset.map_or(rows, |s| s.len());
    if out_len != want {
      return Err(CoreError::new("ERR_MODEL_LENGTH_MISMATCH", format!("output has {out_len} slots for {want} rows")));
    }
    if let Some(&r) = subset.and_then(|s| s.iter().find(|&&r| r as usize >= rows)) {
      return Err(CoreError::new("ERR_MODEL_ROW_RANGE", format!("rows contains {r} but the matrix has {rows} rows")));
    }
    Ok(())
  }

  fn link(&self, margin: f64, raw: bool) -> f32 {
    if raw || self.parts.objective == Objective::Regression {
      margin as f32
    } else {
      sigmoid(margin) as f32
    }
  }

  /// Walk every tree for a block of `m` rows; `left(k, node, i)` says whether row k goes left at
  /// split node `i`. Adds the leaf values to `acc`.
  #[inline(always)]
  fn walk_block(&self, m: usize, acc: &mut [f64; BLOCK], left: impl Fn(usize, &Node, usize) -> bool) {
    let mut cur = [0u32; BLOCK];
    for (&root, &depth) in self.roots.iter().zip(&self.depths) {
      cur[..m].iter_mut().for_each(|c| *c = root);
      for _ in 0..depth {
        // a step where no row moves means every row is at its leaf (unbalanced trees end early)
        let mut moved = 0u32;
        for (k, c) in cur[..m].iter_mut().enumerate() {
          // SAFETY: from_parts checked every child index (and a leaf points to itself).
          let n = unsafe { self.nodes.get_unchecked(*c as usize) };
          let next = select(left(k, n, *c as usize), n.left, n.right);
          moved |= next ^ *c;
          *c = next;
        }
        if moved == 0 {
          break;
        }
      }
      for (a, &c) in acc[..m].iter_mut().zip(&cur[..m]) {
        // SAFETY: as above.
        *a += unsafe { *self.leaf.get_unchecked(c as usize) } as f64;
      }
    }
  }

  /// Predict from raw column-major f32 features (thresholds on raw values; NaN follows the
  /// learned default direction). Rows are processed in blocks transposed to row-major so every
  /// tree walks cache-resident values.
  pub fn predict_raw(&self, data: &[f32], rows: usize, subset: Option<&[u32]>, out: &mut [f32], raw_score: bool) -> CoreResult<()> {
    self.check_input(data.len(), rows, subset, out.len())?;
    // a leaf's feature 0 is read too: keep one column even for a model without features
    let nf = self.parts.n_features.max(1);
    let mut buf = vec![0f32; BLOCK * nf];
    let mut acc = [0f64; BLOCK];
    let total = out.len();
    let mut start = 0;
    while start < total {
      let m = BLOCK.min(total - start);
      if self.parts.n_features > 0 {
        for k in 0..m {
          let r = subset.map_or(start + k, |s| s[start + k] as usize);
          for f in 0..nf {
            buf[k * nf + f] = data[f * rows + r];
          }
        }
      }
      acc[..m].iter_mut().for_each(|a| *a = self.parts.base_score);
      self.walk_block(m, &mut acc, |k, n, _| {
        // SAFETY: features were checked < n_features ≤ nf, k < m ≤ BLOCK.
        let x = unsafe { *buf.get_unchecked(k * nf + (n.feature & !NAN_LEFT) as usize) };
        (x <= n.threshold) | (x.is_nan() & (n.feature & NAN_LEFT != 0))
      });
      for k in 0..m {
        out[start + k] = self.link(acc[k], raw_score);
      }
      start += m;
    }
    Ok(())
  }

  /// Predict from the u8 bins the model was trained with (same bin bounds).
  pub fn predict_bins(&self, bins: &[u8], rows: usize, subset: Option<&[u32]>, out: &mut [f32], raw_score: bool) -> CoreResult<()> {
    self.check_input(bins.len(), rows, subset, out.len())?;
    let mut acc = [0f64; BLOCK];
    let mut row = [0usize; BLOCK];
    let total = out.len();
    let mut start = 0;
    while start < total {
      let m = BLOCK.min(total - start);
      for (k, r) in row[..m].iter_mut().enumerate() {
        *r = subset.map_or(start + k, |s| s[start + k] as usize);
      }
      acc[..m].iter_mut().for_each(|a| *a = self.parts.base_score);
      self.walk_block(m, &mut acc, |k, n, i| {
        let [t, nan] = self.bins[i];
        // a leaf (feature 0) may read past a zero-feature matrix: give it any bin
        let b = bins.get((n.feature & !NAN_LEFT) as usize * rows + row[k]).copied().unwrap_or(0);
        (b <= t) | ((b == nan) & (n.feature & NAN_LEFT != 0))
      });
      for k in 0..m {
        out[start + k] = self.link(acc[k], raw_score);
      }
      start += m;
    }
    Ok(())
  }

  /// Total split gain (`gain`) or number of splits (`split`) per feature.
  pub fn importance(&self, by_gain: bool) -> Vec<f64> {
    let mut imp = vec![0f64; self.parts.n_features];
    for (i, &f) in self.parts.feature.iter().enumerate() {
      if f >= 0 {
        imp[f as usize] += if by_gain { self.parts.gain[i] as f64 } else { 1.0 };
      }
    }
    imp
  }
}
