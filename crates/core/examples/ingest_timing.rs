//! Stage timings of CSV.GZ ingest (read, inflate, parse, finish) on the given files:
//! `cargo run --release -p cryptotune-core --example ingest_timing -- <threads> <files…>`.
use std::path::PathBuf;
use std::time::Instant;

use cryptotune_core::ingest::{self, inflate, parser, source, IngestOptions};

fn main() {
  let args: Vec<String> = std::env::args().collect();
  let threads: usize = args[1].parse().unwrap();
  let paths: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
  let opts = IngestOptions::default();
  let t0 = Instant::now();
  let gz: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
  let t_read = t0.elapsed();
  let t0 = Instant::now();
  let text: Vec<Vec<u8>> = gz.iter().map(|g| inflate::inflate_single_member(g).unwrap()).collect();
  let t_inflate = t0.elapsed();
  let bytes: usize = text.iter().map(Vec::len).sum();
  let t0 = Instant::now();
  let mut tables = Vec::new();
  for (t, p) in text.into_iter().zip(&paths) {
    let text_len = Some(t.len());
    let src = source::Source { reader: Box::new(std::io::Cursor::new(t)), gzip: true, label: p.display().to_string(), text_len };
    tables.push(parser::parse_source(src, &opts).unwrap());
  }
  let t_parse = t0.elapsed();
  let t0 = Instant::now();
  let f = ingest::frame::finish_on_threads(tables, &opts.policies, threads).unwrap();
  let t_finish = t0.elapsed();
  println!("parts {}", f.parts.len());
  println!("stages (1 thread): read {t_read:?} inflate {t_inflate:?} ({} MB) parse {t_parse:?} finish {t_finish:?}, rows {}", bytes / 1_000_000, f.len());
  for _ in 0..2 {
    let t0 = Instant::now();
    let f = ingest::read_paths(&paths, &opts, threads).unwrap();
    println!("read_paths threads={threads}: rows {} in {:?}", f.len(), t0.elapsed());
  }
}
