//! A block of one asset's rows as the column kernels see it: each input column is a contiguous
//! f64 slice whose first `h` positions are the `h` rows before the block (the history carried
//! from the previous block or chunk, zeros before the asset's first row) followed by the block's
//! `len` rows. A kernel that looks back `k ≤ h` rows reads position `p − k` instead of keeping a
//! ring of its own, so every row is computed by the same arithmetic whatever the chunking.

use super::engine::Bars;
use super::kernel::{fill, position};
use super::window_sum::{four_sums, WindowSum};

/// Ext position `p` of a block holds the row with global index `g0 + p − h` (negative: padding).
pub struct Block<'a> {
  /// Rows of history in front of the block's rows.
  pub h: usize,
  /// Rows in the block.
  pub len: usize,
  /// Index of the block's first row in its asset's series.
  pub g0: u64,
  /// Block rows only (no history).
  pub time: &'a [i64],
  /// Block rows only (no history).
  pub open: &'a [f64],
  /// History plus block rows (`h + len`).
  pub close: &'a [f64],
  pub high: &'a [f64],
  pub low: &'a [f64],
  pub volume: &'a [f64],
}

impl Block<'_> {
  /// Positions in the history and block.
  #[inline]
  pub fn positions(&self) -> usize {
    self.h + self.len
  }

  /// How many leading block rows have a global index below `warm` (they are NaN).
  #[inline]
  pub fn warm_rows(&self, warm: u64) -> usize {
    warm.saturating_sub(self.g0).min(self.len as u64) as usize
  }

  /// How many leading ext positions have a global index below `g` (padding or warm-up).
  #[inline]
  pub fn positions_before(&self, g: u64) -> usize {
    (self.h as u64 + g).saturating_sub(self.g0).min(self.positions() as u64) as usize
  }

  /// Global index of block row `i`.
  #[inline]
  pub fn g(&self, i: usize) -> u64 {
    self.g0 + i as u64
  }
}

/// The carried history of one asset's input columns, and the buffers that join it to a call's
/// first block.
pub struct History {
  h: usize,
  seen: u64,
  close: Vec<f64>,
  high: Vec<f64>,
  low: Vec<f64>,
  volume: Vec<f64>,
  /// `h + len` zeros: the volume of a frame without one.
  zeros: Vec<f64>,
}

impl History {
  pub fn new(h: usize) -> Self {
    History { h, seen: 0, close: vec![0.0; h], high: vec![0.0; h], low: vec![0.0; h], volume: vec![0.0; h], zeros: Vec::new() }
  }

  /// Run `f` on rows `r0..r1` of `cols` as a block, where `start ≤ r0` is the first row this call
  /// feeds, then keep the last `h` positions as history. A block whose `h` rows of history lie in
  /// this call's rows borrows the columns themselves; only a call's first block is copied behind
  /// the carried history.
  pub fn with_block<'a, R>(&mut self, cols: &Bars<'a>, start: usize, r0: usize, r1: usize, f: impl FnOnce(&Block) -> R) -> R {
    let (h, len) = (self.h, r1 - r0);
    if cols.volume.is_none() && self.zeros.len() < h + len {
      self.zeros.resize(h + len, 0.0);
    }
    let close = &cols.close[r0..r1];
    let open = cols.open.map_or(close, |o| &o[r0..r1]);
    let g0 = self.seen;
    let r = if r0 - start >= h {
      let close = &cols.close[r0 - h..r1];
      let ext = |c: Option<&'a [f64]>| c.map_or(close, |a| &a[r0 - h..r1]);
      let block = Block {
        h,
        len,
        g0,
        time: &cols.time[r0..r1],
        open,
        close,
        high: ext(cols.high),
        low: ext(cols.low),
        volume: match cols.volume {
          Some(v) => &v[r0 - h..r1],
          None => &self.zeros[..h + len],
        },
      };
      let r = f(&block);
      let keep = |buf: &mut Vec<f64>, col: &[f64]| {
        buf.clear();
        buf.extend_from_slice(&col[r1 - h..r1]);
      };
      keep(&mut self.close, cols.close);
      keep(&mut self.high, cols.high.unwrap_or(cols.close));
      keep(&mut self.low, cols.low.unwrap_or(cols.close));
      // Without a volume column the carried volume stays zeros.
      if let Some(v) = cols.volume {
        keep(&mut self.volume, v);
      }
      r
    } else {
      refill(&mut self.close, h, close);
      refill(&mut self.high, h, cols.high.map_or(close, |a| &a[r0..r1]));
      refill(&mut self.low, h, cols.low.map_or(close, |a| &a[r0..r1]));
      match cols.volume {
        Some(v) => refill(&mut self.volume, h, &v[r0..r1]),
        None => refill(&mut self.volume, h, &self.zeros[..len]),
      }
      let block = Block { h, len, g0, time: &cols.time[r0..r1], open, close: &self.close, high: &self.high, low: &self.low, volume: &self.volume };
      let r = f(&block);
      for buf in [&mut self.close, &mut self.high, &mut self.low, &mut self.volume] {
        buf.copy_within(len..len + h, 0);
        buf.truncate(h);
      }
      r
    };
    self.seen += len as u64;
    r
  }
}

fn refill(buf: &mut Vec<f64>, h: usize, rows: &[f64]) {
  buf.truncate(h);
  buf.extend_from_slice(rows);
}

/// `x / old − 1` as `x · (1 / old) − 1`: one more rounding than the division, a relative error
/// near 1e-16 of the ratio, far below the f32 output's precision.
#[inline(always)]
pub fn simple_return(x: f64, recip_old: f64) -> f64 {
  x * recip_old - 1.0
}

/// A series derived from a block's inputs at every ext position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Derived {
  /// `1 / close`: the returns over every horizon multiply by it, so a row costs one division
  /// whatever the number of horizons (a division has several times a multiply's cost).
  Recip,
  /// 1-bar simple return `close · recip[p − 1] − 1`, the same arithmetic as the 1-bar `Return`
  /// column; 0 where the global index is ≤ 0 (no previous bar).
  Returns,
  /// Squared 1-bar return.
  Squares,
  /// Four-sums (`window_sum::four_sums`) of the close, the returns, the squares, the volume.
  Close4,
  Returns4,
  Squares4,
  Volume4,
}

const DERIVED: usize = 7;

/// Series derived from a block that several kernels read (returns, four-sums for window sums,
/// rolling high/low of a window, rolling sums of an input), computed once per block on first use.
#[derive(Default)]
pub struct Shared {
  derived: [Option<Vec<f64>>; DERIVED],
  ranges: Vec<Range>,
  sums: Vec<SharedSum>,
  tiles: super::doubling::Tiles,
  spare: Vec<Vec<f64>>,
}

/// A rolling sum of an input series (the close or the volume, named by its four-sums) over `n`
/// rows: its state carries from block to block like a kernel's, so every kernel that asks for
/// the same (series, window) (SMA 20 and Bollinger 20) reads one sum computed once per block.
struct SharedSum {
  series: Derived,
  n: usize,
  sum: WindowSum,
  /// The sums at this block's rows, valid when `fresh`.
  out: Vec<f64>,
  fresh: bool,
}

struct Range {
  n: usize,
  high: Vec<f64>,
  low: Vec<f64>,
  /// The close's position in the range (`kernel::position`, 0.5 when flat), once asked for.
  pos: Option<Vec<f64>>,
}

impl Shared {
  /// Forget the previous block's series (their buffers are reused).
  pub fn reset(&mut self) {
    for d in self.derived.iter_mut() {
      if let Some(v) = d.take() {
        self.spare.push(v);
      }
    }
    for r in self.ranges.drain(..) {
      self.spare.push(r.high);
      self.spare.push(r.low);
      self.spare.extend(r.pos);
    }
    for s in self.sums.iter_mut() {
      s.fresh = false;
    }
  }

  /// Sum of the last `n` values of the close (`series` = `Derived::Close4`) or the volume
  /// (`Derived::Volume4`) at each block row (`WindowSum`; the kernel's history must cover
  /// `WindowSum::lookback(n)`).
  #[inline(always)]
  pub fn window_sum(&mut self, b: &Block, series: Derived, n: usize) -> &[f64] {
    let x = match series {
      Derived::Close4 => b.close,
      Derived::Volume4 => b.volume,
      other => unreachable!("window sums are shared for the close and the volume, not {other:?}"),
    };
    let i = match self.sums.iter().position(|s| s.series == series && s.n == n) {
      Some(i) => i,
      None => {
        self.sums.push(SharedSum { series, n, sum: WindowSum::new(n), out: Vec::new(), fresh: false });
        self.sums.len() - 1
      }
    };
    if !self.sums[i].fresh {
      self.ensure(b, series);
      let x4 = self.derived[series as usize].as_deref().expect("ensured above");
      let s = &mut self.sums[i];
      s.out.resize(b.len, 0.0);
      s.sum.run_with(b, x, x4, &mut s.out);
      s.fresh = true;
    }
    &self.sums[i].out
  }

  fn buffer(&mut self) -> Vec<f64> {
    self.spare.pop().unwrap_or_default()
  }

  /// Compute `d` (and what it is derived from) for this block unless already done.
  #[inline(always)]
  pub fn ensure(&mut self, b: &Block, d: Derived) {
    let chain: &[Derived] = match d {
      Derived::Returns => &[Derived::Recip, Derived::Returns],
      Derived::Squares => &[Derived::Recip, Derived::Returns, Derived::Squares],
      Derived::Returns4 => &[Derived::Recip, Derived::Returns, Derived::Returns4],
      Derived::Squares4 => &[Derived::Recip, Derived::Returns, Derived::Squares, Derived::Squares4],
      _ => std::slice::from_ref(&d),
    };
    for &d in chain {
      if self.derived[d as usize].is_none() {
        let out = self.derive(b, d);
        self.derived[d as usize] = Some(out);
      }
    }
  }

  /// `d` from the block and the series it is derived from (already computed).
  #[inline(always)]
  fn derive(&mut self, b: &Block, d: Derived) -> Vec<f64> {
    let mut out = self.buffer();
    match d {
      Derived::Recip => fill(&mut out, b.positions(), [b.close], |[x]| 1.0 / x),
      Derived::Returns => {
        let (c, inv) = (b.close, self.get(Derived::Recip));
        let from = b.positions_before(1).max(1);
        out.resize(b.positions(), 0.0);
        out[..from].fill(0.0);
        for ((r, &x), &prev) in out[from..].iter_mut().zip(&c[from..]).zip(&inv[from - 1..]) {
          *r = simple_return(x, prev);
        }
      }
      Derived::Squares => {
        let r = self.get(Derived::Returns);
        fill(&mut out, r.len(), [r], |[x]| x * x);
      }
      Derived::Close4 => four_sums(b.close, &mut out),
      Derived::Volume4 => four_sums(b.volume, &mut out),
      Derived::Returns4 => four_sums(self.get(Derived::Returns), &mut out),
      Derived::Squares4 => four_sums(self.get(Derived::Squares), &mut out),
    }
    out
  }

  /// A series `ensure`d for this block.
  #[inline(always)]
  pub fn get(&self, d: Derived) -> &[f64] {
    self.derived[d as usize].as_deref().expect("derived series used before ensure")
  }

  /// The 1-bar returns.
  #[inline(always)]
  pub fn returns(&mut self, b: &Block) -> &[f64] {
    self.ensure(b, Derived::Returns);
    self.get(Derived::Returns)
  }

  /// Highest high and lowest low of the `n` positions ending at each ext position `p ≥ n − 1`
  /// (0 below). Stochastic, Williams %R and the other range features with the same window share it.
  #[inline(always)]
  pub fn range(&mut self, b: &Block, n: usize) -> (&[f64], &[f64]) {
    let i = self.range_index(b, n);
    let r = &self.ranges[i];
    (&r.high, &r.low)
  }

  /// Where the close sits in the `n`-position range at each ext position (0 = at the lowest
  /// low, 1 = at the highest high, 0.5 when flat or before the range is full). Stochastic %K and
  /// Williams %R over the same window are both this position scaled, so the division is shared.
  #[inline(always)]
  pub fn range_position(&mut self, b: &Block, n: usize) -> &[f64] {
    let i = self.range_index(b, n);
    if self.ranges[i].pos.is_none() {
      let mut pos = self.buffer();
      let r = &self.ranges[i];
      fill(&mut pos, b.positions(), [b.close, &r.high, &r.low], |[c, hh, ll]| position(c, hh, ll, 0.5));
      self.ranges[i].pos = Some(pos);
    }
    self.ranges[i].pos.as_deref().expect("position computed above")
  }

  #[inline(always)]
  fn range_index(&mut self, b: &Block, n: usize) -> usize {
    match self.ranges.iter().position(|r| r.n == n) {
      Some(i) => i,
      None => {
        let (mut high, mut low) = (self.buffer(), self.buffer());
        super::doubling::rolling_extreme::<true>(b.high, n, &mut self.tiles, &mut high);
        super::doubling::rolling_extreme::<false>(b.low, n, &mut self.tiles, &mut low);
        self.ranges.push(Range { n, high, low, pos: None });
        self.ranges.len() - 1
      }
    }
  }
}

/// Test support: `xs` cut into blocks at `cuts` (zeros before the series as history), each fed
/// to `f(block, history and block rows, block output)`; the outputs joined.
#[cfg(test)]
pub fn run_cut(xs: &[f64], h: usize, cuts: &[usize], mut f: impl FnMut(&Block, &[f64], &mut [f64])) -> Vec<f64> {
  let mut got = Vec::new();
  let mut hist = vec![0.0; h];
  for w in cuts.windows(2) {
    let mut ext = hist.clone();
    ext.extend_from_slice(&xs[w[0]..w[1]]);
    let len = w[1] - w[0];
    let b = Block { h, len, g0: w[0] as u64, time: &[], open: &[], close: &ext, high: &ext, low: &ext, volume: &ext };
    let mut out = vec![0.0; len];
    f(&b, &ext, &mut out);
    got.extend(out);
    hist = ext[len..].to_vec();
  }
  got
}
