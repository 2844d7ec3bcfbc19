//! A borrowed f32 feature matrix in the layout the feature engine writes: column-major,
//! `data[c * rows + r]`.

use crate::error::{CoreError, CoreResult};

#[derive(Clone, Copy)]
pub struct ColumnMajor<'a> {
  pub data: &'a [f32],
  pub rows: usize,
  pub cols: usize,
}

impl<'a> ColumnMajor<'a> {
  pub fn new(data: &'a [f32], rows: usize) -> CoreResult<Self> {
    if rows == 0 || !data.len().is_multiple_of(rows) {
      return Err(CoreError::new(
        "ERR_MODEL_MATRIX_SHAPE",
        format!("a column-major matrix of {rows} rows cannot hold {} values; data.length must be rows × columns", data.len()),
      ));
    }
    Ok(Self { data, rows, cols: data.len() / rows })
  }

  #[inline(always)]
  pub fn column(&self, c: usize) -> &'a [f32] {
    &self.data[c * self.rows..(c + 1) * self.rows]
  }
}
