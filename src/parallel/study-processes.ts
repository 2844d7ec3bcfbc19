/**
 * Several OS processes on this machine working on one persistent study: each process runs the
 * caller's `work` module, which opens the shared store (LMDB; later PostgreSQL), loads the study,
 * makes its own WorkerPool and optimizes. The store is what they share; trials are claimed
 * atomically and a process that dies leaves RUNNING trials that the study's heartbeat fails and
 * re-enqueues for the others. This module only starts, watches and stops the processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AbortError, WorkerError } from '../errors.js';
import type { JsonValue } from '../study/frozen-trial.js';
import { siblingModule } from './runner-registry.js';

/** What the `work` export of the caller's module receives in each process. */
export interface StudyProcessContext {
  /** 0-based index of this process. */
  index: number;
  count: number;
  args: JsonValue;
  /** Aborted when the parent aborts (the process is killed 1 s later if still running). */
  signal: AbortSignal;
}

export interface StudyProcessResult {
  index: number;
  pid: number;
  state: 'COMPLETE' | 'FAIL';
  /** What `work` returned (JSON). */
  value?: JsonValue;
  /** Why it failed: a thrown error's message, or the exit code / signal of a crashed process. */
  error?: { code?: string; message: string };
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface StudyProcessOptions {
  /** Processes to start (≥ 1). */
  processes: number;
  /** File URL or absolute path of a module exporting `work(ctx: StudyProcessContext)`. */
  module: string | URL;
  /** JSON passed to every process (storage path, study name, pool size, …). */
  args?: JsonValue;
  signal?: AbortSignal;
}

/** Start the processes and resolve when all have ended, with one result per process. */
export async function runStudyProcesses(options: StudyProcessOptions): Promise<StudyProcessResult[]> {
  const { processes } = options;
  if (!Number.isInteger(processes) || processes < 1) throw new WorkerError('ERR_WORKER_OPTION', `processes must be an integer ≥ 1, got ${processes}`, { option: 'processes' });
  if (options.signal?.aborted) throw new AbortError('runStudyProcesses was aborted before it started');
  const entry = siblingModule('./study-process-entry', import.meta.url);
  const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const moduleUrl = options.module instanceof URL ? options.module.href : options.module.startsWith('file:') ? options.module : new URL(`file://${options.module}`).href;
  const children: ChildProcess[] = [];
  const results = Array.from({ length: processes }, (_, index) =>
    new Promise<StudyProcessResult>((resolve) => {
      const child = fork(fileURLToPath(entry), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      children.push(child);
      let reply: { ok: boolean; value?: JsonValue; error?: { code?: string; message: string } } | undefined;
      child.on('message', (m: typeof reply) => (reply = m));
      child.on('exit', (exitCode, signal) => {
        const base = { index, pid: child.pid ?? -1, exitCode, signal };
        if (reply?.ok) resolve({ ...base, state: 'COMPLETE', ...(reply.value !== undefined ? { value: reply.value } : {}) });
        else resolve({ ...base, state: 'FAIL', error: reply?.error ?? { code: 'ERR_WORKER_CRASHED', message: `study process ${child.pid} exited (${signal ?? `code ${exitCode}`}) before it finished` } });
      });
      child.send({ type: 'start', index, count: processes, module: moduleUrl, args: options.args ?? null });
    }),
  );
  const onAbort = (): void => {
    for (const c of children) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      if (c.connected) c.send({ type: 'abort' });
      setTimeout(() => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'), 1000).unref();
    }
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(results);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
