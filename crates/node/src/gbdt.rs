use std::sync::atomic::{AtomicI32, Ordering};

use cryptotune_core::binning::BinBounds;
use cryptotune_core::gbdt::model::ModelParts;
use cryptotune_core::gbdt::{model_io, BinnedView, Bootstrap, Growth, Metric, Model, Objective, ScanOrder, TrainParams, Trainer};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::error::{invalid, to_napi};

/// Core booster parameters (family names are mapped in `src/models/tree-families.ts`).
#[napi(object)]
pub struct NativeTrainParams {
  /// 'depthwise' | 'leafwise' | 'oblivious'
  pub growth: String,
  /// 'binary' | 'regression'
  pub objective: String,
  /// 'logloss' | 'auc' | 'l2'
  pub metric: String,
  pub rounds: u32,
  pub learning_rate: f64,
  pub max_depth: u32,
  pub num_leaves: u32,
  pub lambda_l2: f64,
  pub alpha_l1: f64,
  pub min_split_gain: f64,
  pub min_child_weight: f64,
  pub min_data_in_leaf: u32,
  /// 'none' | 'bernoulli' | 'bayesian'
  pub bootstrap: String,
  pub subsample: f64,
  pub bagging_temperature: f64,
  pub colsample_bytree: f64,
  pub colsample_bylevel: f64,
  pub scale_pos_weight: f64,
  /// 'forward' (XGBoost's split conventions, the default) | 'reverse' (LightGBM's)
  pub scan_order: Option<String>,
  pub seed: u32,
  pub early_stopping_rounds: u32,
  pub threads: u32,
}

fn convert(p: &NativeTrainParams) -> Result<TrainParams> {
  let growth = match p.growth.as_str() {
    "depthwise" => Growth::DepthWise,
    "leafwise" => Growth::LeafWise,
    "oblivious" => Growth::Oblivious,
    g => return Err(invalid("ERR_PARAM_VALUE", format!("growth must be depthwise, leafwise or oblivious, got '{g}'"))),
  };
  let objective = match p.objective.as_str() {
    "binary" => Objective::Binary,
    "regression" => Objective::Regression,
    o => return Err(invalid("ERR_PARAM_VALUE", format!("objective must be 'binary' or 'regression', got '{o}'"))),
  };
  let metric = match p.metric.as_str() {
    "logloss" => Metric::Logloss,
    "auc" => Metric::Auc,
    "l2" => Metric::L2,
    m => return Err(invalid("ERR_PARAM_VALUE", format!("metric must be logloss, auc or l2, got '{m}'"))),
  };
  let bootstrap = match p.bootstrap.as_str() {
    "none" => Bootstrap::None,
    "bernoulli" => Bootstrap::Bernoulli,
    "bayesian" => Bootstrap::Bayesian,
    b => return Err(invalid("ERR_PARAM_VALUE", format!("bootstrap must be none, bernoulli or bayesian, got '{b}'"))),
  };
  let scan_order = match p.scan_order.as_deref().unwrap_or("forward") {
    "forward" => ScanOrder::Forward,
    "reverse" => ScanOrder::Reverse,
    s => return Err(invalid("ERR_PARAM_VALUE", format!("scanOrder must be 'forward' or 'reverse', got '{s}'"))),
  };
  Ok(TrainParams {
    growth,
    objective,
    metric,
    rounds: p.rounds as usize,
    learning_rate: p.learning_rate,
    max_depth: p.max_depth as usize,
    num_leaves: p.num_leaves as usize,
    lambda_l2: p.lambda_l2,
    alpha_l1: p.alpha_l1,
    min_split_gain: p.min_split_gain,
    min_child_weight: p.min_child_weight,
    min_data_in_leaf: p.min_data_in_leaf as usize,
    bootstrap,
    subsample: p.subsample,
    bagging_temperature: p.bagging_temperature,
    colsample_bytree: p.colsample_bytree,
    colsample_bylevel: p.colsample_bylevel,
    scale_pos_weight: p.scale_pos_weight,
    scan_order,
    seed: p.seed as u64,
    early_stopping_rounds: p.early_stopping_rounds as usize,
    threads: p.threads as usize,
  })
}

fn bounds(values: &[f32], offsets: &[u32]) -> Result<BinBounds> {
  if offsets.len() < 2 || offsets[0] != 0 || offsets.windows(2).any(|w| w[1] <= w[0]) || *offsets.last().unwrap() as usize != values.len() {
    return Err(invalid("ERR_BIN_SHAPE", "bin bounds are inconsistent; rebuild the Dataset"));
  }
  Ok(BinBounds { bounds: values.to_vec(), offsets: offsets.to_vec() })
}

/// Result of one `step`.
#[napi(object)]
pub struct NativeStepOutcome {
  pub rounds: u32,
  pub valid_score: f64,
  pub train_score: f64,
  pub finished: bool,
  pub early_stopped: bool,
}

/// Boosting state between steps; the bins are borrowed only during `step`.
#[napi]
pub struct GbdtTrainer {
  inner: Trainer,
}

#[napi]
impl GbdtTrainer {
  /// Validate parameters, labels and fold rows. `binOffsets` are the dataset's bound offsets.
  #[napi(constructor)]
  pub fn new(params: NativeTrainParams, bin_offsets: Uint32Array, rows: u32, label: Float32Array, train_rows: Uint32Array, valid_rows: Option<Uint32Array>) -> Result<Self> {
    let p = convert(&params)?;
    let vb: Vec<u16> = bin_offsets.windows(2).map(|w| (w[1] - w[0]).min(u16::MAX as u32) as u16).collect();
    let valid: &[u32] = valid_rows.as_deref().unwrap_or(&[]);
    let inner = Trainer::new(p, vb, rows as usize, &label, &train_rows, valid).map_err(to_napi)?;
    Ok(GbdtTrainer { inner })
  }

  /// Train up to `maxRounds` more rounds. `cancel[0]` (a SharedArrayBuffer slot) is read before
  /// every round; non-zero stops with ERR_ABORTED.
  #[napi]
  pub fn step(&mut self, bins: Uint8Array, rows: u32, max_rounds: u32, want_train_score: bool, cancel: Option<Int32Array>) -> Result<NativeStepOutcome> {
    let slot: Option<&AtomicI32> = match cancel.as_deref() {
      Some([]) => return Err(invalid("ERR_PARAM_VALUE", "cancel must be an Int32Array with at least one element")),
      // SAFETY: an i32 in a (possibly shared) buffer, read atomically; it outlives this call.
      Some(s) => Some(unsafe { AtomicI32::from_ptr(s.as_ptr() as *mut i32) }),
      None => None,
    };
    let stop = || slot.is_some_and(|a| a.load(Ordering::Relaxed) != 0);
    let view = BinnedView { bins: &bins, rows: rows as usize };
    let o = self.inner.step(&view, max_rounds as usize, want_train_score, &stop).map_err(to_napi)?;
    Ok(NativeStepOutcome { rounds: o.rounds as u32, valid_score: o.valid_score, train_score: o.train_score, finished: o.finished, early_stopped: o.early_stopped })
  }

  /// The model (truncated to the best round under early stopping).
  #[napi]
  pub fn finish(&self, bounds_values: Float32Array, bounds_offsets: Uint32Array) -> Result<GbdtModel> {
    let bb = bounds(&bounds_values, &bounds_offsets)?;
    Ok(GbdtModel { inner: self.inner.finish(&bb).map_err(to_napi)? })
  }
}

/// A model's flat arrays (for JSON).
#[napi(object)]
pub struct NativeModelParts {
  pub objective: String,
  pub base_score: f64,
  pub n_features: u32,
  pub value_bins: Uint16Array,
  pub best_round: u32,
  pub tree_offsets: Uint32Array,
  pub feature: Int32Array,
  pub bin: Uint8Array,
  pub threshold: Float32Array,
  pub default_left: Uint8Array,
  pub left: Uint32Array,
  pub right: Uint32Array,
  pub value: Float32Array,
  pub gain: Float32Array,
  pub count: Uint32Array,
}

/// A trained tree ensemble.
#[napi]
pub struct GbdtModel {
  inner: Model,
}

#[napi]
impl GbdtModel {
  /// Predict from raw column-major f32 features; probabilities for binary unless `rawScore`.
  #[napi]
  pub fn predict_raw(&self, data: Float32Array, rows: u32, subset: Option<Uint32Array>, raw_score: bool) -> Result<Float32Array> {
    let n = subset.as_ref().map_or(rows as usize, |s| s.len());
    let mut out = vec![0f32; n];
    self.inner.predict_raw(&data, rows as usize, subset.as_deref(), &mut out, raw_score).map_err(to_napi)?;
    Ok(Float32Array::new(out))
  }

  /// Predict from the u8 bins the model was trained on.
  #[napi]
  pub fn predict_bins(&self, bins: Uint8Array, rows: u32, subset: Option<Uint32Array>, raw_score: bool) -> Result<Float32Array> {
    let n = subset.as_ref().map_or(rows as usize, |s| s.len());
    let mut out = vec![0f32; n];
    self.inner.predict_bins(&bins, rows as usize, subset.as_deref(), &mut out, raw_score).map_err(to_napi)?;
    Ok(Float32Array::new(out))
  }

  /// Per-feature importance: 'gain' (total split gain) or 'split' (number of splits).
  #[napi]
  pub fn importance(&self, kind: String) -> Result<Float64Array> {
    let by_gain = match kind.as_str() {
      "gain" => true,
      "split" => false,
      k => return Err(invalid("ERR_PARAM_VALUE", format!("importance kind must be 'gain' or 'split', got '{k}'"))),
    };
    Ok(Float64Array::new(self.inner.importance(by_gain)))
  }

  #[napi(getter)]
  pub fn n_trees(&self) -> u32 {
    self.inner.n_trees() as u32
  }

  /// 'binary' | 'regression'
  #[napi(getter)]
  pub fn objective(&self) -> String {
    match self.inner.parts().objective {
      Objective::Binary => "binary",
      Objective::Regression => "regression",
    }
    .to_string()
  }

  #[napi]
  pub fn to_bytes(&self) -> Uint8Array {
    Uint8Array::new(model_io::to_bytes(&self.inner))
  }

  #[napi(factory)]
  pub fn from_bytes(bytes: Uint8Array) -> Result<GbdtModel> {
    Ok(GbdtModel { inner: model_io::from_bytes(&bytes).map_err(to_napi)? })
  }

  #[napi]
  pub fn parts(&self) -> NativeModelParts {
    let p = self.inner.parts();
    NativeModelParts {
      objective: match p.objective {
        Objective::Binary => "binary".into(),
        Objective::Regression => "regression".into(),
      },
      base_score: p.base_score,
      n_features: p.n_features as u32,
      value_bins: Uint16Array::new(p.value_bins.clone()),
      best_round: p.best_round,
      tree_offsets: Uint32Array::new(p.tree_offsets.clone()),
      feature: Int32Array::new(p.feature.clone()),
      bin: Uint8Array::new(p.bin.clone()),
      threshold: Float32Array::new(p.threshold.clone()),
      default_left: Uint8Array::new(p.default_left.clone()),
      left: Uint32Array::new(p.left.clone()),
      right: Uint32Array::new(p.right.clone()),
      value: Float32Array::new(p.value.clone()),
      gain: Float32Array::new(p.gain.clone()),
      count: Uint32Array::new(p.count.clone()),
    }
  }

  #[napi(factory)]
  pub fn from_parts(p: NativeModelParts) -> Result<GbdtModel> {
    let objective = match p.objective.as_str() {
      "binary" => Objective::Binary,
      "regression" => Objective::Regression,
      o => return Err(invalid("ERR_MODEL_CORRUPT", format!("model objective '{o}' is unknown"))),
    };
    let parts = ModelParts {
      objective,
      base_score: p.base_score,
      n_features: p.n_features as usize,
      value_bins: p.value_bins.to_vec(),
      best_round: p.best_round,
      tree_offsets: p.tree_offsets.to_vec(),
      feature: p.feature.to_vec(),
      bin: p.bin.to_vec(),
      threshold: p.threshold.to_vec(),
      default_left: p.default_left.to_vec(),
      left: p.left.to_vec(),
      right: p.right.to_vec(),
      value: p.value.to_vec(),
      gain: p.gain.to_vec(),
      count: p.count.to_vec(),
    };
    Ok(GbdtModel { inner: Model::from_parts(parts).map_err(to_napi)? })
  }
}
