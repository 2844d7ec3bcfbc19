/**
 * The pool's shared Dataset as seen from a worker: rebuilt once per worker from the handle in
 * `shared.dataset` (SharedArrayBuffers, no copy) and reused by every task it runs.
 */
import { Dataset, type DatasetHandle } from '../models/dataset.js';
import { WorkerError } from '../errors.js';
import type { RunnerContext } from './runner.js';

const attached = new WeakMap<object, Dataset>();

/** The Dataset behind `ctx.shared.dataset`; ERR_WORKER_SHARED_MISSING when the pool has none. */
export function sharedDataset(ctx: RunnerContext, runner: string): Dataset {
  const h = ctx.shared.dataset as DatasetHandle | undefined;
  if (!h || typeof h !== 'object') {
    throw new WorkerError('ERR_WORKER_SHARED_MISSING', `the ${runner} runner needs shared.dataset (Dataset.toHandle()) in the pool's shared handles`);
  }
  let d = attached.get(h);
  if (!d) attached.set(h, (d = Dataset.fromHandle(h)));
  return d;
}
