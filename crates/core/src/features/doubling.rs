//! Rolling maximum or minimum of a whole block by doubling: the extreme over 2w positions is the
//! extreme of two overlapping extremes over w, so a window of n takes ⌈log2 n⌉ elementwise passes
//! the compiler vectorises, with no data-dependent branches. Max and min are exact, so the result
//! is the same however the rows were split into blocks.

#[inline(always)]
fn pick<const MAX: bool>(a: f64, b: f64) -> f64 {
  if MAX {
    a.max(b)
  } else {
    a.min(b)
  }
}

/// The two tile buffers the doubling passes alternate between.
#[derive(Default)]
pub struct Tiles {
  a: Vec<f64>,
  b: Vec<f64>,
}

/// Output positions per tile. The ⌈log2 n⌉ passes run over one tile (and the n − 1 positions in
/// front of it) at a time, so they read and write two L1-resident buffers instead of block-long
/// arrays in L2: the block's series is read once and the extremes written once.
const TILE: usize = 512;

/// `out[p]` = extreme of `x[p + 1 − n ..= p]` for `p ≥ n − 1`; `out[p] = 0` below.
///
/// A tile's output at `p` depends only on positions `p + 1 − n ..= p`, which the tile holds, and
/// each pass pairs the same positions as a pass over the whole series would, so the result is
/// the same bits as one untiled run (and exact whatever the block boundaries).
#[inline(always)]
pub fn rolling_extreme<const MAX: bool>(x: &[f64], n: usize, tiles: &mut Tiles, out: &mut Vec<f64>) {
  let len = x.len();
  let n = n.max(1);
  out.clear();
  if n == 1 {
    out.extend_from_slice(x);
  } else {
    let back = n - 1;
    // A long window gets longer tiles, so its repeated front stays a small share.
    let tile = TILE.max(8 * back);
    let mut p0 = 0;
    while p0 < len {
      let p1 = (p0 + tile).min(len);
      let lo = p0.saturating_sub(back);
      let ext = doubled::<MAX>(&x[lo..p1], n, tiles);
      out.extend_from_slice(&ext[p0 - lo..]);
      p0 = p1;
    }
  }
  out[..(n - 1).min(len)].fill(0.0);
}

/// The doubling passes over all of `x` (n ≥ 2): the extremes, valid from position n − 1 on.
#[inline(always)]
fn doubled<'t, const MAX: bool>(x: &[f64], n: usize, tiles: &'t mut Tiles) -> &'t [f64] {
  // `src` holds the extreme over `w` positions ending at each p (valid for p ≥ w − 1). The
  // first pass reads `x` itself, so the input is never copied.
  let (mut src, mut dst) = (&mut tiles.a, &mut tiles.b);
  step::<MAX>(x, src, 1);
  let mut w = 2;
  while 2 * w <= n {
    step::<MAX>(src, dst, w);
    std::mem::swap(&mut src, &mut dst);
    w *= 2;
  }
  if w < n {
    step::<MAX>(src, dst, n - w);
    std::mem::swap(&mut src, &mut dst);
  }
  src
}

/// `dst[p] = pick(src[p], src[p − k])` for p ≥ k; `dst[p] = src[p]` below.
#[inline(always)]
fn step<const MAX: bool>(src: &[f64], dst: &mut Vec<f64>, k: usize) {
  let len = src.len();
  let k = k.min(len);
  dst.clear();
  dst.extend_from_slice(&src[..k]);
  dst.extend(src[k..].iter().zip(&src[..len - k]).map(|(&a, &b)| pick::<MAX>(a, b)));
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn tiled_doubling_matches_a_naive_window_for_every_length() {
    // Longer than several tiles, so windows straddle tile edges (short windows) and long
    // windows get the longer tiles.
    let xs: Vec<f64> = (0..3000).map(|i| ((i * 7919) % 101) as f64 - 50.0).collect();
    let (mut tmp, mut hi, mut lo) = (Tiles::default(), vec![], vec![]);
    for n in [1usize, 2, 3, 5, 8, 14, 63, 64, 65, 200, 700] {
      rolling_extreme::<true>(&xs, n, &mut tmp, &mut hi);
      rolling_extreme::<false>(&xs, n, &mut tmp, &mut lo);
      for p in n - 1..xs.len() {
        let w = &xs[p + 1 - n..=p];
        assert_eq!(hi[p], w.iter().cloned().fold(f64::MIN, f64::max), "n={n} p={p}");
        assert_eq!(lo[p], w.iter().cloned().fold(f64::MAX, f64::min), "n={n} p={p}");
      }
    }
  }
}
