//! The record loop: CSV records (csv crate, byte records, reused buffer) into a `RawTable`.

use csv::{ByteRecord, ReaderBuilder};

use super::columns::ColumnMap;
use super::number::parse_f64;
use super::options::{Format, IngestOptions, Policy};
use super::raw_table::{Dictionary, ExtraColumn, ExtraData, RawTable};
use super::source::{io_error, Source};
use super::timestamp::{parse_time, trim, EpochUnit, TimeValue};
use crate::error::{CoreError, CoreResult};
use crate::ohlcv_columns::OhlcvColumns;

pub(crate) fn utf8<'a>(cell: &'a [u8], line: u64, column: &str) -> CoreResult<&'a str> {
  std::str::from_utf8(cell).map_err(|e| {
    CoreError::new(
      "ERR_DATA_ENCODING",
      format!("bytes at offset {} are not UTF-8; re-encode the file as UTF-8", e.valid_up_to()),
    )
    .at_row(line)
    .in_column(column.to_string())
  })
}

pub(crate) fn csv_error(src_label: &str, gzip: bool, e: csv::Error) -> CoreError {
  let line = e.position().map(|p| p.line());
  let err = match e.into_kind() {
    csv::ErrorKind::Io(io) => io_error(src_label, io, gzip),
    other => CoreError::new("ERR_DATA_FORMAT", format!("{src_label}: malformed CSV: {other:?}")),
  };
  match line {
    Some(l) if err.code == "ERR_DATA_FORMAT" => err.at_row(l),
    _ => err,
  }
}

fn stem_asset_name(label: &str) -> String {
  let file = label.rsplit(['/', '\\']).next().unwrap_or(label);
  let stem = file.split('.').next().unwrap_or(file);
  let token = stem.split(['_', '-', ' ']).next().unwrap_or(stem);
  if token.is_empty() {
    "ASSET".to_string()
  } else {
    token.to_ascii_uppercase()
  }
}

fn first_cell_is_number(rec: &ByteRecord) -> bool {
  rec.get(0).map(|c| lexical_core::parse::<f64>(trim(c)).is_ok()).unwrap_or(false)
}

enum ExtraBuilder {
  Undecided(Vec<Vec<u8>>),
  Numeric(Vec<f64>),
  Categorical(Vec<u32>, Dictionary),
}

/// Counts a policy outcome and says whether the row survives.
fn apply(table: &mut RawTable, policy: Policy, check: &'static str, err: impl FnOnce() -> CoreError) -> CoreResult<bool> {
  match policy {
    Policy::Error => Err(err()),
    Policy::Drop => {
      *table.dropped.entry(check).or_insert(0) += 1;
      Ok(false)
    }
    Policy::Fix => {
      *table.fixed.entry(check).or_insert(0) += 1;
      Ok(true)
    }
  }
}

/// A CSV source being read in chunks. Assets, metadata column types and epoch units are carried
/// from one chunk to the next so that chunks concatenate to the whole-file result.
pub struct RecordParser {
  rdr: csv::Reader<Box<dyn std::io::Read + Send>>,
  rec: ByteRecord,
  map: ColumnMap,
  label: String,
  gzip: bool,
  opts: IngestOptions,
  epoch_unit: Option<EpochUnit>,
  iso_seen: bool,
  line: u64,
  pending_first: bool,
  done: bool,
  assets: Dictionary,
  extras: Vec<ExtraBuilder>,
  /// Latest time per asset code in earlier chunks (empty until a chunk has been returned).
  last_time: Vec<i64>,
  rows_read: u64,
  /// Expected rows of a whole read (text length over the first line's), so columns are sized
  /// once instead of regrown; 0 when unknown.
  row_hint: usize,
}

impl RecordParser {
  /// Open the CSV reader and resolve the header (or the headerless Binance layout).
  pub fn new(src: Source, opts: &IngestOptions) -> CoreResult<Self> {
    let Source { reader, gzip, label, text_len } = src;
    let mut rdr = ReaderBuilder::new()
      .has_headers(false)
      .flexible(true)
      .delimiter(opts.delimiter)
      .buffer_capacity(1 << 18)
      .from_reader(reader);
    let mut rec = ByteRecord::new();
    let got = rdr.read_byte_record(&mut rec).map_err(|e| csv_error(&label, gzip, e))?;
    if !got {
      return Err(CoreError::new("ERR_DATA_EMPTY", format!("{label} is empty: no header and no rows")));
    }
    let header = match opts.has_header {
      Some(h) => h,
      None => !first_cell_is_number(&rec),
    };
    let map = if header {
      let names = rec
        .iter()
        .enumerate()
        .map(|(i, c)| utf8(c, 1, &format!("#{}", i + 1)).map(|s| s.trim().trim_start_matches('\u{feff}').to_string()))
        .collect::<CoreResult<Vec<_>>>()?;
      ColumnMap::resolve(names, &opts.columns, opts.format)?
    } else {
      match opts.format {
        Format::Auto | Format::Binance => ColumnMap::binance(rec.len())?,
        _ => {
          return Err(CoreError::new(
            "ERR_DATA_COLUMN_MISSING",
            format!("{label} has no header line; only Binance kline dumps may omit it. Add a header or set format: 'binance'"),
          ))
        }
      }
    };
    let mut assets = Dictionary::default();
    if map.asset.is_none() {
      assets.code(&opts.asset_name.clone().unwrap_or_else(|| stem_asset_name(&label)));
    }
    let extras = map.extra.iter().map(|_| ExtraBuilder::Undecided(Vec::new())).collect();
    // The first record (header or data) is about a line; its delimiters and line break are not in it.
    let line_bytes = rec.as_slice().len() + rec.len();
    let row_hint = text_len.map_or(0, |n| n / line_bytes.max(8) + 64).min(opts.max_rows.unwrap_or(usize::MAX));
    Ok(RecordParser {
      rdr,
      rec,
      map,
      label,
      gzip,
      opts: opts.clone(),
      epoch_unit: None,
      iso_seen: false,
      line: if header { 1 } else { 0 },
      pending_first: !header,
      done: false,
      assets,
      extras,
      last_time: Vec::new(),
      rows_read: 0,
      row_hint,
    })
  }

  /// Whether the source is exhausted.
  pub fn is_done(&self) -> bool {
    self.done
  }

  /// Data rows read so far (all chunks).
  pub fn rows_read(&self) -> u64 {
    self.rows_read
  }

  /// Read up to `max_rows` kept rows (all remaining rows when `None`).
  pub fn read(&mut self, max_rows: Option<usize>) -> CoreResult<RawTable> {
    let map = &self.map;
    let label = self.label.clone();
    let gzip = self.gzip;
    let width = map.names.len();
    let has_ohlc = map.open.is_some();
    let opts = &self.opts;
    let mut t = RawTable {
      label: label.clone(),
      bars: OhlcvColumns::with_layout(has_ohlc, map.volume.is_some()),
      time_unit: "",
      assets: std::mem::take(&mut self.assets),
      ..Default::default()
    };
    let row_hint = std::mem::take(&mut self.row_hint);
    t.bars.reserve(row_hint);
    let extras = &mut self.extras;
    let rdr = &mut self.rdr;
    let rec = &mut self.rec;
    let epoch_unit = &mut self.epoch_unit;
    let iso_seen = &mut self.iso_seen;
    let last_time = &self.last_time;
    let policies = opts.policies;
    let mut line = self.line;
    let mut prices = [0f64; 5];
    loop {
      if let Some(max) = max_rows {
        if t.len() >= max {
          break;
        }
      }
      if self.pending_first {
        self.pending_first = false;
      } else {
        match rdr.read_byte_record(rec) {
          Ok(true) => {}
          Ok(false) => {
            self.done = true;
            break;
          }
          Err(e) => return Err(csv_error(&label, gzip, e)),
        }
      }
      line = rec.position().map(|p| p.line()).unwrap_or(line + 1);
      if rec.len() == 1 && trim(&rec[0]).is_empty() {
        continue; // blank line
      }
      t.rows_read += 1;
      if rec.as_slice().len() > opts.max_line_bytes {
        return Err(
          CoreError::new(
            "ERR_DATA_LINE_TOO_LONG",
            format!(
              "line is {} bytes, over the {}-byte limit; the file is probably not CSV or lacks line breaks",
              rec.as_slice().len(),
              opts.max_line_bytes
            ),
          )
          .at_row(line),
        );
      }
      if rec.len() > width {
        let keep = apply(&mut t, policies.extra_fields, "extra_fields", || {
          CoreError::new(
            "ERR_DATA_EXTRA_FIELDS",
            format!("row has {} fields but the header has {width}; fix the row or set policies.extraFields", rec.len()),
          )
          .at_row(line)
        })?;
        if !keep {
          continue;
        }
      }
      let cell = |i: usize| rec.get(i).unwrap_or(b"");

      // time
      let tcell = cell(map.time);
      let ms = match parse_time(tcell) {
        Some(TimeValue::Epoch(v, unit)) => {
          let first = *epoch_unit.get_or_insert(unit);
          if first != unit || *iso_seen {
            let keep = apply(&mut t, policies.mixed_time_units, "mixed_time_units", || {
              CoreError::new(
                "ERR_DATA_MIXED_TIME_UNITS",
                format!(
                  "timestamp {} is in {} but earlier rows were in {}; set policies.mixedTimeUnits to 'fix' to convert each to ms",
                  v,
                  unit.name(),
                  if *iso_seen { "ISO-8601" } else { first.name() }
                ),
              )
              .at_row(line)
              .in_column(map.names[map.time].clone())
            })?;
            if !keep {
              continue;
            }
          }
          unit.to_millis(v)
        }
        Some(TimeValue::Iso(ms)) => {
          *iso_seen = true;
          if let Some(u) = *epoch_unit {
            let keep = apply(&mut t, policies.mixed_time_units, "mixed_time_units", || {
              CoreError::new(
                "ERR_DATA_MIXED_TIME_UNITS",
                format!("an ISO-8601 time follows epoch times in {}", u.name()),
              )
              .at_row(line)
              .in_column(map.names[map.time].clone())
            })?;
            if !keep {
              continue;
            }
          }
          ms
        }
        None => {
          let shown = String::from_utf8_lossy(tcell).into_owned();
          let keep = apply(&mut t, policies.bad_number, "bad_time", || {
            CoreError::new(
              "ERR_DATA_TIME",
              format!("cannot read '{shown}' as a time (epoch s/ms/µs/ns or ISO-8601)"),
            )
            .at_row(line)
            .in_column(map.names[map.time].clone())
          })?;
          // A time cannot be repaired, so "fix" drops the row too.
          if keep {
            *t.fixed.get_mut("bad_time").unwrap() -= 1;
            *t.dropped.entry("bad_time").or_insert(0) += 1;
          }
          continue;
        }
      };

      // prices and volume
      let roles = [map.open, map.high, map.low, Some(map.close), map.volume];
      let mut dropped = false;
      for (k, role) in roles.iter().enumerate() {
        let Some(i) = *role else { continue };
        prices[k] = match parse_f64(cell(i)) {
          Some(v) => v,
          None => {
            let shown = String::from_utf8_lossy(cell(i)).into_owned();
            let keep = apply(&mut t, policies.bad_number, "bad_number", || {
              CoreError::new(
                "ERR_DATA_NUMBER",
                format!("cannot read '{shown}' as a number; fix the cell or set policies.badNumber"),
              )
              .at_row(line)
              .in_column(map.names[i].clone())
            })?;
            if !keep {
              dropped = true;
              break;
            }
            f64::NAN
          }
        };
      }
      if dropped {
        continue;
      }

      // asset
      let code = match map.asset {
        None => 0,
        Some(i) => {
          let s = utf8(trim(cell(i)), line, &map.names[i])?;
          t.assets.code(s)
        }
      };

      // metadata
      for (k, &i) in map.extra.iter().enumerate() {
        let c = trim(cell(i));
        let b = &mut extras[k];
        if let ExtraBuilder::Undecided(buf) = b {
          if c.is_empty() {
            buf.push(Vec::new());
            continue;
          }
          // The first non-empty value decides the column's type.
          let seen = std::mem::take(buf);
          *b = if parse_f64(c).is_some() {
            let mut v = Vec::new();
            let _ = v.try_reserve(row_hint); // a size hint only
            v.resize(seen.len(), f64::NAN);
            ExtraBuilder::Numeric(v)
          } else {
            let mut d = Dictionary::default();
            let mut codes = Vec::new();
            let _ = codes.try_reserve(row_hint);
            if !seen.is_empty() {
              codes.resize(seen.len(), d.code(""));
            }
            ExtraBuilder::Categorical(codes, d)
          };
        }
        match b {
          ExtraBuilder::Numeric(v) => match parse_f64(c) {
            Some(x) => v.push(x),
            None => {
              let shown = String::from_utf8_lossy(c).into_owned();
              let keep = apply(&mut t, policies.bad_number, "bad_number", || {
                CoreError::new(
                  "ERR_DATA_NUMBER",
                  format!("cannot read '{shown}' as a number in a numeric metadata column"),
                )
                .at_row(line)
                .in_column(map.names[i].clone())
              })?;
              if !keep {
                dropped = true;
              }
              v.push(f64::NAN);
            }
          },
          ExtraBuilder::Categorical(v, d) => {
            let s = utf8(c, line, &map.names[i])?;
            v.push(d.code(s));
          }
          ExtraBuilder::Undecided(_) => unreachable!(),
        }
      }
      if dropped {
        // Roll back the metadata cells already pushed for this row.
        let n = t.len();
        for b in extras.iter_mut() {
          match b {
            ExtraBuilder::Numeric(v) => v.truncate(n),
            ExtraBuilder::Categorical(v, _) => v.truncate(n),
            ExtraBuilder::Undecided(v) => v.truncate(n),
          }
        }
        continue;
      }

      if let Some(&prev) = last_time.get(code as usize) {
        if ms <= prev {
          // Earlier chunks are already handed out, so rows can be dropped here but not reordered.
          let (check, policy, code_name) = if ms == prev {
            ("duplicate", policies.duplicate, "ERR_DATA_DUPLICATE")
          } else {
            ("unsorted", if policies.unsorted == Policy::Drop { Policy::Drop } else { Policy::Error }, "ERR_DATA_UNSORTED")
          };
          if policy == Policy::Error {
            return Err(
              CoreError::new(
                code_name,
                format!("time {ms} of asset '{}' is not after an earlier chunk's last time {prev}; read the file whole to sort it, or set policies.{check} to 'drop'", t.assets.values[code as usize]),
              )
              .at_row(line),
            );
          }
          *t.dropped.entry(check).or_insert(0) += 1;
          continue;
        }
      }
      t.line.push(t.len(), line);
      t.bars.push(ms, prices, code);
    }

    self.line = line;
    self.rows_read += t.rows_read;
    t.time_unit = match (*epoch_unit, *iso_seen) {
      (Some(u), false) => u.name(),
      (None, true) => "iso",
      (None, false) => "",
      _ => "mixed",
    };
    t.extras = map
      .extra
      .iter()
      .zip(extras.iter_mut())
      .map(|(&i, b)| ExtraColumn {
        name: map.names[i].clone(),
        data: match b {
          ExtraBuilder::Numeric(v) => ExtraData::Numeric(std::mem::take(v)),
          ExtraBuilder::Categorical(v, d) => ExtraData::Categorical(std::mem::take(v), d.clone()),
          ExtraBuilder::Undecided(v) => ExtraData::Numeric(vec![f64::NAN; std::mem::take(v).len()]),
        },
      })
      .collect();
    self.last_time.resize(t.assets.values.len(), i64::MIN);
    for (&a, &ms) in t.bars.asset.iter().zip(&t.bars.time) {
      let slot = &mut self.last_time[a as usize];
      *slot = (*slot).max(ms);
    }
    self.assets = t.assets.clone();
    Ok(t)
  }
}

/// Parse a whole source into file-ordered columns. Value checks that need neighbours (duplicates,
/// order, forward fills) happen later, in `frame::finish`.
pub fn parse_source(src: Source, opts: &IngestOptions) -> CoreResult<RawTable> {
  let mut p = RecordParser::new(src, opts)?;
  let t = p.read(opts.max_rows)?;
  if p.rows_read() == 0 {
    return Err(CoreError::new("ERR_DATA_NO_ROWS", format!("{} has a header but no data rows", t.label)));
  }
  Ok(t)
}
