/**
 * What `optimize`, `resume` and `worker` share: the options that configure a CryptoOptimizer and
 * the loop that drives one from the terminal (progress per model family, then the leaderboard and
 * optionally the report).
 *
 * The CryptoOptimizer surface relied on (src/optimizer.ts; issue 8):
 * - `new CryptoOptimizer(config)`, `loadAndPrepareData()`, `optimizeAllModels({ nTrials, timeoutPerModel, signal })`,
 *   `evaluateBest()`, `close()`;
 * - `static resume({ storage, study })` → an optimizer configured from the stored study, and
 *   `static runWorker({ storage, study, signal })` → joins a running study as one more worker;
 * - progress as `progress` events whose `detail` is `{ family, trials, total, best, pruned?, failed? }`;
 * - `optimizeAllModels` resolving to `{ [family]: { bestValue, bestParams, nTrials, ... } }`.
 */
import { CliError } from '../errors.js';
import type { OptionSpec } from './args.js';
import { loadCapability } from './capability.js';
import type { CommandContext } from './command.js';
import { storageOption } from './storage-option.js';
import { ProgressView, type FamilyProgress } from './progress.js';
import { renderTable } from './table.js';

export const FAMILIES = ['xgboost', 'lightgbm', 'catboost', 'linear'] as const;

/** Options every optimisation run takes (optimize, resume and worker add their own). */
export const RUN_OPTIONS = {
  storage: storageOption('where the studies live: a directory / lmdb:<dir>, or postgres://…'),
  trials: { type: 'integer', short: 'n', min: 1, description: 'trials per model family', env: 'CRYPTOTUNE_TRIALS' },
  timeout: { type: 'number', min: 0, placeholder: 'SECONDS', description: 'stop starting trials of a family after this long' },
  workers: { type: 'integer', short: 'w', min: 1, description: 'worker threads (default: cores)', env: 'CRYPTOTUNE_WORKERS' },
  memoryLimit: { type: 'integer', min: 1, placeholder: 'MB', description: 'memory budget', env: 'CRYPTOTUNE_MEMORY_LIMIT_MB' },
  cache: { type: 'boolean', default: true, description: 'reuse cached trial results (--no-cache to disable)' },
  report: { type: 'string', placeholder: 'FILE', description: 'write the HTML report of the best family here when done' },
  json: { type: 'boolean', description: 'no progress bars; print the results as one JSON object' },
} as const satisfies Record<string, OptionSpec>;

export interface OptimizerLike extends Partial<EventTarget> {
  loadAndPrepareData?(): Promise<unknown>;
  optimizeAllModels(o: { nTrials?: number; timeoutPerModel?: number; signal?: AbortSignal }): Promise<Record<string, FamilyResult>>;
  evaluateBest?(): Promise<unknown>;
  writeReport?(path: string): Promise<unknown>;
  close?(): Promise<unknown>;
}

export interface FamilyResult {
  bestValue?: number | null;
  bestParams?: Record<string, unknown>;
  nTrials?: number;
  [k: string]: unknown;
}

export interface OptimizerClass {
  new (config: Record<string, unknown>): OptimizerLike;
  resume?(o: Record<string, unknown>): Promise<OptimizerLike>;
  runWorker?(o: Record<string, unknown>): Promise<Record<string, unknown> | void>;
}

export async function loadOptimizer(): Promise<OptimizerClass> {
  return loadCapability<OptimizerClass>('CryptoOptimizer');
}

/** The static entry point a command needs, or ERR_CLI_UNAVAILABLE. */
export function requireStatic<K extends 'resume' | 'runWorker'>(cls: OptimizerClass, name: K): NonNullable<OptimizerClass[K]> {
  const fn = cls[name];
  if (typeof fn !== 'function') throw new CliError('ERR_CLI_UNAVAILABLE', `CryptoOptimizer.${name} is not available in this build yet; update cryptotune`);
  return fn.bind(cls) as NonNullable<OptimizerClass[K]>;
}

type RunOptions = CommandContext<typeof RUN_OPTIONS>['options'];

/** The parallel / memory / cache parts of a CryptoOptimizer config from the shared options. */
export function runConfig(o: RunOptions): Record<string, unknown> {
  return {
    storage: o.storage,
    ...(o.workers !== undefined ? { parallel: { workers: o.workers } } : {}),
    ...(o.memoryLimit !== undefined ? { memory: { limitMb: o.memoryLimit } } : {}),
    cache: o.cache,
  };
}

/** Drive an optimizer to the end with progress on stderr/stdout; prints the leaderboard (or JSON). */
export async function runOptimizer(optimizer: OptimizerLike, ctx: CommandContext<typeof RUN_OPTIONS>): Promise<number> {
  const { options, io } = ctx;
  const progress = options.json ? null : new ProgressView({ stream: io.stdout });
  const onProgress = (e: Event): void => {
    const d = (e as CustomEvent<FamilyProgress & { family: string }>).detail;
    if (!progress || !d?.family) return;
    if (!seen.has(d.family)) {
      seen.add(d.family);
      progress.start(d.family, d.total ?? options.trials ?? null);
    }
    progress.update(d.family, d);
  };
  const seen = new Set<string>();
  optimizer.addEventListener?.('progress', onProgress);
  try {
    await optimizer.loadAndPrepareData?.();
    const results = await optimizer.optimizeAllModels({
      ...(options.trials !== undefined ? { nTrials: options.trials } : {}),
      ...(options.timeout !== undefined ? { timeoutPerModel: options.timeout * 1000 } : {}),
      signal: io.signal,
    });
    for (const f of seen) progress?.finish(f);
    progress?.stop();
    const test = await optimizer.evaluateBest?.();
    if (options.report) await optimizer.writeReport?.(options.report);
    if (options.json) {
      ctx.printJson({ results, test, report: options.report ?? null });
      return 0;
    }
    const rows = Object.entries(results).sort((a, b) => (b[1].bestValue ?? -Infinity) - (a[1].bestValue ?? -Infinity));
    ctx.print('\n' + renderTable(['family', 'best value', 'trials', 'best params'], rows.map(([f, r]) => [f, r.bestValue ?? null, r.nTrials ?? null, JSON.stringify(r.bestParams ?? {})])));
    if (options.report) ctx.print(`report: ${options.report}`);
    return 0;
  } finally {
    progress?.stop();
    optimizer.removeEventListener?.('progress', onProgress);
    await optimizer.close?.();
  }
}
