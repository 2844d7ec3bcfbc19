//! Exponential recurrences `v[g] = keep·v[g−1] + a·x[g]` (EMA, Wilder's RMA) advanced four rows
//! at a time once seeded: `v[g] = keep⁴·v[g−4] + a·(x[g] + keep·x[g−1] + keep²·x[g−2] +
//! keep³·x[g−3])`. The bracket is elementwise and vectorises; the four lanes g mod 4 are
//! independent recurrences in one vector register, so the loop's latency is one multiply-add per
//! four rows instead of per row. Seeding rows run the kernel's own sequential step. Which rows use
//! which form, and which lane a row is in, depend only on the row's global index, so chunked
//! equals whole bit for bit.

use super::kernel::fill;

#[derive(Clone, Debug)]
pub struct Smoother {
  a: f64,
  keep: [f64; 4],
  last: [f64; 4],
  y: Vec<f64>,
}

impl Smoother {
  /// Weight `a` on the new value.
  pub fn new(a: f64) -> Self {
    let k = 1.0 - a;
    Smoother { a, keep: [k, k * k, k * k * k, (k * k) * (k * k)], last: [0.0; 4], y: Vec::new() }
  }

  /// The weight on the previous value, `1 − a`.
  pub fn keep(&self) -> f64 {
    self.keep[0]
  }

  /// Rows `g0 .. g0 + out.len()`: `x[i + 3]` is row i's input (three earlier inputs in front).
  /// Rows before `lanes_from` run `seed(g, previous value, input)`; from `lanes_from` on (which
  /// must be at least three rows after the seed's last non-recurrence row) the four-lane form.
  #[inline(always)]
  pub fn run(&mut self, g0: u64, lanes_from: u64, x: &[f64], out: &mut [f64], mut seed: impl FnMut(u64, f64, f64) -> f64) {
    run_fused([self], g0, lanes_from, [x], [out], [&mut seed]);
  }

  /// The sequential rows before `lanes_from`; returns how many of `out`'s rows they are.
  #[inline(always)]
  fn seed_rows(&mut self, g0: u64, lanes_from: u64, x: &[f64], out: &mut [f64], seed: &mut dyn FnMut(u64, f64, f64) -> f64) -> usize {
    let len = out.len();
    debug_assert!(x.len() == len + 3);
    let s = (lanes_from.saturating_sub(g0) as usize).min(len);
    let mut v = self.last[((g0 + 3) & 3) as usize];
    for i in 0..s {
      let g = g0 + i as u64;
      v = seed(g, v, x[i + 3]);
      self.last[(g & 3) as usize] = v;
      out[i] = v;
    }
    s
  }
}

/// `Smoother::run` for several recurrences over rows of the same block in one loop: their
/// four-lane chains are independent, so the loop's latency is one multiply-add per four rows for
/// all of them together instead of each (RSI's two RMAs, MACD's two EMAs). Each recurrence does
/// exactly the arithmetic `run` does alone, so the bits are the same.
#[inline(always)]
pub fn run_fused<const N: usize>(
  ss: [&mut Smoother; N],
  g0: u64,
  lanes_from: u64,
  xs: [&[f64]; N],
  outs: [&mut [f64]; N],
  seeds: [&mut dyn FnMut(u64, f64, f64) -> f64; N],
) {
  let len = outs[0].len();
  let mut s = len;
  for k in 0..N {
    s = ss[k].seed_rows(g0, lanes_from, xs[k], outs[k], &mut *seeds[k]);
  }
  if s == len {
    return;
  }
  let m = len - s;
  let g = g0 + s as u64;
  let mut lanes = [[0.0f64; 4]; N];
  for k in 0..N {
    let sm = &mut *ss[k];
    let (a, [k1, k2, k3, _]) = (sm.a, sm.keep);
    let x = xs[k];
    fill(&mut sm.y, m, [&x[s + 3..], &x[s + 2..], &x[s + 1..], &x[s..]], |[x0, x1, x2, x3]| a * (((x0 + k1 * x1) + k2 * x2) + k3 * x3));
    for (j, lane) in lanes[k].iter_mut().enumerate() {
      *lane = sm.last[((g + j as u64) & 3) as usize];
    }
  }
  let k4: [f64; N] = std::array::from_fn(|k| ss[k].keep[3]);
  let ys: [&[f64]; N] = std::array::from_fn(|k| &ss[k].y[..m]);
  let full = m / 4 * 4;
  for i in (0..full).step_by(4) {
    for k in 0..N {
      let (l, y) = (&mut lanes[k], &ys[k][i..i + 4]);
      *l = [l[0] * k4[k] + y[0], l[1] * k4[k] + y[1], l[2] * k4[k] + y[2], l[3] * k4[k] + y[3]];
      outs[k][s + i..s + i + 4].copy_from_slice(l);
    }
  }
  for k in 0..N {
    for j in full..m {
      lanes[k][j % 4] = lanes[k][j % 4] * k4[k] + ys[k][j];
      outs[k][s + j] = lanes[k][j % 4];
    }
  }
  for k in 0..N {
    for (j, lane) in lanes[k].iter().enumerate() {
      ss[k].last[((g + j as u64) & 3) as usize] = *lane;
    }
  }
}
