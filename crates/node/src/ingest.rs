use std::path::PathBuf;

use cryptotune_core::ingest::column_sinks::ColumnSinks;
use cryptotune_core::ingest::{
  self, ColumnOverrides, ExtraData, Format, IngestOptions, ParsedFrame as CoreFrame, Policies, Policy,
};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::{invalid, to_napi};
use crate::ohlcv_arrays::OhlcvArrays;

/// Explicit column names; each overrides the alias search for its role.
#[napi(object)]
#[derive(Default)]
pub struct IngestColumns {
  pub time: Option<String>,
  pub open: Option<String>,
  pub high: Option<String>,
  pub low: Option<String>,
  pub close: Option<String>,
  pub volume: Option<String>,
  pub asset: Option<String>,
}

/// One policy per check: 'error' | 'drop' | 'fix'.
#[napi(object)]
#[derive(Default)]
pub struct IngestPolicies {
  pub bad_number: Option<String>,
  pub non_finite: Option<String>,
  pub non_positive_price: Option<String>,
  pub ohlc_inconsistent: Option<String>,
  pub duplicate: Option<String>,
  pub unsorted: Option<String>,
  pub mixed_time_units: Option<String>,
  pub extra_fields: Option<String>,
}

/// Options of the native parser (see `IngestOptions` in the TypeScript API).
#[napi(object)]
#[derive(Default)]
pub struct NativeIngestOptions {
  pub format: Option<String>,
  pub columns: Option<IngestColumns>,
  pub has_header: Option<bool>,
  pub delimiter: Option<String>,
  pub policies: Option<IngestPolicies>,
  pub max_line_bytes: Option<u32>,
  pub asset_name: Option<String>,
  pub max_rows: Option<u32>,
  /// Threads used to parse several files at once (the caller opts in; default 1).
  pub threads: Option<u32>,
}

fn policy(name: &str, v: &Option<String>, default: Policy) -> Result<Policy> {
  match v {
    None => Ok(default),
    Some(s) => Policy::parse(s).ok_or_else(|| {
      invalid("ERR_CONFIG_INVALID", format!("policies.{name} must be 'error', 'drop' or 'fix', got '{s}'"))
    }),
  }
}

fn convert(o: &NativeIngestOptions) -> Result<IngestOptions> {
  let mut out = IngestOptions::default();
  if let Some(f) = &o.format {
    out.format = Format::parse(f).ok_or_else(|| {
      invalid("ERR_CONFIG_INVALID", format!("format must be auto, binance, ohlcv, panel or close, got '{f}'"))
    })?;
  }
  if let Some(c) = &o.columns {
    out.columns = ColumnOverrides {
      time: c.time.clone(),
      open: c.open.clone(),
      high: c.high.clone(),
      low: c.low.clone(),
      close: c.close.clone(),
      volume: c.volume.clone(),
      asset: c.asset.clone(),
    };
  }
  out.has_header = o.has_header;
  if let Some(d) = &o.delimiter {
    let b = d.as_bytes();
    if b.len() != 1 {
      return Err(invalid("ERR_CONFIG_INVALID", format!("delimiter must be one ASCII character, got '{d}'")));
    }
    out.delimiter = b[0];
  }
  if let Some(p) = &o.policies {
    let d = Policies::default();
    out.policies = Policies {
      bad_number: policy("badNumber", &p.bad_number, d.bad_number)?,
      non_finite: policy("nonFinite", &p.non_finite, d.non_finite)?,
      non_positive_price: policy("nonPositivePrice", &p.non_positive_price, d.non_positive_price)?,
      ohlc_inconsistent: policy("ohlcInconsistent", &p.ohlc_inconsistent, d.ohlc_inconsistent)?,
      duplicate: policy("duplicate", &p.duplicate, d.duplicate)?,
      unsorted: policy("unsorted", &p.unsorted, d.unsorted)?,
      mixed_time_units: policy("mixedTimeUnits", &p.mixed_time_units, d.mixed_time_units)?,
      extra_fields: policy("extraFields", &p.extra_fields, d.extra_fields)?,
    };
  }
  if let Some(m) = o.max_line_bytes {
    out.max_line_bytes = m as usize;
  }
  out.asset_name = o.asset_name.clone();
  out.max_rows = o.max_rows.map(|m| m as usize);
  Ok(out)
}

/// A count attached to a check name (what ingest dropped or repaired).
#[napi(object)]
pub struct CheckCount {
  pub check: String,
  pub rows: f64,
}

/// What ingest did, per check.
#[napi(object)]
pub struct NativeIngestReport {
  pub rows_read: f64,
  pub rows_kept: f64,
  pub dropped: Vec<CheckCount>,
  pub fixed: Vec<CheckCount>,
  pub time_unit: String,
  pub sources: Vec<String>,
}

/// A metadata column: `kind` is 'f64' (numbers, NaN = missing) or 'u32' (codes into `dictionary`).
#[napi(object)]
pub struct ExtraColumnInfo {
  pub name: String,
  pub kind: String,
  pub dictionary: Option<Vec<String>>,
}

/// Shapes of a parsed frame, so JS can allocate shared buffers before taking the columns.
#[napi(object)]
pub struct FrameLayout {
  pub rows: u32,
  pub asset_names: Vec<String>,
  pub offsets: Uint32Array,
  pub has_ohlc: bool,
  pub has_volume: bool,
  pub extras: Vec<ExtraColumnInfo>,
  pub report: NativeIngestReport,
}

/// Columns parsed by Rust and waiting to be moved into JS-owned SharedArrayBuffers. Each
/// `take*` copies a column into the caller's view and frees Rust's copy at once, so peak memory
/// is the frame plus the columns in flight (fresh shared buffers take memory only once written).
#[napi]
pub struct ParsedFrame {
  inner: CoreFrame,
}

fn counts(v: &[(String, u64)]) -> Vec<CheckCount> {
  v.iter().map(|(k, n)| CheckCount { check: k.clone(), rows: *n as f64 }).collect()
}

fn wrong_length(name: &str, want: usize, got: usize) -> Error {
  invalid("ERR_NATIVE_ARGUMENT", format!("target for column '{name}' has {got} elements, expected {want}"))
}

fn take_f64_column(f: &mut CoreFrame, name: &str) -> Result<Vec<f64>> {
  f.materialize();
  Ok(match name {
    "open" | "high" | "low" | "close" | "volume" => f.bars.take_f64(name).unwrap_or_default(),
    other => match f.extras.iter_mut().find(|c| c.name == other) {
      Some(c) => match &mut c.data {
        ExtraData::Numeric(v) => std::mem::take(v),
        ExtraData::Categorical(..) => {
          return Err(invalid("ERR_NATIVE_ARGUMENT", format!("column '{other}' is categorical; use takeU32")))
        }
      },
      None => return Err(invalid("ERR_NATIVE_ARGUMENT", format!("no numeric column '{other}'"))),
    },
  })
}

fn take_u32_column(f: &mut CoreFrame, name: &str) -> Result<Vec<u32>> {
  f.materialize();
  match f.extras.iter_mut().find(|c| c.name == name) {
    Some(c) => match &mut c.data {
      ExtraData::Categorical(v, _) => Ok(std::mem::take(v)),
      ExtraData::Numeric(_) => Err(invalid("ERR_NATIVE_ARGUMENT", format!("column '{name}' is numeric; use takeF64"))),
    },
    None => Err(invalid("ERR_NATIVE_ARGUMENT", format!("no categorical column '{name}'"))),
  }
}

#[napi]
impl ParsedFrame {
  #[napi]
  pub fn layout(&self) -> FrameLayout {
    let f = &self.inner;
    FrameLayout {
      rows: f.len() as u32,
      asset_names: f.asset_names.clone(),
      offsets: Uint32Array::new(f.offsets.clone()),
      has_ohlc: f.bars.has_ohlc(),
      has_volume: f.bars.volume.is_some(),
      extras: f
        .extras
        .iter()
        .map(|c| match &c.data {
          ExtraData::Numeric(_) => ExtraColumnInfo { name: c.name.clone(), kind: "f64".into(), dictionary: None },
          ExtraData::Categorical(_, d) => {
            ExtraColumnInfo { name: c.name.clone(), kind: "u32".into(), dictionary: Some(d.values.clone()) }
          }
        })
        .collect(),
      report: NativeIngestReport {
        rows_read: f.report.rows_read as f64,
        rows_kept: f.report.rows_kept as f64,
        dropped: counts(&f.report.dropped),
        fixed: counts(&f.report.fixed),
        time_unit: f.report.time_unit.clone(),
        sources: f.report.sources.clone(),
      },
    }
  }

  /// Move every column into its target in one call, copying on up to `threads` threads
  /// (default 1). Names and lengths are all checked before anything moves.
  #[napi]
  pub fn take_columns(&mut self, mut targets: ColumnTargets, threads: Option<u32>) -> Result<()> {
    let f = &mut self.inner;
    if targets.f64_names.len() != targets.f64_targets.len() || targets.u32_names.len() != targets.u32_targets.len() {
      return Err(invalid("ERR_NATIVE_ARGUMENT", "each column name needs exactly one target"));
    }
    // Threads write the targets at once, so they must not share memory.
    let mut ranges: Vec<(usize, usize)> = vec![
      (targets.time.as_ptr() as usize, targets.time.len() * 8),
      (targets.asset.as_ptr() as usize, targets.asset.len() * 4),
    ];
    ranges.extend(targets.f64_targets.iter().map(|t| (t.as_ptr() as usize, t.len() * 8)));
    ranges.extend(targets.u32_targets.iter().map(|t| (t.as_ptr() as usize, t.len() * 4)));
    ranges.sort_unstable();
    if f.len() > 0 && ranges.windows(2).any(|w| w[0].0 + w[0].1 > w[1].0) {
      return Err(invalid("ERR_NATIVE_ARGUMENT", "column targets overlap; give each column its own buffer"));
    }
    // SAFETY: the call is synchronous and JS allocated these views for us alone; the copies
    // finish (the threads are joined) before we return, and no two targets alias.
    let sinks = ColumnSinks {
      time: unsafe { targets.time.as_mut() },
      asset: unsafe { targets.asset.as_mut() },
      f64: targets.f64_names.iter().cloned().zip(targets.f64_targets.iter_mut().map(|t| unsafe { t.as_mut() })).collect(),
      u32: targets.u32_names.iter().cloned().zip(targets.u32_targets.iter_mut().map(|t| unsafe { t.as_mut() })).collect(),
    };
    f.write_columns(sinks, threads.unwrap_or(1) as usize).map_err(to_napi)
  }

  /// Move the time column (epoch ms) into `target`.
  #[napi]
  pub fn take_time(&mut self, mut target: BigInt64Array) -> Result<()> {
    self.inner.materialize();
    let src = std::mem::take(&mut self.inner.bars.time);
    // SAFETY: the call is synchronous and JS allocated this view for us alone; no other thread
    // writes it until we return.
    let dst = unsafe { target.as_mut() };
    if dst.len() != src.len() {
      return Err(wrong_length("time", src.len(), dst.len()));
    }
    dst.copy_from_slice(&src);
    Ok(())
  }

  /// Move the asset-code column into `target`.
  #[napi]
  pub fn take_asset(&mut self, mut target: Uint32Array) -> Result<()> {
    self.inner.materialize();
    let src = std::mem::take(&mut self.inner.bars.asset);
    // SAFETY: the call is synchronous and JS allocated this view for us alone; no other thread
    // writes it until we return.
    let dst = unsafe { target.as_mut() };
    if dst.len() != src.len() {
      return Err(wrong_length("asset", src.len(), dst.len()));
    }
    dst.copy_from_slice(&src);
    Ok(())
  }

  /// Move a price / volume / numeric metadata column into `target`.
  #[napi]
  pub fn take_f64(&mut self, name: String, mut target: Float64Array) -> Result<()> {
    let src = take_f64_column(&mut self.inner, &name)?;
    // SAFETY: the call is synchronous and JS allocated this view for us alone; no other thread
    // writes it until we return.
    let dst = unsafe { target.as_mut() };
    if dst.len() != src.len() {
      return Err(wrong_length(&name, src.len(), dst.len()));
    }
    dst.copy_from_slice(&src);
    Ok(())
  }

  /// Move a categorical metadata column's codes into `target`.
  #[napi]
  pub fn take_u32(&mut self, name: String, mut target: Uint32Array) -> Result<()> {
    let src = take_u32_column(&mut self.inner, &name)?;
    // SAFETY: the call is synchronous and JS allocated this view for us alone; no other thread
    // writes it until we return.
    let dst = unsafe { target.as_mut() };
    if dst.len() != src.len() {
      return Err(wrong_length(&name, src.len(), dst.len()));
    }
    dst.copy_from_slice(&src);
    Ok(())
  }
}

/// Every column's target, allocated by JS with `layout().rows` elements, for `takeColumns`.
#[napi(object)]
pub struct ColumnTargets {
  pub time: BigInt64Array,
  pub asset: Uint32Array,
  /// Price, volume and numeric metadata column names, pairwise with `f64Targets`.
  pub f64_names: Vec<String>,
  pub f64_targets: Vec<Float64Array>,
  /// Categorical metadata column names, pairwise with `u32Targets`.
  pub u32_names: Vec<String>,
  pub u32_targets: Vec<Uint32Array>,
}

/// Parse one or more CSV / CSV.GZ files into one frame (rows grouped by asset, sorted by time).
#[napi]
pub fn read_csv_files(paths: Vec<String>, options: Option<NativeIngestOptions>) -> Result<ParsedFrame> {
  let o = options.unwrap_or_default();
  let opts = convert(&o)?;
  let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
  let inner = ingest::read_paths(&paths, &opts, o.threads.unwrap_or(1) as usize).map_err(to_napi)?;
  Ok(ParsedFrame { inner })
}

/// Parse CSV (or gzip-compressed CSV) bytes held in memory.
#[napi]
pub fn read_csv_bytes(bytes: Uint8Array, label: String, options: Option<NativeIngestOptions>) -> Result<ParsedFrame> {
  let opts = convert(&options.unwrap_or_default())?;
  let inner = ingest::read_bytes(bytes.to_vec(), &label, &opts).map_err(to_napi)?;
  Ok(ParsedFrame { inner })
}

/// A CSV / CSV.GZ file read in chunks of rows, never loaded whole. Chunks concatenate to the
/// whole-file frame: asset codes, metadata types and time units carry over, and a row that is not
/// after its asset's last time in an earlier chunk is dropped or refused per policy (it cannot be
/// sorted into a chunk already handed out).
#[napi]
pub struct CsvStream {
  parser: ingest::parser::RecordParser,
  policies: Policies,
}

#[napi]
impl CsvStream {
  #[napi(constructor)]
  pub fn new(path: String, options: Option<NativeIngestOptions>) -> Result<Self> {
    let opts = convert(&options.unwrap_or_default())?;
    let src = ingest::source::open_path_streaming(std::path::Path::new(&path)).map_err(to_napi)?;
    let parser = ingest::parser::RecordParser::new(src, &opts).map_err(to_napi)?;
    Ok(CsvStream { parser, policies: opts.policies })
  }

  /// The next chunk of at most `maxRows` rows, or null when the file is exhausted.
  #[napi]
  pub fn next_chunk(&mut self, max_rows: u32) -> Result<Option<ParsedFrame>> {
    loop {
      if self.parser.is_done() {
        return Ok(None);
      }
      let t = self.parser.read(Some(max_rows.max(1) as usize)).map_err(to_napi)?;
      if t.is_empty() {
        if self.parser.is_done() && self.parser.rows_read() == 0 {
          return Err(invalid("ERR_DATA_NO_ROWS", "the file has a header but no data rows"));
        }
        continue;
      }
      let inner = ingest::frame::finish(vec![t], &self.policies).map_err(to_napi)?;
      return Ok(Some(ParsedFrame { inner }));
    }
  }
}

/// A metadata column handed in from JS: numbers (`values`) or codes into `dictionary`.
#[napi(object)]
pub struct MetadataInput {
  pub name: String,
  pub values: Option<Float64Array>,
  pub codes: Option<Uint32Array>,
  pub dictionary: Option<Vec<String>>,
}

/// Columns handed in from JS (Arrow tables, arrays, concatenated frames).
#[napi(object)]
pub struct ColumnsInputJs {
  pub bars: OhlcvArrays,
  pub asset_names: Vec<String>,
  pub metadata: Vec<MetadataInput>,
}

/// Build a frame from in-memory columns; the same grouping, sorting and checks as a parsed file.
#[napi]
pub fn frame_from_columns(input: ColumnsInputJs, options: Option<NativeIngestOptions>) -> Result<ParsedFrame> {
  let opts = convert(&options.unwrap_or_default())?;
  let mut extras = Vec::with_capacity(input.metadata.len());
  for m in input.metadata {
    let data = match (m.values, m.codes) {
      (Some(v), None) => ExtraData::Numeric(v.to_vec()),
      (None, Some(c)) => ExtraData::Categorical(c.to_vec(), ingest::Dictionary::from_values(m.dictionary.unwrap_or_default())),
      _ => return Err(invalid("ERR_DATA_METADATA", format!("metadata column '{}' needs either values or codes + dictionary", m.name))),
    };
    extras.push(ingest::ExtraColumn { name: m.name, data });
  }
  let columns = ingest::from_columns::ColumnsInput {
    bars: input.bars.to_columns(),
    asset_names: input.asset_names,
    extras,
  };
  let inner = ingest::from_columns::from_columns(columns, &opts.policies).map_err(to_napi)?;
  Ok(ParsedFrame { inner })
}

/// Where each role sits among `names` (the CSV alias rules), for tables that are not CSV.
#[napi(object)]
pub struct ColumnRoles {
  pub time: u32,
  pub open: Option<u32>,
  pub high: Option<u32>,
  pub low: Option<u32>,
  pub close: u32,
  pub volume: Option<u32>,
  pub asset: Option<u32>,
  pub extra: Vec<u32>,
}

/// Resolve column roles in a list of names with the same aliases and overrides as CSV ingest.
#[napi]
pub fn resolve_column_roles(names: Vec<String>, options: Option<NativeIngestOptions>) -> Result<ColumnRoles> {
  let opts = convert(&options.unwrap_or_default())?;
  let m = ingest::columns::ColumnMap::resolve(names, &opts.columns, opts.format).map_err(to_napi)?;
  let o = |x: Option<usize>| x.map(|v| v as u32);
  Ok(ColumnRoles {
    time: m.time as u32,
    open: o(m.open),
    high: o(m.high),
    low: o(m.low),
    close: m.close as u32,
    volume: o(m.volume),
    asset: o(m.asset),
    extra: m.extra.iter().map(|&i| i as u32).collect(),
  })
}

/// A table without time (per-asset metadata), each column numeric (`values`) or text (`codes`
/// into `dictionary`).
#[napi(object)]
pub struct MetadataTableJs {
  pub rows: u32,
  pub columns: Vec<MetadataInput>,
}

/// Read a CSV / CSV.GZ table without time, such as per-token metadata, to join onto a frame.
#[napi]
pub fn read_metadata_table(path: String, options: Option<NativeIngestOptions>) -> Result<MetadataTableJs> {
  let opts = convert(&options.unwrap_or_default())?;
  let src = ingest::source::open_path(std::path::Path::new(&path)).map_err(to_napi)?;
  let t = ingest::metadata_table::read_metadata_table(src, opts.delimiter).map_err(to_napi)?;
  let columns = t
    .columns
    .into_iter()
    .map(|c| match c.data {
      ExtraData::Numeric(v) => MetadataInput { name: c.name, values: Some(Float64Array::new(v)), codes: None, dictionary: None },
      ExtraData::Categorical(v, d) => {
        MetadataInput { name: c.name, values: None, codes: Some(Uint32Array::new(v)), dictionary: Some(d.values) }
      }
    })
    .collect();
  Ok(MetadataTableJs { rows: t.rows as u32, columns })
}
