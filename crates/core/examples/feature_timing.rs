//! Times the feature kernels over real files, the whole plan and each spec alone:
//! `cargo run --release -p cryptotune-core --example feature_timing -- FILES…`; `ONLY=KIND` times
//! one kind (an intraday spec, or any kind with its default parameters), `ONLY=intraday` the plan.
use cryptotune_core::features::{compute, Bars, FeaturePlan, FeatureSpec};
use cryptotune_core::ingest::{self, IngestOptions};
use std::path::PathBuf;
use std::time::Instant;

fn intraday() -> Vec<FeatureSpec> {
  let p = |k: &str, n: f64| FeatureSpec::parse(k, &[("period".into(), n)]).unwrap();
  let mut v = vec![];
  for n in [1.0, 5.0, 15.0, 60.0, 240.0] {
    v.push(p("return", n));
  }
  for n in [15.0, 60.0, 240.0] {
    v.push(p("volatility", n));
  }
  for n in [20.0, 50.0, 200.0] {
    v.push(p("smaRatio", n));
  }
  v.push(p("rsi", 14.0));
  v.push(FeatureSpec::parse("macd", &[]).unwrap());
  v.push(p("bollinger", 20.0));
  v.push(p("atr", 14.0));
  v.push(p("stochastic", 14.0));
  v.push(p("williamsR", 14.0));
  v.push(FeatureSpec::parse("obv", &[]).unwrap());
  v.push(p("vwap", 20.0));
  v.push(p("volumeRatio", 30.0));
  v
}

/// CPU time of this thread in ms (the machine is shared, so wall time is noisy).
fn cpu_ms() -> f64 {
  let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
  s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e6
}

fn main() {
  let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
  let mut f = ingest::read_paths(&paths, &IngestOptions::default(), 1).unwrap();
  // Files already in frame order are kept as parts; the kernels read one set of columns.
  f.materialize();
  let b = &f.bars;
  let bars = Bars { time: &b.time, open: b.open.as_deref(), high: b.high.as_deref(), low: b.low.as_deref(), close: &b.close, volume: b.volume.as_deref(), offsets: &f.offsets };
  let rows = f.len();
  let time = |specs: Vec<FeatureSpec>| {
    let plan = FeaturePlan::new(specs).unwrap();
    let mut out = vec![0f32; plan.columns() * rows];
    let mut best = f64::MAX;
    for _ in 0..3 {
      let (t0, c0) = (Instant::now(), cpu_ms());
      compute(&plan, &bars, &mut out).unwrap();
      let _wall = t0.elapsed();
      best = best.min(cpu_ms() - c0);
    }
    (best, plan.names.join(","))
  };
  if let Ok(only) = std::env::var("ONLY") {
    let mut specs: Vec<FeatureSpec> = intraday().into_iter().filter(|s| only == "intraday" || s.kind.name == only).collect();
    // Kinds outside the intraday set (wma, calendar, …) with their default parameters.
    if specs.is_empty() {
      specs.push(FeatureSpec::parse(&only, &[]).unwrap());
    }
    for _ in 0..5 {
      let (ms, names) = time(specs.clone());
      println!("{ms:8.1} ms  {names}");
    }
    return;
  }
  let (ms, _) = time(intraday());
  println!("intraday {rows} rows: {ms:.1} ms");
  for s in intraday() {
    let (ms, names) = time(vec![s]);
    println!("{ms:8.1} ms  {names}");
  }
}
