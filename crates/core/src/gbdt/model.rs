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

#[derive(Debug, Clone, Copy)]
struct Packed {
  /// Feature, or u32::MAX for a leaf.
  feature: u32,
  threshold: f32,
  bin: u8,
  default_left: bool,
  nan_bin: u8,
  left: u32,
  right: u32,
  value: f32,
}

#[derive(Debug, Clone)]
pub struct Model {
  parts: ModelParts,
  packed: Vec<Packed>,
  roots: Vec<u32>,
}

const LEAF: u32 = u32::MAX;

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
    let mut packed = Vec::with_capacity(n);
    let mut roots = Vec::new();
    for w in p.tree_offsets.windows(2) {
      let (s, e) = (w[0] as usize, w[1] as usize);
      roots.push(s as u32);
      for i in s..e {
        let local = i - s;
        let f = p.feature[i];
        if f >= 0 {
          let (l, r) = (p.left[i] as usize, p.right[i] as usize);
          if f as usize >= p.n_features || l <= local || r <= local || l >= e - s || r >= e - s {
            return bad(format!("node {i} has feature {f} / children {l}, {r} out of range"));
          }
          packed.push(Packed {
            feature: f as u32,
            threshold: p.threshold[i],
            bin: p.bin[i],
            default_left: p.default_left[i] != 0,
            nan_bin: p.value_bins[f as usize].min(255) as u8,
            left: (s + l) as u32,
            right: (s + r) as u32,
            value: p.value[i],
          });
        } else if f == -1 {
          packed.push(Packed { feature: LEAF, threshold: 0.0, bin: 0, default_left: false, nan_bin: 0, left: 0, right: 0, value: p.value[i] });
        } else {
          return bad(format!("node {i} has feature {f}"));
        }
      }
    }
    Ok(Model { parts: p, packed, roots })
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

  /// Predict from raw column-major f32 features (thresholds on raw values; NaN follows the
  /// learned default direction). Rows are processed in blocks transposed to row-major so every
  /// tree walks cache-resident values.
  pub fn predict_raw(&self, data: &[f32], rows: usize, subset: Option<&[u32]>, out: &mut [f32], raw_score: bool) -> CoreResult<()> {
    self.check_input(data.len(), rows, subset, out.len())?;
    const BLOCK: usize = 128;
    let nf = self.parts.n_features;
    let mut buf = vec![0f32; BLOCK * nf];
    let mut acc = [0f64; BLOCK];
    let total = out.len();
    let mut start = 0;
    while start < total {
      let m = BLOCK.min(total - start);
      for k in 0..m {
        let r = subset.map_or(start + k, |s| s[start + k] as usize);
        for f in 0..nf {
          buf[k * nf + f] = data[f * rows + r];
        }
      }
      acc[..m].iter_mut().for_each(|a| *a = self.parts.base_score);
      for &root in &self.roots {
        for k in 0..m {
          let x = &buf[k * nf..(k + 1) * nf];
          let mut i = root as usize;
          loop {
            // SAFETY: from_parts checked every child index and feature against the arrays.
            let n = unsafe { self.packed.get_unchecked(i) };
            if n.feature == LEAF {
              acc[k] += n.value as f64;
              break;
            }
            let v = unsafe { *x.get_unchecked(n.feature as usize) };
            i = if v <= n.threshold || (v.is_nan() && n.default_left) { n.left } else { n.right } as usize;
          }
        }
      }
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
    for (k, o) in out.iter_mut().enumerate() {
      let r = subset.map_or(k, |s| s[k] as usize);
      let mut acc = self.parts.base_score;
      for &root in &self.roots {
        let mut i = root as usize;
        loop {
          let n = &self.packed[i];
          if n.feature == LEAF {
            acc += n.value as f64;
            break;
          }
          let b = bins[n.feature as usize * rows + r];
          i = if b <= n.bin || (b == n.nan_bin && n.default_left) { n.left } else { n.right } as usize;
        }
      }
      *o = self.link(acc, raw_score);
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
