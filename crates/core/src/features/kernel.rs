//! The contract of a column kernel: it computes its feature for a whole block of one asset's rows
//! as loops over slices (elementwise where it can, one short recurrence where it must), reading
//! history from the block's leading positions and carrying only running sums or recurrence values
//! from block to block. Intermediates are f64; the output columns are f32.

use super::block::{Block, Shared};
use super::indicator::{Bar, Indicator};

pub trait Kernel: Send {
  /// Columns written.
  fn width(&self) -> usize;
  /// Rows before a block row the kernel reads (the block's history must be at least this long).
  fn lookback(&self) -> usize;
  /// Write column `c` of block row `i` to `cols[c][i]`, NaN while warming up.
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]);

  /// `run`, compiled per kernel type a second time with AVX2 enabled and taken when the CPU
  /// has it, so the elementwise loops use four f64 lanes instead of SSE2's two. The arithmetic is
  /// the same IEEE operations either way (Rust never contracts a·b + c into an FMA), so both
  /// paths produce the same bits.
  fn run_block(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
      // SAFETY: the CPU was just checked to support AVX2.
      return unsafe { run_avx2(self, b, shared, cols) };
    }
    self.run(b, shared, cols)
  }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn run_avx2<K: Kernel + ?Sized>(k: &mut K, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
  k.run(b, shared, cols)
}

/// NaN on the block rows whose global index is below `warm`.
#[inline(always)]
pub fn nan_head(col: &mut [f32], b: &Block, warm: u64) {
  col[..b.warm_rows(warm)].fill(f32::NAN);
}

/// `col[i] = f([inputs[0][i], inputs[1][i], …])` as f32 for every block row. The inputs are cut
/// to the column's length first, so the loop has no bounds checks and vectorises. Values are
/// computed into a small buffer that stays in L1 and copied to the column with non-temporal
/// stores: the output is far larger than the cache and is not read again during the pass, so
/// this saves reading every output line from memory before overwriting it.
#[inline(always)]
pub fn store<const K: usize>(col: &mut [f32], inputs: [&[f64]; K], f: impl Fn([f64; K]) -> f64) {
  const CHUNK: usize = 512;
  let n = col.len();
  let ins = inputs.map(|a| &a[..n]);
  let mut buf = [0f32; CHUNK];
  let mut i0 = 0;
  while i0 < n {
    let m = CHUNK.min(n - i0);
    let part = ins.map(|a| &a[i0..i0 + m]);
    for (i, o) in buf[..m].iter_mut().enumerate() {
      *o = f(part.map(|a| a[i])) as f32;
    }
    stream(&mut col[i0..i0 + m], &buf[..m]);
    i0 += m;
  }
}

/// `dst.copy_from_slice(src)` with non-temporal stores where the destination is 16-byte aligned.
#[inline(always)]
fn stream(dst: &mut [f32], src: &[f32]) {
  #[cfg(target_arch = "x86_64")]
  {
    use std::arch::x86_64::{_mm_loadu_ps, _mm_stream_ps};
    let n = dst.len().min(src.len());
    let head = (((16 - (dst.as_ptr() as usize & 15)) & 15) / 4).min(n);
    dst[..head].copy_from_slice(&src[..head]);
    let body = (n - head) / 4 * 4;
    for i in (head..head + body).step_by(4) {
      // SAFETY: i + 4 ≤ n for both slices, and dst + i is 16-byte aligned by the choice of head;
      // SSE is part of the x86_64 baseline.
      unsafe { _mm_stream_ps(dst.as_mut_ptr().add(i), _mm_loadu_ps(src.as_ptr().add(i))) };
    }
    dst[head + body..n].copy_from_slice(&src[head + body..n]);
  }
  #[cfg(not(target_arch = "x86_64"))]
  dst.copy_from_slice(src);
}

/// Order the non-temporal stores of `store` before anything that follows (another thread reading
/// the matrix once the call returns).
pub fn store_fence() {
  #[cfg(target_arch = "x86_64")]
  // SAFETY: SSE is part of the x86_64 baseline.
  unsafe {
    std::arch::x86_64::_mm_sfence()
  };
}

/// `out = [f(inputs[0][i], …) for i in 0..n]`, an f64 intermediate, vectorised like `store`.
#[inline(always)]
pub fn fill<const K: usize>(out: &mut Vec<f64>, n: usize, inputs: [&[f64]; K], f: impl Fn([f64; K]) -> f64) {
  let ins = inputs.map(|a| &a[..n]);
  // Every value is overwritten below: resizing a buffer reused from the last block of the same
  // length writes nothing (clearing it first would zero it all again).
  out.resize(n, 0.0);
  for (i, o) in out.iter_mut().enumerate() {
    *o = f(ins.map(|a| a[i]));
  }
}

/// Where `x` sits between `low` and `high` (0 = low, 1 = high), `flat` when the range is empty.
#[inline(always)]
pub fn position(x: f64, high: f64, low: f64, flat: f64) -> f64 {
  if high > low {
    (x - low) / (high - low)
  } else {
    flat
  }
}

/// A per-bar indicator state run as a kernel: the block's rows become bars (features whose state
/// is not a window of the inputs, such as calendar fields or the age of a rolling extreme).
pub struct RowKernel {
  inner: Box<dyn Indicator>,
  bars: Vec<Bar>,
}

impl RowKernel {
  pub fn new(inner: Box<dyn Indicator>) -> Self {
    RowKernel { inner, bars: Vec::new() }
  }
}

impl Kernel for RowKernel {
  fn width(&self) -> usize {
    self.inner.width()
  }
  fn lookback(&self) -> usize {
    0
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let h = b.h;
    self.bars.clear();
    self.bars.extend((0..b.len).map(|i| Bar {
      time: b.time[i],
      open: b.open[i],
      high: b.high[h + i],
      low: b.low[h + i],
      close: b.close[h + i],
      volume: b.volume[h + i],
    }));
    self.inner.run(&self.bars, cols);
  }
}
