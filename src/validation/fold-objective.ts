/**
 * Fold-aware objectives: score a trial on every fold of a split, summarise across folds (mean and
 * dispersion), and turn the summary into the study's value(s). Each fold's validation score is
 * reported as its own step (step = fold index), which is what WilcoxonPruner compares fold by fold
 * against the best trial; a pruned trial stops before its remaining folds are trained.
 *
 * Multi-objective presets follow the Python system: AUC (maximise), the overfitting gap
 * train − valid (minimise) and the dispersion of the validation score across folds (minimise).
 */
import { ValidationError } from '../errors.js';
import type { StudyDirection } from '../storage/storage.js';
import type { Trial } from '../study/trial.js';
import { TrialPruned } from '../study/trial-pruned.js';
import type { Fold, Split } from './split.js';

/** One fold's scores: on its validation rows, and optionally on its training rows (for the gap). */
export interface FoldScore {
  valid: number;
  train?: number;
}

/** Mean and dispersion of a score across folds (std is the population std, as numpy's default). */
export interface FoldStats {
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface FoldEvaluation {
  scores: FoldScore[];
  valid: FoldStats;
  /** Present when every fold reported a train score. */
  train?: FoldStats;
  /** Overfitting gap: mean train score − mean validation score. */
  gap?: number;
}

/** Trial user attrs where the per-fold scores are kept (PBO and reports read them). */
export const FOLD_SCORES_ATTR = 'fold_scores';
export const FOLD_TRAIN_SCORES_ATTR = 'fold_train_scores';

export function foldStats(values: readonly number[]): FoldStats {
  const n = values.length;
  if (n === 0) throw new ValidationError('ERR_SPLIT_OBJECTIVE', 'no fold scores to summarise');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { n, mean, std: Math.sqrt(ss / n), min, max };
}

export interface EvaluateFoldsOptions {
  /** What is reported at step i: fold i's own score ('fold', default — Wilcoxon) or the running mean ('runningMean' — median/percentile pruners). */
  report?: 'fold' | 'runningMean';
  /** Ask the study's pruner after each fold and throw TrialPruned (default true). */
  prune?: boolean;
}

/** A fold's scorer: train on `fold.train`, score on `fold.valid` (and on `fold.train` for the gap). */
export type FoldScorer = (fold: Fold, index: number) => FoldScore | number | Promise<FoldScore | number>;

/**
 * Score every fold in order. With a trial of a single-objective study, each fold's score is
 * reported (step = fold index) and the pruner consulted; the fold scores are kept in the trial's
 * user attrs `fold_scores` / `fold_train_scores`.
 */
export async function evaluateFolds(trial: Trial | null, split: Split | readonly Fold[], scorer: FoldScorer, options: EvaluateFoldsOptions = {}): Promise<FoldEvaluation> {
  const folds = Array.isArray(split) ? (split as readonly Fold[]) : (split as Split).folds;
  const single = trial !== null && !trial.study.isMultiObjective;
  const scores: FoldScore[] = [];
  let sum = 0;
  for (let i = 0; i < folds.length; i++) {
    const raw = await scorer(folds[i]!, i);
    const s: FoldScore = typeof raw === 'number' ? { valid: raw } : raw;
    if (!Number.isFinite(s?.valid) || (s.train !== undefined && !Number.isFinite(s.train))) {
      throw new ValidationError('ERR_SPLIT_OBJECTIVE', `fold ${i} (${folds[i]!.name}) scored ${JSON.stringify(raw)}; a fold score must be a finite number or { valid, train? }`, { fold: i });
    }
    scores.push(s);
    sum += s.valid;
    if (trial) {
      trial.setUserAttr(FOLD_SCORES_ATTR, scores.map((x) => x.valid));
      if (scores.every((x) => x.train !== undefined)) trial.setUserAttr(FOLD_TRAIN_SCORES_ATTR, scores.map((x) => x.train!));
    }
    if (single) {
      trial.report(options.report === 'runningMean' ? sum / (i + 1) : s.valid, i);
      if (options.prune !== false && i + 1 < folds.length && (await trial.shouldPrune())) throw new TrialPruned(`pruned after fold ${i} of ${folds.length}`);
    }
  }
  const evaluation: FoldEvaluation = { scores, valid: foldStats(scores.map((s) => s.valid)) };
  if (scores.every((s) => s.train !== undefined)) {
    evaluation.train = foldStats(scores.map((s) => s.train!));
    evaluation.gap = evaluation.train.mean - evaluation.valid.mean;
  }
  return evaluation;
}

/** Objective presets: which values a trial returns and in which direction each is optimised. */
export const FOLD_OBJECTIVE_PRESETS = {
  /** Mean validation AUC across folds. */
  auc: { objectives: ['auc'], directions: ['maximize'] },
  /** Mean AUC, and the overfitting gap train − valid. */
  'auc-gap': { objectives: ['auc', 'overfitGap'], directions: ['maximize', 'minimize'] },
  /** Mean AUC, the overfitting gap, and the std of AUC across folds (stability). */
  'auc-gap-stability': { objectives: ['auc', 'overfitGap', 'foldStd'], directions: ['maximize', 'minimize', 'minimize'] },
} as const satisfies Record<string, { objectives: readonly string[]; directions: readonly StudyDirection[] }>;

export type FoldObjectivePreset = keyof typeof FOLD_OBJECTIVE_PRESETS;

/** The study directions of a preset (pass to createStudy({ directions })). */
export function presetDirections(preset: FoldObjectivePreset): StudyDirection[] {
  const p = FOLD_OBJECTIVE_PRESETS[preset];
  if (!p) throw new ValidationError('ERR_SPLIT_OBJECTIVE', `unknown objective preset ${JSON.stringify(preset)}; use one of ${Object.keys(FOLD_OBJECTIVE_PRESETS).join(', ')}`);
  return [...p.directions];
}

/** A preset's values from an evaluation (the gap needs train scores). */
export function presetValues(preset: FoldObjectivePreset, e: FoldEvaluation): number[] {
  const p = FOLD_OBJECTIVE_PRESETS[preset];
  if (!p) presetDirections(preset);
  return p.objectives.map((o) => {
    if (o === 'auc') return e.valid.mean;
    if (o === 'foldStd') return e.valid.std;
    if (e.gap === undefined) throw new ValidationError('ERR_SPLIT_OBJECTIVE', `preset '${preset}' needs each fold's train score: return { valid, train } from the fold scorer`);
    return e.gap;
  });
}

/**
 * An objective for `study.optimize` that scores `split`'s folds with `scorer(trial, fold, i)` and
 * returns the preset's values (default 'auc': the mean validation score).
 */
export function foldObjective(
  split: Split | readonly Fold[],
  scorer: (trial: Trial, fold: Fold, index: number) => FoldScore | number | Promise<FoldScore | number>,
  options: EvaluateFoldsOptions & { preset?: FoldObjectivePreset } = {},
): (trial: Trial) => Promise<number | number[]> {
  const preset = options.preset ?? 'auc';
  presetDirections(preset);
  return async (trial) => {
    const e = await evaluateFolds(trial, split, (fold, i) => scorer(trial, fold, i), options);
    const values = presetValues(preset, e);
    return values.length === 1 ? values[0]! : values;
  };
}
