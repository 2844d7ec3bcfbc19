/**
 * The runner contract. A runner is a module a worker imports by URL (once per worker) whose
 * `run(task, ctx)` trains and scores one trial over the worker's shared buffers.
 */
import type { Frame } from '../data/frame.js';
import type { RunnerResult, TrialTask } from './task.js';

export interface RunnerContext {
  /** The handles passed once to the pool (`shared` option), as received: SABs are not copied. */
  readonly shared: Readonly<Record<string, unknown>>;
  /** The Frame behind `shared[key]` (default key "frame"), rebuilt once per worker without a copy. */
  frame(key?: string): Frame;
  /**
   * Send an intermediate score to the study (for its pruner). Only every `task.reportEvery`-th
   * step is sent. Returns false once the trial has been told to stop.
   */
  report(step: number, value: number): boolean;
  /** The cancel slot (Int32Array on a SharedArrayBuffer): non-zero means stop. Pass it to `train`. */
  readonly cancel: Int32Array;
  /** Throw if the trial was told to stop (pruned, timed out, aborted); call it between rounds. */
  throwIfCancelled(): void;
  /** Which worker runs this task ("thread:<id>" or "process:<pid>/thread:<id>"). */
  readonly workerId: string;
}

export interface Runner {
  run(task: TrialTask, ctx: RunnerContext): RunnerResult | Promise<RunnerResult>;
}
