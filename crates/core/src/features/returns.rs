//! Return family: changes over k bars (simple and log returns, momentum, rate of change), rolling
//! volatility, max/min 1-bar return over a window, momentum consistency and price acceleration.
//! All read the block's close history; the 1-bar returns are shared by every kernel of a block.

use super::block::{simple_return, Block, Derived, Shared};
use super::doubling::{rolling_extreme, Tiles};
use super::kernel::{fill, nan_head, store, Kernel};
use super::window_sum::{run_fused, WindowSum};

/// How a change over `k` bars is measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
  /// `close / close[t−k] − 1` (return, rate of change).
  Simple,
  /// `ln(close / close[t−k])`.
  Log,
  /// `close − close[t−k]` (momentum).
  Difference,
}

/// The change of the close over `k` bars: elementwise over the block.
pub struct Return {
  k: usize,
  how: Change,
}

impl Return {
  pub fn new(k: usize, how: Change) -> Self {
    Return { k, how }
  }
}

impl Kernel for Return {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    self.k
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, k) = (b.h, b.len, self.k);
    let now = &b.close[h..h + len];
    let old = &b.close[h - k..h - k + len];
    let col = &mut *cols[0];
    match self.how {
      Change::Simple => {
        shared.ensure(b, Derived::Recip);
        let inv = &shared.get(Derived::Recip)[h - k..h - k + len];
        store(col, [now, inv], |[x, i]| simple_return(x, i));
      }
      Change::Log => store(col, [now, old], |[x, o]| (x / o).ln()),
      Change::Difference => store(col, [now, old], |[x, o]| x - o),
    }
    nan_head(col, b, k as u64);
  }
}

/// Sample standard deviation of 1-bar returns over `n` bars (`pct_change().rolling(n).std()`),
/// from rolling sums of r and r² (returns are centred near 0, so the two sums do not cancel).
pub struct Volatility {
  n: usize,
  s1: WindowSum,
  s2: WindowSum,
  t1: Vec<f64>,
  t2: Vec<f64>,
}

impl Volatility {
  pub fn new(n: usize) -> Self {
    Volatility { n, s1: WindowSum::new(n), s2: WindowSum::new(n), t1: vec![], t2: vec![] }
  }
}

impl Kernel for Volatility {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n) + 1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    for d in [Derived::Returns4, Derived::Squares4] {
      shared.ensure(b, d);
    }
    self.t1.resize(b.len, 0.0);
    self.t2.resize(b.len, 0.0);
    run_fused(
      [&mut self.s1, &mut self.s2],
      b,
      [shared.get(Derived::Returns), shared.get(Derived::Squares)],
      [shared.get(Derived::Returns4), shared.get(Derived::Squares4)],
      [&mut self.t1, &mut self.t2],
    );
    let n = self.n as f64;
    let (inv_n, inv_dof) = (1.0 / n, 1.0 / (n - 1.0));
    let (t1, t2) = (&self.t1, &self.t2);
    // The square root is the last operation and its result is stored as f32, so it is taken in
    // f32 (several times the throughput of an f64 root, which was this kernel's largest cost):
    // rounding the variance to f32 first moves the result by at most one f32 ulp.
    store(&mut *cols[0], [t1, t2], |[s1, s2]| {
      let var = (s2 - s1 * s1 * inv_n) * inv_dof;
      ((if var < 0.0 { 0.0 } else { var }) as f32).sqrt() as f64
    });
    nan_head(&mut *cols[0], b, self.n as u64);
  }
}

/// Largest (or smallest) 1-bar return over the last `n` bars.
pub struct ExtremeReturn {
  n: usize,
  max: bool,
  tmp: Tiles,
  ext: Vec<f64>,
}

impl ExtremeReturn {
  pub fn new(n: usize, max: bool) -> Self {
    ExtremeReturn { n, max, tmp: Tiles::default(), ext: vec![] }
  }
}

impl Kernel for ExtremeReturn {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    self.n
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let r = shared.returns(b);
    if self.max {
      rolling_extreme::<true>(r, self.n, &mut self.tmp, &mut self.ext);
    } else {
      rolling_extreme::<false>(r, self.n, &mut self.tmp, &mut self.ext);
    }
    let ext = &self.ext[b.h..];
    store(&mut *cols[0], [ext], |[e]| e);
    nan_head(&mut *cols[0], b, self.n as u64);
  }
}

/// Share of positive 1-bar returns among the last `n`.
pub struct MomentumConsistency {
  n: usize,
  sum: WindowSum,
  up: Vec<f64>,
  t: Vec<f64>,
}

impl MomentumConsistency {
  pub fn new(n: usize) -> Self {
    MomentumConsistency { n, sum: WindowSum::new(n), up: vec![], t: vec![] }
  }
}

impl Kernel for MomentumConsistency {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    WindowSum::lookback(self.n) + 1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let r = shared.returns(b);
    fill(&mut self.up, r.len(), [r], |[x]| if x > 0.0 { 1.0 } else { 0.0 });
    self.t.resize(b.len, 0.0);
    self.sum.run(b, &self.up, &mut self.t);
    let (t, inv) = (&self.t, 1.0 / self.n as f64);
    store(&mut *cols[0], [t], |[t]| t * inv);
    nan_head(&mut *cols[0], b, self.n as u64);
  }
}

/// Change of the `n`-bar return over `n` bars: `ret_n[t] − ret_n[t−n]`.
pub struct Acceleration {
  n: usize,
}

impl Acceleration {
  pub fn new(n: usize) -> Self {
    Acceleration { n }
  }
}

impl Kernel for Acceleration {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    2 * self.n
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, n) = (b.h, b.len, self.n);
    let c = b.close;
    let (now, mid, old) = (&c[h..h + len], &c[h - n..h - n + len], &c[h - 2 * n..h - 2 * n + len]);
    store(&mut *cols[0], [now, mid, old], |[x, m, o]| (x / m - 1.0) - (m / o - 1.0));
    nan_head(&mut *cols[0], b, 2 * n as u64);
  }
}
