//! Per-asset time coverage: range, bar interval and gaps. Gaps are facts about the market
//! (exchange outages), not errors, so they are reported here rather than refused at ingest.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetSummary {
  pub rows: u64,
  pub start: i64,
  pub end: i64,
  /// Most common spacing between consecutive bars, in ms (0 for a single row).
  pub interval_ms: i64,
  /// Spacings larger than the interval.
  pub gaps: u64,
  /// Bars that would fill every gap at the asset's interval.
  pub missing_bars: u64,
  /// Largest spacing seen, in ms.
  pub largest_gap_ms: i64,
}

fn modal_interval(t: &[i64]) -> i64 {
  if t.len() < 2 {
    return 0;
  }
  // Sorting a copy of the diffs is O(n log n) but allocation-light compared to a HashMap, and it
  // runs once per asset.
  let mut d: Vec<i64> = t.windows(2).map(|w| w[1] - w[0]).filter(|&x| x > 0).collect();
  if d.is_empty() {
    return 0;
  }
  d.sort_unstable();
  let (mut best, mut best_n, mut cur, mut cur_n) = (d[0], 0usize, d[0], 0usize);
  for &x in &d {
    if x == cur {
      cur_n += 1;
    } else {
      cur = x;
      cur_n = 1;
    }
    if cur_n > best_n {
      best = cur;
      best_n = cur_n;
    }
  }
  best
}

/// Summaries per asset group, given sorted times and group offsets.
pub fn summarise(time: &[i64], offsets: &[u32]) -> Vec<AssetSummary> {
  offsets
    .windows(2)
    .map(|w| {
      let t = &time[w[0] as usize..w[1] as usize];
      if t.is_empty() {
        return AssetSummary::default();
      }
      let interval = modal_interval(t);
      let (mut gaps, mut missing, mut largest) = (0u64, 0u64, 0i64);
      if interval > 0 {
        for p in t.windows(2) {
          let d = p[1] - p[0];
          largest = largest.max(d);
          if d > interval {
            gaps += 1;
            missing += (d / interval - 1) as u64;
          }
        }
      }
      AssetSummary {
        rows: t.len() as u64,
        start: t[0],
        end: t[t.len() - 1],
        interval_ms: interval,
        gaps,
        missing_bars: missing,
        largest_gap_ms: largest,
      }
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn gaps_count_missing_bars_at_the_modal_interval() {
    let t = [0, 60, 120, 300, 360, 600];
    let s = summarise(&t, &[0, 6]);
    assert_eq!(s[0].interval_ms, 60);
    assert_eq!(s[0].gaps, 2);
    assert_eq!(s[0].missing_bars, 2 + 3);
    assert_eq!(s[0].largest_gap_ms, 240);
  }
}
