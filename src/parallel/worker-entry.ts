/**
 * The code each pool worker runs. It attaches the shared buffers from `workerData` once, imports
 * runners by URL on first use, and runs one task at a time: intermediate scores go out over the
 * task's MessagePort, stop requests come in through the task's cancel slot (an Int32Array on a
 * SharedArrayBuffer the main thread writes).
 */
import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { Frame, type FrameHandle } from '../data/frame.js';
import { CANCEL, type WireTask, type WorkerMessage, type WorkerReply } from './task.js';
import type { Runner, RunnerContext } from './runner.js';

interface PoolWorkerData {
  shared: Record<string, unknown>;
  runners: Record<string, string>;
  /** Set by the process pool: the OS process this worker thread lives in. */
  processTag?: string;
}

const data = (workerData ?? { shared: {}, runners: {} }) as PoolWorkerData;
const workerId = `${data.processTag ? `${data.processTag}/` : ''}thread:${threadId}`;
const frames = new Map<string, Frame>();
const runners = new Map<string, Promise<Runner>>();

/** Thrown inside a runner by `throwIfCancelled`; never leaves the worker. */
class Cancelled extends Error {}

function loadRunner(name: string): Promise<Runner> {
  let r = runners.get(name);
  if (!r) {
    const url = data.runners[name];
    if (!url) {
      const known = Object.keys(data.runners).join(', ');
      return Promise.reject(Object.assign(new Error(`no runner named "${name}" in this pool (known: ${known}); add it with the pool's runners option`), { code: 'ERR_WORKER_RUNNER_UNKNOWN' }));
    }
    r = import(url).then((m: Partial<Runner> & { default?: Partial<Runner> }) => {
      const run = m.run ?? m.default?.run;
      if (typeof run !== 'function') throw Object.assign(new Error(`runner module ${url} exports no run(task, ctx) function`), { code: 'ERR_WORKER_RUNNER_INVALID' });
      return { run };
    });
    runners.set(name, r);
  }
  return r;
}

function errorBody(e: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const details = (e as { details?: unknown }).details;
    return {
      name: e.name,
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}),
    };
  }
  return { name: 'Error', message: `thrown: ${String(e)}` };
}

export default async function runTask(wire: WireTask): Promise<WorkerReply> {
  const { task, cancel, port } = wire;
  const every = Math.max(1, Math.floor(task.reportEvery ?? 1));
  const post = (m: WorkerMessage): void => port?.postMessage(m);
  let lastStep = -1;
  post({ type: 'start', worker: workerId, at: Date.now() });
  const ctx: RunnerContext = {
    shared: data.shared,
    frame(key = 'frame') {
      let f = frames.get(key);
      if (!f) {
        const h = data.shared[key];
        if (!h || typeof h !== 'object') throw Object.assign(new Error(`the pool has no shared "${key}" frame handle`), { code: 'ERR_WORKER_SHARED_MISSING' });
        f = Frame.fromHandle(h as FrameHandle);
        frames.set(key, f);
      }
      return f;
    },
    report(step, value) {
      lastStep = step;
      if ((step + 1) % every === 0) post({ type: 'report', step, value });
      return Atomics.load(cancel, 0) === CANCEL.none;
    },
    cancel,
    throwIfCancelled() {
      if (Atomics.load(cancel, 0) !== CANCEL.none) throw new Cancelled('cancelled');
    },
    workerId,
  };
  try {
    const runner = await loadRunner(task.runner);
    const result = await runner.run(task, ctx);
    return { ok: true, pruned: false, result, worker: workerId };
  } catch (e) {
    // A pruned trial stops through the cancel slot; whatever the runner threw on seeing it
    // (our Cancelled, the trainer's ERR_ABORTED) means "pruned", not "failed".
    if (Atomics.load(cancel, 0) === CANCEL.pruned) return { ok: true, pruned: true, step: lastStep, worker: workerId };
    if (e instanceof Cancelled) return { ok: false, worker: workerId, error: { name: 'AbortError', code: 'ERR_ABORTED', message: 'the trial was stopped' } };
    return { ok: false, worker: workerId, error: errorBody(e) };
  } finally {
    port?.close();
  }
}
