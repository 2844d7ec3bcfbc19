//! Per-node (gradient, hessian) histograms over the u8 bins of the tree's features.
//!
//! Each feature owns a fixed 256-entry slice, so any byte read from the bins indexes inside its
//! slice: the hot loop needs no bounds checks and untrusted bins cannot write out of place. Gradients
//! are gathered once per node into a contiguous "ordered" buffer (LightGBM's ordered gradients), so
//! the per-feature passes read them sequentially. Like LightGBM, bins carry no row count: a side's
//! count is estimated from its hessian share (exact for regression), which keeps a bin at 16 bytes.

/// Entries per feature in a histogram (every u8 value).
pub const STRIDE: usize = 256;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(C)]
pub struct Bin {
  pub g: f64,
  pub h: f64,
}

pub type Hist = Vec<Bin>;

/// Recycles histogram buffers: allocating and zeroing 256 × features entries per node is
/// measurable, so finished nodes give theirs back.
#[derive(Debug, Default)]
pub struct HistPool {
  len: usize,
  free: Vec<Hist>,
}

impl HistPool {
  pub fn new(cols: usize) -> Self {
    HistPool { len: cols * STRIDE, free: Vec::new() }
  }
  pub fn take(&mut self) -> Hist {
    self.free.pop().unwrap_or_else(|| vec![Bin::default(); self.len])
  }
  pub fn give(&mut self, h: Hist) {
    self.free.push(h);
  }
  /// Free all but `n` spare buffers.
  pub fn keep_at_most(&mut self, n: usize) {
    self.free.truncate(n);
  }
  pub fn spare(&self) -> usize {
    self.free.len()
  }
}

/// A row's (gradient, hessian), widened once per node so the per-feature passes add it as is.
pub type GradPair = [f64; 2];

/// Gather (grad, hess) of `idx` into `ordered`.
pub fn gather(idx: &[u32], grad: &[f32], hess: &[f32], ordered: &mut Vec<GradPair>) {
  ordered.clear();
  ordered.extend(idx.iter().map(|&r| [grad[r as usize] as f64, hess[r as usize] as f64]));
}

/// Nodes with at least this many rows sum even and odd positions into two partial histograms
/// (see `build_feature`); below it, zeroing and merging the second 4 KB costs more than it saves.
const PAIRED_ROWS: usize = 1024;

/// One feature's histogram over `idx` (rows < column length, checked by the trainer), clearing
/// only the `span` entries bins can reach. On large nodes even and odd positions go to two partial
/// histograms summed at the end: runs of rows in the same bin (low-cardinality features such as
/// the hour) would otherwise serialise on one memory slot. `in_order` keeps one running sum per
/// bin in row order instead, LightGBM's rounding (see `lightgbm_split`).
#[inline]
fn build_feature(h: &mut [Bin], col: &[u8], idx: &[u32], ordered: &[GradPair], span: usize, in_order: bool) {
  assert!(h.len() == STRIDE && ordered.len() == idx.len() && span <= STRIDE);
  let h: &mut [Bin; STRIDE] = h.try_into().unwrap();
  h[..span].iter_mut().for_each(|b| *b = Bin::default());
  // SAFETY (both loops): i < idx.len() = ordered.len(); the trainer checks every row index < rows
  // = col.len() once, up front; a u8 always indexes inside a STRIDE-entry histogram.
  if idx.len() < PAIRED_ROWS || in_order {
    for (&r, &gh) in idx.iter().zip(ordered) {
      unsafe { add_pair(h.get_unchecked_mut(*col.get_unchecked(r as usize) as usize), gh) }
    }
    return;
  }
  let mut odd = [Bin::default(); STRIDE];
  let pairs = idx.len() / 2;
  for k in 0..pairs {
    let (i, j) = (2 * k, 2 * k + 1);
    unsafe {
      let bi = *col.get_unchecked(*idx.get_unchecked(i) as usize) as usize;
      let bj = *col.get_unchecked(*idx.get_unchecked(j) as usize) as usize;
      add_pair(h.get_unchecked_mut(bi), *ordered.get_unchecked(i));
      add_pair(odd.get_unchecked_mut(bj), *ordered.get_unchecked(j));
    }
  }
  if idx.len() % 2 == 1 {
    let i = idx.len() - 1;
    add_pair(&mut h[col[idx[i] as usize] as usize], ordered[i]);
  }
  for (e, o) in h[..span].iter_mut().zip(&odd[..span]) {
    add_pair(e, [o.g, o.h]);
  }
}

/// Row-wise histogram: one pass over the node's rows, each row's bins read from one cache line of
/// the row-major copy `rm` (`cols` bytes per row). Deep nodes touch scattered rows, and a column-
/// major pass would miss the cache once per row and feature; this misses once per row. A feature's
/// slice is cleared only over its value bins and NaN bin (`span`), the only entries a valid bin
/// byte reaches.
pub fn build_rowwise(hist: &mut [Bin], rm: &[u8], cols: usize, idx: &[u32], ordered: &[GradPair], features: &[usize], span: impl Fn(usize) -> usize) {
  for &f in features {
    hist[f * STRIDE..f * STRIDE + span(f)].iter_mut().for_each(|b| *b = Bin::default());
  }
  assert!(ordered.len() == idx.len() && hist.len() >= cols * STRIDE && features.iter().all(|&f| f < cols));
  // every feature of the row: walk the row's bytes directly instead of through the feature list
  let all = features.len() == cols;
  for (&r, &pair) in idx.iter().zip(ordered) {
    let base = r as usize * cols;
    if all {
      for f in 0..cols {
        // SAFETY: rows were checked (< rows, rm.len() = rows × cols), f < cols, bins < STRIDE.
        unsafe { add_pair(hist.get_unchecked_mut(f * STRIDE + *rm.get_unchecked(base + f) as usize), pair) }
      }
    } else {
      for &f in features {
        // SAFETY: as above; features were checked < cols.
        unsafe { add_pair(hist.get_unchecked_mut(f * STRIDE + *rm.get_unchecked(base + f) as usize), pair) }
      }
    }
  }
}

/// `e += (g, h)` as one 16-byte add (SSE2 is part of baseline x86-64).
#[inline(always)]
pub(super) fn add_pair(e: &mut Bin, p: [f64; 2]) {
  #[cfg(target_arch = "x86_64")]
  // SAFETY: Bin is repr(C) { g: f64, h: f64 }: 16 bytes, loaded and stored unaligned.
  unsafe {
    use std::arch::x86_64::{_mm_add_pd, _mm_loadu_pd, _mm_storeu_pd};
    let q = e as *mut Bin as *mut f64;
    _mm_storeu_pd(q, _mm_add_pd(_mm_loadu_pd(q), _mm_loadu_pd(p.as_ptr())));
  }
  #[cfg(not(target_arch = "x86_64"))]
  {
    e.g += p[0];
    e.h += p[1];
  }
}

/// Row-major copy of column-major bins (`rows` × `cols`).
pub fn to_row_major(bins: &[u8], rows: usize, cols: usize) -> Vec<u8> {
  let mut rm = Vec::new();
  to_row_major_into(bins, rows, cols, &mut rm);
  rm
}

/// `to_row_major` into `rm`, reusing its allocation.
pub fn to_row_major_into(bins: &[u8], rows: usize, cols: usize, rm: &mut Vec<u8>) {
  rm.clear();
  rm.resize(rows * cols, 0);
  const BLOCK: usize = 4096;
  for start in (0..rows).step_by(BLOCK) {
    let end = (start + BLOCK).min(rows);
    for c in 0..cols {
      let col = &bins[c * rows + start..c * rows + end];
      for (k, &b) in col.iter().enumerate() {
        rm[(start + k) * cols + c] = b;
      }
    }
  }
}

/// Nodes with at least this many rows are built column-wise even when there is a row-major copy:
/// their rows are dense enough that each column is read nearly sequentially, and a feature's 4 KB
/// histogram stays in L1 where the row-wise pass spreads its adds over every feature's slice
/// (~20 % faster per add from ~1000 rows on the seed panel).
const COLUMN_WISE_ROWS: usize = 1024;

/// Build the histogram of `idx` for `features` into `hist` (other features' slices untouched):
/// on one thread row-wise from `rm` for small nodes and column-wise for large ones, column-wise
/// over scoped threads when asked for more. `in_order`: every bin is one running sum in row order
/// (the row-wise pass always is).
#[allow(clippy::too_many_arguments)]
pub fn build(hist: &mut [Bin], bins: &[u8], rm: &[u8], rows: usize, idx: &[u32], ordered: &[GradPair], features: &[usize], value_bins: &[u16], threads: usize, in_order: bool) {
  if threads <= 1 || idx.len() < 20_000 || features.len() < 2 {
    if !rm.is_empty() && idx.len() < COLUMN_WISE_ROWS {
      return build_rowwise(hist, rm, bins.len() / rows, idx, ordered, features, |f| span(value_bins, f));
    }
    for &f in features {
      build_feature(&mut hist[f * STRIDE..(f + 1) * STRIDE], &bins[f * rows..(f + 1) * rows], idx, ordered, span(value_bins, f), in_order);
    }
    return;
  }
  // disjoint feature slices, dealt round-robin to scoped threads
  let mut slices: Vec<(usize, &mut [Bin])> = Vec::new();
  let mut rest = hist;
  let mut at = 0usize;
  let mut sorted = features.to_vec();
  sorted.sort_unstable();
  for &f in &sorted {
    let (_, tail) = rest.split_at_mut((f - at) * STRIDE);
    let (mine, tail) = tail.split_at_mut(STRIDE);
    slices.push((f, mine));
    rest = tail;
    at = f + 1;
  }
  let per = slices.len().div_ceil(threads);
  std::thread::scope(|s| {
    for chunk in slices.chunks_mut(per) {
      s.spawn(move || {
        for (f, h) in chunk.iter_mut() {
          build_feature(h, &bins[*f * rows..(*f + 1) * rows], idx, ordered, span(value_bins, *f), in_order);
        }
      });
    }
  });
}

/// Entries of feature `f`'s slice that bins can reach: its value bins and its NaN bin.
#[inline]
pub fn span(value_bins: &[u16], f: usize) -> usize {
  (value_bins[f] as usize + 1).min(STRIDE)
}

/// `parent -= child` on `features`: the parent's buffer becomes the sibling's histogram.
pub fn subtract(parent: &mut [Bin], child: &[Bin], features: &[usize], value_bins: &[u16]) {
  for &f in features {
    let n = span(value_bins, f);
    let p = &mut parent[f * STRIDE..f * STRIDE + n];
    let c = &child[f * STRIDE..f * STRIDE + n];
    for (a, b) in p.iter_mut().zip(c) {
      a.g -= b.g;
      a.h -= b.h;
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn in_order_build_is_one_running_sum_per_bin_in_row_order() {
    // one bin: 2^53 first, then ones that a running sum loses one by one but a partial sum keeps
    let rows = 2 * PAIRED_ROWS;
    let bins = vec![0u8; rows];
    let idx: Vec<u32> = (0..rows as u32).collect();
    let ordered: Vec<GradPair> = (0..rows).map(|i| if i == 0 { [9007199254740992.0, 1.0] } else { [1.0, 1.0] }).collect();
    let mut want = 0.0;
    for gh in &ordered {
      want += gh[0];
    }
    let mut h = vec![Bin::default(); STRIDE];
    build(&mut h, &bins, &[], rows, &idx, &ordered, &[0], &[1], 1, true);
    assert_eq!(h[0].g, want);
    build(&mut h, &bins, &[], rows, &idx, &ordered, &[0], &[1], 1, false);
    assert_ne!(h[0].g, want, "paired partial sums round differently (else this test proves nothing)");
  }
}
