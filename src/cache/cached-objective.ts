/**
 * `cachedObjective` makes any objective use the result cache transparently: the trial's parameters
 * are drawn first (by `keyParts.params`), the key is built from them and the fixed parts, and a hit
 * returns the stored values without evaluating — so duplicate suggestions and re-runs of a study
 * cost a lookup. Misses are evaluated and stored with their metrics, timings and model bytes.
 *
 * The trial records `userAttrs.cache` = 'hit' | 'miss' and, on a hit, the stored `metrics`.
 * A pruned or failed evaluation is never stored; a cache that cannot be written does not fail the
 * trial (the result is returned, `userAttrs.cache_error` says why it was not stored).
 */
import type { ParamValue } from '../study/distributions.js';
import type { JsonValue } from '../study/frozen-trial.js';
import type { Objective } from '../study/study.js';
import type { Trial } from '../study/trial.js';
import { StorageError } from '../errors.js';
import { generateKey, type CacheKeyParts } from './generate-key.js';
import type { CacheValue, ResultCache } from './result-cache.js';

/** The fixed key parts plus the function that suggests the trial's parameters. */
export interface CachedObjectiveKey extends Omit<CacheKeyParts, 'params'> {
  /** Suggest this trial's parameters (`trial.suggestFloat(…)`, …) and return them. */
  params: (trial: Trial) => Record<string, ParamValue>;
}

/** What the evaluation returns: values, or values with metrics, timings and a model. */
export type Evaluation = number | readonly number[] | (CacheValue & { values: number[] });

function asCacheValue(result: Evaluation, elapsedMs: number): CacheValue {
  if (typeof result === 'number') return { values: [result], timings: { evaluateMs: elapsedMs } };
  if (Array.isArray(result)) return { values: [...(result as readonly number[])], timings: { evaluateMs: elapsedMs } };
  const v = result as CacheValue & { values: number[] };
  if (!Array.isArray(v.values)) throw new StorageError('ERR_CACHE_VALUE', 'a cached evaluation must return a number, an array of numbers, or { values: number[], … }');
  return { ...v, timings: { evaluateMs: elapsedMs, ...(v.timings ?? {}) } };
}

function returned(values: readonly number[]): number | number[] {
  return values.length === 1 ? values[0]! : [...values];
}

/** Wrap `evaluate(params, trial)` into an objective that reads and fills `cache`. */
export function cachedObjective(
  cache: ResultCache,
  keyParts: CachedObjectiveKey,
  evaluate: (params: Record<string, ParamValue>, trial: Trial) => Evaluation | Promise<Evaluation>,
): Objective {
  const { params: suggest, ...fixed } = keyParts;
  return async (trial: Trial) => {
    const params = suggest(trial);
    const key = generateKey({ ...fixed, params });
    const hit = cache.get(key);
    if (hit?.values && hit.values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      trial.setUserAttr('cache', 'hit');
      if (hit.metrics) trial.setUserAttr('metrics', hit.metrics);
      return returned(hit.values);
    }
    trial.setUserAttr('cache', 'miss');
    const t0 = performance.now();
    const result = await evaluate(params, trial);
    const value = asCacheValue(result, performance.now() - t0);
    const values = value.values!;
    // Non-finite results fail the trial in the study; never cache them.
    if (values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      try {
        cache.set(key, value);
      } catch (e) {
        trial.setUserAttr('cache_error', `${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}` as JsonValue);
      }
    }
    return returned(values);
  };
}
