//! Oscillators: RSI (Wilder), MACD line/signal/histogram, stochastic %K/%D. (Momentum and rate
//! of change are changes over k bars, in `returns`; Williams %R is a range position, in `bands`.)

use super::averages::decay;
use super::block::{Block, Shared};
use super::smoother::{run_fused, Smoother};
use super::kernel::{fill, nan_head, store, Kernel};
use super::window_sum::WindowSum;

/// Wilder's RSI: average gain and loss seeded with the mean of the first `n` changes, then RMA,
/// four rows per step once seeded (`Smoother`).
pub struct Rsi {
  n: usize,
  gain: Smoother,
  loss: Smoother,
  up: Vec<f64>,
  down: Vec<f64>,
  tg: Vec<f64>,
  tl: Vec<f64>,
}

impl Rsi {
  pub fn new(n: usize) -> Self {
    let a = 1.0 / n as f64;
    Rsi { n, gain: Smoother::new(a), loss: Smoother::new(a), up: vec![], down: vec![], tg: vec![], tl: vec![] }
  }
}

impl Kernel for Rsi {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    4
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len, np) = (b.h, b.len, b.positions());
    let c = b.close;
    // up[p − 1], down[p − 1]: the gain and loss of the change into ext position p.
    fill(&mut self.up, np - 1, [&c[1..], &c[..np - 1]], |[x, p]| (x - p).max(0.0));
    fill(&mut self.down, np - 1, [&c[1..], &c[..np - 1]], |[x, p]| (p - x).max(0.0));
    self.tg.resize(len, 0.0);
    self.tl.resize(len, 0.0);
    let n = self.n as u64;
    let (a, keep) = (1.0 / self.n as f64, self.gain.keep());
    // Bar 0 has no change; bars 1..=n sum their changes, bar n turns the sums into means.
    let seed = |g: u64, v: f64, x: f64| {
      if g == 0 {
        0.0
      } else if g < n {
        v + x
      } else if g == n {
        (v + x) * a
      } else {
        decay(v, x, a, keep)
      }
    };
    let (mut seed_gain, mut seed_loss) = (seed, seed);
    run_fused(
      [&mut self.gain, &mut self.loss],
      b.g0,
      n + 4,
      [&self.up[h - 4..h - 1 + len], &self.down[h - 4..h - 1 + len]],
      [&mut self.tg, &mut self.tl],
      [&mut seed_gain, &mut seed_loss],
    );
    // 100 − 100 / (1 + g/l) is 100·g / (g + l): one division instead of two, and no special
    // case for l = 0 beyond the flat market's 50.
    store(&mut *cols[0], [&self.tg, &self.tl], |[g, l]| if g + l == 0.0 { 50.0 } else { 100.0 * g / (g + l) });
    nan_head(&mut *cols[0], b, n);
  }
}

/// MACD as tulind defines it: fast and slow EMAs seeded with the first close, the signal an EMA
/// of the line seeded at bar `slow − 1`; all three are reported from bar `slow − 1`. Each EMA
/// advances four rows per step once seeded (`Smoother`).
pub struct Macd {
  slow_n: usize,
  alpha: [f64; 3],
  fast: Smoother,
  slow: Smoother,
  signal: Smoother,
  /// The line's last three values, in front of the next block's line.
  line: Vec<f64>,
  tf: Vec<f64>,
  ts: Vec<f64>,
  tsig: Vec<f64>,
}

impl Macd {
  pub fn new(fast: usize, slow: usize, signal: usize) -> Self {
    // tulind's EMA alphas: 2 / (n + 1).
    let a = |n: usize| 2.0 / (n as f64 + 1.0);
    let alpha = [a(fast), a(slow), a(signal)];
    Macd {
      slow_n: slow,
      alpha,
      fast: Smoother::new(alpha[0]),
      slow: Smoother::new(alpha[1]),
      signal: Smoother::new(alpha[2]),
      line: vec![0.0; 3],
      tf: vec![],
      ts: vec![],
      tsig: vec![],
    }
  }
}

impl Kernel for Macd {
  fn width(&self) -> usize {
    3
  }
  fn lookback(&self) -> usize {
    3
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    let x = &b.close[h - 3..h + len];
    for t in [&mut self.tf, &mut self.ts, &mut self.tsig] {
      t.resize(len, 0.0);
    }
    let [af, asl, asg] = self.alpha;
    let (kf, ks, kg) = (self.fast.keep(), self.slow.keep(), self.signal.keep());
    run_fused(
      [&mut self.fast, &mut self.slow],
      b.g0,
      4,
      [x, x],
      [&mut self.tf, &mut self.ts],
      [&mut |g, v, x| if g == 0 { x } else { decay(v, x, af, kf) }, &mut |g, v, x| if g == 0 { x } else { decay(v, x, asl, ks) }],
    );
    self.line.truncate(3);
    self.line.extend(self.tf.iter().zip(&self.ts).map(|(f, s)| f - s));
    let start = self.slow_n as u64 - 1;
    self.signal.run(b.g0, start + 4, &self.line, &mut self.tsig, |g, v, x| {
      if g < start {
        0.0
      } else if g == start {
        x
      } else {
        decay(v, x, asg, kg)
      }
    });
    let (line, sig) = (&self.line[3..], &self.tsig);
    store(&mut *cols[0], [line], |[l]| l);
    store(&mut *cols[1], [sig], |[s]| s);
    store(&mut *cols[2], [line, sig], |[l, s]| l - s);
    for col in cols.iter_mut() {
      nan_head(col, b, start);
    }
    self.line.drain(..len);
  }
}

/// Fast stochastic %K over `k` bars (high/low range) and %D, its `d`-bar SMA. The range is
/// shared with every other kernel of the block that uses the same window (Williams %R).
pub struct Stochastic {
  k: usize,
  d: usize,
  sum: WindowSum,
  pct: Vec<f64>,
  t: Vec<f64>,
}

impl Stochastic {
  pub fn new(k: usize, d: usize) -> Self {
    Stochastic { k, d, sum: WindowSum::new(d), pct: vec![], t: vec![] }
  }
}

impl Kernel for Stochastic {
  fn width(&self) -> usize {
    2
  }
  fn lookback(&self) -> usize {
    self.k - 1 + WindowSum::lookback(self.d)
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, shared: &mut Shared, cols: &mut [&mut [f32]]) {
    let h = b.h;
    let pos = shared.range_position(b, self.k);
    fill(&mut self.pct, b.positions(), [pos], |[p]| 100.0 * p);
    // Before the range is full %K is undefined; 0 keeps it out of %D's window sums.
    let warm_k = self.k as u64 - 1;
    self.pct[..b.positions_before(warm_k)].fill(0.0);
    self.t.resize(b.len, 0.0);
    self.sum.run(b, &self.pct, &mut self.t);
    let (pct, t, inv) = (&self.pct[h..], &self.t, 1.0 / self.d as f64);
    store(&mut *cols[0], [pct], |[k]| k);
    store(&mut *cols[1], [t], |[t]| t * inv);
    nan_head(&mut *cols[0], b, warm_k);
    nan_head(&mut *cols[1], b, warm_k + self.d as u64 - 1);
  }
}
