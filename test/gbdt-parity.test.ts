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
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPythonPeer } from '../bench/harness/python-peer.js';
import { gbdtConfigs, type PeerConfig } from '../bench/jobs/gbdt-configs.js';
import { btcMatrix } from '../bench/jobs/gbdt-matrix.js';
import { trainOurs } from '../bench/jobs/gbdt-train.js';
import { btcYears, skipReason } from './support/shared-data.js';

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
