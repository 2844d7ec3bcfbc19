//! Turning file-ordered tables into a frame: assets grouped, time sorted, duplicates and value
//! checks applied per policy, columns gathered once.

use std::collections::HashMap;

use super::options::{Policies, Policy};
use super::ordered_concat::concat_in_order;
use super::raw_table::{Dictionary, ExtraColumn, ExtraData, RawTable};
use super::work_queue::{run_jobs, Job};
use crate::ohlcv_columns::{gather, compact, OhlcvColumns};
use crate::error::{CoreError, CoreResult};

/// What ingest did to the data, for the summary and for users who chose `drop` or `fix`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
  pub rows_read: u64,
  pub rows_kept: u64,
  /// check name → rows dropped
  pub dropped: Vec<(String, u64)>,
  /// check name → rows repaired
  pub fixed: Vec<(String, u64)>,
  pub time_unit: String,
  pub sources: Vec<String>,
}

/// One source's rows of a frame kept as parts (see `ordered_concat`): its bars and its metadata
/// columns, in the order of `ParsedFrame::extras`, codes already in the frame's dictionaries.
#[derive(Debug, Clone, Default)]
pub struct FramePart {
  pub bars: OhlcvColumns,
  pub extras: Vec<ExtraData>,
}

/// Columns grouped by asset (in order of first appearance) and sorted by time inside each group.
#[derive(Debug, Clone, Default)]
pub struct ParsedFrame {
  /// The rows, or only the layout (which columns exist) while `parts` holds them.
  pub bars: OhlcvColumns,
  pub asset_names: Vec<String>,
  /// Row offsets of each asset group; length = assets + 1.
  pub offsets: Vec<u32>,
  /// Metadata columns; while `parts` holds the rows, only their names, kinds and dictionaries.
  pub extras: Vec<ExtraColumn>,
  pub report: IngestReport,
  /// Sources already in frame order, joined end to end; empty when `bars` holds the rows. They
  /// are copied once, straight into the caller's buffers (`write_columns`), never concatenated.
  pub parts: Vec<FramePart>,
}

impl ParsedFrame {
  pub fn len(&self) -> usize {
    if self.parts.is_empty() {
      self.bars.len()
    } else {
      self.parts.iter().map(|p| p.bars.len()).sum()
    }
  }

  pub fn is_empty(&self) -> bool {
    self.len() == 0
  }

  /// Join the parts into `bars` and `extras`, for callers that read the columns in place.
  pub fn materialize(&mut self) {
    if self.parts.is_empty() {
      return;
    }
    let mut parts = std::mem::take(&mut self.parts);
    let has_ohlc = self.bars.has_ohlc();
    let has_volume = self.bars.volume.is_some();
    let taken = |c: &mut Option<Vec<f64>>| c.take().unwrap_or_default();
    self.bars = OhlcvColumns {
      time: join(&mut parts, |p| std::mem::take(&mut p.bars.time)),
      open: has_ohlc.then(|| join(&mut parts, |p| taken(&mut p.bars.open))),
      high: has_ohlc.then(|| join(&mut parts, |p| taken(&mut p.bars.high))),
      low: has_ohlc.then(|| join(&mut parts, |p| taken(&mut p.bars.low))),
      close: join(&mut parts, |p| std::mem::take(&mut p.bars.close)),
      volume: has_volume.then(|| join(&mut parts, |p| taken(&mut p.bars.volume))),
      asset: join(&mut parts, |p| std::mem::take(&mut p.bars.asset)),
    };
    for (k, c) in self.extras.iter_mut().enumerate() {
      match &mut c.data {
        ExtraData::Numeric(v) => {
          *v = join(&mut parts, |p| match &mut p.extras[k] {
            ExtraData::Numeric(x) => std::mem::take(x),
            ExtraData::Categorical(..) => Vec::new(),
          })
        }
        ExtraData::Categorical(v, _) => {
          *v = join(&mut parts, |p| match &mut p.extras[k] {
            ExtraData::Categorical(x, _) => std::mem::take(x),
            ExtraData::Numeric(_) => Vec::new(),
          })
        }
      }
    }
  }
}

fn join<T: Copy>(parts: &mut [FramePart], piece: impl FnMut(&mut FramePart) -> Vec<T>) -> Vec<T> {
  concat(parts.iter_mut().map(piece).collect())
}

fn bump(map: &mut HashMap<&'static str, u64>, k: &'static str) {
  *map.entry(k).or_insert(0) += 1;
}

/// Parts joined in order; the first part's buffer is grown in place (large reallocations remap
/// pages rather than copy them), so only the later parts are copied.
fn concat<T: Copy>(parts: Vec<Vec<T>>) -> Vec<T> {
  let mut it = parts.into_iter();
  let Some(mut out) = it.next() else { return Vec::new() };
  let rest: Vec<Vec<T>> = it.collect();
  out.reserve_exact(rest.iter().map(Vec::len).sum());
  for p in rest {
    out.extend_from_slice(&p); // each part is freed once copied, so peak memory grows by one part
  }
  out
}

/// Concatenate several sources, remapping asset codes and aligning metadata columns by name.
fn merge(mut tables: Vec<RawTable>, threads: usize) -> CoreResult<RawTable> {
  if tables.len() == 1 {
    return Ok(tables.pop().unwrap());
  }
  let has_ohlc = tables.iter().all(|t| t.bars.open.is_some());
  let has_volume = tables.iter().all(|t| t.bars.volume.is_some());
  let mut out = RawTable {
    label: tables.iter().map(|t| t.label.as_str()).collect::<Vec<_>>().join(", "),
    ..Default::default()
  };
  // Union of metadata columns, in first-seen order.
  let mut extra_names: Vec<(String, bool)> = Vec::new();
  for t in &tables {
    for c in &t.extras {
      let numeric = matches!(c.data, ExtraData::Numeric(_));
      match extra_names.iter().find(|(n, _)| *n == c.name) {
        Some((_, was)) if *was != numeric => {
          return Err(
            CoreError::new(
              "ERR_DATA_SCHEMA",
              format!("metadata column '{}' is numeric in one file and text in another", c.name),
            )
            .in_column(c.name.clone()),
          )
        }
        Some(_) => {}
        None => extra_names.push((c.name.clone(), numeric)),
      }
    }
  }
  // Bookkeeping and code remaps per source, then one concatenation job per column.
  let mut dicts: Vec<Dictionary> = extra_names.iter().map(|_| Dictionary::default()).collect();
  let mut extra_parts: Vec<(Vec<Vec<f64>>, Vec<Vec<u32>>)> = extra_names.iter().map(|_| (Vec::new(), Vec::new())).collect();
  let mut units: Vec<&'static str> = Vec::new();
  let mut rows_before = 0;
  for t in tables.iter_mut() {
    let n = t.len();
    out.rows_read += t.rows_read;
    for (k, v) in t.dropped.drain() {
      *out.dropped.entry(k).or_insert(0) += v;
    }
    for (k, v) in t.fixed.drain() {
      *out.fixed.entry(k).or_insert(0) += v;
    }
    if !units.contains(&t.time_unit) {
      units.push(t.time_unit);
    }
    out.line.append(&t.line, rows_before);
    rows_before += n;
    let remap: Vec<u32> = t.assets.values.iter().map(|s| out.assets.code(s)).collect();
    t.bars.asset.iter_mut().for_each(|c| *c = remap[*c as usize]);
    for (k, (name, numeric)) in extra_names.iter().enumerate() {
      let src = t.extras.iter_mut().find(|c| c.name == *name).map(|c| &mut c.data);
      let (nums, codes) = &mut extra_parts[k];
      match src {
        Some(ExtraData::Numeric(v)) => nums.push(std::mem::take(v)),
        Some(ExtraData::Categorical(v, sd)) => {
          let remap: Vec<u32> = sd.values.iter().map(|x| dicts[k].code(x)).collect();
          v.iter_mut().for_each(|c| *c = remap[*c as usize]);
          codes.push(std::mem::take(v));
        }
        None if *numeric => nums.push(vec![f64::NAN; n]),
        None => codes.push(vec![dicts[k].code(""); n]),
      }
    }
  }
  let parts_of = |tables: &mut Vec<RawTable>, f: fn(&mut RawTable) -> Vec<f64>| tables.iter_mut().map(f).collect::<Vec<_>>();
  let time_parts: Vec<Vec<i64>> = tables.iter_mut().map(|t| std::mem::take(&mut t.bars.time)).collect();
  let asset_parts: Vec<Vec<u32>> = tables.iter_mut().map(|t| std::mem::take(&mut t.bars.asset)).collect();
  let close_parts = parts_of(&mut tables, |t| std::mem::take(&mut t.bars.close));
  let opt_parts = |tables: &mut Vec<RawTable>, keep: bool, f: fn(&mut RawTable) -> Option<Vec<f64>>| {
    keep.then(|| tables.iter_mut().map(|t| f(t).unwrap_or_default()).collect::<Vec<_>>())
  };
  let open_parts = opt_parts(&mut tables, has_ohlc, |t| t.bars.open.take());
  let high_parts = opt_parts(&mut tables, has_ohlc, |t| t.bars.high.take());
  let low_parts = opt_parts(&mut tables, has_ohlc, |t| t.bars.low.take());
  let volume_parts = opt_parts(&mut tables, has_volume, |t| t.bars.volume.take());
  let mut extra_data: Vec<Option<ExtraData>> = extra_names.iter().map(|_| None).collect();
  {
    let OhlcvColumns { time, asset, close, open, high, low, volume } = &mut out.bars;
    let mut jobs: Vec<Job<'_>> = vec![
      Box::new(move || *time = concat(time_parts)),
      Box::new(move || *close = concat(close_parts)),
      Box::new(move || *asset = concat(asset_parts)),
    ];
    for (slot, parts) in [(open, open_parts), (high, high_parts), (low, low_parts), (volume, volume_parts)] {
      if let Some(parts) = parts {
        jobs.push(Box::new(move || *slot = Some(concat(parts))));
      }
    }
    for ((slot, (nums, codes)), (dict, (_, numeric))) in
      extra_data.iter_mut().zip(extra_parts).zip(dicts.into_iter().zip(extra_names.iter()))
    {
      let numeric = *numeric;
      jobs.push(Box::new(move || {
        *slot = Some(if numeric { ExtraData::Numeric(concat(nums)) } else { ExtraData::Categorical(concat(codes), dict) })
      }));
    }
    run_jobs(jobs, threads);
  }
  let extras: Vec<ExtraColumn> = extra_names
    .iter()
    .zip(extra_data)
    .map(|((name, _), data)| ExtraColumn { name: name.clone(), data: data.expect("every column job ran") })
    .collect();
  out.extras = extras;
  out.time_unit = if units.len() == 1 { units[0] } else { "mixed" };
  Ok(out)
}

/// Whether no row can fail a value check (prices finite and > 0, volume finite and ≥ 0, low ≤
/// open, close ≤ high), so the row-by-row pass can be skipped. Branch-free folds, which vectorise.
pub(crate) fn all_values_clean(open: Option<&[f64]>, high: Option<&[f64]>, low: Option<&[f64]>, close: &[f64], volume: Option<&[f64]>) -> bool {
  let positive = |c: &[f64]| c.iter().fold(true, |ok, &v| ok & (v > 0.0) & (v < f64::INFINITY));
  let mut ok = positive(close);
  if let Some(v) = volume {
    ok &= v.iter().fold(true, |ok, &v| ok & (v >= 0.0) & (v < f64::INFINITY));
  }
  if let (Some(o), Some(h), Some(l)) = (open, high, low) {
    ok &= positive(o) && positive(h) && positive(l);
    ok &= o.iter().zip(h).zip(l).zip(close).fold(true, |ok, (((&o, &h), &l), &c)| {
      ok & (h >= o.max(c)) & (l <= o.min(c)) & (l <= h)
    });
  }
  ok
}

/// Group, sort, check and gather. `sources` names the inputs for the report.
pub fn finish(tables: Vec<RawTable>, policies: &Policies) -> CoreResult<ParsedFrame> {
  finish_on_threads(tables, policies, 1)
}

/// `finish`, with the concatenation of several sources spread over up to `threads` threads.
pub fn finish_on_threads(mut tables: Vec<RawTable>, policies: &Policies, threads: usize) -> CoreResult<ParsedFrame> {
  if let Some(frame) = concat_in_order(&mut tables) {
    return Ok(frame);
  }
  let sources: Vec<String> = tables.iter().map(|t| t.label.clone()).collect();
  let mut t = merge(tables, threads)?;
  let n = t.len();
  let n_assets = t.assets.values.len();

  // 1. Time order within each asset, in file order.
  let mut keep = vec![true; n];
  let mut last: Vec<i64> = vec![i64::MIN; n_assets];
  let mut sorted = true;
  let mut grouped = true;
  for i in 0..n {
    let a = t.bars.asset[i] as usize;
    if i > 0 && t.bars.asset[i] < t.bars.asset[i - 1] {
      grouped = false;
    }
    if i > 0 && t.bars.asset[i] != t.bars.asset[i - 1] && last[a] != i64::MIN {
      grouped = false; // an asset reappears after another one
    }
    if t.bars.time[i] < last[a] {
      match policies.unsorted {
        Policy::Error => {
          return Err(
            CoreError::new(
              "ERR_DATA_UNSORTED",
              format!(
                "time goes backwards for asset '{}' ({} after {}); sort the file or set policies.unsorted to 'fix'",
                t.assets.values[a], t.bars.time[i], last[a]
              ),
            )
            .at_row(t.line.line(i)),
          )
        }
        Policy::Drop => {
          keep[i] = false;
          bump(&mut t.dropped, "unsorted");
          continue;
        }
        Policy::Fix => {
          sorted = false;
          bump(&mut t.fixed, "unsorted");
        }
      }
    }
    last[a] = last[a].max(t.bars.time[i]);
  }

  // 2. Permutation to (asset, time) order, then 3. duplicates (asset, time), now adjacent. A file
  // already in order with no repeated time (the common case) needs neither pass nor permutation.
  let in_order = sorted && grouped && !keep.contains(&false);
  let (order, identity) = if in_order && (1..n).all(|i| t.bars.asset[i] != t.bars.asset[i - 1] || t.bars.time[i] != t.bars.time[i - 1]) {
    (Vec::new(), true)
  } else {
    let mut order: Vec<u32> = (0..n as u32).filter(|&i| keep[i as usize]).collect();
    if !(sorted && grouped) {
      order.sort_by_key(|&i| (t.bars.asset[i as usize], t.bars.time[i as usize]));
    }

    // 3. Duplicates (asset, time), now adjacent.
    let mut dedup: Vec<u32> = Vec::with_capacity(order.len());
    for &i in &order {
      if let Some(&prev) = dedup.last() {
        let (p, c) = (prev as usize, i as usize);
        if t.bars.asset[p] == t.bars.asset[c] && t.bars.time[p] == t.bars.time[c] {
          match policies.duplicate {
            Policy::Error => {
              return Err(
                CoreError::new(
                  "ERR_DATA_DUPLICATE",
                  format!(
                    "asset '{}' has two rows at time {} (first at line {}); remove one or set policies.duplicate to 'drop' (keep first) or 'fix' (keep last)",
                    t.assets.values[t.bars.asset[c] as usize], t.bars.time[c], t.line.line(p)
                  ),
                )
                .at_row(t.line.line(c)),
              )
            }
            Policy::Drop => {
              bump(&mut t.dropped, "duplicate");
            }
            Policy::Fix => {
              bump(&mut t.fixed, "duplicate");
              *dedup.last_mut().unwrap() = i;
            }
          }
          continue;
        }
      }
      dedup.push(i);
    }
    let identity = dedup.len() == n && dedup.iter().enumerate().all(|(k, &i)| k as u32 == i);
    (dedup, identity)
  };

  // 4. Gather (or move, when nothing moved).
  let OhlcvColumns { time, mut open, mut high, mut low, mut close, mut volume, asset } =
    std::mem::take(&mut t.bars).gather(&order, identity);
  let extras: Vec<ExtraColumn> = std::mem::take(&mut t.extras)
    .into_iter()
    .map(|c| ExtraColumn {
      name: c.name,
      data: match c.data {
        ExtraData::Numeric(v) => ExtraData::Numeric(gather(v, &order, identity)),
        ExtraData::Categorical(v, d) => ExtraData::Categorical(gather(v, &order, identity), d),
      },
    })
    .collect();

  // 5. Value checks in time order so "fix" can carry the asset's previous row forward.
  let m = time.len();
  let mut alive = vec![true; m];
  let mut any_dead = false;
  let mut prev_ok: Option<usize> = None;
  let clean = all_values_clean(open.as_deref(), high.as_deref(), low.as_deref(), &close, volume.as_deref());
  for r in 0..if clean { 0 } else { m } {
    if r > 0 && asset[r] != asset[r - 1] {
      prev_ok = None;
    }
    let row_line = || t.line.line(if identity { r } else { order[r] as usize });
    let asset_name = &t.assets.values[asset[r] as usize];
    let mut dead = false;
    // NaN / Inf in prices
    let price_cols: [(&str, Option<&mut Vec<f64>>); 4] =
      [("open", open.as_mut()), ("high", high.as_mut()), ("low", low.as_mut()), ("close", Some(&mut close))];
    for (name, col) in price_cols {
      let Some(col) = col else { continue };
      let v = col[r];
      if !v.is_finite() {
        match policies.non_finite {
          Policy::Error => {
            return Err(
              CoreError::new(
                "ERR_DATA_NON_FINITE",
                format!("{name} is {v} for asset '{asset_name}'; clean the value or set policies.nonFinite"),
              )
              .at_row(row_line())
              .in_column(name),
            )
          }
          Policy::Drop => dead = true,
          Policy::Fix => match prev_ok {
            Some(p) => col[r] = col[p],
            None => dead = true,
          },
        }
        if dead {
          break;
        }
        bump(&mut t.fixed, "non_finite");
      } else if v <= 0.0 {
        match policies.non_positive_price {
          Policy::Error => {
            return Err(
              CoreError::new(
                "ERR_DATA_NON_POSITIVE_PRICE",
                format!("{name} is {v} for asset '{asset_name}'; prices must be > 0. Clean it or set policies.nonPositivePrice"),
              )
              .at_row(row_line())
              .in_column(name),
            )
          }
          Policy::Drop => dead = true,
          Policy::Fix => match prev_ok {
            Some(p) => col[r] = col[p],
            None => dead = true,
          },
        }
        if dead {
          break;
        }
        bump(&mut t.fixed, "non_positive_price");
      }
    }
    if dead {
      let reason = if [open.as_ref(), high.as_ref(), low.as_ref(), Some(&close)]
        .iter()
        .flatten()
        .any(|c| !c[r].is_finite())
      {
        "non_finite"
      } else {
        "non_positive_price"
      };
      bump(&mut t.dropped, reason);
      alive[r] = false;
      any_dead = true;
      continue;
    }
    if let Some(vol) = volume.as_mut() {
      let v = vol[r];
      if !v.is_finite() || v < 0.0 {
        match policies.non_finite {
          Policy::Error => {
            return Err(
              CoreError::new(
                "ERR_DATA_NON_FINITE",
                format!("volume is {v} for asset '{asset_name}'; clean it or set policies.nonFinite ('fix' sets 0)"),
              )
              .at_row(row_line())
              .in_column("volume"),
            )
          }
          Policy::Drop => {
            bump(&mut t.dropped, "non_finite");
            alive[r] = false;
            any_dead = true;
            continue;
          }
          Policy::Fix => {
            vol[r] = 0.0;
            bump(&mut t.fixed, "non_finite");
          }
        }
      }
    }
    if let (Some(o), Some(h), Some(l)) = (open.as_mut(), high.as_mut(), low.as_mut()) {
      let (ov, hv, lv, cv) = (o[r], h[r], l[r], close[r]);
      let top = ov.max(cv);
      let bottom = ov.min(cv);
      if hv < top || lv > bottom || lv > hv {
        match policies.ohlc_inconsistent {
          Policy::Error => {
            return Err(
              CoreError::new(
                "ERR_DATA_OHLC_INCONSISTENT",
                format!(
                  "open {ov} high {hv} low {lv} close {cv} for asset '{asset_name}': high must be ≥ max(open, close) and low ≤ min(open, close). Set policies.ohlcInconsistent to 'fix' to widen high/low"
                ),
              )
              .at_row(row_line())
              .in_column(if hv < top { "high" } else { "low" }),
            )
          }
          Policy::Drop => {
            bump(&mut t.dropped, "ohlc_inconsistent");
            alive[r] = false;
            any_dead = true;
            continue;
          }
          Policy::Fix => {
            h[r] = hv.max(top);
            l[r] = lv.min(bottom);
            bump(&mut t.fixed, "ohlc_inconsistent");
          }
        }
      }
    }
    prev_ok = Some(r);
  }

  let mut extras = extras;
  let mut bars = OhlcvColumns { time, open, high, low, close, volume, asset };
  if any_dead {
    bars.compact(&alive);
    for c in extras.iter_mut() {
      match &mut c.data {
        ExtraData::Numeric(v) => compact(v, &alive),
        ExtraData::Categorical(v, _) => compact(v, &alive),
      }
    }
  }
  if bars.is_empty() {
    return Err(CoreError::new(
      "ERR_DATA_NO_ROWS",
      "every row was dropped by the ingest policies; check the report or relax the policies",
    ));
  }

  // 6. Group offsets; assets whose rows were all dropped keep an empty group.
  let mut offsets = vec![0u32; n_assets + 1];
  for &a in &bars.asset {
    offsets[a as usize + 1] += 1;
  }
  for k in 0..n_assets {
    offsets[k + 1] += offsets[k];
  }

  let mut dropped: Vec<(String, u64)> = t.dropped.iter().map(|(k, v)| (k.to_string(), *v)).collect();
  let mut fixed: Vec<(String, u64)> = t.fixed.iter().filter(|(_, v)| **v > 0).map(|(k, v)| (k.to_string(), *v)).collect();
  dropped.sort();
  fixed.sort();
  let report = IngestReport {
    rows_read: t.rows_read,
    rows_kept: bars.len() as u64,
    dropped,
    fixed,
    time_unit: t.time_unit.to_string(),
    sources,
  };
  Ok(ParsedFrame {
    bars,
    asset_names: std::mem::take(&mut t.assets.values),
    offsets,
    extras,
    report,
    parts: Vec::new(),
  })
}
