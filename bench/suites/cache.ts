/**
 * Persistence: result-cache get latency for a 1 KB value (LMDB memory-mapped read + decode, and
 * the in-process LRU), against the Python system's pickle-file cache; trial write throughput of
 * LmdbStorage against Optuna's RDBStorage (SQLite) and JournalStorage (file) with the same storage
 * calls; and a 100-trial study run cold then warm through `cachedObjective`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedObjective, type Evaluation } from '../../src/cache/cached-objective.js';
import { generateKey } from '../../src/cache/generate-key.js';
import { ResultCache } from '../../src/cache/result-cache.js';
import { LmdbStorage } from '../../src/storage/lmdb.js';
import type { Storage } from '../../src/storage/storage.js';
import { floatDistribution } from '../../src/study/distributions.js';
import type { ParamValue } from '../../src/study/distributions.js';
import { RandomSampler } from '../../src/study/samplers/random.js';
import { createStudy } from '../../src/study/study.js';
import type { Trial } from '../../src/study/trial.js';
import { skipReason } from '../../test/support/shared-data.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';
import { evaluateGbdt, gbdtSpace, loadSeedPanelTask, seedPanelFile } from '../jobs/seed-panel-gbdt.js';

const SUITE = 'cache';

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

/** p50/p99 (µs) of `gets` cache gets over `keys` 1 KB entries, visited in a scattered order. */
function getLatency(cache: ResultCache, keys: string[], gets: number): { p50: number; p99: number } {
  for (const k of keys) cache.get(k); // warm the page cache, as the peer does
  const lat = new Float64Array(gets);
  for (let i = 0; i < gets; i++) {
    const k = keys[(i * 7919) % keys.length]!;
    const t0 = process.hrtime.bigint();
    const v = cache.get(k);
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (v === undefined) throw new Error(`cache lost ${k}`);
  }
  lat.sort();
  return { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99) };
}

async function cacheLatency(quick: boolean, dir: string): Promise<void> {
  const nKeys = 2000;
  const gets = quick ? 20_000 : 100_000;
  const value = { metrics: { auc: 0.61, f1: 0.55 }, pad: 'x'.repeat(1024 - 60) };
  const peer = runPythonPeer<{ p50_us: number; p99_us: number }>('cache_pickle.py', { n_keys: nKeys, n_gets: gets, value_bytes: 1024, dir });
  const keys = Array.from({ length: nKeys }, (_, i) => generateKey({ dataset: 'bench', featurePlan: 'seed', split: { kind: 'holdout' }, family: 'xgboost', params: { i } }));
  for (const [label, memoryEntries] of [['lmdb-mmap', 0], ['memory-lru', 4096]] as const) {
    const cache = ResultCache.open({ path: join(dir, `lat-${label}`), memoryEntries, sweepIntervalMs: 0 });
    for (const k of keys) cache.set(k, value);
    const r = getLatency(cache, keys, gets);
    await cache.close();
    report({
      suite: SUITE,
      case: `get-1kb ${label} p99`,
      unit: 'µs',
      ours: r.p99,
      peer: 'pickle file per key (Python system cache)',
      theirs: peer.ok ? peer.value.p99_us : null,
      higherIsBetter: false,
      goal: 'p99 <= 50 µs',
      ...(peer.ok ? {} : { skipped: peer.reason }),
      extra: { oursP50: Number(r.p50.toFixed(3)), theirsP50: peer.ok ? peer.value.p50_us : null, keys: nKeys, gets },
    });
  }
}

/** Time `nTrials` trials written call by call (create, params, steps, one attr, COMPLETE) into a new study. */
export async function writeTrials(storage: Storage, nTrials: number, nParams: number, nSteps: number): Promise<number> {
  const id = await storage.createStudy('bench', ['minimize']);
  const dist = floatDistribution(0, 1);
  const t0 = performance.now();
  for (let i = 0; i < nTrials; i++) {
    const t = await storage.createTrial(id);
    for (let p = 0; p < nParams; p++) await storage.setTrialParam(t.trialId, `p${p}`, ((i * 7 + p) % 100) / 100, dist);
    for (let s = 0; s < nSteps; s++) await storage.setTrialIntermediateValue(t.trialId, s, 1 / (s + 1));
    await storage.setTrialUserAttr(t.trialId, 'fold_scores', [0.5, 0.6, 0.7]);
    await storage.setTrialStateValues(t.trialId, 'COMPLETE', [i]);
  }
  const ms = performance.now() - t0;
  if ((await storage.getNTrials(id, ['COMPLETE'])) !== nTrials) throw new Error('trials lost');
  return ms;
}

/**
 * The same trials written the way a study writes them: ask, suggest, report steps (each followed by
 * shouldPrune, which waits for the write), one attribute, tell. The Trial batches what happens
 * between two awaits into one `updateTrial`: create, params, one commit per step, attr, state.
 */
export async function studyTrials(storage: Storage, nTrials: number, nParams: number, nSteps: number): Promise<number> {
  const study = await createStudy({ storage, name: 'bench-study', sampler: new RandomSampler({ seed: 1 }) });
  const t0 = performance.now();
  for (let i = 0; i < nTrials; i++) {
    const t = await study.ask();
    for (let p = 0; p < nParams; p++) t.suggestFloat(`p${p}`, 0, 1);
    for (let s = 0; s < nSteps; s++) {
      t.report(1 / (s + 1), s);
      await t.shouldPrune();
    }
    t.setUserAttr('fold_scores', [0.5, 0.6, 0.7]);
    await study.tell(t, i);
  }
  const ms = performance.now() - t0;
  if ((await study.countTrials({ states: ['COMPLETE'] })) !== nTrials) throw new Error('trials lost');
  return ms;
}

async function writeThroughput(quick: boolean, dir: string): Promise<void> {
  const n = quick ? 10 : 100;
  const shape = { n_trials: n, n_params: 5, n_steps: 3 };
  const peer = runPythonPeer<{ sqlite_ms: number; journal_ms: number; optuna: string }>('storage_optuna.py', { ...shape, dir });
  for (const sync of ['full', 'integrity', 'none'] as const) {
    const storage = new LmdbStorage({ path: join(dir, `writes-${sync}`), sync });
    const ms = await writeTrials(storage, n, shape.n_params, shape.n_steps);
    await storage.close();
    for (const [peerName, key] of [['optuna RDBStorage sqlite', 'sqlite_ms'], ['optuna JournalStorage file', 'journal_ms']] as const) {
      report({
        suite: SUITE,
        case: `trial-writes lmdb sync=${sync} vs ${key === 'sqlite_ms' ? 'sqlite' : 'journal'}`,
        unit: 'trials/s',
        ours: n / (ms / 1000),
        peer: peerName,
        theirs: peer.ok ? n / (peer.value[key] / 1000) : null,
        higherIsBetter: true,
        ...(peer.ok ? {} : { skipped: peer.reason }),
        extra: { trials: n, callsPerTrial: 2 + shape.n_params + shape.n_steps + 1, sync, ...(peer.ok ? { optuna: peer.value.optuna } : {}) },
      });
    }
  }
  const storage = new LmdbStorage({ path: join(dir, 'writes-study'), sync: 'full' });
  const ms = await studyTrials(storage, n, shape.n_params, shape.n_steps);
  await storage.close();
  report({
    suite: SUITE,
    case: 'trial-writes lmdb sync=full through a study (batched) vs sqlite',
    unit: 'trials/s',
    ours: n / (ms / 1000),
    peer: 'optuna RDBStorage sqlite (call by call, as optuna writes)',
    theirs: peer.ok ? n / (peer.value.sqlite_ms / 1000) : null,
    higherIsBetter: true,
    ...(peer.ok ? {} : { skipped: peer.reason }),
    extra: { trials: n, commitsPerTrial: 3 + shape.n_steps, sync: 'full', ...(peer.ok ? { optuna: peer.value.optuna } : {}) },
  });
}

/** What a cold/warm study needs: fixed key parts, a search space, and the evaluation itself. */
export interface ColdWarmObjective {
  name: string;
  keyParts: { dataset: string; featurePlan: string; split: unknown; family: string; version?: string };
  space: (trial: Trial) => Record<string, ParamValue>;
  evaluate: (params: Record<string, ParamValue>) => Evaluation | Promise<Evaluation>;
}

/** Run the same seeded 100-trial study twice over one cache: the first run fills it, the second reads it. */
export async function coldWarm(obj: ColdWarmObjective, nTrials: number, dir: string): Promise<{ coldMs: number; warmMs: number; hitRate: number }> {
  const cache = ResultCache.open({ path: dir, sweepIntervalMs: 0 });
  const objective = cachedObjective(cache, { ...obj.keyParts, params: obj.space }, (p) => obj.evaluate(p));
  const run = async (): Promise<number> => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 11 }) });
    const t0 = performance.now();
    await study.optimize(objective, { nTrials });
    return performance.now() - t0;
  };
  const coldMs = await run();
  const before = cache.stats();
  const warmMs = await run();
  const after = cache.stats();
  await cache.close();
  const hits = after.hits - before.hits;
  return { coldMs, warmMs, hitRate: hits / (hits + after.misses - before.misses) };
}

/** The GBDT objective on the seed panel (bench/jobs/seed-panel-gbdt.ts), or why it cannot run. */
async function gbdtObjective(quick: boolean): Promise<ColdWarmObjective | string> {
  const file = seedPanelFile();
  if (!file) return skipReason('crypto-daily-23coins');
  const task = await loadSeedPanelTask(file);
  return {
    name: 'gbdt seed-panel',
    keyParts: { dataset: task.fingerprint, featurePlan: 'bench:seed-panel-6', split: { kind: 'holdout', train: 0.7, valid: 0.3, test: 0 }, family: 'xgboost' },
    space: gbdtSpace(quick),
    evaluate: (p) => evaluateGbdt(task, p),
  };
}

export const suite: Suite = {
  name: SUITE,
  description: 'result-cache get latency vs pickle files, trial writes vs Optuna SQLite/journal, cold vs warm cached study',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'ct-bench-cache-'));
    try {
      await cacheLatency(quick, dir);
      await writeThroughput(quick, dir);
      const nTrials = 100;
      const gbdt = await gbdtObjective(quick);
      if (typeof gbdt === 'string') {
        report({ suite: SUITE, case: `cold-vs-warm ${nTrials}-trial gbdt seed-panel`, unit: 'ms', ours: 0, peer: 'same study, cold cache', higherIsBetter: false, goal: 'ratio >= 50', skipped: gbdt });
      } else {
        const r = await coldWarm(gbdt, nTrials, join(dir, 'gbdt'));
        report({ suite: SUITE, case: `cold-vs-warm ${nTrials}-trial gbdt seed-panel`, unit: 'ms', ours: r.warmMs, peer: 'same study, cold cache', theirs: r.coldMs, higherIsBetter: false, goal: 'ratio >= 50', extra: { warmHitRate: Number(r.hitRate.toFixed(3)), quickSpace: quick } });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
