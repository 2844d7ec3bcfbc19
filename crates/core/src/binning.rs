//! Quantile binning of an f32 feature matrix into u8 bins, built once per dataset.
//!
//! Every column gets at most 255 value bins plus one NaN bin (index = number of value bins), so a
//! bin fits a byte and a tree node tests `bin <= t` instead of a float compare. The upper bound of
//! each value bin is kept so a model can route raw f32 values with `x <= bound[t]`, which selects
//! exactly the rows whose bin is `<= t`: training on bins and predicting on raw values agree.
//!
//! Cut points follow the spirit of LightGBM's greedy bin finder: with few distinct values each gets
//! its own bin (cut at midpoints); otherwise bins are filled to about `n / max_bins` rows, and a
//! value heavier than that gets a bin to itself.

use crate::error::{CoreError, CoreResult};

/// Largest number of value bins per column (one more byte value is kept for NaN).
pub const MAX_VALUE_BINS: usize = 255;

/// Upper bounds of every column's value bins, flattened: column `c` owns
/// `bounds[offsets[c]..offsets[c + 1]]`, its last bound is `+inf`.
#[derive(Debug, Clone, PartialEq)]
pub struct BinBounds {
  pub bounds: Vec<f32>,
  pub offsets: Vec<u32>,
}

impl BinBounds {
  pub fn columns(&self) -> usize {
    self.offsets.len() - 1
  }
  /// Value bins of column `c`; its NaN bin has this index.
  pub fn value_bins(&self, c: usize) -> usize {
    (self.offsets[c + 1] - self.offsets[c]) as usize
  }
  pub fn column(&self, c: usize) -> &[f32] {
    &self.bounds[self.offsets[c] as usize..self.offsets[c + 1] as usize]
  }
}

/// Check a matrix shape and the bin count before any work.
pub fn check_shape(data_len: usize, rows: usize, max_bins: usize) -> CoreResult<usize> {
  if !(2..=MAX_VALUE_BINS).contains(&max_bins) {
    return Err(CoreError::new(
      "ERR_BIN_MAX_BINS",
      format!("maxBins must be an integer in [2, {MAX_VALUE_BINS}] (bins are bytes, one value is kept for NaN), got {max_bins}"),
    ));
  }
  if rows == 0 {
    return Err(CoreError::new("ERR_BIN_NO_ROWS", "the feature matrix has no rows; binning needs at least one row"));
  }
  if data_len % rows != 0 {
    return Err(CoreError::new(
      "ERR_BIN_SHAPE",
      format!("feature data has {data_len} values, not a multiple of rows = {rows}; pass a column-major matrix of rows × columns"),
    ));
  }
  let cols = data_len / rows;
  if cols == 0 {
    return Err(CoreError::new("ERR_BIN_NO_FEATURES", "the feature matrix has zero columns; add at least one feature"));
  }
  Ok(cols)
}

/// Cut points of one column (ascending upper bounds, last = +inf).
pub fn column_bounds(values: &[f32], max_bins: usize) -> Vec<f32> {
  let mut v: Vec<f32> = values.iter().copied().filter(|x| !x.is_nan()).collect();
  if v.is_empty() {
    return vec![f32::INFINITY];
  }
  v.sort_unstable_by(|a, b| a.partial_cmp(b).unwrap());
  // distinct values and their counts
  let mut distinct: Vec<f32> = Vec::new();
  let mut counts: Vec<usize> = Vec::new();
  for &x in &v {
    if distinct.last() == Some(&x) {
      *counts.last_mut().unwrap() += 1;
    } else {
      distinct.push(x);
      counts.push(1);
    }
  }
  let mut bounds = Vec::with_capacity(max_bins);
  if distinct.len() <= max_bins {
    for i in 0..distinct.len() - 1 {
      bounds.push(midpoint(distinct[i], distinct[i + 1]));
    }
  } else {
    let n = v.len();
    let mut remaining_rows = n;
    let mut remaining_bins = max_bins;
    let mut acc = 0usize;
    for i in 0..distinct.len() - 1 {
      if remaining_bins <= 1 {
        break;
      }
      acc += counts[i];
      let target = remaining_rows as f64 / remaining_bins as f64;
      // close the bin when full, or before a value that alone would overfill the next bin
      let next_heavy = counts[i + 1] as f64 >= target;
      if acc as f64 >= target || (next_heavy && acc > 0) {
        bounds.push(midpoint(distinct[i], distinct[i + 1]));
        remaining_rows -= acc;
        remaining_bins -= 1;
        acc = 0;
      }
    }
  }
  bounds.push(f32::INFINITY);
  bounds
}

fn midpoint(a: f32, b: f32) -> f32 {
  let m = ((a as f64 + b as f64) * 0.5) as f32;
  // the bound must separate a (<= bound) from b (> bound) after rounding to f32
  if m >= b || m < a {
    a
  } else {
    m
  }
}

/// Bounds of every column of a column-major matrix.
pub fn compute_bounds(data: &[f32], rows: usize, max_bins: usize) -> CoreResult<BinBounds> {
  let cols = check_shape(data.len(), rows, max_bins)?;
  let mut bounds = Vec::new();
  let mut offsets = vec![0u32];
  for c in 0..cols {
    let b = column_bounds(&data[c * rows..(c + 1) * rows], max_bins);
    bounds.extend_from_slice(&b);
    offsets.push(bounds.len() as u32);
  }
  Ok(BinBounds { bounds, offsets })
}

/// Bin of one value: the first bound it does not exceed; NaN gets the NaN bin.
#[inline]
pub fn bin_of(x: f32, bounds: &[f32]) -> u8 {
  if x.is_nan() {
    return bounds.len() as u8;
  }
  // partition_point: number of bounds strictly below x
  bounds.partition_point(|&b| b < x) as u8
}

/// Fill `out` (column-major, rows × columns) with the bins of `data`.
pub fn apply_bins(data: &[f32], rows: usize, bb: &BinBounds, out: &mut [u8]) -> CoreResult<()> {
  if data.len() != rows * bb.columns() || out.len() != data.len() {
    return Err(CoreError::new(
      "ERR_BIN_SHAPE",
      format!(
        "bins output has {} bytes but the matrix is {rows} rows × {} columns; allocate rows × columns bytes",
        out.len(),
        bb.columns()
      ),
    ));
  }
  for c in 0..bb.columns() {
    let b = bb.column(c);
    let src = &data[c * rows..(c + 1) * rows];
    let dst = &mut out[c * rows..(c + 1) * rows];
    for (o, &x) in dst.iter_mut().zip(src) {
      *o = bin_of(x, b);
    }
  }
  Ok(())
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn few_distinct_values_get_one_bin_each_and_nan_its_own() {
    let col = [3.0, 1.0, 2.0, f32::NAN, 1.0, 3.0];
    let b = column_bounds(&col, 255);
    assert_eq!(b.len(), 3);
    let bins: Vec<u8> = col.iter().map(|&x| bin_of(x, &b)).collect();
    assert_eq!(bins, vec![2, 0, 1, 3, 0, 2]);
  }

  #[test]
  fn many_values_fill_bins_evenly_and_raw_thresholds_match_bins() {
    let col: Vec<f32> = (0..10_000).map(|i| ((i * 7919) % 10_000) as f32 * 0.01).collect();
    let b = column_bounds(&col, 16);
    assert_eq!(b.len(), 16);
    let mut counts = [0usize; 17];
    for &x in &col {
      counts[bin_of(x, &b) as usize] += 1;
    }
    for &c in &counts[..16] {
      assert!((500..=750).contains(&c), "uneven bins {counts:?}");
    }
    for &x in &col {
      let bin = bin_of(x, &b) as usize;
      for t in 0..b.len() {
        assert_eq!(bin <= t, x <= b[t]);
      }
    }
  }

  #[test]
  fn heavy_value_gets_its_own_bin() {
    let mut col = vec![0.0f32; 5000];
    col.extend((0..5000).map(|i| 1.0 + i as f32));
    let b = column_bounds(&col, 10);
    assert_eq!(bin_of(0.0, &b), 0);
    assert!(bin_of(1.0, &b) >= 1);
  }

  #[test]
  fn bad_shapes_and_bin_counts_are_refused() {
    assert_eq!(check_shape(10, 3, 255).unwrap_err().code, "ERR_BIN_SHAPE");
    assert_eq!(check_shape(0, 3, 255).unwrap_err().code, "ERR_BIN_NO_FEATURES");
    assert_eq!(check_shape(9, 3, 256).unwrap_err().code, "ERR_BIN_MAX_BINS");
    assert_eq!(check_shape(9, 0, 255).unwrap_err().code, "ERR_BIN_NO_ROWS");
  }
}
