/**
 * The seed workload end to end: the Python system's own panel, market cap 0–10 M, high_return
 * over 30 days > 100 %, the seed feature preset, a 60/20/20 time split, every family, LMDB store.
 * The Python run reported 0.997 CV AUC from leaky shuffled folds; here the validation and test
 * figures come from rows strictly later in time than the training rows.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CryptoOptimizer } from '../src/optimizer.js';
import { sharedFile, skipReason } from './support/shared-data.js';

const SEED = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
if (!SEED) skipReason('seed-origin');

describe.skipIf(!SEED)('seed workload', () => {
  it('tunes every family on the filtered seed panel with honest time-split validation and test figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-seed-'));
    const opt = new CryptoOptimizer({
      data: SEED!,
      ingest: { policies: { nonPositivePrice: 'drop', nonFinite: 'fix' } },
      filter: { column: 'market_cap', min: 0, max: 10_000_000 },
      target: { kind: 'highReturn', horizon: 30, threshold: 1 },
      features: 'seed',
      split: { kind: 'holdout', train: 0.6, valid: 0.2, test: 0.2 },
      storage: join(dir, 'store'),
      studyName: 'seed',
      parallel: { workers: 2 },
      searchSpaces: {
        xgboost: [{ name: 'n_estimators', type: 'int', low: 50, high: 150, step: 50 }],
        lightgbm: [{ name: 'n_estimators', type: 'int', low: 50, high: 150, step: 50 }],
        catboost: [{ name: 'iterations', type: 'int', low: 50, high: 150, step: 50 }],
      },
    });
    try {
      const p = await opt.loadAndPrepareData();
      // The Python system's filter left 49,037 rows of 119 tokens, duplicates included: its join
      // repeats a token's rows once per metadata row (182 repeated ids). With (asset, date)
      // duplicates and non-positive closes dropped, 31,768 rows of 116 tokens remain.
      expect(p.frame.assets).toBe(116);
      expect(p.frame.rows).toBe(31_768);
      const fold = p.split.folds[0]!;
      const lastTrain = Math.max(...Array.from(fold.train, (r) => Number(p.frame.time[r]!)));
      const firstValid = Math.min(...Array.from(fold.valid, (r) => Number(p.frame.time[r]!)));
      const firstTest = Math.min(...Array.from(p.split.test!, (r) => Number(p.frame.time[r]!)));
      const lastValid = Math.max(...Array.from(fold.valid, (r) => Number(p.frame.time[r]!)));
      expect(lastTrain).toBeLessThan(firstValid);
      expect(lastValid).toBeLessThan(firstTest);
      expect(p.split.leakageOptOut).toBeUndefined();

      const results = await opt.optimizeAllModels({ nTrials: 4 });
      expect(results.map((r) => r.family).sort()).toEqual(['catboost', 'lightgbm', 'linear', 'xgboost']);
      for (const r of results) {
        expect(r.complete).toBeGreaterThan(0);
        expect(r.bestValue).toBeGreaterThan(0.3);
        expect(r.bestValue).toBeLessThan(0.99);
      }
      const evals = await opt.evaluateBest();
      expect(evals).toHaveLength(4);
      for (const e of evals) {
        expect(e.test.auc).toBeGreaterThan(0);
        expect(e.test.auc).toBeLessThan(1);
        expect(e.trading.equity.length).toBe(e.trading.times.length);
      }
      const html = await opt.writeReport(join(dir, 'report.html'));
      expect(readFileSync(html, 'utf8')).toContain('seed/');
      const stats = opt.stats();
      expect(stats.workers?.totalTrials).toBeGreaterThanOrEqual(4);
    } finally {
      await opt.close();
    }
    // Resume from the store alone: the studies continue to a larger total, completed trials stay.
    const again = await CryptoOptimizer.resume({ storage: join(dir, 'store'), study: 'seed', models: ['linear'], parallel: { workers: 1 } });
    try {
      const [r] = await again.optimizeAllModels({ totalTrials: 6 });
      expect(r!.trials).toBe(6);
    } finally {
      await again.close();
    }
    expect(existsSync(join(dir, 'store'))).toBe(true);
  });
});
