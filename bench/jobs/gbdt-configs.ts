/**
 * The same hyperparameters in our family names and in each peer's, for the GBDT bench and the
 * parity test: 63 leaves, learning rate 0.05, subsample 0.8, colsample 0.8, 255 bins, one thread.
 */
import type { TreeFamily } from '../../src/index.js';

export interface PeerConfig {
  name: string;
  family: TreeFamily;
  ours: Record<string, number | string>;
  script: string;
  peer: string;
  theirs: Record<string, number | string>;
}

export function gbdtConfigs(rounds: number): PeerConfig[] {
  return [
    {
      name: 'leafwise',
      family: 'lightgbm',
      ours: { n_estimators: rounds, num_leaves: 63, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8 },
      script: 'gbdt_lightgbm.py',
      peer: 'lightgbm',
      theirs: { n_estimators: rounds, num_leaves: 63, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8, max_bin: 255 },
    },
    {
      name: 'lossguide',
      family: 'xgboost',
      ours: { n_estimators: rounds, grow_policy: 'lossguide', max_leaves: 63, max_depth: 0, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8 },
      script: 'gbdt_xgboost.py',
      peer: 'xgboost-hist',
      theirs: { n_estimators: rounds, grow_policy: 'lossguide', max_leaves: 63, max_depth: 0, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8, max_bin: 256 },
    },
    {
      name: 'depthwise',
      family: 'xgboost',
      ours: { n_estimators: rounds, max_depth: 6, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8 },
      script: 'gbdt_xgboost.py',
      peer: 'xgboost-hist',
      theirs: { n_estimators: rounds, grow_policy: 'depthwise', max_depth: 6, learning_rate: 0.05, subsample: 0.8, colsample_bytree: 0.8, max_bin: 256 },
    },
    {
      name: 'oblivious',
      family: 'catboost',
      ours: { iterations: rounds, depth: 6, learning_rate: 0.05, l2_leaf_reg: 3, bootstrap_type: 'Bernoulli', subsample: 0.8, colsample_bylevel: 0.8 },
      script: 'gbdt_catboost.py',
      peer: 'catboost',
      theirs: { iterations: rounds, depth: 6, learning_rate: 0.05, l2_leaf_reg: 3, bootstrap_type: 'Bernoulli', subsample: 0.8, colsample_bylevel: 0.8, border_count: 254 },
    },
  ];
}
