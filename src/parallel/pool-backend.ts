/**
 * How a WorkerPool reaches its workers: piscina threads in this process, or child processes that
 * each run their own thread pool. A backend runs one wire task and streams the worker's messages.
 */
import type { TrialTask, WorkerMessage, WorkerReply } from './task.js';

export interface BackendAttempt {
  task: TrialTask;
  /** The attempt's cancel slot (Int32Array over a SharedArrayBuffer of 4 bytes). */
  cancel: Int32Array;
  onMessage: (m: WorkerMessage) => void;
  /** Aborting it stops the attempt at once: the worker running it is terminated and replaced. */
  signal: AbortSignal;
}

export interface PoolBackend {
  readonly type: 'thread' | 'process';
  readonly size: number;
  /** Resolves with the worker's reply; rejects when the worker died or the attempt was aborted. */
  submit(a: BackendAttempt): Promise<WorkerReply>;
  /** Tasks waiting for a worker. */
  readonly queued: number;
  /** Live OS threads / processes (0 after close). */
  readonly liveWorkers: number;
  close(): Promise<void>;
}
