/**
 * Accuracy parity with the libraries the Python system tuned, on identical floats: the BTC
 * 5-minute matrix (bench/jobs/gbdt-matrix.ts) is written once to raw f32 files that our side and
 * the Python peer both read; both train with the same hyperparameters on the first 80 % of rows
 * and are scored by the same AUC code on the last 20 %.
 *
 * Default path: the 2025 slice (96 k bars, 100 rounds, no row/column sampling, so neither side's
 * random stream is involved). On a target this close to a coin flip a 19 k-row test set is noisy —
 * LightGBM's own AUC moves by ~0.014 between bagging seeds here — so the slice asserts |ΔAUC| ≤ 0.01.
 * The issue's ±0.003 is asserted on the full 2018–2025 set (831 k bars, 300 rounds, the bench's
 * sampled configuration) with CRYPTOTUNE_PARITY_FULL=1; it takes minutes, so it is not in `npm test`.
 *
 * Seed panel (the seed CSV through `CryptoOptimizer.loadAndPrepareData`, high_return_30d, 12 k
 * train rows, 95 features, 3.6 k validation rows holding only 43 positives), same hyperparameters
 * as the bench (300 rounds, learning rate 0.05). Compared on IDENTICAL bins: both sides read our
 * bin indices as floats (bench/jobs/gbdt-seed-panel.ts seedPanelBinFolds), so the peers' sketches
 * reproduce our cuts and the comparison isolates the trainer, which is what the parity is
 * about. On raw floats XGBoost's own sketch cuts differ from ours, and with 43 positives that alone
 * moves the validation AUC far more than ±0.003 (measured 2026-12-02: ours 0.5531 vs XGBoost hist
 * 0.5176 on raw floats, +0.035; ours 0.5531 vs 0.5519 on identical bins, +0.0012; on the matrix of
 * the current feature engine, identical bins: 0.5144 vs 0.5149, −0.0005). One unsampled
 * run (seed 0) per side: with sampling the two libraries' random streams differ and the seed-to-seed
 * spread on this fold is ~0.05, so a mean over the few seeds a test can afford would not resolve
 * ±0.003 either.
 *
 * Leaf-wise vs LightGBM on identical bins (measured 2026-12-02, LightGBM 4.7.0): 0.5537227 on both
 * sides, every one of the 300 trees the same (features, thresholds, NaN directions, leaf counts);
 * on the matrix of the current feature engine 0.5520179 on both sides.
 * That takes LightGBM's arithmetic, not only its rules (the lightgbm family's scanOrder 'reverse',
 * crates/core/src/gbdt/lightgbm_split.rs): in the first trees many splits tie exactly and LightGBM
 * resolves them by the last bits of its sums; before, ours scored 0.4905 (forward scan) and
 * 0.5467 (LightGBM's scan order in our arithmetic).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPythonPeer } from '../bench/harness/python-peer.js';
import { gbdtConfigs, type PeerConfig } from '../bench/jobs/gbdt-configs.js';
import { btcMatrix } from '../bench/jobs/gbdt-matrix.js';
import { trainOurs } from '../bench/jobs/gbdt-train.js';
import { seedPanelBinFolds, seedPanelFolds, trainSeedOurs } from '../bench/jobs/gbdt-seed-panel.js';
import { btcYears, sharedFile, skipReason } from './support/shared-data.js';

const venvPython = new URL('../.bench/venv/bin/python', import.meta.url).pathname;
const noPython = existsSync(venvPython) ? undefined : `skipped: Python peer virtualenv missing at ${venvPython} (npm run bench creates it)`;
if (noPython) console.warn(noPython);

function unsampled(c: PeerConfig): PeerConfig {
  const strip = (p: Record<string, number | string>) => {
    const q = { ...p };
    for (const k of ['subsample', 'colsample_bytree', 'colsample_bylevel']) if (k in q) q[k] = 1;
    if ('bootstrap_type' in q) q.bootstrap_type = 'No';
    return q;
  };
  return { ...c, ours: strip(c.ours), theirs: strip(c.theirs) };
}

function parity(years: [number, number], tag: string, configs: PeerConfig[], tolerance: number) {
  const files = btcYears(...years);
  const why = noPython ?? (files ? undefined : skipReason('btcusdt-1m-binance'));
  for (const c of configs) {
    it.skipIf(why !== undefined)(`${c.name} (${c.family}) AUC within ±${tolerance} of ${c.peer}`, async (ctx) => {
      const meta = await btcMatrix(files!, tag);
      const peer = runPythonPeer<{ auc: number }>(c.script, { dir: meta.dir, threads: 1, params: c.theirs });
      if (!peer.ok) {
        console.warn(`skipped: ${c.peer} peer did not run: ${peer.reason}`);
        ctx.skip();
        return;
      }
      const ours = trainOurs({ meta, family: c.family, params: c.ours, threads: 1 });
      expect(Math.abs(ours.auc - peer.value.auc), `ours ${ours.auc.toFixed(4)} vs ${c.peer} ${peer.value.auc.toFixed(4)}`).toBeLessThanOrEqual(tolerance);
    });
  }
}

describe('GBDT parity on the BTC 5m 2025 slice (unsampled, 100 rounds)', () => {
  parity([2025, 2025], '2025', gbdtConfigs(100).filter((c) => c.name !== 'lossguide').map(unsampled), 0.01);
});

describe.skipIf(process.env.CRYPTOTUNE_PARITY_FULL !== '1')('GBDT parity on BTC 5m 2018–2025 (bench configuration, 300 rounds)', () => {
  parity([2018, 2025], '2018-2025', gbdtConfigs(300), 0.003);
});

describe('GBDT parity on the seed panel (identical bins, 300 rounds, unsampled)', () => {
  const file = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
  const why = noPython ?? (file ? undefined : skipReason('seed-origin'));
  const cases = [
    { family: 'xgboost', lib: 'xgboost', peer: 'XGBoost hist (depth-wise)', params: { n_estimators: 300, max_depth: 8, learning_rate: 0.05 } },
    { family: 'lightgbm', lib: 'lightgbm', peer: 'LightGBM (leaf-wise)', params: { n_estimators: 300, num_leaves: 63, learning_rate: 0.05 } },
  ] as const;
  for (const c of cases) {
    it.skipIf(why !== undefined)(`${c.family} validation AUC within ±0.003 of ${c.peer}`, async (ctx) => {
      const meta = seedPanelBinFolds(await seedPanelFolds(file!));
      const args = { dir: meta.dir, rows: meta.rows, cols: meta.columns.length, threads: 1, lib: c.lib, params: c.params, has_nan: meta.hasNan };
      const peer = runPythonPeer<{ auc: number }>('gbdt_seed_panel.py', args);
      if (!peer.ok) {
        console.warn(`skipped: ${c.peer} peer did not run: ${peer.reason}`);
        ctx.skip();
        return;
      }
      const ours = trainSeedOurs({ meta, family: c.family, params: c.params });
      expect(Math.abs(ours.auc - peer.value.auc), `ours ${ours.auc.toFixed(4)} vs ${c.peer} ${peer.value.auc.toFixed(4)}`).toBeLessThanOrEqual(0.003);
    }, 120_000);
  }
});
