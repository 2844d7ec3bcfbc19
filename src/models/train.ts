/**
 * `train`: fit a tree family on a dataset's fold rows. Rust trains in steps of `evalEvery`
 * rounds; between steps the progress callback sees the validation score (return false to stop)
 * and the AbortSignal is checked. A `cancel` slot (Int32Array on a SharedArrayBuffer) is read by
 * Rust before every round, so another thread — a pruner — can stop a trial mid-step.
 */
import { AbortError, ModelError } from '../errors.js';
import { callNative } from '../native.js';
import type { Dataset } from './dataset.js';
import { Model } from './model.js';
import type { ParamValue } from './params.js';
import { TREE_FAMILIES, toCoreParams, type Objective, type TreeFamily } from './tree-families.js';

export interface Progress {
  round: number;
  /** Validation metric (logloss by default for binary, l2 for regression; `metric` param). NaN without validRows. */
  validScore: number;
  trainScore?: number;
}

export interface TrainOptions {
  /** Training rows of the dataset (a fold); never copied. */
  trainRows: Uint32Array;
  /** Validation rows: scored for progress and early stopping. */
  validRows?: Uint32Array;
  objective?: Objective;
  /** Rounds between progress reports (default 1 with onProgress, else all rounds at once). */
  evalEvery?: number;
  /** Called every `evalEvery` rounds; return false to stop training (the model keeps those rounds). */
  onProgress?: (p: Progress) => void | boolean;
  /** Also compute the training metric for each report (costs a pass over the training rows). */
  reportTrainScore?: boolean;
  /** Shared slot polled by Rust each round; non-zero stops with ERR_ABORTED. */
  cancel?: Int32Array;
  signal?: AbortSignal;
  /** Stop after this many rounds without a better validation score (needs validRows). */
  earlyStoppingRounds?: number;
  seed?: number;
  /** Threads for histogram building (default 1: the worker pool owns parallelism). */
  threads?: number;
}

function checkInt(name: string, v: number | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ModelError('ERR_PARAM_RANGE', `${name} must be an integer in [${min}, ${max}], got ${v}`, { param: name, allowed: [min, max] });
  }
  return v;
}

/** Train a tree family (`xgboost`, `lightgbm`, `catboost`) with its own parameter names. */
export function train(family: TreeFamily, params: Record<string, ParamValue>, opts: TrainOptions, dataset: Dataset): Model {
  if (!(family in TREE_FAMILIES)) {
    throw new ModelError('ERR_MODEL_FAMILY', `unknown model family '${family}'; use one of ${Object.keys(TREE_FAMILIES).join(', ')}`);
  }
  if (!(opts.trainRows instanceof Uint32Array)) {
    throw new ModelError('ERR_MODEL_ROWS_TYPE', 'trainRows must be a Uint32Array of row indices');
  }
  if (opts.trainRows.length === 0) throw new ModelError('ERR_MODEL_EMPTY_FOLD', 'trainRows is empty; a fold needs at least one training row');
  if (opts.validRows && opts.validRows.length === 0) {
    throw new ModelError('ERR_MODEL_EMPTY_FOLD', 'validRows is empty; pass at least one validation row or leave validRows out');
  }
  const earlyStoppingRounds = checkInt('earlyStoppingRounds', opts.earlyStoppingRounds, 0, 1_000_000) ?? 0;
  if (earlyStoppingRounds > 0 && !opts.validRows) {
    throw new ModelError('ERR_MODEL_NO_VALIDATION', 'earlyStoppingRounds needs validRows to score');
  }
  const core = toCoreParams(family, params, {
    objective: opts.objective ?? 'binary',
    seed: checkInt('seed', opts.seed, 0, 2 ** 32 - 1) ?? 0,
    threads: checkInt('threads', opts.threads, 1, 1024) ?? 1,
    earlyStoppingRounds,
  });
  const every = checkInt('evalEvery', opts.evalEvery, 1, 1_000_000) ?? (opts.onProgress ? 1 : core.rounds);
  const { bins } = dataset;
  const trainer = callNative((b) => new b.GbdtTrainer(core, bins.offsets, dataset.rows, dataset.label, opts.trainRows, opts.validRows));
  for (;;) {
    if (opts.signal?.aborted) throw new AbortError('training was aborted through its AbortSignal');
    const o = callNative(() => trainer.step(bins.data, dataset.rows, every, opts.reportTrainScore ?? false, opts.cancel));
    if (opts.onProgress) {
      const p: Progress = { round: o.rounds, validScore: o.validScore };
      if (opts.reportTrainScore) p.trainScore = o.trainScore;
      if (opts.onProgress(p) === false) break;
    }
    if (o.finished) break;
  }
  if (opts.signal?.aborted) throw new AbortError('training was aborted through its AbortSignal');
  const native = callNative(() => trainer.finish(bins.bounds, bins.offsets));
  return new Model(native, family, dataset.columns);
}
