//! Binding of the feature engine: borrows the Frame's SharedArrayBuffer columns and the output
//! Float32Array for one synchronous call; `FeatureStream` holds per-asset state across chunks.

use cryptotune_core::features::{self, panel, spec, Bars, FeaturePlan, FeatureSpec};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::to_napi;
use crate::ohlcv_arrays::OhlcvArrays;

/// One feature spec: its kind and named numeric parameters (`names[i]` = `values[i]`).
#[napi(object)]
pub struct NativeFeatureSpec {
  pub kind: String,
  pub names: Vec<String>,
  pub values: Vec<f64>,
}

/// Output layout of a validated plan.
#[napi(object)]
pub struct FeatureLayout {
  pub names: Vec<String>,
  /// Columns of each spec, in order.
  pub widths: Vec<u32>,
  /// First fully defined row of each spec within an asset.
  pub warmups: Vec<u32>,
  /// The parameters each spec resolved to (defaults filled in), in the kind's parameter order.
  pub values: Vec<Vec<f64>>,
}

/// One parameter of a feature kind.
#[napi(object)]
pub struct FeatureParamInfo {
  pub name: String,
  pub default: f64,
  pub min: f64,
  pub max: f64,
  pub integer: bool,
}

/// A per-asset feature kind and its parameters.
#[napi(object)]
pub struct FeatureKindInfo {
  pub name: String,
  pub params: Vec<FeatureParamInfo>,
  pub needs_volume: bool,
}


fn plan_of(specs: &[NativeFeatureSpec]) -> Result<FeaturePlan> {
  let parsed = specs
    .iter()
    .map(|s| {
      let params: Vec<(String, f64)> = s.names.iter().cloned().zip(s.values.iter().cloned()).collect();
      FeatureSpec::parse(&s.kind, &params)
    })
    .collect::<std::result::Result<Vec<_>, _>>()
    .map_err(to_napi)?;
  FeaturePlan::new(parsed).map_err(to_napi)
}

fn bars<'a>(b: &'a OhlcvArrays, offsets: &'a [u32]) -> Bars<'a> {
  Bars {
    offsets,
    time: &b.time,
    open: b.open.as_deref(),
    high: b.high.as_deref(),
    low: b.low.as_deref(),
    close: &b.close,
    volume: b.volume.as_deref(),
  }
}

/// Every per-asset feature kind with its parameters, defaults and ranges.
#[napi]
pub fn feature_kinds() -> Vec<FeatureKindInfo> {
  spec::KINDS
    .iter()
    .map(|k| FeatureKindInfo {
      name: k.name.into(),
      params: k
        .params
        .iter()
        .map(|p| FeatureParamInfo { name: p.name.into(), default: p.default, min: p.min, max: p.max, integer: p.integer })
        .collect(),
      needs_volume: k.needs == spec::Needs::Volume,
    })
    .collect()
}

/// Validate per-asset specs and return their column names and warm-ups.
#[napi]
pub fn describe_features(specs: Vec<NativeFeatureSpec>) -> Result<FeatureLayout> {
  let plan = plan_of(&specs)?;
  Ok(FeatureLayout {
    names: plan.names.clone(),
    widths: plan.specs.iter().map(|s| s.names().len() as u32).collect(),
    warmups: plan.specs.iter().map(|s| s.warmup() as u32).collect(),
    values: plan.specs.iter().map(|s| s.values.clone()).collect(),
  })
}

/// Compute per-asset features of a whole frame into `out` (column-major, `columns × rows`).
#[napi]
pub fn compute_features(specs: Vec<NativeFeatureSpec>, input: OhlcvArrays, offsets: Uint32Array, mut out: Float32Array) -> Result<()> {
  let plan = plan_of(&specs)?;
  // SAFETY: the call is synchronous; JS allocated `out` for this result and does not touch it
  // until we return.
  let dst = unsafe { out.as_mut() };
  features::compute(&plan, &bars(&input, &offsets), dst).map_err(to_napi)
}

/// Per-asset features over consecutive chunks; each asset's indicator states carry over.
#[napi]
pub struct FeatureStream {
  inner: features::FeatureStream,
}

#[napi]
impl FeatureStream {
  #[napi(constructor)]
  pub fn new(specs: Vec<NativeFeatureSpec>) -> Result<Self> {
    Ok(FeatureStream { inner: features::FeatureStream::new(plan_of(&specs)?) })
  }

  /// Columns this stream writes.
  #[napi]
  pub fn columns(&self) -> u32 {
    self.inner.plan().columns() as u32
  }

  /// One chunk: `ids[i]` is the stable id of the chunk's asset group `i`.
  #[napi]
  pub fn push(&mut self, input: OhlcvArrays, offsets: Uint32Array, ids: Uint32Array, mut out: Float32Array) -> Result<()> {
    // SAFETY: synchronous call; `out` belongs to this result alone.
    let dst = unsafe { out.as_mut() };
    self.inner.push(&bars(&input, &offsets), &ids, dst).map_err(to_napi)
  }
}

/// Rows of a panel: time, close, asset offsets and an optional group code per row
/// (0xFFFFFFFF = no group).
#[napi(object)]
pub struct PanelInput {
  pub time: BigInt64Array,
  pub close: Float64Array,
  pub offsets: Uint32Array,
  pub group: Option<Uint32Array>,
  pub cap: Option<Float64Array>,
}

fn cap_of(p: &PanelInput) -> Result<&[f64]> {
  p.cap.as_deref().ok_or_else(|| crate::error::invalid("ERR_FEATURE_COLUMN_MISSING", "this panel feature needs a market cap column"))
}

/// Panel feature `kind` ('groupAverage' | 'priceRelativeGroup' | 'capRank' | 'groupLeaderCorrelation')
/// into `out` (capRank writes rank then percentile, 2 × rows).
#[napi]
pub fn compute_panel_feature(kind: String, input: PanelInput, period: u32, mut out: Float32Array) -> Result<()> {
  let idx = panel::PanelIndex::new(&input.time, &input.close, &input.offsets, input.group.as_deref()).map_err(to_napi)?;
  // SAFETY: synchronous call; `out` belongs to this result alone.
  let dst = unsafe { out.as_mut() };
  match kind.as_str() {
    "groupAverage" => idx.group_average(false, dst),
    "priceRelativeGroup" => idx.group_average(true, dst),
    "capRank" => idx.cap_rank(cap_of(&input)?, dst),
    "groupLeaderCorrelation" => idx.leader_correlation(cap_of(&input)?, period as usize, dst),
    other => return Err(crate::error::invalid("ERR_FEATURE_UNKNOWN_KIND", format!("unknown panel feature '{other}'"))),
  }
  .map_err(to_napi)
}

/// 1 where `codes[r] == code`, else 0.
#[napi]
pub fn one_hot(codes: Uint32Array, code: u32, mut out: Float32Array) -> Result<()> {
  // SAFETY: synchronous call; `out` belongs to this result alone.
  let dst = unsafe { out.as_mut() };
  panel::one_hot(&codes, code, dst).map_err(to_napi)
}
