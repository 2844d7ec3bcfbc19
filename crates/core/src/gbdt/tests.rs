//! End-to-end checks of the booster on a synthetic problem with a known signal.

use super::metric::auc;
use super::model_io::{from_bytes, to_bytes};
use super::params::{Bootstrap, Growth, TrainParams};
use super::rng::Rng;
use super::trainer::{BinnedView, Trainer};
use crate::binning::{apply_bins, compute_bounds};

struct Data {
  x: Vec<f32>,
  y: Vec<f32>,
  rows: usize,
}

/// y = 1 when a noisy nonlinear function of 2 of 5 features is positive; feature 3 has NaNs.
fn data(rows: usize, seed: u64) -> Data {
  let mut rng = Rng::new(seed);
  let cols = 5;
  let mut x = vec![0f32; rows * cols];
  for v in x.iter_mut() {
    *v = (rng.uniform() * 2.0 - 1.0) as f32;
  }
  for r in 0..rows {
    if r % 7 == 0 {
      x[3 * rows + r] = f32::NAN;
    }
  }
  let y = (0..rows)
    .map(|r| {
      let a = x[r] as f64;
      let b = x[rows + r] as f64;
      let s = a * a - 0.3 + b * 0.8 + (rng.uniform() - 0.5) * 0.6;
      (s > 0.0) as u8 as f32
    })
    .collect();
  Data { x, y, rows }
}

fn fit(d: &Data, p: TrainParams, train: &[u32], valid: &[u32]) -> (super::Model, Vec<u8>) {
  let bounds = compute_bounds(&d.x, d.rows, 255).unwrap();
  let mut bins = vec![0u8; d.x.len()];
  apply_bins(&d.x, d.rows, &bounds, &mut bins).unwrap();
  let vb: Vec<u16> = (0..bounds.columns()).map(|c| bounds.value_bins(c) as u16).collect();
  let mut t = Trainer::new(p.clone(), vb, d.rows, &d.y, train, valid).unwrap();
  let view = BinnedView { bins: &bins, rows: d.rows };
  while !t.step(&view, 7, false, &|| false).unwrap().finished {}
  (t.finish(&bounds).unwrap(), bins)
}

fn params(growth: Growth) -> TrainParams {
  TrainParams { growth, rounds: 60, max_depth: if growth == Growth::LeafWise { 0 } else { 4 }, num_leaves: 15, learning_rate: 0.2, lambda_l2: 1.0, ..Default::default() }
}

fn holdout_auc(d: &Data, m: &super::Model, rows: &[u32]) -> f64 {
  let mut out = vec![0f32; rows.len()];
  m.predict_raw(&d.x, d.rows, Some(rows), &mut out, false).unwrap();
  auc(rows.iter().zip(&out).map(|(&r, &s)| (s as f64, d.y[r as usize] > 0.5)).collect())
}

#[test]
fn every_growth_style_learns_the_signal_and_raw_equals_bin_prediction() {
  let d = data(6000, 1);
  let train: Vec<u32> = (0..4000).collect();
  let test: Vec<u32> = (4000..6000).collect();
  for g in [Growth::DepthWise, Growth::LeafWise, Growth::Oblivious] {
    let (m, bins) = fit(&d, params(g), &train, &[]);
    let a = holdout_auc(&d, &m, &test);
    assert!(a > 0.9, "{g:?} auc {a}");
    let mut raw = vec![0f32; d.rows];
    let mut binned = vec![0f32; d.rows];
    m.predict_raw(&d.x, d.rows, None, &mut raw, true).unwrap();
    m.predict_bins(&bins, d.rows, None, &mut binned, true).unwrap();
    assert_eq!(raw, binned, "{g:?}");
  }
}

#[test]
fn oblivious_trees_are_symmetric() {
  let d = data(3000, 2);
  let train: Vec<u32> = (0..3000).collect();
  let (m, _) = fit(&d, params(Growth::Oblivious), &train, &[]);
  let p = m.parts();
  let nodes = &p.feature[p.tree_offsets[0] as usize..p.tree_offsets[1] as usize];
  let internal: Vec<i32> = nodes.iter().copied().filter(|&f| f >= 0).collect();
  assert_eq!(internal.len(), 15, "depth 4 → 15 internal nodes");
  // level 2 nodes (ids 1, 2) share the root's level-1 split feature
  assert_eq!(nodes[1], nodes[2]);
}

#[test]
fn same_seed_same_model_other_seed_other_model_with_sampling() {
  let d = data(3000, 3);
  let train: Vec<u32> = (0..3000).collect();
  let mut p = params(Growth::LeafWise);
  p.bootstrap = Bootstrap::Bernoulli;
  p.subsample = 0.7;
  p.colsample_bytree = 0.6;
  p.seed = 11;
  let a = to_bytes(&fit(&d, p.clone(), &train, &[]).0);
  let b = to_bytes(&fit(&d, p.clone(), &train, &[]).0);
  assert_eq!(a, b);
  p.seed = 12;
  assert_ne!(a, to_bytes(&fit(&d, p, &train, &[]).0));
}

#[test]
fn bayesian_bootstrap_and_regression_train() {
  let d = data(3000, 4);
  let train: Vec<u32> = (0..2000).collect();
  let test: Vec<u32> = (2000..3000).collect();
  let mut p = params(Growth::Oblivious);
  p.bootstrap = Bootstrap::Bayesian;
  p.bagging_temperature = 1.0;
  let (m, _) = fit(&d, p, &train, &[]);
  assert!(holdout_auc(&d, &m, &test) > 0.88);
  let mut p = params(Growth::DepthWise);
  p.objective = super::Objective::Regression;
  p.metric = super::Metric::L2;
  let (m, _) = fit(&d, p, &train, &[]);
  assert!(holdout_auc(&d, &m, &test) > 0.88);
}

#[test]
fn early_stopping_keeps_the_best_round() {
  let d = data(3000, 5);
  let train: Vec<u32> = (0..1500).collect();
  let valid: Vec<u32> = (1500..3000).collect();
  let mut p = params(Growth::LeafWise);
  p.rounds = 400;
  p.learning_rate = 0.5;
  p.num_leaves = 63;
  p.min_data_in_leaf = 1;
  p.early_stopping_rounds = 10;
  let (m, _) = fit(&d, p, &train, &valid);
  assert!(m.n_trees() < 400);
  assert_eq!(m.n_trees(), m.parts().best_round as usize);
}

#[test]
fn bytes_round_trip_and_corrupt_bytes_are_refused() {
  let d = data(2000, 6);
  let train: Vec<u32> = (0..2000).collect();
  let (m, _) = fit(&d, params(Growth::DepthWise), &train, &[]);
  let b = to_bytes(&m);
  let back = from_bytes(&b).unwrap();
  assert_eq!(back.parts(), m.parts());
  assert_eq!(from_bytes(&b[..b.len() - 3]).unwrap_err().code, "ERR_MODEL_CORRUPT");
  let mut bad = b.clone();
  bad[0] = b'X';
  assert_eq!(from_bytes(&bad).unwrap_err().code, "ERR_MODEL_CORRUPT");
}

#[test]
fn bad_labels_folds_and_cancel_are_refused() {
  let d = data(100, 7);
  let vb = vec![10u16; 5];
  let rows: Vec<u32> = (0..100).collect();
  let p = TrainParams::default();
  let err = |y: &[f32], tr: &[u32]| Trainer::new(p.clone(), vb.clone(), 100, y, tr, &[]).err().unwrap().code;
  let mut y = d.y.clone();
  y[5] = f32::NAN;
  assert_eq!(err(&y, &rows), "ERR_MODEL_LABEL_NOT_FINITE");
  assert_eq!(err(&vec![1.0; 100], &rows), "ERR_MODEL_SINGLE_CLASS");
  assert_eq!(err(&d.y, &[]), "ERR_MODEL_EMPTY_FOLD");
  assert_eq!(err(&d.y, &[100]), "ERR_MODEL_ROW_RANGE");
  assert_eq!(err(&d.y[..50], &rows), "ERR_MODEL_LENGTH_MISMATCH");
  let mut t = Trainer::new(p, vb, 100, &d.y, &rows, &[]).unwrap();
  let bins = vec![0u8; 500];
  let e = t.step(&BinnedView { bins: &bins, rows: 100 }, 5, false, &|| true).unwrap_err();
  assert_eq!(e.code, "ERR_ABORTED");
}
