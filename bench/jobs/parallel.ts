/**
 * Jobs for the parallel suite, each run in a fresh process (bench/harness/child-measure.ts):
 * the same list of trials on a pool of N workers, or sequentially on the main thread.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunnerContext } from '../../src/parallel/runner.js';
import { run as sgdRun } from '../../src/parallel/runners/sgd-logistic.js';
import type { TrialTask } from '../../src/parallel/task.js';

/**
 * Workers started from the TypeScript sources load tsx in every thread (tens of MB each), which
 * users of the published package never pay. Use the compiled build when it is up to date.
 */
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const src = fileURLToPath(new URL('../../src/parallel/worker-pool.ts', import.meta.url));
export const build = existsSync(dist) && statSync(dist).mtimeMs >= statSync(src).mtimeMs ? 'dist' : 'tsx-source';
const lib = (build === 'dist' ? await import(dist) : await import('../../src/index.js')) as typeof import('../../src/index.js');
const { Frame, WorkerPool, frameBytes } = lib;
type Frame = import('../../src/data/frame.js').Frame;

export interface ParallelJobArgs {
  file: string;
  trials: number;
  epochs: number;
  workers?: number;
}

/** Deterministic trial list: params vary, work per trial is the same. */
function trialTasks(n: number, epochs: number): TrialTask[] {
  return Array.from({ length: n }, (_, i) => ({ runner: 'sgd-logistic', params: { epochs, learning_rate: 0.001 * (1 + (i % 7)), l2: 1e-4 * (i % 3), lags: 5 } }));
}

function load(file: string): Promise<Frame> {
  // The seed panel has zero closes and duplicate (id, date) rows: drop them, as the Python system did.
  return Frame.fromFile(file, { policies: { nonPositivePrice: 'drop', duplicate: 'drop' } });
}

export async function onPool(a: ParallelJobArgs): Promise<{ ms: number; trials: number; values: number[]; rssIdle: number; rssWarm: number; arrayBuffersIdle: number; arrayBuffersWarm: number; datasetBytes: number; build: string }> {
  const frame = await load(a.file);
  const idle = process.memoryUsage();
  const pool = new WorkerPool({ size: a.workers!, shared: { frame: frame.toHandle() } });
  try {
    // Warm-up: every worker starts, attaches the data and loads the runner before the clock runs.
    await pool.runBatch(Array.from({ length: a.workers! }, () => ({ runner: 'sgd-logistic', params: { epochs: 1 } })));
    const warm = process.memoryUsage();
    const t0 = performance.now();
    const outs = await pool.runBatch(trialTasks(a.trials, a.epochs));
    const ms = performance.now() - t0;
    return { ms, trials: a.trials, values: outs.map((o) => o.value as number), rssIdle: idle.rss, rssWarm: warm.rss, arrayBuffersIdle: idle.arrayBuffers, arrayBuffersWarm: warm.arrayBuffers, datasetBytes: frameBytes(frame), build };
  } finally {
    await pool.close();
  }
}

/** The peer: the same trials one after another on the main thread, same runner code, no pool. */
export async function sequential(a: ParallelJobArgs): Promise<{ ms: number; trials: number; values: number[] }> {
  const frame = await load(a.file);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const ctx: RunnerContext = { shared: {}, frame: () => frame, report: () => true, cancel, throwIfCancelled: () => undefined, workerId: 'main' };
  sgdRun({ runner: 'sgd-logistic', params: { epochs: 1 } }, ctx);
  const t0 = performance.now();
  const values = trialTasks(a.trials, a.epochs).map((t) => sgdRun(t, ctx).value as number);
  return { ms: performance.now() - t0, trials: a.trials, values };
}
