//! Rolling sum of a block series without a loop-carried chain per row: the sum at row g is the
//! sum at row g − 4 plus `X4[g] − X4[g−n]`, where `X4[p] = x[p] + x[p−1] + x[p−2] + x[p−3]`, so
//! four independent running sums advance side by side in one vector register. `X4` of a series
//! is computed once per block and shared by every window over it (SMA 20/50/200 of the close). Every `RESYNC` rows
//! (at global indices ≡ 0..3) the four sums are recomputed from the window itself, so rounding
//! never drifts for long. Which rows resync and which lane a row uses depend on the row's global
//! index only, so a chunked pass gives the same bits as a whole one.

use super::block::Block;

/// Rows between recomputations from the window. A resync sums the whole window for four rows,
/// so with a long window (volatility 240) it costs about as much as the running sums between
/// two resyncs 1024 rows apart; 4096 keeps it a small share while the running sums' rounding
/// (four lanes of 1024 steps each) stays far below f32 output precision.
pub const RESYNC: u64 = 4096;

/// Running sums over the last `n` values of a series, for the lanes g mod 4.
#[derive(Clone, Debug)]
pub struct WindowSum {
  n: usize,
  last: [f64; 4],
  x4: Vec<f64>,
}

impl WindowSum {
  pub fn new(n: usize) -> Self {
    WindowSum { n: n.max(1), last: [0.0; 4], x4: Vec::new() }
  }

  /// History rows the sum reads behind a block row.
  pub fn lookback(n: usize) -> usize {
    n.max(1) + 3
  }

  /// `out[i]` = sum of `x[h + i + 1 − n ..= h + i]` for the block's rows, where `x` holds the
  /// series at every ext position of `b` (zero before the series starts).
  #[inline(always)]
  pub fn run(&mut self, b: &Block, x: &[f64], out: &mut [f64]) {
    let mut x4 = std::mem::take(&mut self.x4);
    four_sums(x, &mut x4);
    self.run_with(b, x, &x4, out);
    self.x4 = x4;
  }

  /// `run` with the series' four-sums (`four_sums(x)`) already computed.
  #[inline(always)]
  pub fn run_with(&mut self, b: &Block, x: &[f64], x4: &[f64], out: &mut [f64]) {
    run_fused([self], b, [x], [x4], [out]);
  }

  /// Block rows `i .. i + rows` (1, or the 4 resync rows at once) summed from the window itself.
  #[inline(always)]
  fn resync(&mut self, b: &Block, x: &[f64], i: usize, rows: usize, out: &mut [f64]) {
    let (p, n, g) = (b.h + i, self.n, b.g(i));
    if rows == 4 {
      // The four resync rows at once, each window summed in the same order as `window_at`.
      let mut acc = [0.0f64; 4];
      for j in 0..n {
        let w = &x[p + 1 - n + j..p + 5 - n + j];
        for k in 0..4 {
          acc[k] += w[k];
        }
      }
      for (k, s) in acc.iter().enumerate() {
        self.last[((g + k as u64) & 3) as usize] = *s;
      }
      out[i..i + 4].copy_from_slice(&acc);
    } else {
      let s = window_at(x, p, n);
      self.last[(g & 3) as usize] = s;
      out[i] = s;
    }
  }
}

/// `WindowSum::run_with` for several sums over the same block in one loop (volatility's sums of
/// r and r²): each running sum is a chain of one addition per four rows, and independent chains
/// side by side hide each other's latency. Each sum does exactly the arithmetic it does alone.
#[inline(always)]
pub fn run_fused<const N: usize>(ws: [&mut WindowSum; N], b: &Block, xs: [&[f64]; N], x4s: [&[f64]; N], outs: [&mut [f64]; N]) {
  let (h, len) = (b.h, b.len);
  for k in 0..N {
    debug_assert!(h >= WindowSum::lookback(ws[k].n) && xs[k].len() == h + len && x4s[k].len() == h + len && outs[k].len() == len);
  }
  let nows: [&[f64]; N] = std::array::from_fn(|k| &x4s[k][h..h + len]);
  let olds: [&[f64]; N] = std::array::from_fn(|k| &x4s[k][h - ws[k].n..h - ws[k].n + len]);
  let mut i = 0;
  while i < len {
    let g = b.g(i);
    let phase = g % RESYNC;
    if phase < 4 {
      let rows = if phase == 0 && i + 4 <= len { 4 } else { 1 };
      for k in 0..N {
        ws[k].resync(b, xs[k], i, rows, outs[k]);
      }
      i += rows;
      continue;
    }
    let end = (i + (RESYNC - phase) as usize).min(len);
    let mut v: [[f64; 4]; N] = std::array::from_fn(|k| std::array::from_fn(|j| ws[k].last[((g + j as u64) & 3) as usize]));
    let seg = end - i;
    let full = seg / 4 * 4;
    for c in (i..i + full).step_by(4) {
      for k in 0..N {
        let (a, z, l) = (&nows[k][c..c + 4], &olds[k][c..c + 4], &mut v[k]);
        *l = [l[0] + (a[0] - z[0]), l[1] + (a[1] - z[1]), l[2] + (a[2] - z[2]), l[3] + (a[3] - z[3])];
        outs[k][c..c + 4].copy_from_slice(l);
      }
    }
    for k in 0..N {
      for j in full..seg {
        v[k][j % 4] += nows[k][i + j] - olds[k][i + j];
        outs[k][i + j] = v[k][j % 4];
      }
      for (j, lane) in v[k].iter().enumerate() {
        ws[k].last[((g + j as u64) & 3) as usize] = *lane;
      }
    }
    i = end;
  }
}

/// `out[p] = (x[p] + x[p−1]) + (x[p−2] + x[p−3])` for p ≥ 3, 0 below.
#[inline(always)]
pub fn four_sums(x: &[f64], out: &mut Vec<f64>) {
  out.clear();
  let len = x.len();
  out.extend_from_slice(&[0.0; 3][..len.min(3)]);
  if len > 3 {
    let m = len - 3;
    let (a, b, c, d) = (&x[3..3 + m], &x[2..2 + m], &x[1..1 + m], &x[..m]);
    out.extend(a.iter().zip(b).zip(c).zip(d).map(|(((a, b), c), d)| (a + b) + (c + d)));
  }
}

/// Sum of `x[p + 1 − n ..= p]`, oldest first.
#[inline(always)]
fn window_at(x: &[f64], p: usize, n: usize) -> f64 {
  x[p + 1 - n..=p].iter().fold(0.0, |a, &v| a + v)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::features::block::run_cut;

  #[test]
  fn window_sums_match_direct_sums_across_resyncs_and_split_blocks() {
    let xs: Vec<f64> = (0..5000).map(|i| ((i * 7919) % 1000) as f64 * 0.37 + 1e4).collect();
    for n in [1usize, 3, 20, 240] {
      let h = WindowSum::lookback(n);
      // Whole series as one block, then cut at uneven places: the bits must agree.
      let run = |cuts: &[usize]| {
        let mut ws = WindowSum::new(n);
        run_cut(&xs, h, cuts, |b, ext, out| ws.run(b, ext, out))
      };
      let whole = run(&[0, xs.len()]);
      let split = run(&[0, 1, 1023, 1026, 2049, 3000, 4095, 4098, xs.len()]);
      for (g, (a, b)) in whole.iter().zip(&split).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "n={n} row {g}");
        let lo = (g + 1).saturating_sub(n);
        let want: f64 = xs[lo..=g].iter().sum();
        assert!((a - want).abs() <= 1e-9 * want.abs(), "n={n} row {g}: {a} vs {want}");
      }
    }
  }
}
