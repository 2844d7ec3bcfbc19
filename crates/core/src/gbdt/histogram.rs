//! Per-node (gradient, hessian, count) histograms over the u8 bins of the tree's features.
//!
//! Each feature owns a fixed 256-entry slice, so any byte read from the bins indexes inside its
//! slice: the hot loop needs no bounds checks and untrusted bins cannot write out of place. Gradients
//! are gathered once per node into a contiguous "ordered" buffer (LightGBM's ordered gradients), so
//! the per-feature passes read them sequentially.

/// Entries per feature in a histogram (every u8 value).
pub const STRIDE: usize = 256;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(C)]
pub struct Bin {
  pub g: f64,
  pub h: f64,
  pub n: f64,
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
}

/// Gather (grad, hess) of `idx` into `ordered`.
pub fn gather(idx: &[u32], grad: &[f32], hess: &[f32], ordered: &mut Vec<[f32; 2]>) {
  ordered.clear();
  ordered.extend(idx.iter().map(|&r| [grad[r as usize], hess[r as usize]]));
}

/// One feature's histogram over `idx` (rows < column length, checked by the trainer).
#[inline]
fn build_feature(h: &mut [Bin], col: &[u8], idx: &[u32], ordered: &[[f32; 2]]) {
  for b in h.iter_mut() {
    *b = Bin::default();
  }
  assert!(h.len() == STRIDE && ordered.len() == idx.len());
  let h: &mut [Bin; STRIDE] = h.try_into().unwrap();
  for (&r, gh) in idx.iter().zip(ordered) {
    // SAFETY: the trainer checks every row index < rows = col.len() once, up front.
    let b = unsafe { *col.get_unchecked(r as usize) } as usize;
    let e = &mut h[b];
    e.g += gh[0] as f64;
    e.h += gh[1] as f64;
    e.n += 1.0;
  }
}

/// Build the histogram of `idx` for `features` into `hist` (other features' slices untouched).
pub fn build(hist: &mut [Bin], bins: &[u8], rows: usize, idx: &[u32], ordered: &[[f32; 2]], features: &[usize], threads: usize) {
  if threads <= 1 || idx.len() < 20_000 || features.len() < 2 {
    for &f in features {
      build_feature(&mut hist[f * STRIDE..(f + 1) * STRIDE], &bins[f * rows..(f + 1) * rows], idx, ordered);
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
          build_feature(h, &bins[*f * rows..(*f + 1) * rows], idx, ordered);
        }
      });
    }
  });
}

/// `parent -= child` on `features`: the parent's buffer becomes the sibling's histogram.
pub fn subtract(parent: &mut [Bin], child: &[Bin], features: &[usize]) {
  for &f in features {
    let p = &mut parent[f * STRIDE..(f + 1) * STRIDE];
    let c = &child[f * STRIDE..(f + 1) * STRIDE];
    for (a, b) in p.iter_mut().zip(c) {
      a.g -= b.g;
      a.h -= b.h;
      a.n -= b.n;
    }
  }
}
