/**
 * The test-split strategy behind `evaluateBest`: each bar, hold (equal weight) the assets whose
 * score is in the top `topFraction` of the validation scores, for one bar. The threshold comes
 * from validation rows only, so the test rows decide nothing about the rule they are scored by.
 * A panel becomes one portfolio series (one bar per distinct time); fees and slippage are charged
 * on changes of the portfolio's exposure, which understates turnover between assets (documented).
 */
import type { Frame } from '../data/frame.js';
import { tradingMetrics, type TradingMetrics } from './metrics.js';

export interface BacktestOptions {
  feeBps?: number;
  slippageBps?: number;
  /** Share of validation scores above the entry threshold (default 0.1: the top decile). */
  topFraction?: number;
}

/** The metrics, plus the bar times, the entry threshold, and the bars per year Sharpe and Sortino were annualised with (from the bar spacing). */
export type Backtest = TradingMetrics & { times: Float64Array; threshold: number; barsPerYear: number };

function quantile(xs: Float32Array, q: number): number {
  const s = Float64Array.from(xs).filter(Number.isFinite).sort();
  if (s.length === 0) return 0.5;
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))]!;
}

/** Backtest `score` (aligned with `rows`) on the bars of `frame`. */
export function strategyBacktest(frame: Frame, rows: Uint32Array, score: Float32Array, validScore: Float32Array, o: BacktestOptions = {}): Backtest {
  const threshold = quantile(validScore, 1 - (o.topFraction ?? 0.1));
  // Row → next bar's return within the same asset (0 on an asset's last bar).
  const lastOf = new Uint32Array(frame.assets);
  for (let a = 0; a < frame.assets; a++) lastOf[a] = frame.offsets[a + 1]! - 1;
  const byTime = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const t = Number(frame.time[r]!);
    let slot = byTime.get(t);
    if (!slot) byTime.set(t, (slot = { sum: 0, n: 0 }));
    if (!(score[i]! >= threshold)) continue;
    const fr = r < lastOf[frame.asset[r]!]! ? frame.close[r + 1]! / frame.close[r]! - 1 : 0;
    if (Number.isFinite(fr)) {
      slot.sum += fr;
      slot.n++;
    }
  }
  const times = Float64Array.from([...byTime.keys()].sort((a, b) => a - b));
  const s = new Float64Array(times.length);
  const fr = new Float64Array(times.length);
  times.forEach((t, i) => {
    const slot = byTime.get(t)!;
    s[i] = slot.n > 0 ? 1 : 0;
    fr[i] = slot.n > 0 ? slot.sum / slot.n : 0;
  });
  let step = Infinity;
  for (let i = 1; i < times.length; i++) step = Math.min(step, times[i]! - times[i - 1]!);
  const barsPerYear = Number.isFinite(step) && step > 0 ? (365 * 86_400_000) / step : 365;
  const m = tradingMetrics({ score: s, forwardReturn: fr, threshold: 0.5, feeBps: o.feeBps ?? 10, slippageBps: o.slippageBps ?? 5, barsPerYear });
  return { ...m, times, threshold, barsPerYear };
}
