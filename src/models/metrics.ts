/**
 * Scoring metrics, computed in Rust over a row subset of shared arrays (the fold is never
 * copied). Classification metrics follow scikit-learn's definitions (checked against it to
 * 1e-9); trading metrics turn scores plus forward returns into a net-of-cost backtest.
 *
 * Labels and scores may be Float32Array or Float64Array (passed without copying); other
 * array-likes are copied into a Float64Array first. `rows` selects and orders the rows read.
 */
import { callNative } from '../native.js';
import { ModelError } from '../errors.js';

type Values = Float32Array | Float64Array;

function values(a: ArrayLike<number>, name: string): Values {
  if (a instanceof Float32Array || a instanceof Float64Array) return a;
  if (a === null || typeof a !== 'object' || typeof a.length !== 'number') {
    throw new ModelError('ERR_PARAM_INVALID', `${name} must be an array of numbers (Float32Array, Float64Array or number[])`);
  }
  return Float64Array.from(a);
}

function rowsOf(rows: ArrayLike<number> | undefined): Uint32Array | undefined {
  if (rows === undefined || rows instanceof Uint32Array) return rows;
  return Uint32Array.from(rows);
}

function finite(name: string, v: unknown, fallback?: number): number {
  const x = v === undefined ? fallback : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ModelError(
      x === undefined ? 'ERR_PARAM_MISSING' : 'ERR_PARAM_OUT_OF_RANGE',
      `${name} must be a finite number, got ${String(x)}`,
      { param: name },
    );
  }
  return x;
}

/** Options of the metrics that threshold the score: predict 1 where `score ≥ threshold`. */
export interface ThresholdOptions {
  /** Default 0.5 (scores as probabilities). */
  threshold?: number;
  rows?: Uint32Array;
}

/** ROC-AUC; ties between a positive and a negative count one half. `ERR_METRIC_SINGLE_CLASS` when one class is absent. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>, rows?: Uint32Array): number {
  return callNative((b) => b.rocAuc(values(y, 'y'), values(score, 'score'), rowsOf(rows)));
}

/** PR-AUC as average precision (scikit-learn's `average_precision_score`): Σ (Rₖ − Rₖ₋₁)·Pₖ. */
export function prAuc(y: ArrayLike<number>, score: ArrayLike<number>, rows?: Uint32Array): number {
  return callNative((b) => b.prAuc(values(y, 'y'), values(score, 'score'), rowsOf(rows)));
}

/** Mean logloss of probabilities in [0, 1], clipped to [ε, 1−ε] (ε = 2.2e-16) as scikit-learn does for float64. */
export function logLoss(y: ArrayLike<number>, score: ArrayLike<number>, rows?: Uint32Array): number {
  return callNative((b) => b.logLoss(values(y, 'y'), values(score, 'score'), rowsOf(rows)));
}

/** Confusion counts of `score ≥ threshold` and every metric made of them. */
export interface ThresholdMetrics {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  /** Mean recall over the classes present in `y`. */
  balancedAccuracy: number;
  /** 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  precision: number;
  recall: number;
  f1: number;
}

export function thresholdMetrics(y: ArrayLike<number>, score: ArrayLike<number>, opts: ThresholdOptions = {}): ThresholdMetrics {
  const t = finite('threshold', opts.threshold, 0.5);
  return callNative((b) => b.thresholdMetrics(values(y, 'y'), values(score, 'score'), rowsOf(opts.rows), t));
}

export function accuracy(y: ArrayLike<number>, score: ArrayLike<number>, opts: ThresholdOptions = {}): number {
  return thresholdMetrics(y, score, opts).accuracy;
}

export function balancedAccuracy(y: ArrayLike<number>, score: ArrayLike<number>, opts: ThresholdOptions = {}): number {
  return thresholdMetrics(y, score, opts).balancedAccuracy;
}

export function precisionRecallF1(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  opts: ThresholdOptions = {},
): { precision: number; recall: number; f1: number } {
  const { precision, recall, f1 } = thresholdMetrics(y, score, opts);
  return { precision, recall, f1 };
}

export interface ClassificationMetrics extends Pick<ThresholdMetrics, 'accuracy' | 'balancedAccuracy' | 'precision' | 'recall' | 'f1'> {
  auc: number;
  prAuc: number;
  logloss: number;
}

/** Every classification metric of a fold from one read of its rows (scores must be probabilities). */
export function classificationMetrics(y: ArrayLike<number>, score: ArrayLike<number>, opts: ThresholdOptions = {}): ClassificationMetrics {
  const t = finite('threshold', opts.threshold, 0.5);
  const m = callNative((b) => b.classificationMetrics(values(y, 'y'), values(score, 'score'), rowsOf(opts.rows), t));
  const { tp: _tp, fp: _fp, tn: _tn, fn: _fn, ...at } = m.atThreshold;
  return { auc: m.auc, prAuc: m.prAuc, logloss: m.logloss, ...at };
}

/** A backtest of trading on a model's scores. */
export interface TradingOptions {
  score: ArrayLike<number>;
  /** Simple return from each bar to the next decision bar, aligned with `score`. */
  forwardReturn: ArrayLike<number>;
  rows?: Uint32Array;
  /** Long where `score ≥ threshold` (default 0.5). */
  threshold?: number;
  /** Short where `score < lowerThreshold` (≤ threshold); no shorts when omitted. */
  lowerThreshold?: number;
  /** Fee per unit of position change, basis points (default 0). */
  feeBps?: number;
  /** Slippage per unit of position change, basis points (default 0). */
  slippageBps?: number;
  /** Bars per year used to annualise Sharpe and Sortino: 365 for daily crypto bars, 105 120 for 5-minute bars. Required. */
  barsPerYear: number;
}

export interface TradingMetrics {
  totalReturn: number;
  sharpe: number;
  sortino: number;
  /** Largest fall from a running equity peak, as a positive fraction. */
  maxDrawdown: number;
  /** Σ winning trade returns / |Σ losing trade returns|; Infinity with wins and no losses, 0 without wins. */
  profitFactor: number;
  winRate: number;
  avgWin: number;
  /** Mean losing trade return (negative), 0 without losses. */
  avgLoss: number;
  trades: number;
  /** Share of bars in the market. */
  exposure: number;
  /** Net return of each bar. */
  returns: Float64Array;
  /** Equity after each bar, starting from 1. */
  equity: Float64Array;
}

/**
 * Strategy returns net of costs, equity curve and performance ratios. Rows are read as one
 * sequence of bars of one asset; see the README ("Metrics") for the exact definitions.
 */
export function tradingMetrics(opts: TradingOptions): TradingMetrics {
  const options = {
    threshold: finite('threshold', opts.threshold, 0.5),
    lowerThreshold: opts.lowerThreshold === undefined ? undefined : finite('lowerThreshold', opts.lowerThreshold),
    feeBps: finite('feeBps', opts.feeBps, 0),
    slippageBps: finite('slippageBps', opts.slippageBps, 0),
    barsPerYear: finite('barsPerYear', opts.barsPerYear),
  };
  return callNative((b) =>
    b.tradingMetrics(values(opts.score, 'score'), values(opts.forwardReturn, 'forwardReturn'), rowsOf(opts.rows), options),
  );
}

export interface FoldStability {
  mean: number;
  /** Population standard deviation (ddof 0, numpy's default). */
  std: number;
  min: number;
  max: number;
}

/** Mean, std, min and max of one score across folds. */
export function foldStability(values: readonly number[] | Float64Array): FoldStability {
  return callNative((b) => b.foldStability(Float64Array.from(values)));
}
