//! Market-data ingest: CSV / CSV.GZ (csv + flate2) into grouped, sorted, checked columns.

pub mod columns;
pub mod frame;
pub mod from_columns;
pub mod inflate;
pub mod line_map;
pub mod number;
pub mod options;
pub mod parser;
pub mod raw_table;
pub mod source;
pub mod timestamp;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub use frame::{IngestReport, ParsedFrame};
pub use options::{ColumnOverrides, Format, IngestOptions, Policies, Policy};
pub use raw_table::{Dictionary, ExtraColumn, ExtraData};

use crate::error::{CoreError, CoreResult};

/// Parse files and combine them into one frame. Files are parsed on up to `threads` threads
/// (the caller opts in; 1 keeps the call on the calling thread).
pub fn read_paths(paths: &[PathBuf], opts: &IngestOptions, threads: usize) -> CoreResult<ParsedFrame> {
  if paths.is_empty() {
    return Err(CoreError::new("ERR_DATA_EMPTY", "no input files were given"));
  }
  let threads = threads.clamp(1, paths.len());
  let tables = if threads == 1 {
    paths.iter().map(|p| parser::parse_source(source::open_path(p)?, opts)).collect::<CoreResult<Vec<_>>>()?
  } else {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<CoreResult<raw_table::RawTable>>>> = paths.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
      for _ in 0..threads {
        s.spawn(|| loop {
          let i = next.fetch_add(1, Ordering::Relaxed);
          if i >= paths.len() {
            break;
          }
          let r = source::open_path(&paths[i]).and_then(|src| parser::parse_source(src, opts));
          *slots[i].lock().unwrap() = Some(r);
        });
      }
    });
    slots.into_iter().map(|m| m.into_inner().unwrap().expect("every slot is filled")).collect::<CoreResult<Vec<_>>>()?
  };
  frame::finish(tables, &opts.policies)
}

/// Parse an in-memory CSV (optionally gzip-compressed).
pub fn read_bytes(bytes: Vec<u8>, label: &str, opts: &IngestOptions) -> CoreResult<ParsedFrame> {
  let table = parser::parse_source(source::open_bytes(bytes, label)?, opts)?;
  frame::finish(vec![table], &opts.policies)
}
