//! What the caller can tell the parser: format, column names, and one policy per data check.

/// What to do when a check fails on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
  /// Stop with a coded error naming the row and column.
  Error,
  /// Drop the offending row and count it in the report.
  Drop,
  /// Repair the row (what "repair" means is documented per check) and count it.
  Fix,
}

impl Policy {
  pub fn parse(name: &str) -> Option<Self> {
    match name {
      "error" => Some(Policy::Error),
      "drop" => Some(Policy::Drop),
      "fix" => Some(Policy::Fix),
      _ => None,
    }
  }
}

/// One policy per check. Defaults keep real exchange dumps loading while refusing silent damage:
/// anything that changes a price is an error unless the caller opts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policies {
  /// A numeric cell that does not parse. fix = treat as missing (NaN, then `non_finite` applies).
  pub bad_number: Policy,
  /// NaN or ±Inf in a price or volume. fix = carry the asset's previous value forward (volume: 0).
  pub non_finite: Policy,
  /// Price ≤ 0. fix = carry the asset's previous close forward.
  pub non_positive_price: Policy,
  /// high < max(open, close) or low > min(open, close). fix = widen high/low to cover open/close.
  pub ohlc_inconsistent: Policy,
  /// Two rows with the same (asset, time). drop = keep the first, fix = keep the last.
  pub duplicate: Policy,
  /// Time going backwards within an asset. fix = sort, drop = drop rows older than the asset's last.
  pub unsorted: Policy,
  /// Epoch timestamps in different units (s / ms / µs / ns) in one source. fix = convert each to ms.
  pub mixed_time_units: Policy,
  /// A row with more fields than the header. drop = skip the row, fix = ignore the extra fields.
  pub extra_fields: Policy,
}

impl Default for Policies {
  fn default() -> Self {
    Policies {
      bad_number: Policy::Error,
      non_finite: Policy::Error,
      non_positive_price: Policy::Error,
      ohlc_inconsistent: Policy::Error,
      duplicate: Policy::Drop,
      unsorted: Policy::Fix,
      mixed_time_units: Policy::Error,
      extra_fields: Policy::Error,
    }
  }
}

/// The source layout. `Auto` inspects the header (or its absence) to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
  Auto,
  /// Binance kline dump: no header or Binance header, open time in ms or µs, 12 (or 7) columns.
  Binance,
  /// Generic OHLCV with an ISO-8601 or epoch time column.
  Ohlcv,
  /// Multi-asset panel: asset column, date, close, optional OHLV and metadata columns.
  Panel,
  /// A time column and a close (or price) column only.
  CloseOnly,
}

impl Format {
  pub fn parse(name: &str) -> Option<Self> {
    match name {
      "auto" => Some(Format::Auto),
      "binance" => Some(Format::Binance),
      "ohlcv" => Some(Format::Ohlcv),
      "panel" => Some(Format::Panel),
      "close" | "close-only" => Some(Format::CloseOnly),
      _ => None,
    }
  }
}

/// Explicit column names; each one overrides the alias search for its role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnOverrides {
  pub time: Option<String>,
  pub open: Option<String>,
  pub high: Option<String>,
  pub low: Option<String>,
  pub close: Option<String>,
  pub volume: Option<String>,
  pub asset: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IngestOptions {
  pub format: Format,
  pub columns: ColumnOverrides,
  /// `None` = detect: a first row whose time cell is not a number is a header.
  pub has_header: Option<bool>,
  pub delimiter: u8,
  pub policies: Policies,
  /// Lines longer than this are refused (protects against a binary or a missing newline).
  pub max_line_bytes: usize,
  /// Asset name given to single-asset sources (defaults to the file stem).
  pub asset_name: Option<String>,
  /// Stop after this many data rows (used by streaming and previews); `None` = all.
  pub max_rows: Option<usize>,
}

impl Default for IngestOptions {
  fn default() -> Self {
    IngestOptions {
      format: Format::Auto,
      columns: ColumnOverrides::default(),
      has_header: None,
      delimiter: b',',
      policies: Policies::default(),
      max_line_bytes: 1 << 20,
      asset_name: None,
      max_rows: None,
    }
  }
}
