/**
 * What `optimize`, `resume` and `worker` share: the options that configure a CryptoOptimizer and
 * the loop that drives one from the terminal (progress per model family, then the leaderboard and
 * optionally the HTML report).
 */
import type { OptionSpec } from './args.js';
import type { CommandContext } from './command.js';
import { storageOption } from './storage-option.js';
import { ProgressView, type FamilyProgress } from './progress.js';
import { renderTable } from './table.js';
import type { CryptoOptimizer, CryptoOptimizerOptions } from '../optimizer.js';
import type { OptimizerEvent, OptimizerProgress } from '../optimizer-events.js';

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

type RunOptions = CommandContext<typeof RUN_OPTIONS>['options'];

/** The parallel / memory / cache parts of a CryptoOptimizer config from the shared options. */
export function runConfig(o: RunOptions): Pick<CryptoOptimizerOptions, 'storage' | 'parallel' | 'memory' | 'cache'> {
  return {
    storage: o.storage,
    ...(o.workers !== undefined ? { parallel: { workers: o.workers } } : {}),
    ...(o.memoryLimit !== undefined ? { memory: { limitMb: o.memoryLimit } } : {}),
    ...(o.cache === false ? { cache: false as const } : {}),
  };
}

/** Drive an optimizer to the end with progress on stdout; prints the leaderboard (or JSON). */
export async function runOptimizer(optimizer: CryptoOptimizer, ctx: CommandContext<typeof RUN_OPTIONS>): Promise<number> {
  const { options, io } = ctx;
  const progress = options.json ? null : new ProgressView({ stream: io.stdout });
  const seen = new Set<string>();
  const onProgress = (e: Event): void => {
    const d = (e as OptimizerEvent<OptimizerProgress & FamilyProgress>).detail;
    if (!progress || !d?.family) return;
    if (!seen.has(d.family)) {
      seen.add(d.family);
      progress.start(d.family, d.total ?? options.trials ?? null);
    }
    progress.update(d.family, d);
  };
  optimizer.addEventListener('progress', onProgress);
  try {
    await optimizer.loadAndPrepareData();
    const results = await optimizer.optimizeAllModels({
      ...(options.trials !== undefined ? { nTrials: options.trials } : {}),
      ...(options.timeout !== undefined ? { timeoutPerModel: options.timeout * 1000 } : {}),
      signal: io.signal,
    });
    for (const f of seen) progress?.finish(f);
    progress?.stop();
    const test = await optimizer.evaluateBest();
    if (options.report) await optimizer.writeReport(options.report);
    if (options.json) {
      ctx.printJson({ results, test: test.map((t) => ({ ...t, trading: { ...t.trading, equity: undefined, returns: undefined, times: undefined } })), report: options.report ?? null });
      return 0;
    }
    const byFamily = new Map(test.map((t) => [t.family, t]));
    ctx.print(
      '\n' +
        renderTable(
          ['family', 'valid AUC', 'test AUC', 'test Sharpe', 'trials', 'pruned', 'cached', 'seconds'],
          optimizer.leaderboard().map((r) => {
            const t = byFamily.get(r.family);
            return [r.family, r.bestValue, t?.test.auc ?? null, t?.trading.sharpe ?? null, r.complete, r.pruned, r.cacheHits, r.ms / 1000];
          }),
        ),
    );
    if (options.report) ctx.print(`report: ${options.report}`);
    return 0;
  } finally {
    progress?.stop();
    optimizer.removeEventListener('progress', onProgress);
    await optimizer.close();
  }
}
