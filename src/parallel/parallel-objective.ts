/**
 * A study's trials on a WorkerPool. The objective runs on the main thread only long enough to
 * sample params and build a small task; the pool trains; intermediate scores come back as they
 * are produced, go into `trial.report`, and when the study's pruner says stop, the worker's
 * cancel slot is set so the runner (or the Rust trainer) stops at its next poll.
 */
import type { JsonValue } from '../study/frozen-trial.js';
import type { Objective, OptimizeOptions, Study } from '../study/study.js';
import type { Trial } from '../study/trial.js';
import { TrialPruned } from '../study/trial-pruned.js';
import type { MemoryMonitor } from '../memory/memory-monitor.js';
import type { TrialTask } from './task.js';
import { WorkerPool, type AttemptRecord, type RunOptions, type WorkerPoolOptions } from './worker-pool.js';

/** System attribute holding every attempt of a trial run on a pool (worker, outcome, times). */
export const ATTEMPTS_ATTR = 'pool_attempts';

export type TaskFactory = (trial: Trial) => TrialTask | Promise<TrialTask>;

export interface ParallelObjectiveOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** Ask the pruner after every reported score (default true). */
  prune?: boolean;
}

function recordAttempts(trial: Trial, attempts: readonly AttemptRecord[]): void {
  trial.setSystemAttr(ATTEMPTS_ATTR, attempts.map((a) => ({ ...a })) as unknown as JsonValue);
}

/** An Objective that runs each trial's task on `pool` (pass `concurrency` ≈ pool.size to optimize). */
export function parallelObjective(pool: WorkerPool, taskFor: TaskFactory, options: ParallelObjectiveOptions = {}): Objective {
  return async (trial: Trial) => {
    const task = await taskFor(trial);
    const prune = options.prune ?? true;
    const run: RunOptions = {
      signal: trial.signal,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      onReport: async (step, value) => {
        // A retried attempt reports its steps again; the first report of a step stands.
        if (Object.prototype.hasOwnProperty.call(trial.intermediateValues, step)) return false;
        trial.report(value, step);
        return prune && (await trial.shouldPrune());
      },
    };
    let outcome;
    try {
      outcome = await pool.run(task, run);
    } catch (e) {
      const attempts = (e as { details?: { attempts?: AttemptRecord[] } }).details?.attempts;
      if (attempts) recordAttempts(trial, attempts);
      throw e;
    }
    recordAttempts(trial, outcome.attempts);
    // The runner's metrics (train AUC, per-bar Sharpe, …) become user attributes, where the
    // report and the overfitting statistics read them.
    for (const [k, v] of Object.entries(outcome.metrics ?? {})) if (Number.isFinite(v)) trial.setUserAttr(k, v);
    if (outcome.state === 'PRUNED') throw new TrialPruned(`pruned at step ${outcome.prunedAt}`);
    return outcome.value!;
  };
}

export interface OptimizeOnPoolOptions extends OptimizeOptions, ParallelObjectiveOptions {
  /** A pool you own (kept open afterwards)… */
  pool?: WorkerPool;
  /** …or options for one created for this call and closed when it ends (also on abort). */
  poolOptions?: WorkerPoolOptions;
  /** Collect garbage between trials above its GC threshold (when global.gc is exposed). */
  monitor?: MemoryMonitor;
}

/**
 * `study.optimize` with every trial on a worker pool; `concurrency` defaults to the pool's size.
 * Aborting `signal` fails running trials, stops their workers and (for a pool made here) closes it.
 */
export async function optimizeOnPool(study: Study, taskFor: TaskFactory, options: OptimizeOnPoolOptions = {}): Promise<void> {
  const { pool: given, poolOptions, monitor, timeoutMs, maxRetries, prune, ...opt } = options;
  const pool = given ?? new WorkerPool(poolOptions);
  const callbacks = [...(opt.callbacks ?? [])];
  if (monitor) callbacks.push(() => void monitor.betweenTrials());
  try {
    await study.optimize(parallelObjective(pool, taskFor, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(maxRetries !== undefined ? { maxRetries } : {}), ...(prune !== undefined ? { prune } : {}) }), {
      ...opt,
      callbacks,
      concurrency: opt.concurrency ?? pool.size,
    });
  } finally {
    if (!given) await pool.close();
  }
}
