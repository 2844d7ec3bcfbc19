//! Rolling centred second moment `M2[g] = Σ (x − mean[g])²` over the last `n` values, from the
//! window means, without a loop-carried chain per row. Welford's update with removal gives the
//! increment `M2[g] − M2[g−1] = (x[g] − x[g−n]) · (x[g] − mean[g] + x[g−n] − mean[g−1])`, which
//! is elementwise once the means are known (they come from the window sums, `window_sum`), so
//! `M2[g] = M2[g−4] + (four increments)` advances four independent lanes g mod 4 side by side.
//! The first four full windows and every `RESYNC` rows (global indices ≡ 0..3) are summed from
//! the window itself, so rounding never drifts for long. Which rows resync and which lane a row
//! uses depend on the row's global index only, so a chunked pass gives the same bits as a whole one.
//! (The values are prices, far from 0: a plain sum of squares would cancel; centring does not.)

use super::block::Block;
use super::window_sum::{four_sums, RESYNC};

pub struct CentredMoment {
  n: usize,
  /// M2 at the newest row of each lane g mod 4.
  last: [f64; 4],
  /// The mean at the row before the next block.
  prev_mean: f64,
  /// The last three increments in front of the block's (`d[i + 3]` is block row i's).
  d: Vec<f64>,
  d4: Vec<f64>,
}

impl CentredMoment {
  pub fn new(n: usize) -> Self {
    CentredMoment { n: n.max(1), last: [0.0; 4], prev_mean: 0.0, d: vec![0.0; 3], d4: Vec::new() }
  }

  /// History rows read behind a block row.
  pub fn lookback(n: usize) -> usize {
    n.max(1)
  }

  /// `out[i]` = M2 of the window ending at block row i, given `x` at every ext position of `b`
  /// and `mean[i]`, the window's mean at block row i. Rows before the first full window get 0.
  #[inline(always)]
  pub fn run(&mut self, b: &Block, x: &[f64], mean: &[f64], out: &mut [f64]) {
    let (h, len, n) = (b.h, b.len, self.n);
    debug_assert!(h >= Self::lookback(n) && mean.len() == len && out.len() == len);
    if len == 0 {
      return;
    }
    let (now, old) = (&x[h..h + len], &x[h - n..h - n + len]);
    self.d.resize(3 + len, 0.0);
    let step = |x: f64, o: f64, m: f64, prev: f64| (x - o) * (x - m + o - prev);
    self.d[3] = step(now[0], old[0], mean[0], self.prev_mean);
    // Bounds cut to the rows first, so the loop vectorises.
    let (dd, now, old, m, prev) = (&mut self.d[4..3 + len], &now[1..], &old[1..], &mean[1..], &mean[..len - 1]);
    for i in 0..dd.len() {
      dd[i] = step(now[i], old[i], m[i], prev[i]);
    }
    self.prev_mean = mean[len - 1];
    four_sums(&self.d, &mut self.d4);
    let d4 = &self.d4[3..3 + len];
    // The first row whose lane step reads only full windows' moments and real increments.
    let lanes_from = n as u64 + 3;
    let mut i = 0;
    while i < len {
      let g = b.g(i);
      let phase = g % RESYNC;
      if g + 1 < n as u64 {
        out[i] = 0.0;
      } else if g < lanes_from || phase < 4 {
        out[i] = window_moment(x, h + i, n, mean[i]);
        self.last[(g & 3) as usize] = out[i];
      } else {
        let end = (i + (RESYNC - phase) as usize).min(len);
        let mut v: [f64; 4] = std::array::from_fn(|j| self.last[((g + j as u64) & 3) as usize]);
        let seg = end - i;
        let full = seg / 4 * 4;
        for c in (i..i + full).step_by(4) {
          let a = &d4[c..c + 4];
          v = [v[0] + a[0], v[1] + a[1], v[2] + a[2], v[3] + a[3]];
          out[c..c + 4].copy_from_slice(&v);
        }
        for j in full..seg {
          v[j % 4] += d4[i + j];
          out[i + j] = v[j % 4];
        }
        for (j, lane) in v.iter().enumerate() {
          self.last[((g + j as u64) & 3) as usize] = *lane;
        }
        i = end;
        continue;
      }
      i += 1;
    }
    let keep = self.d.len() - 3;
    self.d.copy_within(keep.., 0);
  }
}

/// `Σ (x − m)²` over `x[p + 1 − n ..= p]`, oldest first.
#[inline(always)]
fn window_moment(x: &[f64], p: usize, n: usize, m: f64) -> f64 {
  x[p + 1 - n..=p].iter().fold(0.0, |a, &v| a + (v - m) * (v - m))
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::features::block::run_cut;

  #[test]
  fn centred_moments_match_the_window_and_agree_bit_for_bit_when_split() {
    let xs: Vec<f64> = (0..9000).map(|i| ((i * 7919) % 1000) as f64 * 0.37 + 3e4 + (i as f64 * 0.01).sin() * 500.0).collect();
    for n in [1usize, 2, 20, 240] {
      let h = CentredMoment::lookback(n);
      let run = |cuts: &[usize]| {
        let mut cm = CentredMoment::new(n);
        run_cut(&xs, h, cuts, |b, ext, out| {
          let mean: Vec<f64> = (0..b.len).map(|i| b.g(i) as usize).map(|g| xs[(g + 1).saturating_sub(n)..=g].iter().sum::<f64>() / n as f64).collect();
          cm.run(b, ext, &mean, out)
        })
      };
      let whole = run(&[0, xs.len()]);
      let split = run(&[0, 1, 3, 22, 23, 1023, 4095, 4097, 4099, 5000, 8193, xs.len()]);
      for g in n - 1..xs.len() {
        assert_eq!(whole[g].to_bits(), split[g].to_bits(), "n={n} row {g}");
        let w = &xs[g + 1 - n..=g];
        let m = w.iter().sum::<f64>() / n as f64;
        let want: f64 = w.iter().map(|v| (v - m) * (v - m)).sum();
        assert!((whole[g] - want).abs() <= 1e-6 * want.max(1.0), "n={n} row {g}: {} vs {want}", whole[g]);
      }
    }
  }
}
