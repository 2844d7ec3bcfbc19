/**
 * Runner names → module URLs. Built-in runners sit beside this file; callers add their own with
 * the pool's `runners` option. Resolving a name is the worker's job, so a URL travels once in
 * `workerData`, never per task.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkerError } from '../errors.js';

/** Runners shipped with cryptotune (file stems under src/parallel/runners). */
export const BUILTIN_RUNNERS = ['sgd-logistic', 'gbdt', 'model'] as const;

/**
 * `new URL(rel, base)` for the first of `.js` / `.ts` that exists (compiled vs source runs). The
 * CommonJS bundle's base is dist/index.cjs, so `parallel/` is tried under it too.
 */
export function siblingModule(rel: string, base: string): string {
  for (const r of [rel, rel.replace(/^\.\//, './parallel/')]) {
    for (const ext of ['.js', '.ts']) {
      const url = new URL(r + ext, base);
      if (existsSync(fileURLToPath(url))) return url.href;
    }
  }
  throw new WorkerError('ERR_WORKER_MODULE_MISSING', `cannot find ${rel}(.js|.ts) next to ${base}; reinstall cryptotune`);
}

/** Built-in runner URLs plus the caller's, checked: every value must be a file: URL or path that exists. */
export function runnerTable(custom: Record<string, string | URL> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of BUILTIN_RUNNERS) out[name] = siblingModule(`./runners/${name}`, import.meta.url);
  for (const [name, where] of Object.entries(custom)) {
    const url = where instanceof URL ? where.href : where.startsWith('file:') ? where : new URL(`file://${where}`).href;
    if (!existsSync(fileURLToPath(url))) {
      throw new WorkerError('ERR_WORKER_RUNNER_MISSING', `runner "${name}" points at ${url}, which does not exist; pass a file URL or absolute path of a module exporting run(task, ctx)`, { runner: name });
    }
    out[name] = url;
  }
  return out;
}
