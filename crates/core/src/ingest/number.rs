//! Numeric cells to f64. Exchange dumps write plain decimals ("42283.58", "35.92724"); for those
//! with at most 15 significant digits the value is an exact integer divided by an exact power of
//! ten, which IEEE division rounds correctly (Clinger's fast path). Everything else — exponents,
//! long mantissas, "NaN", "inf", junk — goes to lexical-core, so results are always correctly
//! rounded and every accepted spelling stays the same.

use super::timestamp::trim;

const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// Accumulate the run of ASCII digits at the start of `b` into `m`; returns how many there were.
#[inline(always)]
pub(crate) fn digit_run(b: &[u8], m: &mut u64) -> usize {
  let mut i = 0;
  while i < b.len() {
    let d = b[i].wrapping_sub(b'0');
    if d > 9 {
      break;
    }
    *m = *m * 10 + d as u64;
    i += 1;
  }
  i
}

/// `[-]digits[.digits]` with ≤ 15 digits in all, or `None` to take the general path.
#[inline]
fn plain_decimal(b: &[u8]) -> Option<f64> {
  let (neg, digits) = match b.first()? {
    b'-' => (true, &b[1..]),
    _ => (false, b),
  };
  // Longer cells cannot have ≤ 15 digits and a point; the bound also keeps `m` below 10^16.
  if digits.is_empty() || digits.len() > 16 {
    return None;
  }
  let mut m: u64 = 0;
  let whole = digit_run(digits, &mut m);
  let frac = if whole == digits.len() {
    0
  } else {
    // A point needs digits on both sides ("0." and ".5" take the general path).
    if whole == 0 || digits[whole] != b'.' {
      return None;
    }
    let rest = &digits[whole + 1..];
    let n = digit_run(rest, &mut m);
    if n == 0 || n != rest.len() {
      return None;
    }
    n
  };
  if whole + frac > 15 {
    return None;
  }
  // m < 10^15 fits i64, whose conversion is one instruction (u64's is not).
  let v = m as i64 as f64 / POW10[frac];
  Some(if neg { -v } else { v })
}

/// A numeric cell: empty means missing (NaN); `None` means it does not read as a number.
#[inline]
pub fn parse_f64(cell: &[u8]) -> Option<f64> {
  if let Some(v) = plain_decimal(cell) {
    return Some(v);
  }
  let cell = trim(cell);
  if cell.is_empty() {
    return Some(f64::NAN);
  }
  lexical_core::parse::<f64>(cell).ok()
}

#[cfg(test)]
mod tests {
  use super::*;

  fn reference(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
      return Some(f64::NAN);
    }
    lexical_core::parse::<f64>(t.as_bytes()).ok()
  }

  fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
      (Some(x), Some(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
      (None, None) => true,
      _ => false,
    }
  }

  #[test]
  fn plain_decimals_round_exactly_like_the_general_parser() {
    // A deterministic spread of mantissas and decimal positions, including 15- and 16-digit ones.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200_000 {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      let digits = 1 + (x % 16) as usize;
      let m = x % 10u64.pow(digits as u32);
      let mut s = format!("{m:0digits$}");
      let dot = (x >> 40) as usize % (digits + 1);
      if dot > 0 && dot < digits {
        s.insert(digits - dot, '.');
      }
      if x & 1 == 1 {
        s.insert(0, '-');
      }
      assert!(same(parse_f64(s.as_bytes()), reference(&s)), "{s}");
    }
  }

  #[test]
  fn other_spellings_take_the_general_path() {
    for s in ["", " ", " 1.5 ", "1e3", "1.5E-7", "NaN", "inf", "-0", "0.", ".5", "1.2.3", "12a", "-", "+3", "1234567890123456789.5"] {
      assert!(same(parse_f64(s.as_bytes()), reference(s)), "{s:?}");
    }
  }
}
