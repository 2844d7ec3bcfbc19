/**
 * A pool of workers that hold one shared copy of the data and run trials: `run` one task (with a
 * timeout, retries and intermediate reports), `runBatch` many (results in submission order),
 * `stats` like the Python system's `get_stats()`, `close` to release every worker.
 *
 * Fault policy: a runner that throws fails its attempt with its own coded error; a worker that
 * dies (native crash, out of memory) or a timeout fails the attempt and the worker is replaced.
 * Failed attempts are retried up to `maxRetries` times for the kinds listed in `retryOn`, and
 * every attempt is recorded in the outcome.
 */
import { AbortError, CryptotuneError, errorFromCode, WorkerError } from '../errors.js';
import { resolveConfig, type CryptotuneConfig } from '../config/resolve-config.js';
import { MemoryBudget, type BudgetInput, type BudgetPlan } from '../memory/memory-budget.js';
import type { PoolBackend } from './pool-backend.js';
import { PoolStatsRecorder, type PoolStats } from './pool-stats.js';
import { ProcessBackend } from './process-backend.js';
import { runnerTable } from './runner-registry.js';
import { CANCEL, type RunnerResult, type TrialTask, type WorkerReply } from './task.js';
import { ThreadBackend, type ThreadBackendOptions } from './thread-backend.js';

/** Why an attempt failed; `retryOn` lists which kinds are retried. */
export type FailureKind = 'error' | 'timeout' | 'crash';

export interface AttemptRecord {
  attempt: number;
  worker: string | null;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  kind?: FailureKind | 'aborted';
  code?: string;
  message?: string;
  waitMs: number;
  runMs: number;
}

export interface TaskOutcome {
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** The runner's score (COMPLETE). */
  value?: number | number[];
  metrics?: Record<string, number>;
  rounds?: number;
  /** Last reported step of a pruned trial. */
  prunedAt?: number;
  /** The final attempt's error (FAIL). */
  error?: CryptotuneError;
  attempts: AttemptRecord[];
  worker: string | null;
}

export interface WorkerPoolOptions {
  /** Workers (threads, or processes for type "process"). Default: config `workers`. */
  size?: number;
  /** 'thread' (default) or 'process' (child processes, each with its own thread pool). */
  type?: 'thread' | 'process';
  /** Handles attached once by every worker: frame, features, bins, labels… (SABs, no copy). Thread type only. */
  shared?: Record<string, unknown>;
  /**
   * Process type: URL of a module exporting `setup(): Promise<Record<string, unknown>>` that each
   * child process runs once to build its own shared handles (memory is not shared across processes).
   */
  processSetup?: string | URL;
  /** Threads inside each child process (process type; default 1). */
  threadsPerProcess?: number;
  /** Extra runners by name: file URLs (or absolute paths) of modules exporting run(task, ctx). */
  runners?: Record<string, string | URL>;
  /** Default per-attempt timeout, ms, counted from when a worker starts it (0 = none). Default: config `timeoutMs`. */
  timeoutMs?: number;
  /** Extra attempts after a failed one (default 1). */
  maxRetries?: number;
  /** Failure kinds that are retried (default crash and timeout; a runner's own error is not). */
  retryOn?: readonly FailureKind[];
  /** V8 heap limits per worker thread (a worker past them dies with ERR_WORKER_OUT_OF_MEMORY). */
  resourceLimits?: ThreadBackendOptions['resourceLimits'];
  /**
   * Plan memory before any worker starts: the pool gets at most the workers that fit under the
   * config's memory limit (`pool.plan` tells why), or the constructor throws
   * ERR_MEMORY_BUDGET_EXCEEDED with the numbers when not even one does.
   */
  budget?: Omit<BudgetInput, 'workers'>;
  /** Options/environment resolution (CRYPTOTUNE_WORKERS, CRYPTOTUNE_TIMEOUT, …). */
  config?: CryptotuneConfig;
  env?: NodeJS.ProcessEnv;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * Called for each intermediate score, in order. Return (or resolve to) true to prune: the
   * worker's cancel slot is set and the runner stops at its next poll.
   */
  onReport?: (step: number, value: number) => boolean | void | Promise<boolean | void>;
}

function checkInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new WorkerError('ERR_WORKER_OPTION', `${name} must be an integer ≥ ${min}, got ${String(v)}`, { option: name });
  return v;
}

export class WorkerPool {
  readonly type: 'thread' | 'process';
  readonly size: number;
  /** The memory plan, when the pool was given a `budget`. */
  readonly plan: BudgetPlan | undefined;
  private readonly backend: PoolBackend;
  private readonly recorder = new PoolStatsRecorder();
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryOn: ReadonlySet<FailureKind>;
  private readonly closing = new AbortController();
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    const cfg = options.config ?? resolveConfig({}, options.env ?? process.env);
    this.type = options.type ?? cfg.workerType;
    if (this.type !== 'thread' && this.type !== 'process') throw new WorkerError('ERR_WORKER_OPTION', `type must be 'thread' or 'process', got ${String(this.type)}`, { option: 'type' });
    const wanted = checkInt('size', options.size ?? cfg.workers, 1);
    this.plan = options.budget ? new MemoryBudget({ limitMb: cfg.memory.limitMb, chunkSizeMb: cfg.memory.chunkSizeMb }).plan({ ...options.budget, workers: wanted }) : undefined;
    this.size = this.plan ? this.plan.workers : wanted;
    this.timeoutMs = checkInt('timeoutMs', options.timeoutMs ?? cfg.timeoutMs, 0);
    this.maxRetries = checkInt('maxRetries', options.maxRetries ?? cfg.maxRetries, 0);
    this.retryOn = new Set(options.retryOn ?? ['crash', 'timeout']);
    const runners = runnerTable(options.runners);
    if (this.type === 'thread') {
      this.backend = new ThreadBackend({ size: this.size, shared: options.shared ?? {}, runners, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    } else {
      if (options.shared && Object.keys(options.shared).length > 0) {
        throw new WorkerError('ERR_WORKER_OPTION', 'process workers cannot share memory with this process; pass processSetup (a module that builds the handles in each child) instead of shared', { option: 'shared' });
      }
      this.backend = new ProcessBackend({
        size: this.size,
        threads: checkInt('threadsPerProcess', options.threadsPerProcess ?? 1, 1),
        runners,
        ...(options.processSetup ? { setup: String(options.processSetup instanceof URL ? options.processSetup.href : options.processSetup) } : {}),
        ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
      });
    }
  }

  /** Run one task; resolves with its outcome (COMPLETE or PRUNED), rejects with the final attempt's error. */
  async run(task: TrialTask, options: RunOptions = {}): Promise<TaskOutcome> {
    const out = await this.settle(task, options);
    if (out.state === 'FAIL') {
      const e = out.error!;
      e.details.attempts = out.attempts;
      throw e;
    }
    return out;
  }

  /** Run tasks concurrently on the pool; outcomes (FAIL included, never thrown) in submission order. */
  runBatch(tasks: readonly TrialTask[], options: Omit<RunOptions, 'onReport'> & { onReport?: (index: number, step: number, value: number) => boolean | void | Promise<boolean | void> } = {}): Promise<TaskOutcome[]> {
    const { onReport, ...rest } = options;
    return Promise.all(tasks.map((t, i) => this.settle(t, { ...rest, ...(onReport ? { onReport: (s: number, v: number) => onReport(i, s, v) } : {}) })));
  }

  /** Counters, timings and utilisation since the pool was created. */
  stats(): PoolStats {
    const s = this.recorder.snapshot(this.type, this.size);
    s.queued = this.backend.queued;
    return s;
  }

  /** Live worker threads (thread type) or child processes (process type); 0 once closed. */
  get liveWorkers(): number {
    return this.backend.liveWorkers;
  }

  /** Stop running tasks (they fail with ERR_ABORTED) and release every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    await this.backend.close();
  }

  private async settle(task: TrialTask, options: RunOptions): Promise<TaskOutcome> {
    if (this.closed) throw new WorkerError('ERR_WORKER_POOL_CLOSED', 'this pool was closed; create a new WorkerPool');
    if (!task || typeof task.runner !== 'string') throw new WorkerError('ERR_WORKER_TASK', 'a task needs a runner name (task.runner)');
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const attempts: AttemptRecord[] = [];
    for (let attempt = 0; ; attempt++) {
      const { record, reply, kind, error } = await this.attempt(task, attempt, timeoutMs, options);
      attempts.push(record);
      if (reply && reply.ok) {
        if (reply.pruned) {
          this.recorder.pruned++;
          return { state: 'PRUNED', prunedAt: reply.step, attempts, worker: reply.worker };
        }
        this.recorder.completed++;
        const r: RunnerResult = reply.result;
        return { state: 'COMPLETE', value: r.value, ...(r.metrics ? { metrics: r.metrics } : {}), ...(r.rounds !== undefined ? { rounds: r.rounds } : {}), attempts, worker: reply.worker };
      }
      const retry = kind !== 'aborted' && kind !== undefined && this.retryOn.has(kind) && attempt < maxRetries;
      if (!retry) {
        this.recorder.failures++;
        return { state: 'FAIL', error: error!, attempts, worker: record.worker };
      }
      this.recorder.retries++;
    }
  }

  private async attempt(
    task: TrialTask,
    attempt: number,
    timeoutMs: number,
    options: RunOptions,
  ): Promise<{ record: AttemptRecord; reply?: WorkerReply; kind?: FailureKind | 'aborted'; error?: CryptotuneError }> {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const stop = new AbortController();
    const submitted = Date.now();
    let startedAt = 0;
    let worker: string | null = null;
    let reports: Promise<unknown> = Promise.resolve();
    const halt = (why: number): void => {
      Atomics.compareExchange(cancel, 0, CANCEL.none, why);
      stop.abort();
    };
    const onAbort = (): void => halt(CANCEL.aborted);
    const outer = [options.signal, this.closing.signal].filter((s): s is AbortSignal => s !== undefined);
    for (const s of outer) s.addEventListener('abort', onAbort, { once: true });
    // The clock runs from the moment a worker starts the attempt, not while it waits in the queue.
    let timer: NodeJS.Timeout | undefined;
    this.recorder.queued++;
    if (outer.some((s) => s.aborted)) onAbort();
    const onReport = options.onReport;
    let reply: WorkerReply | undefined;
    let thrown: unknown;
    try {
      reply = await this.backend.submit({
        task,
        cancel,
        signal: stop.signal,
        onMessage: (m) => {
          if (m.type === 'start') {
            startedAt = m.at;
            worker = m.worker;
            if (timeoutMs > 0) timer = setTimeout(() => halt(CANCEL.timeout), timeoutMs);
            this.recorder.attemptStarted(m.worker, Math.max(0, m.at - submitted));
          } else if (onReport) {
            reports = reports.then(async () => {
              if (Atomics.load(cancel, 0) !== CANCEL.none) return;
              if ((await onReport(m.step, m.value)) === true) Atomics.compareExchange(cancel, 0, CANCEL.none, CANCEL.pruned);
            });
          }
        },
      });
    } catch (e) {
      thrown = e;
    } finally {
      if (timer) clearTimeout(timer);
      for (const s of outer) s.removeEventListener('abort', onAbort);
    }
    // Every report sent before the end is handed to onReport before the outcome is known.
    let reportError: unknown;
    await reports.catch((e: unknown) => (reportError = e));
    const ended = Date.now();
    this.recorder.attemptEnded(startedAt ? ended - startedAt : 0, startedAt > 0);
    const base = { attempt, worker, waitMs: startedAt ? startedAt - submitted : ended - submitted, runMs: startedAt ? ended - startedAt : 0 };
    const flag = Atomics.load(cancel, 0);
    if (reportError !== undefined && !(reply?.ok && !reply.pruned)) {
      const error = reportError instanceof CryptotuneError ? reportError : new WorkerError('ERR_WORKER_REPORT', `onReport failed: ${(reportError as Error)?.message ?? String(reportError)}`);
      return { record: { ...base, state: 'FAIL', kind: 'error', code: error.code, message: error.message }, kind: 'error', error };
    }
    if (reply) {
      if (reply.ok) return { record: { ...base, worker: reply.worker, state: reply.pruned ? 'PRUNED' : 'COMPLETE' }, reply };
      const { code, message, name, details } = reply.error;
      const error = code ? errorFromCode(code, message, details ?? {}) : new WorkerError('ERR_WORKER_TASK_FAILED', `the runner threw ${name}: ${message}`, { name });
      const kind: FailureKind | 'aborted' = flag === CANCEL.timeout ? 'timeout' : flag === CANCEL.aborted ? 'aborted' : 'error';
      if (kind === 'timeout') this.recorder.timeouts++;
      const finalError = kind === 'timeout' ? this.timeoutError(timeoutMs) : kind === 'aborted' ? new AbortError('the trial was aborted') : error;
      return { record: { ...base, worker: reply.worker, state: 'FAIL', kind, code: finalError.code, message: finalError.message }, kind, error: finalError };
    }
    let kind: FailureKind | 'aborted';
    let error: CryptotuneError;
    if (flag === CANCEL.timeout) {
      kind = 'timeout';
      error = this.timeoutError(timeoutMs);
      this.recorder.timeouts++;
    } else if (flag === CANCEL.aborted) {
      kind = 'aborted';
      error = new AbortError('the trial was aborted; its worker was stopped');
    } else {
      kind = 'crash';
      this.recorder.crashes++;
      const code = (thrown as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ERR_WORKER_OUT_OF_MEMORY' : 'ERR_WORKER_CRASHED';
      error = new WorkerError(
        code,
        code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the worker ran out of heap memory (${(thrown as Error)?.message ?? thrown}); raise resourceLimits.maxOldGenerationSizeMb or lower the work per trial`
          : `the worker died while running the trial (${(thrown as Error)?.message ?? String(thrown)}); it was replaced`,
        { worker },
        { cause: thrown },
      );
    }
    return { record: { ...base, state: 'FAIL', kind, code: error.code, message: error.message }, kind, error };
  }

  private timeoutError(ms: number): WorkerError {
    return new WorkerError('ERR_WORKER_TIMEOUT', `the trial ran longer than its ${ms} ms timeout; its worker was stopped and replaced (raise timeoutMs or CRYPTOTUNE_TIMEOUT)`, { timeoutMs: ms });
  }
}
