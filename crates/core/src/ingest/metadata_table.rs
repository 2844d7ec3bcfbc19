//! A table without time, such as a per-token metadata file (cryptos_master.csv), read so that it
//! can be joined onto a frame by a key column. Tables like this are small, so every cell is read
//! first and each column is then typed as a whole: numeric when every non-empty cell is a number
//! (empty = NaN), otherwise text codes into a dictionary.

use csv::{ByteRecord, ReaderBuilder};

use super::number::parse_f64;
use super::parser::{csv_error, utf8};
use super::raw_table::{Dictionary, ExtraColumn, ExtraData};
use super::source::Source;
use super::timestamp::trim;
use crate::error::{CoreError, CoreResult};

pub struct MetadataTable {
  pub rows: usize,
  pub columns: Vec<ExtraColumn>,
}

pub fn read_metadata_table(src: Source, delimiter: u8) -> CoreResult<MetadataTable> {
  let Source { reader, gzip, label, .. } = src;
  let mut rdr = ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(reader);
  let mut rec = ByteRecord::new();
  if !rdr.read_byte_record(&mut rec).map_err(|e| csv_error(&label, gzip, e))? {
    return Err(CoreError::new("ERR_DATA_EMPTY", format!("{label} is empty: no header and no rows")));
  }
  let names = rec
    .iter()
    .enumerate()
    .map(|(i, c)| utf8(c, 1, &format!("#{}", i + 1)).map(|s| s.trim().trim_start_matches('\u{feff}').to_string()))
    .collect::<CoreResult<Vec<_>>>()?;
  let mut cells: Vec<Vec<String>> = names.iter().map(|_| Vec::new()).collect();
  while rdr.read_byte_record(&mut rec).map_err(|e| csv_error(&label, gzip, e))? {
    let line = rec.position().map(|p| p.line()).unwrap_or(0);
    if rec.len() == 1 && trim(&rec[0]).is_empty() {
      continue;
    }
    if rec.len() > names.len() {
      return Err(
        CoreError::new(
          "ERR_DATA_EXTRA_FIELDS",
          format!("row has {} fields but the header has {}; fix the row", rec.len(), names.len()),
        )
        .at_row(line),
      );
    }
    for (k, col) in cells.iter_mut().enumerate() {
      let c = trim(rec.get(k).unwrap_or(b""));
      col.push(utf8(c, line, &names[k])?.to_string());
    }
  }
  let rows = cells.first().map_or(0, Vec::len);
  if rows == 0 {
    return Err(CoreError::new("ERR_DATA_NO_ROWS", format!("{label} has a header but no data rows")));
  }
  let columns = names
    .into_iter()
    .zip(cells)
    .map(|(name, col)| {
      let numbers: Option<Vec<f64>> = col.iter().map(|s| parse_f64(s.as_bytes())).collect();
      let data = match numbers {
        Some(v) => ExtraData::Numeric(v),
        None => {
          let mut d = Dictionary::default();
          let codes = col.iter().map(|s| d.code(s)).collect();
          ExtraData::Categorical(codes, d)
        }
      };
      ExtraColumn { name, data }
    })
    .collect();
  Ok(MetadataTable { rows, columns })
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::ingest::source::open_bytes;

  #[test]
  fn columns_are_numeric_only_when_every_filled_cell_is_a_number() {
    let csv = b"id,market_cap,narrative,mixed\nDOGE,2.5e10,meme,1\nFET,,ai,x\n".to_vec();
    let t = read_metadata_table(open_bytes(csv, "m").unwrap(), b',').unwrap();
    assert_eq!(t.rows, 2);
    let kinds: Vec<(&str, bool)> = t.columns.iter().map(|c| (c.name.as_str(), matches!(c.data, ExtraData::Numeric(_)))).collect();
    assert_eq!(kinds, [("id", false), ("market_cap", true), ("narrative", false), ("mixed", false)]);
    match &t.columns[1].data {
      ExtraData::Numeric(v) => assert!(v[0] == 2.5e10 && v[1].is_nan()),
      _ => unreachable!(),
    }
  }

  #[test]
  fn a_header_without_rows_or_an_overlong_row_is_refused() {
    let e = read_metadata_table(open_bytes(b"id,x\n".to_vec(), "m").unwrap(), b',').err().unwrap();
    assert_eq!(e.code, "ERR_DATA_NO_ROWS");
    let e = read_metadata_table(open_bytes(b"id,x\nA,1\nB,2,3\n".to_vec(), "m").unwrap(), b',').err().unwrap();
    assert_eq!((e.code, e.row), ("ERR_DATA_EXTRA_FIELDS", Some(3)));
  }
}
