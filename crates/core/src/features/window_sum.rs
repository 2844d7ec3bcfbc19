//! Rolling sum of a block series without a loop-carried chain per row: the sum at row g is the
//! sum at row g − 4 plus the four differences `x[g−k] − x[g−k−n]` (k = 0..3), so four
//! independent running sums advance side by side in one vector register. Every `RESYNC` rows
//! (at global indices ≡ 0..3) the four sums are recomputed from the window itself, so rounding
//! never drifts for long. Which rows resync and which lane a row uses depend on the row's global
//! index only, so a chunked pass gives the same bits as a whole one.

use super::block::Block;

/// Rows between recomputations from the window.
pub const RESYNC: u64 = 1024;

/// Running sums over the last `n` values of a series, for the lanes g mod 4.
#[derive(Clone, Debug)]
pub struct WindowSum {
  n: usize,
  last: [f64; 4],
  diff: Vec<f64>,
}

impl WindowSum {
  pub fn new(n: usize) -> Self {
    WindowSum { n: n.max(1), last: [0.0; 4], diff: Vec::new() }
  }

  /// History rows the sum reads behind a block row.
  pub fn lookback(n: usize) -> usize {
    n.max(1) + 3
  }

  /// `out[i]` = sum of `x[h + i + 1 − n ..= h + i]` for the block's rows, where `x` holds the
  /// series at every ext position of `b` (zero before the series starts).
  #[inline(always)]
  pub fn run(&mut self, b: &Block, x: &[f64], out: &mut [f64]) {
    let (h, len, n) = (b.h, b.len, self.n);
    debug_assert!(h >= Self::lookback(n) && x.len() == h + len && out.len() == len);
    let d = &mut self.diff;
    d.clear();
    d.resize(len, 0.0);
    let at = |k: usize| &x[h - k..h - k + len];
    let (a0, a1, a2, a3) = (at(0), at(1), at(2), at(3));
    let (b0, b1, b2, b3) = (at(n), at(n + 1), at(n + 2), at(n + 3));
    for i in 0..len {
      d[i] = ((a0[i] - b0[i]) + (a1[i] - b1[i])) + ((a2[i] - b2[i]) + (a3[i] - b3[i]));
    }
    let mut i = 0;
    while i < len {
      let g = b.g(i);
      let phase = g % RESYNC;
      if phase < 4 {
        let p = h + i;
        let s = x[p + 1 - n..=p].iter().sum::<f64>();
        self.last[(g & 3) as usize] = s;
        out[i] = s;
        i += 1;
        continue;
      }
      let end = (i + (RESYNC - phase) as usize).min(len);
      let mut v = [0.0f64; 4];
      for (k, lane) in v.iter_mut().enumerate() {
        *lane = self.last[((g + k as u64) & 3) as usize];
      }
      let seg = end - i;
      let full = seg / 4 * 4;
      for (o, dd) in out[i..i + full].chunks_exact_mut(4).zip(d[i..i + full].chunks_exact(4)) {
        for k in 0..4 {
          v[k] += dd[k];
          o[k] = v[k];
        }
      }
      for j in full..seg {
        v[j % 4] += d[i + j];
        out[i + j] = v[j % 4];
      }
      for (k, lane) in v.iter().enumerate() {
        self.last[((g + k as u64) & 3) as usize] = *lane;
      }
      i = end;
    }
  }
}
