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
    if s == len {
      return;
    }
    let (a, [k1, k2, k3, k4]) = (self.a, self.keep);
    let m = len - s;
    fill(&mut self.y, m, [&x[s + 3..], &x[s + 2..], &x[s + 1..], &x[s..]], |[x0, x1, x2, x3]| a * (((x0 + k1 * x1) + k2 * x2) + k3 * x3));
    let g = g0 + s as u64;
    let mut lanes = [0.0f64; 4];
    for (k, lane) in lanes.iter_mut().enumerate() {
      *lane = self.last[((g + k as u64) & 3) as usize];
    }
    let full = m / 4 * 4;
    for (o, y) in out[s..s + full].chunks_exact_mut(4).zip(self.y[..full].chunks_exact(4)) {
      lanes = [lanes[0] * k4 + y[0], lanes[1] * k4 + y[1], lanes[2] * k4 + y[2], lanes[3] * k4 + y[3]];
      o.copy_from_slice(&lanes);
    }
    for j in full..m {
      lanes[j % 4] = lanes[j % 4] * k4 + self.y[j];
      out[s + j] = lanes[j % 4];
    }
    for (k, lane) in lanes.iter().enumerate() {
      self.last[((g + k as u64) & 3) as usize] = *lane;
    }
  }
}
