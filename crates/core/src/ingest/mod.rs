//! Market-data ingest: CSV / CSV.GZ (csv + flate2) into grouped, sorted, checked columns.

pub mod column_sinks;
pub mod columns;
pub mod frame;
pub mod from_columns;
pub mod inflate;
pub mod line_map;
pub mod metadata_table;
pub mod number;
pub mod options;
pub mod ordered_concat;
pub mod parser;
pub mod raw_table;
pub mod release_memory;
pub mod source;
pub mod timestamp;
pub mod work_queue;

use std::path::PathBuf;

pub use frame::{IngestReport, ParsedFrame};
pub use options::{ColumnOverrides, Format, IngestOptions, Policies, Policy};
pub use raw_table::{Dictionary, ExtraColumn, ExtraData};

use crate::error::{CoreError, CoreResult};
use work_queue::{run_jobs, Job};

/// Parse files and combine them into one frame. Files are parsed on up to `threads` threads
/// (the caller opts in; 1 keeps the call on the calling thread).
pub fn read_paths(paths: &[PathBuf], opts: &IngestOptions, threads: usize) -> CoreResult<ParsedFrame> {
  if paths.is_empty() {
    return Err(CoreError::new("ERR_DATA_EMPTY", "no input files were given"));
  }
  let threads = threads.max(1);
  let mut slots: Vec<Option<CoreResult<raw_table::RawTable>>> = paths.iter().map(|_| None).collect();
  let jobs: Vec<Job<'_>> = paths
    .iter()
    .zip(slots.iter_mut())
    .map(|(p, slot)| -> Job<'_> {
      Box::new(move || {
        *slot = Some(source::open_path(p).and_then(|src| parser::parse_source(src, opts)).map(|mut t| {
          t.in_frame_order = Some(ordered_concat::in_order_and_clean(&t));
          t
        }))
      })
    })
    .collect();
  run_jobs(jobs, threads);
  let tables = slots.into_iter().map(|s| s.expect("every file job ran")).collect::<CoreResult<Vec<_>>>()?;
  frame::finish_on_threads(tables, &opts.policies, threads)
}

/// Parse an in-memory CSV (optionally gzip-compressed).
pub fn read_bytes(bytes: Vec<u8>, label: &str, opts: &IngestOptions) -> CoreResult<ParsedFrame> {
  let table = parser::parse_source(source::open_bytes(bytes, label)?, opts)?;
  frame::finish(vec![table], &opts.policies)
}
