//! Oscillators: RSI (Wilder), MACD line/signal/histogram, stochastic %K/%D. (Momentum and rate
//! of change are changes over k bars, in `returns`; Williams %R is a range position, in `bands`.)

use super::averages::decay;
use super::block::{Block, Shared};
use super::kernel::{fill, nan_head, position, store, Kernel};
use super::window_sum::WindowSum;

/// Wilder's RSI: average gain and loss seeded with the mean of the first `n` changes, then RMA.
/// Both recurrences advance in one loop, so their latency chains overlap.
pub struct Rsi {
  n: usize,
  gain: f64,
  loss: f64,
  tg: Vec<f64>,
  tl: Vec<f64>,
}

impl Rsi {
  pub fn new(n: usize) -> Self {
    Rsi { n, gain: 0.0, loss: 0.0, tg: vec![], tl: vec![] }
  }
}

impl Kernel for Rsi {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    1
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    let (now, prev) = (&b.close[h..h + len], &b.close[h - 1..h - 1 + len]);
    self.tg.resize(len, 0.0);
    self.tl.resize(len, 0.0);
    let n = self.n as u64;
    let (a, keep) = (1.0 / self.n as f64, 1.0 - 1.0 / self.n as f64);
    let (mut g, mut l) = (self.gain, self.loss);
    // Bar 0 has no change; bars 1..=n sum their changes, bar n turns the sums into means.
    let first = b.warm_rows(1);
    let seed = b.warm_rows(n + 1);
    for i in first..seed {
      let d = now[i] - prev[i];
      g += d.max(0.0);
      l += (-d).max(0.0);
      if b.g(i) == n {
        g *= a;
        l *= a;
      }
      self.tg[i] = g;
      self.tl[i] = l;
    }
    for i in seed..len {
      let d = now[i] - prev[i];
      g = decay(g, d.max(0.0), a, keep);
      l = decay(l, (-d).max(0.0), a, keep);
      self.tg[i] = g;
      self.tl[i] = l;
    }
    self.gain = g;
    self.loss = l;
    let (tg, tl) = (&self.tg, &self.tl);
    store(&mut *cols[0], [tg, tl], |[g, l]| {
      if l == 0.0 {
        if g == 0.0 {
          50.0
        } else {
          100.0
        }
      } else {
        100.0 - 100.0 / (1.0 + g / l)
      }
    });
    nan_head(&mut *cols[0], b, n);
  }
}

/// MACD as tulind defines it: fast and slow EMAs seeded with the first close, the signal an EMA
/// of the line seeded at bar `slow − 1`; all three are reported from bar `slow − 1`. The three
/// recurrences share one loop.
pub struct Macd {
  slow_n: usize,
  alpha: [f64; 3],
  fast: f64,
  slow: f64,
  signal: f64,
  tl: Vec<f64>,
  ts: Vec<f64>,
}

impl Macd {
  pub fn new(fast: usize, slow: usize, signal: usize) -> Self {
    // tulind's EMA alphas: 2 / (n + 1).
    let a = |n: usize| 2.0 / (n as f64 + 1.0);
    Macd { slow_n: slow, alpha: [a(fast), a(slow), a(signal)], fast: 0.0, slow: 0.0, signal: 0.0, tl: vec![], ts: vec![] }
  }
}

impl Kernel for Macd {
  fn width(&self) -> usize {
    3
  }
  fn lookback(&self) -> usize {
    0
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let (h, len) = (b.h, b.len);
    let c = &b.close[h..h + len];
    self.tl.resize(len, 0.0);
    self.ts.resize(len, 0.0);
    let [af, asl, asg] = self.alpha;
    let (kf, ks, kg) = (1.0 - af, 1.0 - asl, 1.0 - asg);
    let (mut f, mut s, mut sig) = (self.fast, self.slow, self.signal);
    let start = self.slow_n as u64 - 1;
    let seed = b.warm_rows(start + 1);
    for i in 0..seed {
      let g = b.g(i);
      if g == 0 {
        f = c[i];
        s = c[i];
      } else {
        f = decay(f, c[i], af, kf);
        s = decay(s, c[i], asl, ks);
      }
      if g == start {
        sig = f - s;
      }
      self.tl[i] = f - s;
      self.ts[i] = sig;
    }
    for i in seed..len {
      f = decay(f, c[i], af, kf);
      s = decay(s, c[i], asl, ks);
      sig = decay(sig, f - s, asg, kg);
      self.tl[i] = f - s;
      self.ts[i] = sig;
    }
    self.fast = f;
    self.slow = s;
    self.signal = sig;
    let (tl, ts) = (&self.tl, &self.ts);
    store(&mut *cols[0], [tl], |[l]| l);
    store(&mut *cols[1], [ts], |[s]| s);
    store(&mut *cols[2], [tl, ts], |[l, s]| l - s);
    for col in cols.iter_mut() {
      nan_head(col, b, start);
    }
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
    let (hh, ll) = shared.range(b, self.k);
    let c = b.close;
    fill(&mut self.pct, b.positions(), [c, hh, ll], |[c, hh, ll]| 100.0 * position(c, hh, ll, 0.5));
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
