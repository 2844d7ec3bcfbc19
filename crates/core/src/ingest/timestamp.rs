//! Timestamps to epoch milliseconds: integer epochs in any unit, and ISO-8601 dates / datetimes.
//! Written by hand because it is the hot loop of panel ingest and chrono's generic parser is ~10×
//! slower on these fixed layouts.

use super::number::digit_run;

/// The unit an epoch integer was written in, decided by magnitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
  Seconds,
  Millis,
  Micros,
  Nanos,
}

impl EpochUnit {
  /// Magnitude rule: seconds until year 5138, ms until 5138, etc. (ranges do not overlap for
  /// dates after 1973, which all market data is).
  pub fn detect(v: i64) -> Self {
    let a = v.unsigned_abs();
    if a < 100_000_000_000 {
      EpochUnit::Seconds
    } else if a < 100_000_000_000_000 {
      EpochUnit::Millis
    } else if a < 100_000_000_000_000_000 {
      EpochUnit::Micros
    } else {
      EpochUnit::Nanos
    }
  }

  pub fn to_millis(self, v: i64) -> i64 {
    match self {
      EpochUnit::Seconds => v.saturating_mul(1000),
      EpochUnit::Millis => v,
      EpochUnit::Micros => v.div_euclid(1000),
      EpochUnit::Nanos => v.div_euclid(1_000_000),
    }
  }

  pub fn name(self) -> &'static str {
    match self {
      EpochUnit::Seconds => "s",
      EpochUnit::Millis => "ms",
      EpochUnit::Micros => "us",
      EpochUnit::Nanos => "ns",
    }
  }
}

/// A parsed time cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeValue {
  Epoch(i64, EpochUnit),
  Iso(i64),
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
  let y = if m <= 2 { y - 1 } else { y };
  let era = if y >= 0 { y } else { y - 399 } / 400;
  let yoe = y - era * 400;
  let mp = (m as i64 + 9) % 12;
  let doy = (153 * mp + 2) / 5 + d as i64 - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  era * 146_097 + doe - 719_468
}

fn digits(b: &[u8]) -> Option<u32> {
  let mut v: u32 = 0;
  for &c in b {
    if !c.is_ascii_digit() {
      return None;
    }
    v = v * 10 + (c - b'0') as u32;
  }
  Some(v)
}

fn days_in_month(y: i64, m: u32) -> u32 {
  match m {
    1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
    4 | 6 | 9 | 11 => 30,
    _ => {
      if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
        29
      } else {
        28
      }
    }
  }
}

/// `YYYY-MM-DD`, optionally followed by `T` or space, `HH:MM[:SS[.fff…]]` and `Z` or `±HH[:MM]`.
pub fn parse_iso(b: &[u8]) -> Option<i64> {
  if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
    return None;
  }
  let y = digits(&b[0..4])? as i64;
  let mo = digits(&b[5..7])?;
  let d = digits(&b[8..10])?;
  if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) {
    return None;
  }
  let mut ms = days_from_civil(y, mo, d) * 86_400_000;
  let mut rest = &b[10..];
  if rest.is_empty() {
    return Some(ms);
  }
  if rest[0] != b'T' && rest[0] != b' ' {
    return None;
  }
  rest = &rest[1..];
  if rest.len() < 5 || rest[2] != b':' {
    return None;
  }
  let h = digits(&rest[0..2])?;
  let mi = digits(&rest[3..5])?;
  if h > 23 || mi > 59 {
    return None;
  }
  ms += (h as i64 * 3600 + mi as i64 * 60) * 1000;
  rest = &rest[5..];
  if rest.len() >= 3 && rest[0] == b':' {
    let s = digits(&rest[1..3])?;
    if s > 60 {
      return None;
    }
    ms += s as i64 * 1000;
    rest = &rest[3..];
    if !rest.is_empty() && (rest[0] == b'.' || rest[0] == b',') {
      let frac_len = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
      if frac_len == 0 {
        return None;
      }
      let frac = &rest[1..1 + frac_len];
      let mut v: i64 = 0;
      for (i, &c) in frac.iter().take(3).enumerate() {
        v += (c - b'0') as i64 * [100, 10, 1][i];
      }
      ms += v;
      rest = &rest[1 + frac_len..];
    }
  }
  match rest {
    [] | [b'Z'] | [b'z'] => Some(ms),
    [sign @ (b'+' | b'-'), tz @ ..] => {
      let (oh, om) = match tz.len() {
        2 => (digits(tz)?, 0),
        4 => (digits(&tz[0..2])?, digits(&tz[2..4])?),
        5 if tz[2] == b':' => (digits(&tz[0..2])?, digits(&tz[3..5])?),
        _ => return None,
      };
      let offset = (oh as i64 * 60 + om as i64) * 60_000;
      Some(if *sign == b'+' { ms - offset } else { ms + offset })
    }
    _ => None,
  }
}

/// A time cell: integer epoch (any unit, optionally with a fractional part) or ISO-8601.
pub fn parse_time(b: &[u8]) -> Option<TimeValue> {
  // Bare digits (every exchange epoch) skip trimming and the general parser; 18 digits cannot overflow.
  if !b.is_empty() && b.len() <= 18 {
    let mut v = 0u64;
    if digit_run(b, &mut v) == b.len() {
      let v = v as i64;
      return Some(TimeValue::Epoch(v, EpochUnit::detect(v)));
    }
  }
  let b = trim(b);
  if b.is_empty() {
    return None;
  }
  if let Ok(v) = lexical_core::parse::<i64>(b) {
    return Some(TimeValue::Epoch(v, EpochUnit::detect(v)));
  }
  if let Some(ms) = parse_iso(b) {
    return Some(TimeValue::Iso(ms));
  }
  // Epochs written as floats ("1502942400000.0", "1.5029424e12").
  match lexical_core::parse::<f64>(b) {
    Ok(f) if f.is_finite() => {
      let v = f.trunc() as i64;
      Some(TimeValue::Epoch(v, EpochUnit::detect(v)))
    }
    _ => None,
  }
}

pub fn trim(mut b: &[u8]) -> &[u8] {
  while let [first, rest @ ..] = b {
    if first.is_ascii_whitespace() {
      b = rest;
    } else {
      break;
    }
  }
  while let [rest @ .., last] = b {
    if last.is_ascii_whitespace() {
      b = rest;
    } else {
      break;
    }
  }
  b
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn iso_dates_and_datetimes_match_known_epochs() {
    assert_eq!(parse_iso(b"1970-01-01"), Some(0));
    assert_eq!(parse_iso(b"2024-07-08"), Some(1_720_396_800_000));
    assert_eq!(parse_iso(b"2020-10-05 23:59:59"), Some(1_601_942_399_000));
    assert_eq!(parse_iso(b"2020-10-05T23:59:59.250Z"), Some(1_601_942_399_250));
    assert_eq!(parse_iso(b"2020-10-06T01:59:59+02:00"), Some(1_601_942_399_000));
    assert_eq!(parse_iso(b"2021-02-29"), None);
    assert_eq!(parse_iso(b"2021-13-01"), None);
    assert_eq!(parse_iso(b"2021-01-01X"), None);
  }

  #[test]
  fn epoch_units_are_detected_by_magnitude() {
    assert_eq!(parse_time(b"1502942400"), Some(TimeValue::Epoch(1502942400, EpochUnit::Seconds)));
    assert_eq!(parse_time(b"1502942400000"), Some(TimeValue::Epoch(1502942400000, EpochUnit::Millis)));
    assert_eq!(parse_time(b"1735689600000000"), Some(TimeValue::Epoch(1735689600000000, EpochUnit::Micros)));
    assert_eq!(EpochUnit::Micros.to_millis(1735689600000000), 1735689600000);
    assert_eq!(parse_time(b"2024-07-08"), Some(TimeValue::Iso(1_720_396_800_000)));
    assert_eq!(parse_time(b"1502942400000.0"), Some(TimeValue::Epoch(1502942400000, EpochUnit::Millis)));
  }
}
