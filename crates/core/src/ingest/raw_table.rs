//! Columns as parsed, in file order, before grouping, sorting and checks.

use std::collections::HashMap;

use super::line_map::LineMap;
use crate::ohlcv_columns::OhlcvColumns;

/// Interns strings into u32 codes in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
  pub values: Vec<String>,
  index: HashMap<String, u32>,
}

impl Dictionary {
  pub fn code(&mut self, s: &str) -> u32 {
    if let Some(&c) = self.index.get(s) {
      return c;
    }
    let c = self.values.len() as u32;
    self.values.push(s.to_string());
    self.index.insert(s.to_string(), c);
    c
  }

  pub fn from_values(values: Vec<String>) -> Self {
    let mut d = Dictionary::default();
    for v in values {
      d.code(&v);
    }
    d
  }
}

#[derive(Debug, Clone)]
pub enum ExtraData {
  Numeric(Vec<f64>),
  Categorical(Vec<u32>, Dictionary),
}

impl ExtraData {
  pub fn len(&self) -> usize {
    match self {
      ExtraData::Numeric(v) => v.len(),
      ExtraData::Categorical(v, _) => v.len(),
    }
  }

  pub fn is_empty(&self) -> bool {
    self.len() == 0
  }
}

#[derive(Debug, Clone)]
pub struct ExtraColumn {
  pub name: String,
  pub data: ExtraData,
}

/// One source's rows in file order.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
  pub label: String,
  pub bars: OhlcvColumns,
  pub assets: Dictionary,
  pub extras: Vec<ExtraColumn>,
  /// Source line of each row (header = line 1), for errors raised after sorting.
  pub line: LineMap,
  /// Counters of what the per-row policies did while parsing.
  pub dropped: HashMap<&'static str, u64>,
  pub fixed: HashMap<&'static str, u64>,
  pub rows_read: u64,
  /// Epoch unit of the time column ("ms", "s", …) or "iso".
  pub time_unit: &'static str,
  /// `ordered_concat::in_order_and_clean`, when already worked out on the parsing thread.
  pub in_frame_order: Option<bool>,
}

impl RawTable {
  pub fn len(&self) -> usize {
    self.bars.len()
  }

  pub fn is_empty(&self) -> bool {
    self.bars.is_empty()
  }
}
