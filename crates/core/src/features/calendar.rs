//! Calendar features of the bar's UTC time, and the bar's index in its asset's series.

use super::block::{Block, Shared};
use super::kernel::{store, Kernel};
use std::f64::consts::TAU;

/// Column suffixes of `Calendar`, in output order.
pub const CALENDAR_COLUMNS: [&str; 13] = [
  "day_of_week",
  "day_of_month",
  "month",
  "quarter",
  "is_weekend",
  "is_month_end",
  "hour",
  "day_of_week_sin",
  "day_of_week_cos",
  "month_sin",
  "month_cos",
  "hour_sin",
  "hour_cos",
];

/// Civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01 (Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
  let z = z + 719_468;
  let era = z.div_euclid(146_097);
  let doe = z.rem_euclid(146_097);
  let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
  let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
  let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
  (y, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
  match m {
    4 | 6 | 9 | 11 => 30,
    2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
    2 => 28,
    _ => 31,
  }
}

/// Day of week (0 = Monday, as pandas), day of month, month, quarter, weekend and month-end
/// flags, hour, and sin/cos encodings of day of week, month and hour. Consecutive bars mostly
/// share an hour, so the block is cut into runs of rows in one UTC hour (found by comparing
/// times with the hour's bounds, no division per row); each run's values are computed once and
/// each column filled with them.
pub struct Calendar {
  day: i64,
  cached: [f64; 13],
}

impl Default for Calendar {
  fn default() -> Self {
    Calendar { day: i64::MIN, cached: [f64::NAN; 13] }
  }
}

const HOUR_MS: i64 = 3_600_000;

impl Kernel for Calendar {
  fn width(&self) -> usize {
    CALENDAR_COLUMNS.len()
  }
  fn lookback(&self) -> usize {
    0
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    let time = b.time;
    let mut i = 0;
    while i < b.len {
      let hours = time[i].div_euclid(HOUR_MS);
      let (from, to) = (hours * HOUR_MS, (hours + 1) * HOUR_MS);
      let mut j = i + 1;
      while j < b.len && time[j] >= from && time[j] < to {
        j += 1;
      }
      let days = hours.div_euclid(24);
      if days != self.day {
        self.day = days;
        Self::day_parts(days, &mut self.cached);
      }
      let hour = hours.rem_euclid(24) as f64;
      self.cached[6] = hour;
      self.cached[11] = (TAU * hour / 24.0).sin();
      self.cached[12] = (TAU * hour / 24.0).cos();
      for (col, &v) in cols.iter_mut().zip(&self.cached) {
        col[i..j].fill(v as f32);
      }
      i = j;
    }
  }
}

impl Calendar {
  fn day_parts(days: i64, out: &mut [f64; 13]) {
    let (y, m, d) = civil_from_days(days);
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    let dow = (days + 3).rem_euclid(7) as f64;
    out[0] = dow;
    out[1] = d as f64;
    out[2] = m as f64;
    out[3] = ((m - 1) / 3 + 1) as f64;
    out[4] = if dow >= 5.0 { 1.0 } else { 0.0 };
    out[5] = if d == days_in_month(y, m) { 1.0 } else { 0.0 };
    out[7] = (TAU * dow / 7.0).sin();
    out[8] = (TAU * dow / 7.0).cos();
    out[9] = (TAU * (m as f64 - 1.0) / 12.0).sin();
    out[10] = (TAU * (m as f64 - 1.0) / 12.0).cos();
  }
}

/// Bars since the asset's first row (0 on the first row): the row's global index.
#[derive(Default)]
pub struct BarsSinceStart {
  t: Vec<f64>,
}

impl Kernel for BarsSinceStart {
  fn width(&self) -> usize {
    1
  }
  fn lookback(&self) -> usize {
    0
  }
  #[inline(always)]
  fn run(&mut self, b: &Block, _: &mut Shared, cols: &mut [&mut [f32]]) {
    self.t.clear();
    self.t.extend((0..b.len).map(|i| b.g(i) as f64));
    store(&mut *cols[0], [&self.t], |[t]| t);
  }
}
