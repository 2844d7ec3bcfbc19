import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFloat32 } from '../src/data/shared-array.js';
import { Dataset } from '../src/models/dataset.js';
import { train } from '../src/models/train.js';
import { Rng } from '../src/rng.js';
import { WorkerPool } from '../src/parallel/worker-pool.js';
import { optimizeOnPool } from '../src/parallel/parallel-objective.js';
import { createStudy } from '../src/study/study.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { ThresholdPruner } from '../src/study/pruners/threshold.js';
import type { TrialTask } from '../src/parallel/task.js';

const rows = 4000;
const cols = 6;
const data = sharedFloat32(rows * cols);
const label = new Float32Array(rows);
const rng = new Rng(17);
for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) data[c * rows + r] = rng.normal();
for (let r = 0; r < rows; r++) label[r] = data[r]! + 0.5 * data[rows + r]! + 0.8 * rng.normal() > 0 ? 1 : 0;
const dataset = Dataset.from({ data, rows, columns: Array.from({ length: cols }, (_, i) => `f${i}`) }, label, { maxBins: 64 });
const trainRows = Uint32Array.from({ length: 3000 }, (_, i) => i);
const validRows = Uint32Array.from({ length: 1000 }, (_, i) => 3000 + i);
const fold = { train: trainRows, valid: validRows };
const tasks: TrialTask[] = [
  { runner: 'gbdt', family: 'xgboost', params: { n_estimators: 30, max_depth: 3, learning_rate: 0.1 }, fold },
  { runner: 'gbdt', family: 'lightgbm', params: { n_estimators: 30, num_leaves: 8, learning_rate: 0.1 }, fold },
  { runner: 'gbdt', family: 'catboost', params: { iterations: 30, depth: 4, learning_rate: 0.1 }, fold },
];

describe('gbdt runner on the pool', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = new WorkerPool({ size: 2, shared: { dataset: dataset.toHandle() } });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('scores equal training the same fold on the main thread, and do not depend on the worker count', async () => {
    const here = tasks.map((t) => {
      let last = NaN;
      train(t.family as 'xgboost', t.params, { trainRows, validRows, evalEvery: 1, onProgress: (p) => void (last = p.validScore), seed: 0 }, dataset);
      return last;
    });
    const two = (await pool.runBatch(tasks)).map((o) => o.value);
    const onePool = new WorkerPool({ size: 1, shared: { dataset: dataset.toHandle() } });
    const one = (await onePool.runBatch(tasks)).map((o) => o.value);
    await onePool.close();
    expect(two).toEqual(here);
    expect(one).toEqual(here);
    expect(here.every((v) => v > 0 && v < Math.LN2)).toBe(true); // learns something on a real signal
  });

  it('reports every reportEvery rounds and a study’s pruner stops the trainer mid-run', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }), pruner: new ThresholdPruner({ upper: 0.6 }) });
    await optimizeOnPool(
      study,
      (t) => ({ runner: 'gbdt', family: 'xgboost', params: { n_estimators: 400, max_depth: 3, learning_rate: t.suggestFloat('learning_rate', 0.001, 0.002) }, fold, reportEvery: 5 }),
      { nTrials: 2, pool },
    );
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['PRUNED', 'PRUNED']);
    for (const t of trials) {
      const steps = Object.keys(t.intermediateValues).map(Number);
      expect(steps.every((s) => (s + 1) % 5 === 0)).toBe(true);
      expect(steps.length).toBeLessThan(400 / 5);
    }
  });

  it('a timeout stops a long training through the cancel slot', async () => {
    const t0 = Date.now();
    await expect(pool.run({ runner: 'gbdt', family: 'xgboost', params: { n_estimators: 100_000, max_depth: 6, learning_rate: 0.01 }, fold }, { timeoutMs: 500, maxRetries: 0 })).rejects.toMatchObject({ code: 'ERR_WORKER_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a pool without a shared dataset fails the task with ERR_WORKER_SHARED_MISSING', async () => {
    const bare = new WorkerPool({ size: 1 });
    try {
      await expect(bare.run(tasks[0]!)).rejects.toMatchObject({ code: 'ERR_WORKER_SHARED_MISSING' });
    } finally {
      await bare.close();
    }
  });
});
