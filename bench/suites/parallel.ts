import { sharedFile, skipReason } from '../../test/support/shared-data.js';
import { measureInChild } from '../harness/child-measure.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';

type PoolRun = { ms: number; trials: number; values: number[]; rssIdle: number; rssWarm: number; arrayBuffersIdle: number; arrayBuffersWarm: number; datasetBytes: number; build: string };
type SeqRun = { ms: number; trials: number; values: number[] };

const MB = 1e6;
const mean = (xs: number[]): number => Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(5));

export const suite: Suite = {
  name: 'parallel',
  description: 'GBDT trials on the seed panel: 2 workers vs 1 and vs the same trials run sequentially on one thread by us; RSS per extra worker; dataset bytes held once',
  async run({ quick }) {
    const file = sharedFile('seed-origin', 'ohlc_master.csv');
    const suiteName = 'parallel';
    if (!file) {
      for (const c of ['throughput workers=2', 'rss per extra worker', 'dataset bytes held once']) report({ suite: suiteName, case: c, unit: '-', ours: 0, higherIsBetter: true, skipped: skipReason('seed-origin/ohlc_master.csv') });
      return;
    }
    // GBDT trials (xgboost-style, 4–6 deep) on the seed panel with the `seed` feature plan; see
    // bench/jobs/seed-panel-dataset.ts.
    const args = { file, trials: quick ? 8 : 24, rounds: quick ? 60 : 200 };
    const job = 'bench/jobs/parallel.ts';
    const seq = measureInChild<SeqRun>(job, 'sequential', args).value;
    const one = measureInChild<PoolRun>(job, 'onPool', { ...args, workers: 1 }).value;
    const two = measureInChild<PoolRun>(job, 'onPool', { ...args, workers: 2 }).value;
    const same = JSON.stringify(seq.values) === JSON.stringify(one.values) && JSON.stringify(one.values) === JSON.stringify(two.values);
    const tps = (r: { ms: number; trials: number }): number => r.trials / (r.ms / 1000);
    const extra = { trials: args.trials, rounds: args.rounds, runner: 'gbdt xgboost', build: two.build, sameScores: same, workers1TrialsPerSec: Number(tps(one).toFixed(3)), speedupVsPool1: Number((tps(two) / tps(one)).toFixed(3)) };
    report({ suite: suiteName, case: 'throughput workers=2', unit: 'trials/s', ours: tps(two), peer: 'same trials sequentially in one thread (ours)', theirs: tps(seq), higherIsBetter: true, goal: 'ratio >= 1.85', extra });
    const dir = mkdtempSync(join(tmpdir(), 'ct-par-peer-'));
    const peer = (() => {
      try {
        const shape = measureInChild<{ rows: number; cols: number; trials: Record<string, number>[] }>(job, 'exportForPeer', { ...args, dir }).value;
        return runPythonPeer<{ ms: number; trials: number; values: number[] }>('parallel_optuna_xgboost.py', { dir, ...shape, rounds: args.rounds, jobs: 2 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })();
    report({
      suite: suiteName,
      case: 'throughput workers=2 vs optuna n_jobs=2',
      unit: 'trials/s',
      ours: tps(two),
      peer: 'optuna n_jobs=2 + xgboost hist nthread=1',
      theirs: peer.ok ? tps(peer.value) : null,
      higherIsBetter: true,
      ...(peer.ok ? {} : { skipped: peer.reason }),
      extra: { trials: args.trials, rounds: args.rounds, build: two.build, oursMeanValidLogloss: mean(two.values), theirsMeanValidLogloss: peer.ok ? mean(peer.value.values) : null },
    });
    report({ suite: suiteName, case: 'throughput workers=1', unit: 'trials/s', ours: tps(one), peer: 'same trials sequentially in one thread (ours)', theirs: tps(seq), higherIsBetter: true, goal: 'ratio ≈ 1 (pool overhead)', extra: { build: one.build } });
    const rssPerWorker = (two.rssWarm - two.rssIdle - (one.rssWarm - one.rssIdle)) / MB;
    report({ suite: suiteName, case: 'rss per extra worker', unit: 'MB', ours: rssPerWorker, peer: null, higherIsBetter: false, goal: 'ours <= 40', extra: { build: two.build, datasetMb: Number((two.datasetBytes / MB).toFixed(3)), rssWarm1Mb: Math.round(one.rssWarm / MB), rssWarm2Mb: Math.round(two.rssWarm / MB) } });
    report({ suite: suiteName, case: 'dataset bytes held once', unit: 'MB', ours: (two.arrayBuffersWarm - one.arrayBuffersWarm) / MB, peer: null, higherIsBetter: false, goal: 'ours ≈ 0 (array buffers with 2 workers − with 1)', extra: { datasetMb: Number((two.datasetBytes / MB).toFixed(3)), arrayBuffers1Mb: Number((one.arrayBuffersWarm / MB).toFixed(3)), arrayBuffers2Mb: Number((two.arrayBuffersWarm / MB).toFixed(3)) } });
  },
};
