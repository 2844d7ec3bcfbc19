import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CryptoOptimizer } from '../../src/optimizer.js';
import { sharedFile, skipReason } from '../../test/support/shared-data.js';
import { seedWorkload } from '../harness/seed-workload.js';
import { writeFoldFiles } from '../harness/fold-files.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';

export const suite: Suite = {
  name: 'e2e',
  description: 'the seed workload, xgboost family: CryptoOptimizer (2 workers) vs Optuna + XGBoost (n_jobs=2) on the same matrix and split',
  async run({ quick }) {
    const seed = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
    const trials = quick ? 10 : 100;
    const name = `seed xgboost ${trials} trials`;
    if (!seed) {
      report({ suite: 'e2e', case: name, unit: 'ms', ours: 0, higherIsBetter: false, skipped: skipReason('seed-origin') });
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'ct-e2e-'));
    const opt = new CryptoOptimizer({ ...seedWorkload(seed), storage: join(dir, 'store'), cache: false, parallel: { workers: 2 } });
    try {
      const p = await opt.loadAndPrepareData();
      const fold = p.split.folds[0]!;
      writeFoldFiles(dir, { data: p.features.data, label: p.labels.values, train: fold.train, valid: fold.valid });
      const t0 = performance.now();
      const r = await opt.optimizeModel('xgboost', { nTrials: trials });
      const ms = performance.now() - t0;
      const peer = runPythonPeer<{ ms: number; trials: number; best: number }>('e2e_optuna_xgboost.py', { dir, rows: p.features.rows, cols: p.features.columns.length, trials });
      report({
        suite: 'e2e',
        case: name,
        unit: 'ms',
        ours: ms,
        peer: 'optuna 4 TPE + xgboost hist, n_jobs=2',
        theirs: peer.ok ? peer.value.ms : null,
        higherIsBetter: false,
        goal: 'ratio >= 10 at best valid AUC >= peer',
        ...(peer.ok ? {} : { skipped: peer.reason }),
        extra: {
          oursBestAuc: r.bestValue,
          theirsBestAuc: peer.ok ? peer.value.best : null,
          oursComplete: r.complete,
          oursPruned: r.pruned,
          rows: p.features.rows,
          features: p.features.columns.length,
          trainRows: fold.train.length,
          validRows: fold.valid.length,
          prepareMs: Math.round(p.ms),
        },
      });
    } finally {
      await opt.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
