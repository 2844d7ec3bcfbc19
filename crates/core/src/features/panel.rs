//! Panel features of a multi-asset frame, computed per time step across assets: the group's
//! average close (group = a categorical such as narrative; no group = the whole market), market
//! cap rank and percentile within the group, close relative to the group average, and rolling
//! correlation of returns with the group's largest-cap asset. Every value at time t uses only
//! rows at times ≤ t. Rows whose group is missing (`MISSING`) get NaN.

use crate::{CoreError, CoreResult};

/// Group code meaning "no group" (an empty categorical value).
pub const MISSING: u32 = u32::MAX;

/// The rows of a frame ordered by time, with each row's asset.
pub struct PanelIndex<'a> {
  time: &'a [i64],
  close: &'a [f64],
  offsets: &'a [u32],
  group: Vec<u32>,
  asset: Vec<u32>,
  /// Row indices sorted by (time, row).
  order: Vec<u32>,
  groups: usize,
}

impl<'a> PanelIndex<'a> {
  pub fn new(time: &'a [i64], close: &'a [f64], offsets: &'a [u32], group: Option<&[u32]>) -> CoreResult<Self> {
    let n = close.len();
    if time.len() != n || group.is_some_and(|g| g.len() != n) || offsets.last().map(|&o| o as usize) != Some(n) {
      return Err(CoreError::new("ERR_FEATURE_INPUT", "panel columns and offsets disagree on the row count"));
    }
    let group: Vec<u32> = group.map(|g| g.to_vec()).unwrap_or_else(|| vec![0; n]);
    if n > 0 && group.iter().all(|&g| g == MISSING) {
      return Err(CoreError::new(
        "ERR_FEATURE_EMPTY_GROUP",
        "every row's group value is empty; pick a group column with values or drop the panel feature",
      ));
    }
    let groups = group.iter().filter(|&&g| g != MISSING).max().map_or(0, |&g| g as usize + 1);
    let mut asset = vec![0u32; n];
    for (a, w) in offsets.windows(2).enumerate() {
      asset[w[0] as usize..w[1] as usize].fill(a as u32);
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&r| (time[r as usize], r));
    Ok(PanelIndex { time, close, offsets, group, asset, order, groups })
  }

  /// Calls `f(rows)` for each time step with the rows at that time.
  fn steps(&self, mut f: impl FnMut(&[u32])) {
    let mut i = 0;
    while i < self.order.len() {
      let t = self.time[self.order[i] as usize];
      let mut j = i + 1;
      while j < self.order.len() && self.time[self.order[j] as usize] == t {
        j += 1;
      }
      f(&self.order[i..j]);
      i = j;
    }
  }

  fn check_out(&self, out: &[f32], cols: usize) -> CoreResult<()> {
    if out.len() != cols * self.close.len() {
      return Err(CoreError::new("ERR_FEATURE_OUTPUT_SIZE", format!("panel output must hold {} values", cols * self.close.len())));
    }
    Ok(())
  }

  /// Group average close at each row's time (`relative = false`) or close / that average.
  pub fn group_average(&self, relative: bool, out: &mut [f32]) -> CoreResult<()> {
    self.check_out(out, 1)?;
    let mut sum = vec![0f64; self.groups];
    let mut cnt = vec![0u32; self.groups];
    self.steps(|rows| {
      sum.fill(0.0);
      cnt.fill(0);
      for &r in rows {
        let g = self.group[r as usize];
        let c = self.close[r as usize];
        if g != MISSING && c.is_finite() {
          sum[g as usize] += c;
          cnt[g as usize] += 1;
        }
      }
      for &r in rows {
        let r = r as usize;
        let g = self.group[r];
        out[r] = if g == MISSING || cnt[g as usize] == 0 {
          f32::NAN
        } else {
          let avg = sum[g as usize] / cnt[g as usize] as f64;
          (if relative { self.close[r] / avg } else { avg }) as f32
        };
      }
    });
    Ok(())
  }

  /// Rank of market cap within the group at each time (1 = largest; ties share the best rank)
  /// into `out[0..n]`, and its percentile (share of the group's caps ≤ this one) into `out[n..2n]`.
  pub fn cap_rank(&self, cap: &[f64], out: &mut [f32]) -> CoreResult<()> {
    self.check_cap(cap)?;
    self.check_out(out, 2)?;
    let n = self.close.len();
    let (rank, pct) = out.split_at_mut(n);
    let mut members: Vec<(u32, f64)> = Vec::new();
    self.steps(|rows| {
      for &r in rows {
        let r = r as usize;
        let g = self.group[r];
        let c = cap[r];
        if g == MISSING || !c.is_finite() {
          rank[r] = f32::NAN;
          pct[r] = f32::NAN;
          continue;
        }
        members.clear();
        members.extend(rows.iter().map(|&q| (self.group[q as usize], cap[q as usize])).filter(|&(h, v)| h == g && v.is_finite()));
        let above = members.iter().filter(|m| m.1 > c).count();
        let at_or_below = members.iter().filter(|m| m.1 <= c).count();
        rank[r] = (above + 1) as f32;
        pct[r] = (at_or_below as f64 / members.len() as f64) as f32;
      }
    });
    Ok(())
  }

  fn check_cap(&self, cap: &[f64]) -> CoreResult<()> {
    if cap.len() != self.close.len() {
      return Err(CoreError::new("ERR_FEATURE_INPUT", "market cap column length differs from the frame's"));
    }
    if !cap.iter().any(|v| v.is_finite()) {
      return Err(CoreError::new("ERR_FEATURE_ALL_NAN", "the market cap column has no finite value; panel cap features need one").in_column("market_cap"));
    }
    Ok(())
  }

  fn one_bar_return(&self, r: usize) -> f64 {
    let a = self.asset[r] as usize;
    if r == self.offsets[a] as usize {
      f64::NAN
    } else {
      self.close[r] / self.close[r - 1] - 1.0
    }
  }

  /// Row of asset `a` at time `t`, if it has one.
  fn row_at(&self, a: usize, t: i64) -> Option<usize> {
    let (s, e) = (self.offsets[a] as usize, self.offsets[a + 1] as usize);
    self.time[s..e].binary_search(&t).ok().map(|i| s + i)
  }

  /// Pearson correlation of each asset's 1-bar returns over its last `period` rows with the
  /// returns, at the same times, of the group's largest-cap asset at the row's time. NaN until
  /// `period` paired returns exist.
  pub fn leader_correlation(&self, cap: &[f64], period: usize, out: &mut [f32]) -> CoreResult<()> {
    self.check_cap(cap)?;
    self.check_out(out, 1)?;
    if period < 2 {
      return Err(CoreError::new("ERR_FEATURE_PARAM_RANGE", format!("groupLeaderCorrelation.period must be at least 2, got {period}")));
    }
    let mut leader = vec![u32::MAX; self.groups];
    let mut best = vec![f64::NEG_INFINITY; self.groups];
    let (mut xs, mut ys) = (Vec::with_capacity(period), Vec::with_capacity(period));
    self.steps(|rows| {
      leader.fill(u32::MAX);
      best.fill(f64::NEG_INFINITY);
      for &r in rows {
        let g = self.group[r as usize];
        let c = cap[r as usize];
        if g != MISSING && c.is_finite() && c > best[g as usize] {
          best[g as usize] = c;
          leader[g as usize] = self.asset[r as usize];
        }
      }
      for &r in rows {
        let r = r as usize;
        let g = self.group[r];
        out[r] = f32::NAN;
        if g == MISSING || leader[g as usize] == u32::MAX {
          continue;
        }
        let la = leader[g as usize] as usize;
        let start = self.offsets[self.asset[r] as usize] as usize;
        if r + 1 < start + period {
          continue;
        }
        xs.clear();
        ys.clear();
        for j in r + 1 - period..=r {
          let x = self.one_bar_return(j);
          let y = self.row_at(la, self.time[j]).map_or(f64::NAN, |lj| self.one_bar_return(lj));
          if x.is_finite() && y.is_finite() {
            xs.push(x);
            ys.push(y);
          }
        }
        if xs.len() == period {
          out[r] = pearson(&xs, &ys) as f32;
        }
      }
    });
    Ok(())
  }
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
  let n = x.len() as f64;
  let mx = x.iter().sum::<f64>() / n;
  let my = y.iter().sum::<f64>() / n;
  let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
  for (a, b) in x.iter().zip(y) {
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) * (a - mx);
    syy += (b - my) * (b - my);
  }
  if sxx == 0.0 || syy == 0.0 {
    f64::NAN
  } else {
    sxy / (sxx * syy).sqrt()
  }
}

/// 1.0 where the row's categorical code equals `code`, else 0.0.
pub fn one_hot(codes: &[u32], code: u32, out: &mut [f32]) -> CoreResult<()> {
  if out.len() != codes.len() {
    return Err(CoreError::new("ERR_FEATURE_OUTPUT_SIZE", "one-hot output must have one value per row"));
  }
  for (o, &c) in out.iter_mut().zip(codes) {
    *o = if c == code { 1.0 } else { 0.0 };
  }
  Ok(())
}
