import { btcYears, skipReason } from '../../test/support/shared-data.js';
import { measureInChild } from '../harness/child-measure.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';
import { gbdtConfigs } from '../jobs/gbdt-configs.js';
import { btcMatrix } from '../jobs/gbdt-matrix.js';
import type { OursResult } from '../jobs/gbdt-train.js';

interface PeerResult {
  bin_ms: number;
  train_ms: number;
  train_cpu_ms: number;
  predict_ms: number;
  auc: number;
  trees: number;
}

const r4 = (x: number) => Number(x.toFixed(4));

export const suite: Suite = {
  name: 'gbdt',
  description: 'BTC 5m next-hour direction, 80/20 time split: train / predict / binning vs LightGBM, XGBoost hist, CatBoost (1 thread)',
  async run({ quick }) {
    const files = quick ? btcYears(2025, 2025) : btcYears(2018, 2025);
    if (!files) {
      report({ suite: 'gbdt', case: 'train', unit: 'ms', ours: 0, higherIsBetter: false, skipped: skipReason('btcusdt-1m-binance') });
      return;
    }
    const tag = quick ? '2025' : '2018-2025';
    const rounds = quick ? 100 : 300;
    const meta = await btcMatrix(files, tag);
    const label = `btc-5m-${tag}`;
    // quick mode (CI) keeps the two cases with goals on ratio and parity; the full run adds depth-wise and CatBoost
    const configs = gbdtConfigs(rounds).filter((c) => !quick || c.name === 'leafwise' || c.name === 'lossguide');
    for (const c of configs) {
      const ours = measureInChild<OursResult>('bench/jobs/gbdt-train.ts', 'trainOurs', { meta, family: c.family, params: c.ours, threads: 1 }).value;
      const peer = runPythonPeer<PeerResult>(c.script, { dir: meta.dir, threads: 1, params: c.theirs });
      const theirs = peer.ok ? peer.value : null;
      const skipped = peer.ok ? {} : { skipped: peer.reason };
      const aucs = { oursAuc: r4(ours.auc), theirsAuc: theirs ? r4(theirs.auc) : null, aucDiff: theirs ? r4(ours.auc - theirs.auc) : null };
      const shape = { rows: meta.rows, trainRows: meta.trainEnd, features: meta.columns.length, rounds };
      report({
        suite: 'gbdt',
        case: `${label} train ${c.name} (${c.family} vs ${c.peer})`,
        unit: 'ms',
        ours: ours.trainMs,
        peer: c.peer,
        theirs: theirs?.train_ms ?? null,
        higherIsBetter: false,
        goal: c.name === 'leafwise' ? 'ratio >= 1 at |aucDiff| <= 0.003' : '|aucDiff| <= 0.003',
        ...skipped,
        extra: { ...aucs, oursCpuMs: Math.round(ours.trainCpuMs), theirsCpuMs: theirs ? Math.round(theirs.train_cpu_ms) : null, ...shape },
      });
      if (c.name === 'leafwise') {
        report({
          suite: 'gbdt',
          case: `${label} predict (raw f32, ${ours.predictRows} test rows, ${rounds} trees)`,
          unit: 'rows/s',
          ours: ours.predictRows / (ours.predictMs / 1000),
          peer: c.peer,
          theirs: theirs ? ours.predictRows / (theirs.predict_ms / 1000) : null,
          higherIsBetter: true,
          goal: 'ratio >= 2',
          ...skipped,
        });
        report({
          suite: 'gbdt',
          case: `${label} binning (${meta.rows} rows × ${meta.columns.length}, 255 bins)`,
          unit: 'ms',
          ours: ours.binMs,
          peer: 'lightgbm Dataset.construct (train rows)',
          theirs: theirs?.bin_ms ?? null,
          higherIsBetter: false,
          ...skipped,
          extra: { binBytes: ours.binBytes, rawF32Bytes: meta.rows * meta.columns.length * 4 },
        });
      }
    }
  },
};
