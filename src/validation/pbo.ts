/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", Journal of
 * Computational Finance 20(4), 2017). The T × N matrix of N strategies' (trials') performance over
 * T periods is cut into S contiguous blocks; for each of the C(S, S/2) ways to pick half the blocks
 * as in-sample (IS, the rest out-of-sample, OOS), the strategy best IS is ranked OOS:
 *
 *   ω̄ = rank_OOS(n*) / (N + 1),   λ = ln(ω̄ / (1 − ω̄)),   PBO = #{λ ≤ 0} / C(S, S/2)
 *
 * PBO is how often the IS winner lands in the bottom half OOS. Per-block sums make each
 * combination O(N·S) instead of O(N·T).
 */
import { ValidationError } from '../errors.js';
import type { FrozenTrial } from '../study/frozen-trial.js';
import { binomial, combinations } from './cpcv.js';
import { TRIALS_RUN_STATES } from './deflated-sharpe.js';
import { FOLD_SCORES_ATTR } from './fold-objective.js';
import { stepGroups } from './row-selection.js';

/** How a strategy's performance over a set of periods is scored: mean / std, mean, or sum. */
export type PboMetric = 'sharpe' | 'mean' | 'sum';

export interface PboOptions {
  /** S, an even number of blocks ≥ 2 (default 16, or T rounded down to even when T < 16). */
  blocks?: number;
  metric?: PboMetric;
}

export interface PboResult {
  /** Probability of backtest overfitting. */
  pbo: number;
  /** λ of each combination, in combination order. */
  logits: Float64Array;
  /** Performance degradation: OOS metric of the IS winner ≈ intercept + slope · its IS metric. */
  degradation: { slope: number; intercept: number };
  /** Share of combinations where the IS winner's OOS metric is below 0. */
  probabilityOfLoss: number;
  blocks: number;
  combinations: number;
  strategies: number;
  observations: number;
}

/** Above this many combinations CSCV costs more than it tells; use fewer blocks. */
const MAX_COMBINATIONS = 1_000_000;

/** PBO of strategies given as columns: `series[n][t]` is strategy n's performance in period t. */
export function probabilityOfBacktestOverfitting(series: readonly ArrayLike<number>[], options: PboOptions = {}): PboResult {
  const N = series.length;
  if (N < 2) throw new ValidationError('ERR_OVERFIT_INPUT', `PBO compares strategies: need at least 2, got ${N}`);
  const T = series[0]!.length;
  for (let n = 0; n < N; n++) {
    const s = series[n]!;
    if (s.length !== T) throw new ValidationError('ERR_OVERFIT_INPUT', `strategy ${n} has ${s.length} observations, strategy 0 has ${T}; all must cover the same periods`, { strategy: n });
    for (let t = 0; t < T; t++) if (!Number.isFinite(s[t]!)) throw new ValidationError('ERR_OVERFIT_INPUT', `strategy ${n} period ${t} is ${s[t]}; values must be finite`, { strategy: n, index: t });
  }
  const S = options.blocks ?? Math.min(16, T - (T % 2));
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0 || S > T) throw new ValidationError('ERR_OVERFIT_INPUT', `blocks must be an even integer in [2, ${T}] (the number of periods), got ${S}`, { field: 'blocks' });
  if (binomial(S, S / 2) > MAX_COMBINATIONS) throw new ValidationError('ERR_OVERFIT_INPUT', `C(${S}, ${S / 2}) combinations is too many; use at most 20 blocks`, { field: 'blocks' });
  const metric = options.metric ?? 'sharpe';
  if (metric !== 'sharpe' && metric !== 'mean' && metric !== 'sum') throw new ValidationError('ERR_OVERFIT_INPUT', `metric must be 'sharpe', 'mean' or 'sum', got ${JSON.stringify(metric)}`, { field: 'metric' });

  // block sums: count, Σx, Σx² per (block, strategy)
  const ranges = stepGroups(T, S);
  const sum = new Float64Array(S * N);
  const sq = new Float64Array(S * N);
  const count = ranges.map((r) => r.hi - r.lo);
  for (let b = 0; b < S; b++) {
    for (let n = 0; n < N; n++) {
      const s = series[n]!;
      let a = 0;
      let q = 0;
      for (let t = ranges[b]!.lo; t < ranges[b]!.hi; t++) {
        a += s[t]!;
        q += s[t]! * s[t]!;
      }
      sum[b * N + n] = a;
      sq[b * N + n] = q;
    }
  }
  const score = (blocks: readonly number[], out: Float64Array): void => {
    let c = 0;
    for (const b of blocks) c += count[b]!;
    for (let n = 0; n < N; n++) {
      let a = 0;
      let q = 0;
      for (const b of blocks) {
        a += sum[b * N + n]!;
        q += sq[b * N + n]!;
      }
      const mean = a / c;
      if (metric === 'sum') out[n] = a;
      else if (metric === 'mean') out[n] = mean;
      else {
        const v = Math.max(0, q / c - mean * mean);
        out[n] = v > 0 ? mean / Math.sqrt(v) : mean === 0 ? 0 : Math.sign(mean) * Infinity;
      }
    }
  };

  const combos = combinations(S, S / 2);
  const logits = new Float64Array(combos.length);
  const isBest = new Float64Array(combos.length);
  const oosBest = new Float64Array(combos.length);
  const inSample = new Float64Array(N);
  const outSample = new Float64Array(N);
  let overfit = 0;
  let losses = 0;
  combos.forEach((combo, c) => {
    const chosen = new Set(combo);
    const rest: number[] = [];
    for (let b = 0; b < S; b++) if (!chosen.has(b)) rest.push(b);
    score(combo, inSample);
    score(rest, outSample);
    let star = 0;
    for (let n = 1; n < N; n++) if (inSample[n]! > inSample[star]!) star = n;
    const x = outSample[star]!;
    let below = 0;
    let ties = 0;
    for (let n = 0; n < N; n++) {
      if (outSample[n]! < x) below++;
      else if (n !== star && outSample[n] === x) ties++;
    }
    const omega = (1 + below + ties / 2) / (N + 1);
    logits[c] = Math.log(omega / (1 - omega));
    if (logits[c]! <= 0) overfit++;
    if (x < 0) losses++;
    isBest[c] = inSample[star]!;
    oosBest[c] = x;
  });
  return {
    pbo: overfit / combos.length,
    logits,
    degradation: leastSquares(isBest, oosBest),
    probabilityOfLoss: losses / combos.length,
    blocks: S,
    combinations: combos.length,
    strategies: N,
    observations: T,
  };
}

export interface TrialsPboOptions extends PboOptions {
  /** Each trial's performance series (default: its per-fold scores, user attr `fold_scores`). */
  seriesOf?: (trial: FrozenTrial) => ArrayLike<number> | undefined;
}

/**
 * PBO over a study's trials (`await study.getTrials()`): every trial that ran and has a series of
 * the common length is a strategy. By default the series are the per-fold validation scores
 * `evaluateFolds` stores, scored by their mean.
 */
export function pboFromTrials(trials: readonly FrozenTrial[], options: TrialsPboOptions = {}): PboResult {
  const seriesOf = options.seriesOf ?? ((t: FrozenTrial) => {
    const v = t.userAttrs[FOLD_SCORES_ATTR];
    return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
  });
  const series = trials.filter((t) => TRIALS_RUN_STATES.includes(t.state)).map(seriesOf).filter((s): s is ArrayLike<number> => s !== undefined);
  const lengths = new Map<number, number>();
  for (const s of series) lengths.set(s.length, (lengths.get(s.length) ?? 0) + 1);
  const common = [...lengths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  const full = series.filter((s) => s.length === common);
  return probabilityOfBacktestOverfitting(full, { metric: options.seriesOf ? 'sharpe' : 'mean', ...options });
}

function leastSquares(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    mx += x[i]!;
    my += y[i]!;
    finite++;
  }
  if (finite === 0) return { slope: NaN, intercept: NaN };
  mx /= finite;
  my /= finite;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) * (x[i]! - mx);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
