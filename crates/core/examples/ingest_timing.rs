use std::path::PathBuf;
use std::time::Instant;
use cryptotune_core::ingest::{self, IngestOptions};
fn main() {
  let args: Vec<String> = std::env::args().collect();
  let threads: usize = args[1].parse().unwrap();
  let paths: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
  let opts = IngestOptions::default();
  for _ in 0..2 {
    let t0 = Instant::now();
    let f = ingest::read_paths(&paths, &opts, threads).unwrap();
    println!("rows {} in {:?}", f.len(), t0.elapsed());
  }
}
