/**
 * Jobs for the parallel suite, each run in a fresh process (bench/harness/child-measure.ts):
 * the same GBDT trials on the seed panel on a pool of N workers, or one after another on the
 * main thread (the peer: the same runner code without a pool).
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunnerContext } from '../../src/parallel/runner.js';
import type { TrialTask } from '../../src/parallel/task.js';
import { writeFoldFiles } from '../harness/fold-files.js';
import { seedMatrix } from './seed-panel-dataset.js';

/**
 * Workers started from the TypeScript sources load tsx in every thread (tens of MB each), which
 * users of the published package never pay. Use the compiled build when it is up to date.
 */
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const newest = ['../../src/parallel/worker-pool.ts', '../../src/parallel/runners/gbdt.ts'].map((p) => statSync(fileURLToPath(new URL(p, import.meta.url))).mtimeMs);
export const build = existsSync(dist) && statSync(dist).mtimeMs >= Math.max(...newest) ? 'dist' : 'tsx-source';
const lib = (build === 'dist' ? await import(dist) : await import('../../src/index.js')) as typeof import('../../src/index.js');
const { Frame, WorkerPool, Dataset } = lib;
const gbdtModule = (build === 'dist' ? await import(new URL('../../dist/parallel/runners/gbdt.js', import.meta.url).href) : await import('../../src/parallel/runners/gbdt.js')) as typeof import('../../src/parallel/runners/gbdt.js');

export interface ParallelJobArgs {
  file: string;
  trials: number;
  rounds: number;
  workers?: number;
}

async function load(file: string): Promise<{ handle: import('../../src/models/dataset.js').DatasetHandle; tasks: (n: number, rounds: number) => TrialTask[]; bytes: number; m: ReturnType<typeof seedMatrix> }> {
  // The seed panel has zero closes and duplicate (id, date) rows: drop them, as the Python system did.
  const frame = await Frame.fromFile(file, { policies: { nonPositivePrice: 'drop', duplicate: 'drop' } });
  const m = seedMatrix(frame);
  const ds = Dataset.from(m.matrix, m.label, { maxBins: 255 });
  const fold = { train: m.train, valid: m.valid };
  const tasks = (n: number, rounds: number): TrialTask[] =>
    Array.from({ length: n }, (_, i) => ({ runner: 'gbdt', family: 'xgboost', params: { n_estimators: rounds, max_depth: 4 + (i % 3), learning_rate: 0.05 * (1 + (i % 4)), subsample: 0.8, colsample_bytree: 0.8 }, fold, reportEvery: 10, seed: i }));
  return { handle: ds.toHandle(), tasks, bytes: m.matrix.data.byteLength + ds.label.byteLength + ds.bins.data.byteLength, m };
}

export async function onPool(a: ParallelJobArgs): Promise<{ ms: number; trials: number; values: number[]; rssIdle: number; rssWarm: number; arrayBuffersIdle: number; arrayBuffersWarm: number; datasetBytes: number; build: string }> {
  const { handle, tasks, bytes } = await load(a.file);
  const idle = process.memoryUsage();
  const pool = new WorkerPool({ size: a.workers!, shared: { dataset: handle } });
  try {
    // Warm-up: every worker starts, attaches the data and loads the runner before the clock runs.
    await pool.runBatch(tasks(a.workers!, 2));
    const warm = process.memoryUsage();
    const t0 = performance.now();
    const outs = await pool.runBatch(tasks(a.trials, a.rounds));
    const ms = performance.now() - t0;
    if (outs.some((o) => o.state !== 'COMPLETE')) throw new Error(`a bench trial failed: ${outs.find((o) => o.state !== 'COMPLETE')?.error?.message}`);
    return { ms, trials: a.trials, values: outs.map((o) => o.value as number), rssIdle: idle.rss, rssWarm: warm.rss, arrayBuffersIdle: idle.arrayBuffers, arrayBuffersWarm: warm.arrayBuffers, datasetBytes: bytes, build };
  } finally {
    await pool.close();
  }
}

/** The peer: the same trials one after another on the main thread, same runner, no pool. */
export async function sequential(a: ParallelJobArgs): Promise<{ ms: number; trials: number; values: number[] }> {
  const { handle, tasks } = await load(a.file);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const ctx: RunnerContext = { shared: { dataset: handle }, frame: () => { throw new Error('no frame'); }, report: () => true, cancel, throwIfCancelled: () => undefined, workerId: 'main' };
  gbdtModule.run(tasks(1, 2)[0]!, ctx);
  const t0 = performance.now();
  const values = tasks(a.trials, a.rounds).map((t) => gbdtModule.run(t, ctx).value as number);
  return { ms: performance.now() - t0, trials: a.trials, values };
}

/** Write the matrix, label and folds as raw files for the Python peer; returns shapes and the trial params. */
export async function exportForPeer(a: ParallelJobArgs & { dir: string }): Promise<{ rows: number; cols: number; trials: Record<string, number>[] }> {
  const { m, tasks } = await load(a.file);
  writeFoldFiles(a.dir, { data: m.matrix.data, label: m.label, train: m.train, valid: m.valid });
  const trials = tasks(a.trials, a.rounds).map((t) => ({ max_depth: Number(t.params.max_depth), learning_rate: Number(t.params.learning_rate), subsample: Number(t.params.subsample), colsample_bytree: Number(t.params.colsample_bytree), seed: t.seed! }));
  return { rows: m.matrix.rows, cols: m.matrix.columns.length, trials };
}
