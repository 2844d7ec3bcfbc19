//! Several sources that are already in frame order — same columns, each grouped by asset and
//! sorted, every row after the previous source's, values clean — join without a copy: the frame
//! keeps them as parts, and `ParsedFrame::write_columns` copies each part straight into the
//! caller's buffers. This is the common case of one exchange dump per year; anything else goes
//! through the general merge, sort and checks of `frame`, whose result it equals.

use std::collections::HashMap;

use super::frame::{all_values_clean, FramePart, IngestReport, ParsedFrame};
use super::raw_table::{Dictionary, ExtraColumn, ExtraData, RawTable};
use crate::ohlcv_columns::OhlcvColumns;

fn same_layout(tables: &[RawTable]) -> bool {
  let first = &tables[0];
  tables.iter().all(|t| {
    t.bars.has_ohlc() == first.bars.has_ohlc()
      && t.bars.volume.is_some() == first.bars.volume.is_some()
      && t.extras.len() == first.extras.len()
      && t.extras.iter().zip(&first.extras).all(|(a, b)| {
        a.name == b.name && matches!(a.data, ExtraData::Numeric(_)) == matches!(b.data, ExtraData::Numeric(_))
      })
  })
}

/// Whether (asset, time) strictly increases over the table's rows — grouped by asset (codes are
/// given in order of first appearance), sorted by time, no (asset, time) twice — and no value
/// can fail a check. Tables are independent, so this runs on the thread that parsed the table.
pub fn in_order_and_clean(t: &RawTable) -> bool {
  let b = &t.bars;
  let ordered = b.asset.windows(2).zip(b.time.windows(2)).all(|(a, ms)| (a[1], ms[1]) > (a[0], ms[0]));
  ordered && all_values_clean(b.open.as_deref(), b.high.as_deref(), b.low.as_deref(), &b.close, b.volume.as_deref())
}

/// Whether the tables, each in order, stay in order end to end once their asset codes go through
/// their remaps into the joint dictionary: each remap must keep code order, and each table's first
/// row must come after the previous table's last.
fn joined_in_order(tables: &[RawTable], remaps: &[Vec<u32>]) -> bool {
  let mut prev: Option<(u32, i64)> = None;
  for (t, remap) in tables.iter().zip(remaps) {
    if remap.windows(2).any(|w| w[1] <= w[0]) {
      return false;
    }
    let key = |i: usize| (remap[t.bars.asset[i] as usize], t.bars.time[i]);
    if prev.is_some_and(|p| key(0) <= p) {
      return false;
    }
    prev = Some(key(t.len() - 1));
  }
  true
}

fn remap_codes(codes: &mut [u32], remap: &[u32]) {
  if remap.iter().enumerate().any(|(i, &c)| i as u32 != c) {
    codes.iter_mut().for_each(|c| *c = remap[*c as usize]);
  }
}

fn sorted_counts(m: HashMap<&'static str, u64>) -> Vec<(String, u64)> {
  let mut v: Vec<(String, u64)> = m.into_iter().filter(|(_, n)| *n > 0).map(|(k, n)| (k.to_string(), n)).collect();
  v.sort();
  v
}

/// The frame of `tables` joined as parts, or `None` (tables untouched) when they are not
/// already in frame order and need the general path.
pub fn concat_in_order(tables: &mut [RawTable]) -> Option<ParsedFrame> {
  if tables.len() < 2 || !same_layout(tables) || tables.iter().any(|t| t.is_empty() || !t.in_frame_order.unwrap_or_else(|| in_order_and_clean(t))) {
    return None;
  }
  let mut assets = Dictionary::default();
  let remaps: Vec<Vec<u32>> = tables.iter().map(|t| t.assets.values.iter().map(|s| assets.code(s)).collect()).collect();
  if !joined_in_order(tables, &remaps) {
    return None;
  }

  let mut dicts: Vec<Dictionary> = tables[0].extras.iter().map(|_| Dictionary::default()).collect();
  let mut dropped: HashMap<&'static str, u64> = HashMap::new();
  let mut fixed: HashMap<&'static str, u64> = HashMap::new();
  let mut units: Vec<&'static str> = Vec::new();
  let mut offsets = vec![0u32; assets.values.len() + 1];
  let mut report = IngestReport::default();
  let mut parts = Vec::with_capacity(tables.len());
  for (t, remap) in tables.iter_mut().zip(&remaps) {
    remap_codes(&mut t.bars.asset, remap);
    for &a in &t.bars.asset {
      offsets[a as usize + 1] += 1;
    }
    let extras = t
      .extras
      .iter_mut()
      .zip(dicts.iter_mut())
      .map(|(c, joint)| match &mut c.data {
        ExtraData::Numeric(v) => ExtraData::Numeric(std::mem::take(v)),
        ExtraData::Categorical(v, d) => {
          let remap: Vec<u32> = d.values.iter().map(|s| joint.code(s)).collect();
          remap_codes(v, &remap);
          ExtraData::Categorical(std::mem::take(v), Dictionary::default())
        }
      })
      .collect();
    for (k, v) in t.dropped.drain() {
      *dropped.entry(k).or_insert(0) += v;
    }
    for (k, v) in t.fixed.drain() {
      *fixed.entry(k).or_insert(0) += v;
    }
    if !units.contains(&t.time_unit) {
      units.push(t.time_unit);
    }
    report.rows_read += t.rows_read;
    report.rows_kept += t.len() as u64;
    report.sources.push(t.label.clone());
    parts.push(FramePart { bars: std::mem::take(&mut t.bars), extras });
  }
  for k in 0..assets.values.len() {
    offsets[k + 1] += offsets[k];
  }
  report.dropped = sorted_counts(dropped);
  report.fixed = sorted_counts(fixed);
  report.time_unit = if units.len() == 1 { units[0] } else { "mixed" }.to_string();
  let first = &parts[0].bars;
  let bars = OhlcvColumns::with_layout(first.has_ohlc(), first.volume.is_some());
  let extras = tables[0]
    .extras
    .iter()
    .zip(dicts)
    .map(|(c, d)| ExtraColumn {
      name: c.name.clone(),
      data: match c.data {
        ExtraData::Numeric(_) => ExtraData::Numeric(Vec::new()),
        ExtraData::Categorical(..) => ExtraData::Categorical(Vec::new(), d),
      },
    })
    .collect();
  Some(ParsedFrame { bars, asset_names: assets.values, offsets, extras, report, parts })
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::ingest::column_sinks::ColumnSinks;
  use crate::ingest::frame::{finish, finish_on_threads};
  use crate::ingest::{parser, source, IngestOptions};

  fn table(csv: &str, label: &str) -> RawTable {
    let src = source::open_bytes(csv.as_bytes().to_vec(), label).unwrap();
    parser::parse_source(src, &IngestOptions::default()).unwrap()
  }

  const HEAD: &str = "time,asset,open,high,low,close,volume,sector\n";
  const A: &str = "1000,BTC,10,12,9,11,5,l1\n2000,BTC,11,13,10,12,6,l1\n";
  const B: &str = "3000,BTC,12,14,11,13,7,l1\n1000,ETH,1,2,0.5,1.5,9,defi\n2000,ETH,1.5,2,1,1.8,8,defi\n";

  fn columns(mut f: ParsedFrame) -> (Vec<i64>, Vec<u32>, Vec<f64>, Vec<f64>, Vec<u32>) {
    let n = f.len();
    let (mut time, mut asset, mut close, mut volume, mut sector) = (vec![0; n], vec![0; n], vec![0.0; n], vec![0.0; n], vec![0; n]);
    let sinks = ColumnSinks {
      time: &mut time,
      asset: &mut asset,
      f64: vec![("close".into(), &mut close[..]), ("volume".into(), &mut volume[..])],
      u32: vec![("sector".into(), &mut sector[..])],
    };
    f.write_columns(sinks, 2).unwrap();
    (time, asset, close, volume, sector)
  }

  #[test]
  fn sources_in_frame_order_join_as_parts_equal_to_one_file() {
    let mut tables = vec![table(&format!("{HEAD}{A}"), "a.csv"), table(&format!("{HEAD}{B}"), "b.csv")];
    let parts = concat_in_order(&mut tables).expect("in order, so joined as parts");
    assert_eq!(parts.parts.len(), 2);
    let whole = finish(vec![table(&format!("{HEAD}{A}{B}"), "ab.csv")], &Default::default()).unwrap();
    assert_eq!((&parts.asset_names, &parts.offsets), (&whole.asset_names, &whole.offsets));
    assert_eq!((parts.report.rows_read, parts.report.rows_kept), (5, 5));
    let mut joined = parts.clone();
    joined.materialize();
    assert_eq!(joined.bars, whole.bars);
    assert_eq!(columns(parts), columns(whole));
  }

  #[test]
  fn overlapping_or_unclean_sources_take_the_general_path() {
    // b repeats a's last time: the duplicate must be dropped by the general path.
    let overlap = "2000,BTC,11,13,10,12,6,l1\n3000,BTC,12,14,11,13,7,l1\n";
    let mut tables = vec![table(&format!("{HEAD}{A}"), "a.csv"), table(&format!("{HEAD}{overlap}"), "b.csv")];
    assert!(concat_in_order(&mut tables).is_none());
    let f = finish_on_threads(tables, &Default::default(), 1).unwrap();
    assert!(f.parts.is_empty());
    assert_eq!((f.len(), f.report.dropped.clone()), (3, vec![("duplicate".to_string(), 1)]));
    // high below close in b: the value checks must see it.
    let bad = "3000,BTC,12,12.5,11,13,7,l1\n";
    let mut tables = vec![table(&format!("{HEAD}{A}"), "a.csv"), table(&format!("{HEAD}{bad}"), "b.csv")];
    assert!(concat_in_order(&mut tables).is_none());
    assert_eq!(finish_on_threads(tables, &Default::default(), 1).unwrap_err().code, "ERR_DATA_OHLC_INCONSISTENT");
    // Each file is in order, but ETH comes back after BTC: the rows must be regrouped.
    let eth = "1000,ETH,1,2,0.5,1.5,9,defi\n";
    let btc_eth = "1000,BTC,10,12,9,11,5,l1\n2000,ETH,1.5,2,1,1.8,8,defi\n";
    let mut tables = vec![table(&format!("{HEAD}{eth}"), "a.csv"), table(&format!("{HEAD}{btc_eth}"), "b.csv")];
    assert!(tables.iter().all(in_order_and_clean));
    assert!(concat_in_order(&mut tables).is_none());
    let f = finish_on_threads(tables, &Default::default(), 1).unwrap();
    assert_eq!((f.asset_names.clone(), f.offsets.clone(), f.bars.time.clone()), (vec!["ETH".into(), "BTC".into()], vec![0, 2, 3], vec![1_000_000, 2_000_000, 1_000_000]));
  }
}
