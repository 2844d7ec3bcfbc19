//! Frames from columns already in memory (Arrow tables, JS arrays, concatenated frames). They go
//! through the same `finish` as parsed files, so every check and policy applies; "line" in errors is
//! the 1-based row index plus one, as if a header preceded the rows.

use super::frame::{finish, ParsedFrame};
use super::line_map::LineMap;
use super::options::Policies;
use super::raw_table::{Dictionary, ExtraColumn, ExtraData, RawTable};
use crate::error::{CoreError, CoreResult};

pub struct ColumnsInput {
  pub time: Vec<i64>,
  pub open: Option<Vec<f64>>,
  pub high: Option<Vec<f64>>,
  pub low: Option<Vec<f64>>,
  pub close: Vec<f64>,
  pub volume: Option<Vec<f64>>,
  /// Asset code per row and the names the codes index (`None` = one asset named `asset_names[0]`).
  pub asset: Option<Vec<u32>>,
  pub asset_names: Vec<String>,
  pub extras: Vec<ExtraColumn>,
}

fn check_len(name: &str, len: usize, n: usize) -> CoreResult<()> {
  if len != n {
    return Err(
      CoreError::new("ERR_DATA_LENGTH_MISMATCH", format!("column '{name}' has {len} values but 'close' has {n}; give every column one value per row"))
        .in_column(name.to_string()),
    );
  }
  Ok(())
}

pub fn from_columns(input: ColumnsInput, policies: &Policies) -> CoreResult<ParsedFrame> {
  let n = input.close.len();
  if n == 0 {
    return Err(CoreError::new("ERR_DATA_NO_ROWS", "the columns hold no rows"));
  }
  check_len("time", input.time.len(), n)?;
  for (name, c) in [("open", &input.open), ("high", &input.high), ("low", &input.low), ("volume", &input.volume)] {
    if let Some(c) = c {
      check_len(name, c.len(), n)?;
    }
  }
  if [&input.open, &input.high, &input.low].iter().any(|c| c.is_some()) && ![&input.open, &input.high, &input.low].iter().all(|c| c.is_some()) {
    return Err(CoreError::new("ERR_DATA_COLUMN_MISSING", "give open, high and low together, or none of them"));
  }
  for e in &input.extras {
    check_len(&e.name, e.data.len(), n)?;
    if let ExtraData::Categorical(codes, d) = &e.data {
      if let Some(r) = codes.iter().position(|&c| c as usize >= d.values.len()) {
        return Err(CoreError::new("ERR_DATA_CODE_RANGE", format!("code {} is outside the dictionary of {} values", codes[r], d.values.len())).at_row(r as u64 + 2).in_column(e.name.clone()));
      }
    }
  }
  let names = if input.asset_names.is_empty() { vec!["ASSET".to_string()] } else { input.asset_names };
  let asset = match input.asset {
    Some(a) => {
      check_len("asset", a.len(), n)?;
      if let Some(r) = a.iter().position(|&c| c as usize >= names.len()) {
        return Err(CoreError::new("ERR_DATA_CODE_RANGE", format!("asset code {} has no name ({} names given)", a[r], names.len())).at_row(r as u64 + 2).in_column("asset"));
      }
      a
    }
    None => vec![0; n],
  };
  let t = RawTable {
    label: "columns".into(),
    time: input.time,
    open: input.open,
    high: input.high,
    low: input.low,
    close: input.close,
    volume: input.volume,
    asset,
    assets: Dictionary::from_values(names),
    extras: input.extras,
    line: LineMap::consecutive(2),
    rows_read: n as u64,
    time_unit: "ms",
    ..Default::default()
  };
  finish(vec![t], policies)
}
