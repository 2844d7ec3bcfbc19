//! The boosting loop. A `Trainer` keeps the state between calls (scores, trees, generator) and
//! borrows the bins only for the duration of `step`, so a binding can hand control back to
//! JavaScript every few rounds (progress callbacks, pruning, AbortSignal) without holding on to
//! JS memory.

use super::compact_hist::SMALL_NODE_ROWS;
use super::depthwise;
use super::grow::GrowCtx;
use super::histogram::GradPair;
use super::leafwise;
use super::lightgbm_split::{feature_meta, FeatureMeta};
use super::metric::evaluate;
use super::model::Model;
use super::objective::{base_score, gradients};
use super::oblivious::{self, MAX_OBLIVIOUS_DEPTH};
use super::params::{Bootstrap, Growth, Objective, ScanOrder, TrainParams};
use super::rng::Rng;
use super::sampling::{bayesian_weight, bernoulli_bag, sample_features};
use super::scratch::Scratch;
use super::split::SplitParams;
use super::tree::Tree;
use crate::binning::BinBounds;
use crate::error::{CoreError, CoreResult};

/// Column-major u8 bins, `rows` × `value_bins.len()`.
#[derive(Clone, Copy)]
pub struct BinnedView<'a> {
  pub bins: &'a [u8],
  pub rows: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepOutcome {
  /// Rounds trained so far (all steps).
  pub rounds: usize,
  /// Validation metric after the last round of this step (NaN without validation rows).
  pub valid_score: f64,
  /// Training metric after the last round, when asked for (else NaN).
  pub train_score: f64,
  /// No more rounds: all rounds done or early stopping triggered.
  pub finished: bool,
  pub early_stopped: bool,
}

pub struct Trainer {
  p: TrainParams,
  value_bins: Vec<u16>,
  rows: usize,
  label: Vec<f32>,
  train: Vec<u32>,
  valid: Vec<u32>,
  score: Vec<f64>,
  grad: Vec<f32>,
  hess: Vec<f32>,
  base: f64,
  trees: Vec<Tree>,
  rng: Rng,
  best_round: usize,
  best_score: f64,
  finished: bool,
  early_stopped: bool,
  /// Histogram pool, small-node buffer and row-major bins (one thread, filled when taken),
  /// borrowed from the thread by `step` and given back once training finishes (or on drop).
  scratch_bufs: Option<Scratch>,
  scratch: Vec<u32>,
  ordered: Vec<GradPair>,
  bag: Vec<u32>,
  in_bag: Vec<bool>,
  /// LightGBM's view of each feature (`ScanOrder::Reverse`), from the whole dataset's bins on
  /// the first step, as LightGBM's bin mappers see every row.
  meta: Vec<FeatureMeta>,
}

fn check_rows(name: &str, rows: &[u32], n: usize) -> CoreResult<()> {
  if let Some(&r) = rows.iter().find(|&&r| r as usize >= n) {
    return Err(CoreError::new("ERR_MODEL_ROW_RANGE", format!("{name} contains row {r} but the dataset has {n} rows")));
  }
  Ok(())
}

fn check_labels(name: &str, label: &[f32], rows: &[u32], objective: Objective) -> CoreResult<()> {
  for &r in rows {
    let y = label[r as usize];
    if !y.is_finite() {
      return Err(CoreError::new(
        "ERR_MODEL_LABEL_NOT_FINITE",
        format!("label at row {r} ({name}) is {y}; drop rows whose label is undefined (e.g. the last horizon bars) from the fold"),
      )
      .at_row(r as u64));
    }
    if objective == Objective::Binary && y != 0.0 && y != 1.0 {
      return Err(CoreError::new("ERR_MODEL_LABEL_NOT_BINARY", format!("binary labels must be 0 or 1, row {r} has {y}; use objective 'regression' for continuous targets")).at_row(r as u64));
    }
  }
  Ok(())
}

impl Trainer {
  /// Validate everything once; `value_bins[c]` is column c's number of value bins (its NaN bin).
  pub fn new(p: TrainParams, value_bins: Vec<u16>, rows: usize, label: &[f32], train: &[u32], valid: &[u32]) -> CoreResult<Trainer> {
    p.validate()?;
    if p.growth == Growth::Oblivious && p.max_depth > MAX_OBLIVIOUS_DEPTH {
      return Err(CoreError::new("ERR_PARAM_RANGE", format!("depth must be in [1, {MAX_OBLIVIOUS_DEPTH}] for oblivious trees, got {}", p.max_depth)).in_column("depth"));
    }
    if value_bins.is_empty() {
      return Err(CoreError::new("ERR_MODEL_NO_FEATURES", "the dataset has zero feature columns; add at least one feature"));
    }
    if value_bins.iter().any(|&b| b == 0 || b > 255) {
      return Err(CoreError::new("ERR_BIN_SHAPE", "every column needs 1..=255 value bins"));
    }
    if label.len() != rows {
      return Err(CoreError::new("ERR_MODEL_LENGTH_MISMATCH", format!("label has {} values but the dataset has {rows} rows; pass one label per row", label.len())));
    }
    if train.is_empty() {
      return Err(CoreError::new("ERR_MODEL_EMPTY_FOLD", "trainRows is empty; a fold needs at least one training row"));
    }
    check_rows("trainRows", train, rows)?;
    check_rows("validRows", valid, rows)?;
    check_labels("trainRows", label, train, p.objective)?;
    check_labels("validRows", label, valid, p.objective)?;
    if p.objective == Objective::Binary {
      let pos = train.iter().filter(|&&r| label[r as usize] == 1.0).count();
      if pos == 0 || pos == train.len() {
        return Err(CoreError::new(
          "ERR_MODEL_SINGLE_CLASS",
          format!("the training rows hold a single class ({}); a binary model needs both 0 and 1 labels in the fold", if pos == 0 { 0 } else { 1 }),
        ));
      }
    }
    let mut train = train.to_vec();
    train.sort_unstable();
    let base = base_score(p.objective, label, &train);
    let mut score = vec![0f64; rows];
    for &r in train.iter().chain(valid) {
      score[r as usize] = base;
    }
    let rng = Rng::new(p.seed);
    Ok(Trainer {
      best_score: if p.metric.higher_is_better() { f64::NEG_INFINITY } else { f64::INFINITY },
      p,
      value_bins,
      rows,
      label: label.to_vec(),
      train,
      valid: valid.to_vec(),
      score,
      grad: vec![0f32; rows],
      hess: vec![0f32; rows],
      base,
      trees: Vec::new(),
      rng,
      best_round: 0,
      finished: false,
      early_stopped: false,
      scratch_bufs: None,
      scratch: Vec::new(),
      ordered: Vec::new(),
      bag: Vec::new(),
      in_bag: vec![false; rows],
      meta: Vec::new(),
    })
  }

  pub fn rounds(&self) -> usize {
    self.trees.len()
  }

  fn check_view(&self, v: &BinnedView) -> CoreResult<()> {
    if v.rows != self.rows || v.bins.len() != self.rows * self.value_bins.len() {
      return Err(CoreError::new(
        "ERR_MODEL_LENGTH_MISMATCH",
        format!("bins hold {} bytes; expected {} rows × {} columns", v.bins.len(), self.rows, self.value_bins.len()),
      ));
    }
    Ok(())
  }

  /// Train up to `max_rounds` more rounds. `cancel` is polled before every round; when it says
  /// stop, the call fails with ERR_ABORTED (the trainer stays usable for `finish`).
  pub fn step(&mut self, v: &BinnedView, max_rounds: usize, want_train_score: bool, cancel: &dyn Fn() -> bool) -> CoreResult<StepOutcome> {
    self.check_view(v)?;
    let cols = self.value_bins.len();
    if self.scratch_bufs.is_none() {
      // the dataset's bins are immutable, so the row-major copy is made once per borrow
      let mut bufs = Scratch::take(cols);
      if self.p.threads <= 1 {
        super::histogram::to_row_major_into(v.bins, self.rows, cols, &mut bufs.row_major);
      }
      self.scratch_bufs = Some(bufs);
    }
    if self.meta.is_empty() && self.p.scan_order == ScanOrder::Reverse {
      self.meta = feature_meta(v.bins, self.rows, &self.value_bins);
    }
    let mut last_valid = f64::NAN;
    let mut done = 0;
    while done < max_rounds && !self.finished {
      if cancel() {
        return Err(CoreError::new("ERR_ABORTED", format!("training was cancelled after {} rounds", self.trees.len())));
      }
      self.round(v);
      done += 1;
      let round = self.trees.len();
      let es = self.p.early_stopping_rounds > 0 && !self.valid.is_empty();
      if es || (done == max_rounds || round == self.p.rounds) && !self.valid.is_empty() {
        last_valid = evaluate(self.p.metric, &self.label, &self.score, &self.valid);
      }
      if es {
        let better = if self.p.metric.higher_is_better() { last_valid > self.best_score } else { last_valid < self.best_score };
        if better {
          self.best_score = last_valid;
          self.best_round = round;
        } else if round - self.best_round >= self.p.early_stopping_rounds {
          self.finished = true;
          self.early_stopped = true;
        }
      } else {
        self.best_round = round;
      }
      if round >= self.p.rounds {
        self.finished = true;
      }
    }
    let train_score = if want_train_score { evaluate(self.p.metric, &self.label, &self.score, &self.train) } else { f64::NAN };
    if self.finished {
      self.release_buffers();
    }
    Ok(StepOutcome { rounds: self.trees.len(), valid_score: last_valid, train_score, finished: self.finished, early_stopped: self.early_stopped })
  }

  fn round(&mut self, v: &BinnedView) {
    let p = self.p.clone();
    // rows of this tree, and their gradients
    let bag_all = p.bootstrap != Bootstrap::Bernoulli || p.subsample >= 1.0;
    if bag_all {
      self.bag.clear();
      self.bag.extend_from_slice(&self.train);
    } else {
      bernoulli_bag(&self.train, p.subsample, &mut self.rng, &mut self.bag);
    }
    gradients(p.objective, p.scale_pos_weight, p.scan_order == ScanOrder::Reverse, &self.label, &self.score, &self.bag, &mut self.grad, &mut self.hess);
    if p.bootstrap == Bootstrap::Bayesian {
      for &r in &self.bag {
        let w = bayesian_weight(&mut self.rng, p.bagging_temperature) as f32;
        self.grad[r as usize] *= w;
        self.hess[r as usize] *= w;
      }
    }
    let all: Vec<usize> = (0..self.value_bins.len()).collect();
    let features = if p.colsample_bytree < 1.0 { sample_features(&all, p.colsample_bytree, &mut self.rng) } else { all };
    let mut idx = std::mem::take(&mut self.bag);
    let bufs = self.scratch_bufs.as_mut().expect("step borrows the buffers before any round");
    let row_major: &[u8] = if p.threads <= 1 { &bufs.row_major } else { &[] };
    let mut ctx = GrowCtx {
      bins: v.bins,
      row_major,
      rows: self.rows,
      value_bins: &self.value_bins,
      grad: &self.grad,
      hess: &self.hess,
      sp: SplitParams {
        lambda: p.lambda_l2,
        alpha: p.alpha_l1,
        min_child_weight: p.min_child_weight,
        min_data: p.min_data_in_leaf as f64,
        min_gain: p.min_split_gain,
        scan: p.scan_order,
      },
      features,
      colsample_bylevel: p.colsample_bylevel,
      max_depth: p.max_depth,
      num_leaves: p.num_leaves,
      threads: p.threads,
      pool: &mut bufs.pool,
      compact: &mut bufs.compact,
      // oblivious levels scan every node's dense histogram for one shared split; LightGBM's
      // arithmetic derives every larger sibling from its parent's dense histogram
      small_node: if p.growth == Growth::Oblivious || p.scan_order == ScanOrder::Reverse { 0 } else { SMALL_NODE_ROWS },
      scratch: &mut self.scratch,
      ordered: &mut self.ordered,
      rng: &mut self.rng,
      meta: &self.meta,
      splittable: Vec::new(),
    };
    let (mut tree, leaves) = match p.growth {
      Growth::DepthWise => depthwise::grow(&mut ctx, &mut idx),
      Growth::LeafWise => leafwise::grow(&mut ctx, &mut idx),
      Growth::Oblivious => oblivious::grow(&mut ctx, &mut idx),
    };
    let sp = ctx.sp;
    for l in &leaves {
      let value = p.learning_rate * l.output.unwrap_or_else(|| sp.leaf_value(l.sums));
      tree.nodes[l.node as usize].value = value;
      for &r in &idx[l.start..l.end] {
        self.score[r as usize] += value;
      }
    }
    // rows outside the bag (out-of-bag training rows, validation rows) are routed through the tree
    let oob = idx.len() < self.train.len();
    if oob {
      for &r in &idx {
        self.in_bag[r as usize] = true;
      }
    }
    for &r in self.train.iter().filter(|_| oob).chain(self.valid.iter()) {
      if !self.in_bag[r as usize] {
        self.score[r as usize] += if row_major.is_empty() {
          route(&tree, &self.value_bins, |f| v.bins[f * self.rows + r as usize])
        } else {
          let row = &row_major[r as usize * self.value_bins.len()..(r as usize + 1) * self.value_bins.len()];
          route(&tree, &self.value_bins, |f| row[f])
        };
      }
    }
    if oob {
      for &r in &idx {
        self.in_bag[r as usize] = false;
      }
    }
    self.bag = idx;
    self.trees.push(tree);
  }

  /// Give the buffers back to the thread. `step` does it once training has finished, because a
  /// JavaScript wrapper is dropped only when the garbage collector finalises it, long after the
  /// next trial has started; a later `step` borrows them again.
  pub fn release_buffers(&mut self) {
    if let Some(s) = self.scratch_bufs.take() {
      s.recycle();
    }
  }

  /// The model of the best round (early stopping) or of every round, with raw thresholds.
  pub fn finish(&self, bounds: &BinBounds) -> CoreResult<Model> {
    if bounds.columns() != self.value_bins.len() {
      return Err(CoreError::new("ERR_MODEL_LENGTH_MISMATCH", "bin bounds do not belong to the trained dataset"));
    }
    Model::from_trees(self.p.objective, self.base, &self.value_bins, bounds, &self.trees[..self.best_round.max(1).min(self.trees.len())], self.best_round)
  }
}

impl Drop for Trainer {
  fn drop(&mut self) {
    self.release_buffers();
  }
}

/// Leaf value of one row whose bin of feature `f` is `bin(f)` (column-major or row-major bins).
#[inline]
pub fn route(tree: &Tree, value_bins: &[u16], bin: impl Fn(usize) -> u8) -> f64 {
  let mut i = 0;
  loop {
    let n = &tree.nodes[i];
    if n.feature < 0 {
      return n.value;
    }
    let f = n.feature as usize;
    let b = bin(f);
    let left = b <= n.bin || (b as u16 == value_bins[f] && n.default_left);
    i = if left { n.left } else { n.right } as usize;
  }
}
