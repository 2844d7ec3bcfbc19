/**
 * The plain data an HTML report is drawn from. Nothing here holds a store or a model: a caller (the
 * CLI, CryptoOptimizer, a test) gathers trials and figures once, and `renderReport` is a pure
 * function of this object.
 *
 * `reportInputFromStorage` builds one from a stored study. Besides the trials it picks up, when
 * present, what an optimizer recorded for the report: per-trial user attribute `fold_scores`
 * (number[]), and study user attributes `report_equity` ({ times, equity, feeBps?, slippageBps?,
 * label? }), `report_test_metrics` and `report_overfitting` (records of numbers),
 * `report_system` (any JSON record) and `objective_names` (string[]).
 */
import type { Storage, StudyDirection } from '../storage/storage.js';
import type { FrozenTrial, JsonValue } from '../study/frozen-trial.js';
import { fanovaImportance } from '../study/importance.js';

/** The best model's equity on the test split, after fees and slippage. */
export interface EquityCurve {
  /** Epoch ms of each point. */
  times: Float64Array | readonly number[];
  /** Equity multiple (starts near 1). */
  equity: Float64Array | readonly number[];
  /** Buy-and-hold (or any reference) on the same times, drawn dashed. */
  benchmark?: Float64Array | readonly number[];
  label?: string;
  feeBps?: number;
  slippageBps?: number;
}

/** Overfitting diagnostics of the selection (Bailey & López de Prado). */
export interface OverfittingFigures {
  /** Deflated Sharpe ratio (probability the true Sharpe is > 0 after selection), 0..1. */
  deflatedSharpe?: number;
  /** Probability of backtest overfitting, 0..1. */
  pbo?: number;
  /** How many trials the selection was made from (the DSR's N). */
  nTrials?: number;
  [key: string]: number | undefined;
}

export interface ReportInput {
  studyName: string;
  directions: readonly StudyDirection[];
  /** Names of the objectives (default `objective 0`, … or `value` for one). */
  objectiveNames?: readonly string[];
  trials: readonly FrozenTrial[];
  /** Parameter importances (sum 1), most important first; null/omitted → computed when possible. */
  importances?: Record<string, number> | null;
  /** Per-fold validation scores by trial number. */
  foldScores?: Record<number, readonly number[]>;
  equity?: EquityCurve;
  /** Metrics of the best model on the test split (auc, sharpe, maxDrawdown, …). */
  testMetrics?: Record<string, number>;
  overfitting?: OverfittingFigures;
  /** Extra study facts (the report adds counts, durations and the best trial itself). */
  studyStats?: Record<string, string | number | boolean | null>;
  /** Machine facts: memory, workers, cache, storage (any JSON). */
  systemStats?: Record<string, unknown>;
  /** Epoch ms printed as the report's time (default: now). */
  generatedAt?: number;
}

import { FOLD_SCORES_ATTR } from '../validation/fold-objective.js';

function numberArray(v: JsonValue | undefined): number[] | null {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number') ? (v as number[]) : null;
}

function numberRecord(v: JsonValue | undefined): Record<string, number> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[k] = x;
  return out;
}

/** Fold scores found in trials' `fold_scores` user attribute. */
export function foldScoresFromTrials(trials: readonly FrozenTrial[]): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const t of trials) {
    const f = numberArray(t.userAttrs[FOLD_SCORES_ATTR]);
    if (f) out[t.number] = f;
  }
  return out;
}

/**
 * Importances of the first objective, or null when they cannot be computed (fewer than two
 * completed trials, no parameter shared by all of them).
 */
export function safeImportances(trials: readonly FrozenTrial[]): Record<string, number> | null {
  try {
    const imp = fanovaImportance(trials, { target: (t) => t.values![0]! });
    return Object.keys(imp).length ? imp : null;
  } catch {
    return null;
  }
}

/** Gather a stored study into a ReportInput (see the file comment for the attributes read). */
export async function reportInputFromStorage(storage: Storage, studyName: string, extra: Partial<ReportInput> = {}): Promise<ReportInput> {
  const id = await storage.getStudyIdFromName(studyName);
  const [directions, trials, attrs] = await Promise.all([storage.getStudyDirections(id), storage.getAllTrials(id), storage.getStudyUserAttrs(id)]);
  const eq = attrs.report_equity as Record<string, JsonValue> | undefined;
  const equity =
    eq && numberArray(eq.times) && numberArray(eq.equity)
      ? {
          times: eq.times as number[],
          equity: eq.equity as number[],
          ...(numberArray(eq.benchmark) ? { benchmark: eq.benchmark as number[] } : {}),
          ...(typeof eq.label === 'string' ? { label: eq.label } : {}),
          ...(typeof eq.feeBps === 'number' ? { feeBps: eq.feeBps } : {}),
          ...(typeof eq.slippageBps === 'number' ? { slippageBps: eq.slippageBps } : {}),
        }
      : undefined;
  const sys = attrs.report_system;
  const names = attrs.objective_names;
  return {
    studyName,
    directions,
    trials,
    importances: safeImportances(trials),
    foldScores: foldScoresFromTrials(trials),
    ...(equity ? { equity } : {}),
    ...(numberRecord(attrs.report_test_metrics) ? { testMetrics: numberRecord(attrs.report_test_metrics) } : {}),
    ...(numberRecord(attrs.report_overfitting) ? { overfitting: numberRecord(attrs.report_overfitting) } : {}),
    ...(sys && typeof sys === 'object' && !Array.isArray(sys) ? { systemStats: sys } : {}),
    ...(Array.isArray(names) && names.every((n) => typeof n === 'string') ? { objectiveNames: names as string[] } : {}),
    ...extra,
  };
}
