//! Compact little-endian bytes of a model: a fixed header, then the per-feature and per-node
//! arrays. Loading checks every length before it reads and then goes through `from_parts`.

use super::model::{Model, ModelParts};
use super::params::Objective;
use crate::error::{CoreError, CoreResult};

const MAGIC: &[u8; 4] = b"CTGB";
const VERSION: u32 = 1;

pub fn to_bytes(m: &Model) -> Vec<u8> {
  let p = m.parts();
  let n = p.feature.len();
  let mut out = Vec::with_capacity(40 + p.n_features * 2 + p.tree_offsets.len() * 4 + n * 26);
  out.extend_from_slice(MAGIC);
  out.extend_from_slice(&VERSION.to_le_bytes());
  out.push(match p.objective {
    Objective::Binary => 0,
    Objective::Regression => 1,
  });
  out.extend_from_slice(&p.base_score.to_le_bytes());
  for v in [p.n_features as u32, p.best_round, p.tree_offsets.len() as u32, n as u32] {
    out.extend_from_slice(&v.to_le_bytes());
  }
  p.value_bins.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.tree_offsets.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.feature.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  out.extend_from_slice(&p.bin);
  p.threshold.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  out.extend_from_slice(&p.default_left);
  p.left.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.right.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.value.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.gain.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  p.count.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
  out
}

struct Reader<'a> {
  b: &'a [u8],
  at: usize,
}

impl<'a> Reader<'a> {
  fn take(&mut self, n: usize) -> CoreResult<&'a [u8]> {
    if self.b.len() - self.at < n {
      return Err(CoreError::new("ERR_MODEL_CORRUPT", "model bytes are truncated; save the model again with toBytes()"));
    }
    let s = &self.b[self.at..self.at + n];
    self.at += n;
    Ok(s)
  }
  fn u32(&mut self) -> CoreResult<u32> {
    Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
  }
  fn vec<T, const W: usize>(&mut self, n: usize, f: fn([u8; W]) -> T) -> CoreResult<Vec<T>> {
    let s = self.take(n.checked_mul(W).ok_or_else(|| CoreError::new("ERR_MODEL_CORRUPT", "model size overflows"))?)?;
    Ok(s.chunks_exact(W).map(|c| f(c.try_into().unwrap())).collect())
  }
}

pub fn from_bytes(b: &[u8]) -> CoreResult<Model> {
  let mut r = Reader { b, at: 0 };
  if r.take(4)? != MAGIC {
    return Err(CoreError::new("ERR_MODEL_CORRUPT", "these bytes are not a cryptotune tree model (bad magic)"));
  }
  let version = r.u32()?;
  if version != VERSION {
    return Err(CoreError::new("ERR_MODEL_VERSION", format!("model bytes have format version {version}; this build reads version {VERSION}")));
  }
  let objective = match r.take(1)?[0] {
    0 => Objective::Binary,
    1 => Objective::Regression,
    o => return Err(CoreError::new("ERR_MODEL_CORRUPT", format!("unknown objective code {o}"))),
  };
  let base_score = f64::from_le_bytes(r.take(8)?.try_into().unwrap());
  let n_features = r.u32()? as usize;
  let best_round = r.u32()?;
  let n_offsets = r.u32()? as usize;
  let n = r.u32()? as usize;
  let p = ModelParts {
    objective,
    base_score,
    n_features,
    value_bins: r.vec(n_features, u16::from_le_bytes)?,
    best_round,
    tree_offsets: r.vec(n_offsets, u32::from_le_bytes)?,
    feature: r.vec(n, i32::from_le_bytes)?,
    bin: r.vec(n, |[b]: [u8; 1]| b)?,
    threshold: r.vec(n, f32::from_le_bytes)?,
    default_left: r.vec(n, |[b]: [u8; 1]| b)?,
    left: r.vec(n, u32::from_le_bytes)?,
    right: r.vec(n, u32::from_le_bytes)?,
    value: r.vec(n, f32::from_le_bytes)?,
    gain: r.vec(n, f32::from_le_bytes)?,
    count: r.vec(n, u32::from_le_bytes)?,
  };
  if r.at != b.len() {
    return Err(CoreError::new("ERR_MODEL_CORRUPT", "model bytes have trailing data"));
  }
  Model::from_parts(p)
}
