import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMarket } from '../src/data/synthetic.js';
import { WorkerPool } from '../src/parallel/worker-pool.js';
import { optimizeOnPool, ATTEMPTS_ATTR } from '../src/parallel/parallel-objective.js';
import { createStudy } from '../src/study/study.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { NopPruner } from '../src/study/pruners/nop.js';
import { ThresholdPruner } from '../src/study/pruners/threshold.js';
import type { TrialTask } from '../src/parallel/task.js';
import { FIXTURE_RUNNERS } from './support/runner-fixtures.js';
import { MemoryMonitor } from '../src/memory/memory-monitor.js';

const frame = generateMarket({ bars: 20_000, seed: 7 });
const shared = { frame: frame.toHandle() };
const tasks: TrialTask[] = [0.002, 0.01, 0.03, 0.05, 0.08, 0.12].map((lr, i) => ({ runner: 'sgd-logistic', params: { epochs: 2 + (i % 3), learning_rate: lr, lags: 3 + (i % 4) } }));

describe('WorkerPool on threads', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = new WorkerPool({ size: 2, shared, runners: FIXTURE_RUNNERS });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('workers see the caller’s SharedArrayBuffers themselves: a write in a worker is visible here', async () => {
    const before = frame.close[5]!;
    const out = await pool.run({ runner: 'probe', params: { writeAt: 5, writeValue: 1234.5 } });
    expect(out.metrics?.shared).toBe(1);
    expect(frame.close[5]).toBe(1234.5);
    frame.close[5] = before;
    const sum = frame.close.reduce((a, b) => a + b, 0);
    const again = await pool.run({ runner: 'probe', params: {} });
    expect(again.value).toBeCloseTo(sum, 6);
  });

  it('runBatch returns outcomes in submission order even when later tasks finish first', async () => {
    const batch = [300, 10, 150, 0].map((delayMs, i) => ({ runner: 'probe', params: { delayMs, writeAt: 0, writeValue: frame.close[0]! }, extra: { i } }));
    const outs = await pool.runBatch(batch);
    expect(outs.map((o) => o.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE']);
    const runs = outs.map((o) => o.attempts[0]!.runMs);
    expect(runs[0]).toBeGreaterThanOrEqual(290);
    expect(runs[3]).toBeLessThan(runs[0]!);
  });

  it('stats count trials, attempts per worker, run/wait histograms and utilisation', async () => {
    const s = pool.stats();
    expect(s.type).toBe('thread');
    expect(s.workers).toBe(2);
    expect(s.totalTrials).toBe(6);
    expect(s.completed).toBe(6);
    expect(s.running).toBe(0);
    expect(Object.values(s.perWorker).reduce((a, b) => a + b, 0)).toBe(6);
    expect(s.runTime.count).toBe(6);
    expect(s.runTime.max).toBeGreaterThanOrEqual(290);
    expect(s.waitTime.count).toBe(6);
    expect(s.utilisation).toBeGreaterThan(0);
    expect(s.utilisation).toBeLessThanOrEqual(1);
    expect(s.trialsPerSecond).toBeGreaterThan(0);
  });

  it('an unknown runner fails its task with ERR_WORKER_RUNNER_UNKNOWN without retrying', async () => {
    await expect(pool.run({ runner: 'nope', params: {} })).rejects.toMatchObject({ code: 'ERR_WORKER_RUNNER_UNKNOWN' });
  });

  it('bad runner params come back as the runner’s coded error', async () => {
    await expect(pool.run({ runner: 'sgd-logistic', params: { epochs: 0 } })).rejects.toMatchObject({ code: 'ERR_PARAM_VALUE', name: 'ModelError' });
  });
});

describe('determinism', () => {
  it('the same tasks give bit-identical scores with 1, 2 and 4 workers', async () => {
    const scores: number[][] = [];
    for (const size of [1, 2, 4]) {
      const pool = new WorkerPool({ size, shared });
      try {
        const outs = await pool.runBatch(tasks);
        expect(outs.every((o) => o.state === 'COMPLETE')).toBe(true);
        scores.push(outs.map((o) => o.value as number));
      } finally {
        await pool.close();
      }
    }
    expect(new Set(scores[0]).size).toBeGreaterThan(1);
    expect(scores[1]).toEqual(scores[0]);
    expect(scores[2]).toEqual(scores[0]);
  });
});

describe('study on a pool', () => {
  const taskFor = (t: import('../src/study/trial.js').Trial): TrialTask => ({
    runner: 'sgd-logistic',
    params: { epochs: t.suggestInt('epochs', 2, 6), learning_rate: t.suggestFloat('learning_rate', 1e-3, 0.2, { log: true }), lags: t.suggestInt('lags', 2, 6) },
  });

  it('values depend only on params: a seeded study gives the same trials with 1 and 2 workers', async () => {
    const results: Array<Array<[string, number]>> = [];
    for (const size of [1, 2]) {
      const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }), pruner: new NopPruner() });
      await optimizeOnPool(study, taskFor, { nTrials: 6, poolOptions: { size, shared } });
      const trials = await study.getTrials();
      results.push(trials.map((t) => [JSON.stringify(t.params), t.values![0]!] as [string, number]));
      expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
      expect(Object.keys(trials[0]!.intermediateValues).length).toBe(trials[0]!.params.epochs);
      expect((trials[0]!.systemAttrs[ATTEMPTS_ATTR] as unknown[]).length).toBe(1);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('the study’s pruner stops a running trial through the worker’s cancel slot', async () => {
    // Validation log loss on noise sits near ln 2 ≈ 0.693: a 0.5 upper threshold prunes at the first report.
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new ThresholdPruner({ upper: 0.5 }) });
    await optimizeOnPool(study, (t) => ({ runner: 'sgd-logistic', params: { epochs: 50, learning_rate: t.suggestFloat('learning_rate', 0.001, 0.01) } }), { nTrials: 2, poolOptions: { size: 2, shared } });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['PRUNED', 'PRUNED']);
    for (const t of trials) expect(Object.keys(t.intermediateValues).length).toBeLessThan(50);
  });

  it('with a monitor, memory is sampled between trials (and collected only when global.gc exists)', async () => {
    const monitor = new MemoryMonitor({ gcThresholdMb: 1 });
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }), pruner: new NopPruner() });
    await optimizeOnPool(study, taskFor, { nTrials: 3, poolOptions: { size: 1, shared }, monitor });
    expect(monitor.history.length).toBe(3);
    expect(monitor.gcHistory.length).toBe(monitor.canCollect ? 3 : 0);
  });
});
