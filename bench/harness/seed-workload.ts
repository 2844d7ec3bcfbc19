import type { CryptoOptimizerOptions } from '../../src/optimizer.js';

/**
 * The seed workload the e2e and gbdt seed-panel benches share: the Python system's panel, market cap
 * 0–10 M, high_return over 30 days > 100 %, the seed feature preset, a 60/20/20 time split, seed 42.
 */
export function seedWorkload(file: string): Pick<CryptoOptimizerOptions, 'data' | 'ingest' | 'filter' | 'target' | 'features' | 'split' | 'models' | 'seed'> {
  return {
    data: file,
    ingest: { policies: { nonPositivePrice: 'drop', nonFinite: 'fix' } },
    filter: { column: 'market_cap', min: 0, max: 10_000_000 },
    target: { kind: 'highReturn', horizon: 30, threshold: 1 },
    features: 'seed',
    split: { kind: 'holdout', train: 0.6, valid: 0.2, test: 0.2 },
    models: ['xgboost'],
    seed: 42,
  };
}
