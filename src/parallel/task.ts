/**
 * What crosses the thread (or process) boundary for one trial: a small task naming a runner, and
 * the runner's outcome. The data never does — workers hold it from `workerData`.
 */
import type { JsonValue } from '../study/frozen-trial.js';

/** Row indices of one fold (sorted). Small enough to send per task; big folds can live in `shared`. */
export interface TaskFold {
  train: Uint32Array;
  valid?: Uint32Array;
  name?: string;
}

/** One unit of work for a pool worker. */
export interface TrialTask {
  /** Name of a runner registered with the pool (`runners` option or a built-in). */
  runner: string;
  /** Model family or any label the runner understands. */
  family?: string;
  params: Record<string, number | string | boolean>;
  fold?: TaskFold;
  /** Report an intermediate score every this many rounds (pruning cadence; default 1). */
  reportEvery?: number;
  seed?: number;
  /** Anything else the runner needs (must be structured-clone friendly). */
  extra?: Record<string, JsonValue>;
}

/** Cancel-slot values (Int32Array[0]); non-zero means stop. The GBDT trainer polls the same slot. */
export const CANCEL = { none: 0, pruned: 1, timeout: 2, aborted: 3 } as const;

/** What a runner returns: a score (or several), optionally with metrics and the last round. */
export interface RunnerResult {
  value: number | number[];
  metrics?: Record<string, number>;
  rounds?: number;
}

/** @internal Sent by the worker over the task's port. */
export type WorkerMessage =
  | { type: 'start'; worker: string; at: number }
  | { type: 'report'; step: number; value: number };

/** @internal The worker's reply (runner errors come back as data; only crashes reject). */
export type WorkerReply =
  | { ok: true; result: RunnerResult; worker: string; pruned: false }
  | { ok: true; pruned: true; step: number; worker: string }
  | { ok: false; worker: string; error: { name: string; code?: string; message: string; details?: Record<string, unknown> } };

/** @internal The message piscina carries: the task plus its cancel slot and report port. */
export interface WireTask {
  task: TrialTask;
  cancel: Int32Array;
  port?: import('node:worker_threads').MessagePort;
}
