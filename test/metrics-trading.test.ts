import { describe, expect, it } from 'vitest';
import { tradingMetrics } from '../src/index.js';
import { Rng } from '../src/rng.js';

/** Backtest written out from the README definitions, bar by bar, trade by trade. */
function reference(score: number[], fwd: number[], t: number, lower: number | undefined, costBps: number, bpy: number) {
  const c = costBps / 1e4;
  const pos = score.map((s) => (s >= t ? 1 : lower !== undefined && s < lower ? -1 : 0));
  const r = pos.map((p, k) => p * fwd[k]! - c * Math.abs(p - (k ? pos[k - 1]! : 0)));
  const equity: number[] = [];
  let e = 1;
  for (const x of r) equity.push((e *= 1 + x));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const std = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
  const down = Math.sqrt(r.reduce((a, b) => a + Math.min(b, 0) ** 2, 0) / r.length);
  let peak = 1;
  let mdd = 0;
  for (const v of equity) {
    peak = Math.max(peak, v);
    mdd = Math.max(mdd, 1 - v / peak);
  }
  const trades: number[] = [];
  for (let k = 0; k < pos.length; ) {
    if (pos[k] === 0) {
      k++;
      continue;
    }
    let g = 1;
    let j = k;
    while (j < pos.length && pos[j] === pos[k]) g *= 1 + pos[k]! * fwd[j++]!;
    trades.push(g - 1 - c * (j < pos.length ? 2 : 1));
    k = j;
  }
  const wins = trades.filter((x) => x > 0);
  const losses = trades.filter((x) => x < 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    totalReturn: e - 1,
    sharpe: (mean / std) * Math.sqrt(bpy),
    sortino: (mean / down) * Math.sqrt(bpy),
    maxDrawdown: mdd,
    profitFactor: sum(wins) / -sum(losses),
    winRate: wins.length / trades.length,
    avgWin: sum(wins) / wins.length,
    avgLoss: sum(losses) / losses.length,
    trades: trades.length,
    equity,
  };
}

describe('trading metrics', () => {
  it('reproduce a worked example computed by hand', () => {
    // scores → positions 1, 1, 0, 0, 1 (threshold 0.5); cost 10 + 5 bps = 0.0015 per unit of change.
    // bar returns: 0.02−0.0015, −0.01, −0.0015 (exit), 0, 0.03−0.0015
    // equity: 1.0185, 1.008315, 1.0068025275, 1.0068025275, 1.0354963995…
    // trade 1: 1.02·0.99 − 1 − 2·0.0015 = 0.0068 ; trade 2 (still open): 0.03 − 0.0015 = 0.0285
    const m = tradingMetrics({
      score: [0.9, 0.6, 0.1, 0.4, 0.7],
      forwardReturn: [0.02, -0.01, 0.05, -0.04, 0.03],
      feeBps: 10,
      slippageBps: 5,
      barsPerYear: 365,
    });
    [0.0185, -0.01, -0.0015, 0, 0.0285].forEach((x, i) => expect(m.returns[i]).toBeCloseTo(x, 15));
    expect(m.equity[1]).toBeCloseTo(1.008315, 14);
    expect(m.equity[2]).toBeCloseTo(1.0068025275, 14);
    expect(m.totalReturn).toBeCloseTo(1.0068025275 * 1.0285 - 1, 14);
    expect(m.maxDrawdown).toBeCloseTo(1 - 1.0068025275 / 1.0185, 14);
    expect(m.trades).toBe(2);
    expect(m.winRate).toBe(1);
    expect(m.avgWin).toBeCloseTo((0.0068 + 0.0285) / 2, 14);
    expect(m.avgLoss).toBe(0);
    expect(m.profitFactor).toBe(Infinity);
    expect(m.exposure).toBeCloseTo(3 / 5, 15);
    // mean 0.0071, sample std from the five bar returns; Sortino's downside over all five bars.
    const r = [0.0185, -0.01, -0.0015, 0, 0.0285];
    const mean = 0.0071;
    const std = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(m.sharpe).toBeCloseTo((mean / std) * Math.sqrt(365), 12);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt((0.01 ** 2 + 0.0015 ** 2) / 5)) * Math.sqrt(365), 12);
  });

  it('agree with a bar-by-bar reference on random long/short series through a row subset', () => {
    const rng = new Rng(5);
    const n = 4000;
    const score = Float32Array.from({ length: n }, () => rng.float());
    const fwd = Float64Array.from({ length: n }, () => 0.01 * rng.normal());
    const rows = Uint32Array.from({ length: 2500 }, (_, k) => k + 700);
    const m = tradingMetrics({ score, forwardReturn: fwd, rows, threshold: 0.6, lowerThreshold: 0.3, feeBps: 4, slippageBps: 1, barsPerYear: 105_120 });
    const ref = reference(Array.from(rows, (r) => score[r]!), Array.from(rows, (r) => fwd[r]!), 0.6, 0.3, 5, 105_120);
    for (const k of ['totalReturn', 'sharpe', 'sortino', 'maxDrawdown', 'profitFactor', 'winRate', 'avgWin', 'avgLoss', 'trades'] as const) {
      expect(m[k]).toBeCloseTo(ref[k], 9);
    }
    expect(m.equity.length).toBe(rows.length);
    ref.equity.forEach((v, i) => expect(Math.abs(m.equity[i]! - v)).toBeLessThan(1e-9));
  });

  it('costs lower the return by exactly the charge on each position change', () => {
    const args = { score: [0.9, 0.1, 0.9, 0.9], forwardReturn: [0, 0, 0, 0], barsPerYear: 365 };
    expect(tradingMetrics(args).totalReturn).toBe(0);
    // three changes (enter, exit, enter) at 20 bps each
    expect(tradingMetrics({ ...args, feeBps: 20 }).totalReturn).toBeCloseTo(0.998 ** 3 - 1, 15);
  });

  it('bad input is coded', () => {
    const base = { score: [0.9, 0.1], forwardReturn: [0.01, 0.02], barsPerYear: 365 };
    expect(() => tradingMetrics({ ...base, barsPerYear: 0 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(() => tradingMetrics({ ...base, barsPerYear: undefined as unknown as number })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_MISSING' }));
    expect(() => tradingMetrics({ ...base, feeBps: -1 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(() => tradingMetrics({ ...base, threshold: 0.5, lowerThreshold: 0.7 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(() => tradingMetrics({ ...base, forwardReturn: [0.01] })).toThrow(expect.objectContaining({ code: 'ERR_METRIC_LENGTH_MISMATCH' }));
    expect(() => tradingMetrics({ ...base, forwardReturn: [0.01, NaN] })).toThrow(expect.objectContaining({ code: 'ERR_METRIC_NAN_RETURN' }));
    expect(() => tradingMetrics({ ...base, rows: new Uint32Array(0) })).toThrow(expect.objectContaining({ code: 'ERR_METRIC_EMPTY' }));
  });
});
