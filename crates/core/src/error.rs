//! One error type for the whole core. Every failure carries a stable code (mirrored by the
//! TypeScript `CryptotuneError` subclasses) plus the row and column where data was bad, so
//! the binding can rethrow it without parsing prose.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct CoreError {
  /// Stable machine-readable code such as `ERR_DATA_COLUMN_MISSING`.
  pub code: &'static str,
  /// What went wrong and what the caller can do about it.
  pub message: String,
  /// 1-based line number in the source (header = line 1) when the error is tied to a row.
  pub row: Option<u64>,
  /// Column name when the error is tied to a column.
  pub column: Option<String>,
}

impl CoreError {
  pub fn new(code: &'static str, message: impl Into<String>) -> Self {
    Self { code, message: message.into(), row: None, column: None }
  }

  pub fn at_row(mut self, row: u64) -> Self {
    self.row = Some(row);
    self
  }

  pub fn in_column(mut self, column: impl Into<String>) -> Self {
    self.column = Some(column.into());
    self
  }
}

impl fmt::Display for CoreError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}: {}", self.code, self.message)?;
    if let Some(row) = self.row {
      write!(f, " (line {row}")?;
      if let Some(col) = &self.column {
        write!(f, ", column '{col}'")?;
      }
      write!(f, ")")?;
    } else if let Some(col) = &self.column {
      write!(f, " (column '{col}')")?;
    }
    Ok(())
  }
}

impl std::error::Error for CoreError {}

pub type CoreResult<T> = Result<T, CoreError>;
