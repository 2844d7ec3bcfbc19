//! Labels and scores of a binary classifier read through a row subset, with every check a
//! metric needs: equal lengths, rows in range, at least one row, labels exactly 0 or 1, finite
//! scores. Errors name the first bad row so the caller can find it.

use crate::error::{CoreError, CoreResult};
use crate::rows::Rows;

pub struct BinaryInput<'a, Y, S> {
  y: &'a [Y],
  s: &'a [S],
  rows: Rows<'a>,
}

pub(crate) fn check_same_length(a: usize, b: usize, what: &str) -> CoreResult<()> {
  if a != b {
    return Err(CoreError::new(
      "ERR_METRIC_LENGTH_MISMATCH",
      format!("{what} have different lengths ({a} vs {b}); pass arrays aligned row for row"),
    ));
  }
  Ok(())
}

pub(crate) fn check_not_empty(rows: &Rows) -> CoreResult<()> {
  if rows.is_empty() {
    return Err(CoreError::new("ERR_METRIC_EMPTY", "no rows to score; pass at least one row"));
  }
  Ok(())
}

impl<'a, Y: Copy + Into<f64>, S: Copy + Into<f64>> BinaryInput<'a, Y, S> {
  pub fn new(y: &'a [Y], s: &'a [S], rows: Option<&'a [u32]>) -> CoreResult<Self> {
    check_same_length(y.len(), s.len(), "labels and scores")?;
    let rows = Rows::checked(y.len(), rows, "ERR_METRIC_ROW_OUT_OF_RANGE")?;
    check_not_empty(&rows)?;
    Ok(Self { y, s, rows })
  }

  pub(crate) fn len(&self) -> usize {
    self.rows.len()
  }

  /// Visit (label, score) of every row in subset order, stopping at the first bad value.
  pub fn for_each(&self, mut f: impl FnMut(bool, f64)) -> CoreResult<()> {
    self.for_each_raw(|label, s| f(label, s.into()))
  }

  /// As `for_each`, with the score in its own type (for order keys).
  pub fn for_each_raw(&self, mut f: impl FnMut(bool, S)) -> CoreResult<()> {
    for r in self.rows.iter() {
      let y: f64 = self.y[r].into();
      let raw = self.s[r];
      let s: f64 = raw.into();
      let label = if y == 1.0 {
        true
      } else if y == 0.0 {
        false
      } else if y.is_nan() {
        return Err(CoreError::new(
          "ERR_METRIC_NAN_LABEL",
          format!("label at row {r} is NaN; drop rows without a label (e.g. the last `horizon` rows) from `rows`"),
        ));
      } else {
        return Err(CoreError::new(
          "ERR_METRIC_LABEL_NOT_BINARY",
          format!("label at row {r} is {y}; binary metrics need labels 0 or 1"),
        ));
      };
      if !s.is_finite() {
        return Err(CoreError::new(
          "ERR_METRIC_NAN_SCORE",
          format!("score at row {r} is {s}; scores must be finite numbers"),
        ));
      }
      f(label, raw);
    }
    Ok(())
  }
}
