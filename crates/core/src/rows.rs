//! A row-index subset over arrays that stay where they are. A fold is a sorted list of row
//! indices into the full frame; metrics and models read through it instead of copying rows.

use crate::error::{CoreError, CoreResult};

/// Either every row `0..n` or the listed rows of an array of length `n`, checked once.
#[derive(Clone, Copy, Debug)]
pub enum Rows<'a> {
  All(usize),
  Subset(&'a [u32]),
}

impl<'a> Rows<'a> {
  /// Check that every listed row is below `n`; `code` names the caller's error family
  /// (`ERR_METRIC_ROW_OUT_OF_RANGE`, `ERR_MODEL_ROW_OUT_OF_RANGE`, …).
  pub fn checked(n: usize, subset: Option<&'a [u32]>, code: &'static str) -> CoreResult<Self> {
    match subset {
      None => Ok(Rows::All(n)),
      Some(s) => {
        if let Some((at, &r)) = s.iter().enumerate().find(|(_, &r)| r as usize >= n) {
          return Err(CoreError::new(
            code,
            format!("rows[{at}] = {r} is outside the data ({n} rows); pass row indices in 0..{n}"),
          ));
        }
        Ok(Rows::Subset(s))
      }
    }
  }

  pub fn len(&self) -> usize {
    match self {
      Rows::All(n) => *n,
      Rows::Subset(s) => s.len(),
    }
  }

  pub fn is_empty(&self) -> bool {
    self.len() == 0
  }

  /// The k-th row index of the subset.
  #[inline(always)]
  pub fn get(&self, k: usize) -> usize {
    match self {
      Rows::All(_) => k,
      Rows::Subset(s) => s[k] as usize,
    }
  }

  pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
    (0..self.len()).map(move |k| self.get(k))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn subset_rows_outside_the_data_are_refused_with_the_callers_code() {
    let e = Rows::checked(3, Some(&[0, 3]), "ERR_METRIC_ROW_OUT_OF_RANGE").unwrap_err();
    assert_eq!(e.code, "ERR_METRIC_ROW_OUT_OF_RANGE");
    assert!(e.message.contains("rows[1] = 3"));
    let r = Rows::checked(3, Some(&[2, 0]), "X").unwrap();
    assert_eq!(r.iter().collect::<Vec<_>>(), vec![2, 0]);
    assert_eq!(Rows::checked(2, None, "X").unwrap().iter().collect::<Vec<_>>(), vec![0, 1]);
  }
}
