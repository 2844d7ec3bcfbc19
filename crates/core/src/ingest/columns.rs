//! Finding columns by name. Each role has an ordered alias list; an explicit override wins.

use super::options::{ColumnOverrides, Format};
use crate::error::{CoreError, CoreResult};

pub const TIME_ALIASES: &[&str] =
  &["timestamp", "time", "date", "datetime", "open_time", "opentime", "open time", "ts", "t"];
pub const OPEN_ALIASES: &[&str] = &["open", "o", "open_price"];
pub const HIGH_ALIASES: &[&str] = &["high", "h", "high_price"];
pub const LOW_ALIASES: &[&str] = &["low", "l", "low_price"];
pub const CLOSE_ALIASES: &[&str] = &["close", "c", "close_price", "price", "adj_close", "adj close"];
pub const VOLUME_ALIASES: &[&str] = &["volume", "vol", "v", "base_volume", "volume_base"];
pub const ASSET_ALIASES: &[&str] = &["asset", "id", "symbol", "ticker", "coin", "token", "pair"];

/// Column names of a Binance kline dump, in file order.
pub const BINANCE_COLUMNS: &[&str] = &[
  "open_time",
  "open",
  "high",
  "low",
  "close",
  "volume",
  "close_time",
  "quote_volume",
  "trades",
  "taker_buy_base_volume",
  "taker_buy_quote_volume",
  "ignore",
];

/// Where each role sits in the record, plus the remaining (metadata) columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
  pub names: Vec<String>,
  pub time: usize,
  pub open: Option<usize>,
  pub high: Option<usize>,
  pub low: Option<usize>,
  pub close: usize,
  pub volume: Option<usize>,
  pub asset: Option<usize>,
  /// Metadata columns (everything not mapped to a role), as indexes into `names`.
  pub extra: Vec<usize>,
}

fn normalise(name: &str) -> String {
  name.trim().trim_matches('"').to_ascii_lowercase()
}

fn find(
  names: &[String],
  normalised: &[String],
  role: &str,
  explicit: &Option<String>,
  aliases: &[&str],
) -> CoreResult<Option<usize>> {
  if let Some(want) = explicit {
    return match names.iter().position(|n| n == want).or_else(|| {
      let w = normalise(want);
      normalised.iter().position(|n| *n == w)
    }) {
      Some(i) => Ok(Some(i)),
      None => Err(
        CoreError::new(
          "ERR_DATA_COLUMN_MISSING",
          format!(
            "the {role} column '{want}' you named is not in the file; columns found: {}",
            names.join(", ")
          ),
        )
        .in_column(want.clone()),
      ),
    };
  }
  Ok(aliases.iter().find_map(|a| normalised.iter().position(|n| n == a)))
}

fn missing(role: &str, aliases: &[&str], names: &[String]) -> CoreError {
  CoreError::new(
    "ERR_DATA_COLUMN_MISSING",
    format!(
      "no {role} column: looked for {} in [{}]; name it with columns.{role}",
      aliases.join(" / "),
      names.join(", ")
    ),
  )
  .in_column(role.to_string())
}

impl ColumnMap {
  /// Resolve roles in a header. `format` narrows what is required.
  pub fn resolve(names: Vec<String>, overrides: &ColumnOverrides, format: Format) -> CoreResult<Self> {
    let normalised: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let time = find(&names, &normalised, "time", &overrides.time, TIME_ALIASES)?
      .ok_or_else(|| missing("time", TIME_ALIASES, &names))?;
    let close = find(&names, &normalised, "close", &overrides.close, CLOSE_ALIASES)?
      .ok_or_else(|| missing("close", CLOSE_ALIASES, &names))?;
    let mut open = find(&names, &normalised, "open", &overrides.open, OPEN_ALIASES)?;
    let mut high = find(&names, &normalised, "high", &overrides.high, HIGH_ALIASES)?;
    let mut low = find(&names, &normalised, "low", &overrides.low, LOW_ALIASES)?;
    let mut volume = find(&names, &normalised, "volume", &overrides.volume, VOLUME_ALIASES)?;
    let mut asset = find(&names, &normalised, "asset", &overrides.asset, ASSET_ALIASES)?;
    match format {
      Format::CloseOnly => {
        open = None;
        high = None;
        low = None;
        volume = None;
        asset = None;
      }
      Format::Panel if asset.is_none() => return Err(missing("asset", ASSET_ALIASES, &names)),
      Format::Ohlcv | Format::Binance => {
        if open.is_none() {
          return Err(missing("open", OPEN_ALIASES, &names));
        }
        if high.is_none() {
          return Err(missing("high", HIGH_ALIASES, &names));
        }
        if low.is_none() {
          return Err(missing("low", LOW_ALIASES, &names));
        }
      }
      _ => {}
    }
    // Partial OHLC would make the consistency checks meaningless: all three or none.
    if (open.is_some() || high.is_some() || low.is_some()) && !(open.is_some() && high.is_some() && low.is_some())
    {
      let (role, aliases) = if open.is_none() {
        ("open", OPEN_ALIASES)
      } else if high.is_none() {
        ("high", HIGH_ALIASES)
      } else {
        ("low", LOW_ALIASES)
      };
      return Err(missing(role, aliases, &names));
    }
    let roles = [Some(time), open, high, low, Some(close), volume, asset];
    let extra = (0..names.len()).filter(|i| !roles.contains(&Some(*i))).collect();
    Ok(ColumnMap { names, time, open, high, low, close, volume, asset, extra })
  }

  /// The fixed layout of a headerless Binance dump with `width` fields (12 raw, or 7 trimmed).
  pub fn binance(width: usize) -> CoreResult<Self> {
    let names: Vec<String> = match width {
      12 => BINANCE_COLUMNS.iter().map(|s| s.to_string()).collect(),
      7 => ["open_time", "open", "high", "low", "close", "volume", "trades"].iter().map(|s| s.to_string()).collect(),
      6 => ["open_time", "open", "high", "low", "close", "volume"].iter().map(|s| s.to_string()).collect(),
      w => {
        return Err(CoreError::new(
          "ERR_DATA_FORMAT",
          format!("a headerless file must be a Binance kline dump with 6, 7 or 12 fields; this one has {w}. Add a header line or pass columns"),
        ))
      }
    };
    let extra = (6..names.len()).filter(|&i| names[i] != "ignore").collect();
    Ok(ColumnMap { names, time: 0, open: Some(1), high: Some(2), low: Some(3), close: 4, volume: Some(5), asset: None, extra })
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn names(s: &str) -> Vec<String> {
    s.split(',').map(String::from).collect()
  }

  #[test]
  fn seed_panel_maps_id_to_asset_and_keeps_metadata() {
    let m = ColumnMap::resolve(
      names("close,date,id,cmc_id,market_cap,name,narrative,price,symbol,volume"),
      &ColumnOverrides::default(),
      Format::Auto,
    )
    .unwrap();
    assert_eq!((m.time, m.close, m.asset, m.volume), (1, 0, Some(2), Some(9)));
    let extra: Vec<&str> = m.extra.iter().map(|&i| m.names[i].as_str()).collect();
    assert_eq!(extra, ["cmc_id", "market_cap", "name", "narrative", "price", "symbol"]);
  }

  #[test]
  fn explicit_override_that_is_absent_is_a_coded_error() {
    let e = ColumnMap::resolve(
      names("date,close"),
      &ColumnOverrides { close: Some("last".into()), ..Default::default() },
      Format::Auto,
    )
    .unwrap_err();
    assert_eq!(e.code, "ERR_DATA_COLUMN_MISSING");
    assert_eq!(e.column.as_deref(), Some("last"));
  }
}
