import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built package, as an app imports it: its workers load compiled JavaScript rather than
// transpiling the TypeScript sources on start (npm ci builds dist/ through `prepare`).
import { CryptoOptimizer } from '../../dist/index.js';
import { sharedFile, skipReason } from '../../test/support/shared-data.js';
import { seedWorkload } from '../harness/seed-workload.js';
import { writeFoldFiles } from '../harness/fold-files.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';

interface Run {
  seed: number;
  ms: number;
  best: number | null;
  complete?: number;
  pruned?: number;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e4) / 1e4);

/**
 * One study's best validation AUC on this panel swings by about ±0.05 from seed to seed (the
 * validation AUC of a tree often peaks in the first rounds, and which early tree a study happens to
 * try is luck), so both sides run one study per seed and the line compares means over the seeds.
 */
export const suite: Suite = {
  name: 'e2e',
  description: 'the seed workload, xgboost family, one study per seed: CryptoOptimizer (2 workers, its defaults) vs Optuna + XGBoost (n_jobs=2) on the same matrix and split',
  async run({ quick }) {
    const seed = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
    const trials = quick ? 10 : 100;
    // CRYPTOTUNE_E2E_SEEDS=10-29 (a range or a comma list) for a verdict on more seeds than the
    // default five: one study's best AUC moves by several hundredths with its seed.
    const seeds = e2eSeeds(process.env.CRYPTOTUNE_E2E_SEEDS) ?? (quick ? [42] : [42, 1, 2, 3, 4]);
    const name = `seed xgboost ${trials} trials`;
    if (!seed) {
      report({ suite: 'e2e', case: name, unit: 'ms', ours: 0, higherIsBetter: false, skipped: skipReason('seed-origin') });
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'ct-e2e-'));
    try {
      const ours: Run[] = [];
      let shape: Record<string, number> = {};
      for (const s of seeds) {
        const opt = new CryptoOptimizer({ ...seedWorkload(seed), seed: s, storage: join(dir, `store-${s}`), cache: false, parallel: { workers: 2 } });
        try {
          const p = await opt.loadAndPrepareData();
          const fold = p.split.folds[0]!;
          if (ours.length === 0) {
            writeFoldFiles(dir, { data: p.features.data, label: p.labels.values, train: fold.train, valid: fold.valid });
            shape = { rows: p.features.rows, features: p.features.columns.length, trainRows: fold.train.length, validRows: fold.valid.length, prepareMs: Math.round(p.ms) };
          }
          const t0 = performance.now();
          const r = await opt.optimizeModel('xgboost', { nTrials: trials });
          ours.push({ seed: s, ms: Math.round(performance.now() - t0), best: round4(r.bestValue), complete: r.complete, pruned: r.pruned });
        } finally {
          await opt.close();
        }
      }
      const peer = runPythonPeer<{ runs: Run[] }>('e2e_optuna_xgboost.py', { dir, rows: shape.rows, cols: shape.features, trials, seeds });
      const theirs = peer.ok ? peer.value.runs.map((r) => ({ seed: r.seed, ms: Math.round(r.ms), best: round4(r.best) })) : null;
      report({
        suite: 'e2e',
        case: `${name}, mean of ${seeds.length} seed${seeds.length > 1 ? 's' : ''}`,
        unit: 'ms',
        ours: mean(ours.map((r) => r.ms)),
        peer: 'optuna 4 TPE + xgboost hist, n_jobs=2, early stopping 50',
        theirs: theirs ? mean(theirs.map((r) => r.ms)) : null,
        higherIsBetter: false,
        goal: 'ratio >= 10 at mean best valid AUC >= peer',
        ...(peer.ok ? {} : { skipped: peer.reason }),
        extra: {
          oursBestAuc: round4(mean(ours.map((r) => r.best ?? 0))),
          theirsBestAuc: theirs ? round4(mean(theirs.map((r) => r.best ?? 0))) : null,
          oursRuns: ours,
          theirsRuns: theirs,
          ...shape,
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** `10-29` or `42,1,2` as seeds; undefined when unset. */
function e2eSeeds(spec: string | undefined): number[] | undefined {
  if (!spec) return undefined;
  const range = /^(\d+)-(\d+)$/.exec(spec.trim());
  const seeds = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : spec.split(',').map((x) => Number(x.trim()));
  if (seeds.length === 0 || seeds.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`CRYPTOTUNE_E2E_SEEDS must be a range (10-29) or a comma list of seeds, got ${JSON.stringify(spec)}`);
  return seeds;
}
