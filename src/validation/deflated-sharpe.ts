/**
 * The deflated Sharpe ratio (Bailey & López de Prado, "The Deflated Sharpe Ratio: Correcting for
 * Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5),
 * 2014): the probability that the selected strategy's true Sharpe ratio beats the best Sharpe ratio
 * N unskilled trials would be expected to reach by luck,
 *
 *   SR₀ = √V[SRₙ] · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))          (γ: Euler–Mascheroni)
 *   DSR = PSR(SR₀) = Φ( (SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 · SR²) )
 *
 * with SR, skewness γ₃ and (non-excess) kurtosis γ₄ of the selected strategy's T returns, all per
 * bar (not annualised). From a study, N is the number of trials that actually ran (COMPLETE and
 * PRUNED, in every session and on every worker that shares the storage), not the number planned.
 */
import { ValidationError } from '../errors.js';
import type { FrozenTrial } from '../study/frozen-trial.js';
import { normCdf, normPpf } from '../study/normal-distribution.js';
import type { TrialState } from '../study/trial-state.js';

const EULER_GAMMA = 0.5772156649015329;

/** Per-bar Sharpe ratio, skewness, kurtosis (non-excess; 3 for a normal) and number of returns. */
export interface SharpeMoments {
  sharpe: number;
  observations: number;
  skewness: number;
  kurtosis: number;
}

export interface DeflatedSharpe extends SharpeMoments {
  /** Probability that the true Sharpe ratio exceeds `benchmark`. */
  dsr: number;
  /** SR₀: the expected maximum Sharpe ratio of `nTrials` unskilled trials. */
  benchmark: number;
  nTrials: number;
  sharpeVariance: number;
}

/** Sharpe ratio (mean / std), skewness and kurtosis of returns, with population moments. */
export function returnMoments(returns: ArrayLike<number>): SharpeMoments {
  const n = returns.length;
  if (n < 2) throw new ValidationError('ERR_OVERFIT_INPUT', `need at least 2 returns, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    if (!Number.isFinite(r)) throw new ValidationError('ERR_OVERFIT_INPUT', `return ${i} is ${r}; returns must be finite`, { index: i });
    sum += r;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (!(m2 > 0)) throw new ValidationError('ERR_OVERFIT_INPUT', 'returns are constant; a Sharpe ratio needs some variance');
  const sd = Math.sqrt(m2);
  return { sharpe: mean / sd, observations: n, skewness: m3 / (sd * sd * sd), kurtosis: m4 / (m2 * m2) };
}

/** PSR(benchmark): probability that the true Sharpe ratio exceeds `benchmark` (Bailey & López de Prado 2012). */
export function probabilisticSharpeRatio(m: SharpeMoments, benchmark = 0): number {
  checkMoments(m);
  const denom = 1 - m.skewness * m.sharpe + ((m.kurtosis - 1) / 4) * m.sharpe * m.sharpe;
  if (!(denom > 0)) throw new ValidationError('ERR_OVERFIT_INPUT', `1 − γ₃·SR + (γ₄ − 1)/4·SR² = ${denom} is not positive; check skewness and kurtosis (non-excess)`);
  return normCdf(((m.sharpe - benchmark) * Math.sqrt(m.observations - 1)) / Math.sqrt(denom));
}

/** SR₀: the expected maximum of `nTrials` Sharpe ratios with variance `sharpeVariance` and no skill. */
export function expectedMaxSharpe(nTrials: number, sharpeVariance: number): number {
  if (!Number.isInteger(nTrials) || nTrials < 1) throw new ValidationError('ERR_OVERFIT_INPUT', `nTrials must be an integer ≥ 1, got ${nTrials}`);
  if (!(sharpeVariance >= 0) || !Number.isFinite(sharpeVariance)) throw new ValidationError('ERR_OVERFIT_INPUT', `sharpeVariance must be a finite number ≥ 0, got ${sharpeVariance}`);
  if (nTrials === 1) return 0;
  return Math.sqrt(sharpeVariance) * ((1 - EULER_GAMMA) * normPpf(1 - 1 / nTrials) + EULER_GAMMA * normPpf(1 - 1 / (nTrials * Math.E)));
}

/** DSR of a strategy's moments given the number of trials and the variance of their Sharpe ratios. */
export function deflatedSharpeRatio(m: SharpeMoments & { nTrials: number; sharpeVariance: number }): DeflatedSharpe {
  const benchmark = expectedMaxSharpe(m.nTrials, m.sharpeVariance);
  return {
    sharpe: m.sharpe,
    observations: m.observations,
    skewness: m.skewness,
    kurtosis: m.kurtosis,
    nTrials: m.nTrials,
    sharpeVariance: m.sharpeVariance,
    benchmark,
    dsr: probabilisticSharpeRatio(m, benchmark),
  };
}

/** States of trials that count as run: each one is a backtest someone looked at. */
export const TRIALS_RUN_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED'];

export interface TrialsDeflatedSharpeOptions {
  /** The selected strategy's per-bar returns (usually the best trial's backtest). */
  returns: ArrayLike<number>;
  /** Each trial's per-bar Sharpe ratio (default: user attr `sharpe`); trials without one are still counted in N. */
  sharpeOf?: (trial: FrozenTrial) => number | undefined;
}

/**
 * DSR from a study's trials (`await study.getTrials()`; resumed and distributed trials are in the
 * storage too): N = trials that ran, V[SRₙ] = sample variance of the trials' Sharpe ratios.
 */
export function deflatedSharpeFromTrials(trials: readonly FrozenTrial[], options: TrialsDeflatedSharpeOptions): DeflatedSharpe {
  const sharpeOf = options.sharpeOf ?? ((t: FrozenTrial) => (typeof t.userAttrs.sharpe === 'number' ? t.userAttrs.sharpe : undefined));
  const run = trials.filter((t) => TRIALS_RUN_STATES.includes(t.state));
  const sharpes = run.map(sharpeOf).filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  if (sharpes.length < 2) throw new ValidationError('ERR_OVERFIT_INPUT', `need the Sharpe ratio of at least 2 trials to estimate their variance, found ${sharpes.length} (set user attr 'sharpe' or pass sharpeOf)`);
  const mean = sharpes.reduce((a, b) => a + b, 0) / sharpes.length;
  const variance = sharpes.reduce((a, s) => a + (s - mean) * (s - mean), 0) / (sharpes.length - 1);
  return deflatedSharpeRatio({ ...returnMoments(options.returns), nTrials: run.length, sharpeVariance: variance });
}

function checkMoments(m: SharpeMoments): void {
  for (const k of ['sharpe', 'skewness', 'kurtosis'] as const) {
    if (!Number.isFinite(m[k])) throw new ValidationError('ERR_OVERFIT_INPUT', `${k} must be finite, got ${m[k]}`, { field: k });
  }
  if (!Number.isInteger(m.observations) || m.observations < 2) throw new ValidationError('ERR_OVERFIT_INPUT', `observations must be an integer ≥ 2, got ${m.observations}`, { field: 'observations' });
}
