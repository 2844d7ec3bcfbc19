//! Times the feature kernels over real files, the whole plan and each spec alone:
//! `cargo run --release -p cryptotune-core --example feature_timing -- FILES…`; `ONLY=KIND` times
//! one kind (an intraday spec, or any kind with its default parameters), `ONLY=intraday` the plan,
//! `DROP=KIND` the plan without one kind. `ROWS=n` runs on the first n rows as one asset (times
//! scaled to the whole frame), `WALL=1` reports wall time instead of CPU time. Each line carries a
//! hash of the output's bits, so a change that must keep the results can be checked here.
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
  // A prefix of the rows as one asset: an output that fits in cache, against the whole.
  let rows = std::env::var("ROWS").map_or(f.len(), |r| r.parse::<usize>().unwrap().min(f.len()));
  let offsets = [0, rows as u32];
  let bars = Bars { time: &bars.time[..rows], open: bars.open.map(|a| &a[..rows]), high: bars.high.map(|a| &a[..rows]), low: bars.low.map(|a| &a[..rows]), close: &bars.close[..rows], volume: bars.volume.map(|a| &a[..rows]), offsets: &offsets };
  let time = |specs: Vec<FeatureSpec>| {
    let plan = FeaturePlan::new(specs).unwrap();
    let mut out = vec![0f32; plan.columns() * rows];
    let mut best = f64::MAX;
    // Rounds of enough calls to cover about the whole frame, so a short prefix is timed over
    // many calls (this thread's CPU time only advances at scheduler events).
    let calls = (f.len() / rows).max(1);
    for _ in 0..3 {
      let (t0, c0) = (Instant::now(), cpu_ms());
      for _ in 0..calls {
        compute(&plan, &bars, &mut out).unwrap();
      }
      // CPU time advances in scheduler ticks (4 ms on the bench VM), too coarse for one kernel.
      let ms = if std::env::var_os("WALL").is_some() { t0.elapsed().as_secs_f64() * 1e3 } else { cpu_ms() - c0 };
      best = best.min(ms / calls as f64);
    }
    // FNV-1a over the output's bits: a kernel change that keeps the results keeps this.
    let hash = out.iter().fold(0xcbf29ce484222325u64, |h, v| (h ^ v.to_bits() as u64).wrapping_mul(0x100000001b3));
    (best * f.len() as f64 / rows as f64, format!("{hash:016x} {}", plan.names.join(",")))
  };
  // A kind's cost in context, the shared series only it uses included.
  if let Ok(drop) = std::env::var("DROP") {
    for _ in 0..5 {
      let (ms, _) = time(intraday().into_iter().filter(|s| s.kind.name != drop).collect());
      println!("{ms:8.1} ms  intraday without {drop}");
    }
    return;
  }
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
  let (ms, hash) = time(intraday());
  println!("intraday {rows} rows: {ms:.1} ms (scaled to all rows) {}", &hash[..16]);
  for s in intraday() {
    let (ms, names) = time(vec![s]);
    println!("{ms:8.1} ms  {names}");
  }
}
