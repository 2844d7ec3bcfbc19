//! The standardised design matrix of a fold, produced block by block from the shared f32
//! matrix: no copy of the fold is ever made, only a few hundred standardised rows at a time,
//! laid out so that the Gram, gradient and prediction loops run over contiguous f64 slices.

use super::matrix::ColumnMajor;
use super::standardiser::Standardiser;
use crate::rows::Rows;

pub const BLOCK: usize = 256;

pub struct Design<'a> {
  m: ColumnMajor<'a>,
  /// Matrix column of each model feature.
  cols: &'a [usize],
  st: &'a Standardiser,
  rows: Rows<'a>,
}

/// Up to BLOCK standardised rows: feature j of row i at `z[j * BLOCK + i]`.
pub struct Block {
  pub len: usize,
  pub rows: [usize; BLOCK],
  pub z: Vec<f64>,
}

impl Block {
  #[inline(always)]
  pub fn feature(&self, j: usize) -> &[f64] {
    &self.z[j * BLOCK..j * BLOCK + self.len]
  }
}

impl<'a> Design<'a> {
  pub fn new(m: ColumnMajor<'a>, cols: &'a [usize], st: &'a Standardiser, rows: Rows<'a>) -> Self {
    Self { m, cols, st, rows }
  }

  pub fn features(&self) -> usize {
    self.cols.len()
  }

  pub fn rows(&self) -> &Rows<'a> {
    &self.rows
  }

  /// Visit the fold's rows in blocks, in subset order.
  pub fn for_blocks(&self, mut f: impl FnMut(&Block)) {
    let p = self.cols.len();
    let mut b = Block { len: 0, rows: [0; BLOCK], z: vec![0.0; p.max(1) * BLOCK] };
    let n = self.rows.len();
    let mut start = 0;
    while start < n {
      b.len = BLOCK.min(n - start);
      for i in 0..b.len {
        b.rows[i] = self.rows.get(start + i);
      }
      for (j, &c) in self.cols.iter().enumerate() {
        let col = self.m.column(c);
        let (mu, inv) = (self.st.mean[j], 1.0 / self.st.scale[j]);
        let out = &mut b.z[j * BLOCK..j * BLOCK + b.len];
        for (o, &r) in out.iter_mut().zip(&b.rows[..b.len]) {
          let x = col[r];
          *o = if x.is_finite() { (x as f64 - mu) * inv } else { 0.0 };
        }
      }
      f(&b);
      start += b.len;
    }
  }
}

/// Dot product with eight partial sums so the loop vectorises.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
  let mut acc = [0.0f64; 8];
  let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
  let (ra, rb) = (ca.remainder(), cb.remainder());
  for (x, y) in ca.zip(cb) {
    for k in 0..8 {
      acc[k] += x[k] * y[k];
    }
  }
  let mut s: f64 = acc.iter().sum();
  for (x, y) in ra.iter().zip(rb) {
    s += x * y;
  }
  s
}

/// `eta[i] = intercept + Σⱼ coef[j]·zⱼ[i]` for the rows of a block.
pub fn linear_predictor(b: &Block, intercept: f64, coef: &[f64], eta: &mut [f64]) {
  let eta = &mut eta[..b.len];
  eta.fill(intercept);
  for (j, &w) in coef.iter().enumerate() {
    if w != 0.0 {
      for (e, &z) in eta.iter_mut().zip(b.feature(j)) {
        *e += w * z;
      }
    }
  }
}

/// Add the weighted Gram matrix of [1, z] (dimension p+1, intercept first, lower triangle)
/// and Σ v·[1, z] to `h` and `g`.
pub fn add_gram(b: &Block, weight: &[f64], v: &[f64], h: &mut [f64], g: &mut [f64], wz: &mut Vec<f64>) {
  let p = (h.len() as f64).sqrt() as usize - 1;
  let (weight, v) = (&weight[..b.len], &v[..b.len]);
  h[0] += weight.iter().sum::<f64>();
  g[0] += v.iter().sum::<f64>();
  wz.resize(b.len, 0.0);
  for j in 0..p {
    let zj = b.feature(j);
    for ((o, &w), &z) in wz.iter_mut().zip(weight).zip(zj) {
      *o = w * z;
    }
    let d = p + 1;
    h[(j + 1) * d] += wz.iter().sum::<f64>();
    for k in 0..=j {
      h[(j + 1) * d + k + 1] += dot(wz, b.feature(k));
    }
    g[j + 1] += dot(v, zj);
  }
}

/// Mirror the lower triangle of a d×d matrix into the upper.
pub fn symmetrise(h: &mut [f64], d: usize) {
  for j in 0..d {
    for k in 0..j {
      h[k * d + j] = h[j * d + k];
    }
  }
}
