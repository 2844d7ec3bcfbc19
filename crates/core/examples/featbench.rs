use cryptotune_core::features::{compute, Bars, FeaturePlan, FeatureSpec};
fn main() {
  let n = 500_000;
  let mut c = 100.0f64;
  let mut s = 1u64;
  let (mut t, mut h, mut l, mut cl, mut v) = (vec![], vec![], vec![], vec![], vec![]);
  for i in 0..n {
    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
    let r = (s % 10000) as f64 / 10000.0;
    c *= 1.0 + (r - 0.5) * 0.002;
    t.push(1_500_000_000_000i64 + i as i64 * 60_000); h.push(c * 1.001); l.push(c * 0.999); cl.push(c); v.push(r * 10.0);
  }
  {
    use cryptotune_core::features::window::MonotoneDeque;
    let mut best = f64::MAX;
    let mut acc = 0.0;
    for _ in 0..5 {
      let mut d = MonotoneDeque::new(14, true);
      let t0 = std::time::Instant::now();
      for &x in &h { d.push(x); acc += d.value(); }
      best = best.min(t0.elapsed().as_secs_f64() * 1e3);
    }
    println!("deque alone {best:.1} ms {acc}");
  }
  let kinds = std::env::args().skip(1).collect::<Vec<_>>();
  for k in kinds {
    let plan = FeaturePlan::new(vec![FeatureSpec::parse(&k, &[]).unwrap()]).unwrap();
    let bars = Bars { time: &t, open: None, high: Some(&h), low: Some(&l), close: &cl, volume: Some(&v), offsets: &[0, n as u32] };
    let mut out = vec![0f32; plan.columns() * n];
    let mut best = f64::MAX;
    for _ in 0..7 {
      let t0 = std::time::Instant::now();
      compute(&plan, &bars, &mut out).unwrap();
      best = best.min(t0.elapsed().as_secs_f64() * 1e3);
    }
    println!("{k} {best:.1} ms");
  }
}
