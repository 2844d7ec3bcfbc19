//! Split search of a small node over only the bins its rows occupy.
//!
//! A dense histogram costs the same to clear, subtract and scan whatever the node's size (256
//! entries × features, ~390 KB on the seed panel), which dominates deep depth-wise trees whose
//! nodes hold tens of rows. Here a node's rows are summed straight into a buffer kept zeroed
//! between uses, the touched bins are recorded in a bitmap, and each feature's occupied bins are
//! packed to the front of its slice in ascending order (the NaN bin last) before the ordinary
//! `best_split` runs on it. The packed slice is what the dense scan would see with its empty bins
//! removed, and the scan skips empty bins, so the candidates, their sums, order and gains are those
//! of a dense histogram built from the same rows; only the winning threshold is mapped back to the
//! original bin.

use super::histogram::{add_pair, Bin, GradPair, STRIDE};
use super::split::{best_split, Split, SplitParams, Sums};

/// Nodes of at most this many rows are searched here rather than on a dense histogram.
pub const SMALL_NODE_ROWS: usize = 256;

/// Words of a 256-bit occupancy bitmap.
const WORDS: usize = STRIDE / 64;

#[derive(Debug)]
pub struct CompactHist {
  /// cols × STRIDE; all zero between searches.
  hist: Vec<Bin>,
  /// Bins touched per feature; all zero between searches.
  occupied: Vec<[u64; WORDS]>,
  /// Original bin of each packed position (cols × STRIDE).
  orig: Vec<u8>,
  /// Packed value bins per feature (the packed NaN bin's index).
  packed_bins: Vec<u16>,
}

/// Where a node's bins are read from: row-major (`cols` bytes per row) when there is a row-major
/// copy, else column-major (`rows` bytes per column).
pub struct BinSource<'a> {
  pub bins: &'a [u8],
  pub row_major: &'a [u8],
  pub rows: usize,
  pub cols: usize,
}

impl CompactHist {
  pub fn new(cols: usize) -> Self {
    CompactHist { hist: vec![Bin::default(); cols * STRIDE], occupied: vec![[0; WORDS]; cols], orig: vec![0; cols * STRIDE], packed_bins: vec![0; cols] }
  }

  /// Features this buffer was made for.
  pub fn columns(&self) -> usize {
    self.occupied.len()
  }

  #[cfg(test)]
  pub fn hist_ptr(&self) -> *const Bin {
    self.hist.as_ptr()
  }

  /// Best split of the node holding rows `idx` (their (grad, hess) in `ordered`, sums `total`)
  /// over `features`, as `best_split` finds it on the node's dense histogram. Forward scan only:
  /// LightGBM's arithmetic (`ScanOrder::Reverse`) reads every bin and needs sibling histograms
  /// derived by subtraction, so it always searches dense histograms.
  #[allow(clippy::too_many_arguments)]
  pub fn best_split(&mut self, src: &BinSource, idx: &[u32], ordered: &[GradPair], features: &[usize], value_bins: &[u16], total: Sums, sp: &SplitParams) -> Option<Split> {
    let cols = self.occupied.len();
    assert!(src.cols == cols && value_bins.len() == cols && ordered.len() == idx.len() && features.iter().all(|&f| f < cols));
    self.accumulate(src, idx, ordered, features);
    for &f in features {
      self.pack(f, value_bins[f] as usize);
    }
    let mut best = best_split(&self.hist, total, features, &self.packed_bins, sp);
    if let Some(s) = best.as_mut() {
      s.bin = self.orig[s.feature * STRIDE + s.bin as usize];
    }
    for &f in features {
      let n = self.packed_bins[f] as usize + 1;
      self.hist[f * STRIDE..f * STRIDE + n].iter_mut().for_each(|b| *b = Bin::default());
    }
    best
  }

  fn accumulate(&mut self, src: &BinSource, idx: &[u32], ordered: &[GradPair], features: &[usize]) {
    let (hist, occ) = (&mut self.hist[..], &mut self.occupied[..]);
    let mut add = |f: usize, b: usize, pair: [f64; 2]| {
      // SAFETY: f < cols (checked by the caller), b is a byte < STRIDE, hist.len() = cols × STRIDE.
      unsafe {
        add_pair(hist.get_unchecked_mut(f * STRIDE + b), pair);
        *occ.get_unchecked_mut(f).get_unchecked_mut(b >> 6) |= 1u64 << (b & 63);
      }
    };
    if !src.row_major.is_empty() {
      for (&r, gh) in idx.iter().zip(ordered) {
        let pair = *gh;
        let row = &src.row_major[r as usize * src.cols..(r as usize + 1) * src.cols];
        for &f in features {
          add(f, row[f] as usize, pair);
        }
      }
    } else {
      for &f in features {
        let col = &src.bins[f * src.rows..(f + 1) * src.rows];
        for (&r, gh) in idx.iter().zip(ordered) {
          add(f, col[r as usize] as usize, *gh);
        }
      }
    }
  }

  /// Move feature `f`'s occupied value bins to the front of its slice in ascending order, its NaN
  /// bin (`nb`) right after them; clears the bitmap and every entry left behind. In place: the
  /// k-th occupied bin sits at or after position k.
  fn pack(&mut self, f: usize, nb: usize) {
    let h = &mut self.hist[f * STRIDE..(f + 1) * STRIDE];
    let orig = &mut self.orig[f * STRIDE..(f + 1) * STRIDE];
    let mut k = 0;
    let mut nan = Bin::default();
    for (w, word) in self.occupied[f].iter_mut().enumerate() {
      let mut bits = std::mem::take(word);
      while bits != 0 {
        let b = w * 64 + bits.trailing_zeros() as usize;
        bits &= bits - 1;
        let e = std::mem::take(&mut h[b]);
        if b < nb {
          h[k] = e;
          orig[k] = b as u8;
          k += 1;
        } else if b == nb {
          nan = e;
        }
        // a byte above the NaN bin is outside the feature's range; the dense scan ignores it too
      }
    }
    h[k] = nan;
    self.packed_bins[f] = k as u16;
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::gbdt::histogram::{build_rowwise, gather, span, to_row_major};
  use crate::gbdt::params::ScanOrder;
  use crate::gbdt::rng::Rng;

  /// A node's rows over features of assorted widths: few values (clustered, like the hour),
  /// many values, NaN-heavy, all-NaN in part of the rows, and a single value bin.
  struct Node {
    bins: Vec<u8>,
    rows: usize,
    value_bins: Vec<u16>,
    grad: Vec<f32>,
    hess: Vec<f32>,
  }

  fn node(rows: usize, seed: u64) -> Node {
    let value_bins: Vec<u16> = vec![3, 255, 40, 12, 1, 200];
    let mut rng = Rng::new(seed);
    let mut bins = vec![0u8; rows * value_bins.len()];
    for (c, &nb) in value_bins.iter().enumerate() {
      for r in 0..rows {
        let nan = match c {
          2 => rng.uniform() < 0.3,
          3 => r < rows / 2,
          _ => false,
        };
        bins[c * rows + r] = if nan { nb as u8 } else { rng.below(nb as usize) as u8 };
      }
    }
    let grad = (0..rows).map(|_| (rng.uniform() * 2.0 - 1.0) as f32).collect();
    let hess = (0..rows).map(|_| (0.05 + rng.uniform() * 0.2) as f32).collect();
    Node { bins, rows, value_bins, grad, hess }
  }

  /// The forward scan's parameters (the only scan searched here).
  fn params(min_child_weight: f64, min_data: f64) -> SplitParams {
    SplitParams { lambda: 1.0, alpha: 0.1, min_child_weight, min_data, min_gain: 0.0, scan: ScanOrder::Forward }
  }

  /// The split of `idx` found on a dense histogram and by the compact search (row-major and
  /// column-major sources), for every scan order and a few limits; they must be identical, twice
  /// in a row (the buffers are left clean).
  fn check(n: &Node, idx: &[u32], features: &[usize]) {
    let cols = n.value_bins.len();
    let rm = to_row_major(&n.bins, n.rows, cols);
    let mut ordered = Vec::new();
    gather(idx, &n.grad, &n.hess, &mut ordered);
    let mut dense = vec![Bin::default(); cols * STRIDE];
    build_rowwise(&mut dense, &rm, cols, idx, &ordered, features, |f| span(&n.value_bins, f));
    let total = ordered.iter().fold(Sums::default(), |s, gh| Sums { g: s.g + gh[0], h: s.h + gh[1], n: 0.0 });
    let total = Sums { n: idx.len() as f64, ..total };
    let mut compact = CompactHist::new(cols);
    for (mcw, md) in [(1e-3, 1.0), (0.5, 3.0), (2.0, 10.0)] {
      let sp = params(mcw, md);
      let want = best_split(&dense, total, features, &n.value_bins, &sp);
      for row_major in [&rm[..], &[][..]] {
        let src = BinSource { bins: &n.bins, row_major, rows: n.rows, cols };
        for _ in 0..2 {
          assert_eq!(compact.best_split(&src, idx, &ordered, features, &n.value_bins, total, &sp), want, "mcw {mcw} min_data {md} rows {}", idx.len());
        }
      }
    }
    assert!(compact.hist.iter().all(|b| *b == Bin::default()) && compact.occupied.iter().all(|w| *w == [0; WORDS]));
  }

  #[test]
  fn compact_search_finds_the_dense_histograms_split() {
    let n = node(600, 3);
    let all: Vec<u32> = (0..n.rows as u32).collect();
    let every: Vec<usize> = (0..n.value_bins.len()).collect();
    let mut rng = Rng::new(9);
    for size in [2usize, 5, 17, 60, 250, 600] {
      let mut idx: Vec<u32> = all.clone();
      for i in 0..size {
        let j = i + rng.below(idx.len() - i);
        idx.swap(i, j);
      }
      idx.truncate(size);
      idx.sort_unstable();
      check(&n, &idx, &every);
      check(&n, &idx, &[1, 3, 5]);
    }
  }
}
