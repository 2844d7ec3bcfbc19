/**
 * Every per-asset indicator against an independent reference on real BTC minutes: tulind (C) or
 * technicalindicators where they define the same quantity, otherwise a plain implementation
 * written here from the definition.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { RSI, WilliamsR, BollingerBands, ATR } from 'technicalindicators';
import { computeFeatures, type FeatureSpec, type Frame } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025, btcFrame } from './support/feature-data.js';

const tulind = createRequire(import.meta.url)('tulind') as {
  indicators: Record<string, { indicator(inputs: number[][], options: number[], cb: (err: unknown, out: number[][]) => void): void }>;
};

function tuli(name: string, inputs: ArrayLike<number>[], options: number[]): number[][] {
  let out: number[][] = [];
  tulind.indicators[name]!.indicator(inputs.map((a) => Array.from(a)), options, (err, r) => {
    if (err) throw err;
    out = r;
  });
  return out;
}

/** A reference that starts later than the series, padded with NaN at the front. */
function alignEnd(ref: number[], n: number): number[] {
  return [...new Array<number>(n - ref.length).fill(NaN), ...ref];
}

let f: Frame;
let n: number;
const N = 20_000;

function ours(spec: FeatureSpec, column?: string): Float32Array {
  const m = computeFeatures(f, [spec]);
  return m.column(column ?? m.columns[0]!);
}

/** Equal within f32 rounding (relative to `scale` or the value), NaN exactly where the reference is NaN — from `from` on. */
function expectClose(got: Float32Array, want: ArrayLike<number>, { from = 0, rel = 2e-6, scale = 0, nanBefore = true } = {}): void {
  expect(got.length).toBe(want.length);
  let checked = 0;
  for (let i = from; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w)) {
      if (nanBefore && !Number.isNaN(g)) throw new Error(`row ${i}: reference NaN, ours ${g}`);
      continue;
    }
    const tol = rel * Math.max(Math.abs(w), scale) + 1e-12;
    if (!(Math.abs(g - w) <= tol)) throw new Error(`row ${i}: ours ${g}, reference ${w}`);
    checked++;
  }
  expect(checked).toBeGreaterThan(want.length / 2);
}

const close = () => Array.from(f.close);
const rolling = (x: number[], w: number, fn: (win: number[], i: number) => number): number[] =>
  x.map((_, i) => (i + 1 < w ? NaN : fn(x.slice(i + 1 - w, i + 1), i)));
const pct = (x: number[]) => x.map((v, i) => (i === 0 ? NaN : v / x[i - 1]! - 1));
const mean = (w: number[]) => w.reduce((a, b) => a + b, 0) / w.length;
const std = (w: number[], ddof: number) => {
  const m = mean(w);
  return Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / (w.length - ddof));
};

beforeAll(async () => {
  if (!BTC_2025) return;
  f = await btcFrame(N);
  n = f.rows;
});

describe.skipIf(!BTC_2025)('indicators vs tulind / technicalindicators on BTC 2025 minutes', () => {
  it('SMA, EMA, WMA (tulind)', () => {
    expectClose(ours({ kind: 'sma', period: 20 }), alignEnd(tuli('sma', [f.close], [20])[0]!, n));
    // tulind's EMA starts at the first close; ours reports from bar period − 1 on.
    expectClose(ours({ kind: 'ema', period: 20 }), alignEnd(tuli('ema', [f.close], [20])[0]!, n), { from: 19, nanBefore: false });
    expectClose(ours({ kind: 'wma', period: 20 }), alignEnd(tuli('wma', [f.close], [20])[0]!, n));
    const sma = alignEnd(tuli('sma', [f.close], [50])[0]!, n);
    expectClose(ours({ kind: 'smaRatio', period: 50 }), sma.map((s, i) => f.close[i]! / s));
  });

  it('RSI (tulind, and technicalindicators to its 2 decimals)', () => {
    const got = ours({ kind: 'rsi', period: 14 });
    expectClose(got, alignEnd(tuli('rsi', [f.close], [14])[0]!, n), { rel: 1e-5, scale: 1 });
    const ti = alignEnd(RSI.calculate({ values: close(), period: 14 }), n);
    for (let i = 14; i < n; i++) expect(Math.abs(got[i]! - ti[i]!)).toBeLessThanOrEqual(0.0051);
  });

  it('MACD line, signal and histogram (tulind)', () => {
    // tulind hard-codes 0.15/0.075 alphas for 12/26, so compare on 10/21/7 where it uses 2/(n+1).
    const m = computeFeatures(f, [{ kind: 'macd', fast: 10, slow: 21, signal: 7 }]);
    const ref = tuli('macd', [f.close], [10, 21, 7]);
    ['macd_10_21_7', 'macd_signal_10_21_7', 'macd_hist_10_21_7'].forEach((c, k) =>
      expectClose(m.column(c), alignEnd(ref[k]!, n), { rel: 1e-5, scale: 1 }),
    );
  });

  it('Bollinger position and width (tulind bands; technicalindicators agrees)', () => {
    const m = computeFeatures(f, [{ kind: 'bollinger', period: 20, stdDev: 2 }]);
    const [lo, mid, up] = tuli('bbands', [f.close], [20, 2]).map((a) => alignEnd(a, n));
    expectClose(m.column('bb_position_20_2'), f.close.map((c, i) => (c - lo![i]!) / (up![i]! - lo![i]!)), { rel: 1e-4, scale: 1 });
    expectClose(m.column('bb_width_20_2'), mid!.map((c, i) => (up![i]! - lo![i]!) / c), { rel: 1e-4 });
    const ti = alignEnd(BollingerBands.calculate({ values: close(), period: 20, stdDev: 2 }).map((b) => b.upper), n);
    const upper = mid!.map((c, i) => c * (1 + m.column('bb_width_20_2')[i]! / 2));
    for (let i = 19; i < n; i++) expect(Math.abs(upper[i]! - ti[i]!) / ti[i]!).toBeLessThan(1e-6);
  });

  it('ATR (tulind; technicalindicators after its warm-up)', () => {
    const got = ours({ kind: 'atr', period: 14 });
    expectClose(got, alignEnd(tuli('atr', [f.high!, f.low!, f.close], [14])[0]!, n), { rel: 1e-5 });
    const ti = alignEnd(ATR.calculate({ high: Array.from(f.high!), low: Array.from(f.low!), close: close(), period: 14 }), n);
    // technicalindicators seeds from bar 1's true range; the seeds' difference decays as (13/14)^k.
    for (let i = 2000; i < n; i++) expect(Math.abs(got[i]! - ti[i]!) / ti[i]!).toBeLessThan(1e-4);
  });

  it('stochastic %K/%D and Williams %R (tulind, technicalindicators)', () => {
    const m = computeFeatures(f, [{ kind: 'stochastic', period: 14, smooth: 3 }]);
    const [k, d] = tuli('stoch', [f.high!, f.low!, f.close], [14, 1, 3]).map((a) => alignEnd(a, n));
    expectClose(m.column('stoch_k_14'), k!, { rel: 1e-5, scale: 1, nanBefore: false });
    expectClose(m.column('stoch_d_14_3'), d!, { rel: 1e-5, scale: 1 });
    const wr = ours({ kind: 'williamsR', period: 14 });
    expectClose(wr, alignEnd(tuli('willr', [f.high!, f.low!, f.close], [14])[0]!, n), { rel: 1e-5, scale: 1 });
    const ti = alignEnd(WilliamsR.calculate({ high: Array.from(f.high!), low: Array.from(f.low!), close: close(), period: 14 }), n);
    for (let i = 13; i < n; i++) if (Number.isFinite(ti[i]!)) expect(Math.abs(wr[i]! - ti[i]!)).toBeLessThan(1e-3);
  });

  it('momentum, rate of change and OBV (tulind)', () => {
    expectClose(ours({ kind: 'momentum', period: 10 }), alignEnd(tuli('mom', [f.close], [10])[0]!, n), { rel: 1e-5, scale: 1 });
    expectClose(ours({ kind: 'roc', period: 10 }), alignEnd(tuli('roc', [f.close], [10])[0]!, n), { rel: 1e-5 });
    expectClose(ours({ kind: 'obv' }), tuli('obv', [f.close, f.volume!], [])[0]!, { rel: 1e-6, scale: 1000 });
  });
});

describe.skipIf(!BTC_2025)('indicators vs plain implementations on BTC 2025 minutes', () => {
  it('returns, log returns, volatility (pandas pct_change().rolling().std())', () => {
    const c = close();
    expectClose(ours({ kind: 'return', period: 15 }), c.map((v, i) => (i < 15 ? NaN : v / c[i - 15]! - 1)), { rel: 1e-5, scale: 1e-3 });
    expectClose(ours({ kind: 'logReturn', period: 5 }), c.map((v, i) => (i < 5 ? NaN : Math.log(v / c[i - 5]!))), { rel: 1e-5, scale: 1e-3 });
    const r = pct(c);
    expectClose(ours({ kind: 'volatility', period: 60 }), rolling(r, 60, (w) => (w.some(Number.isNaN) ? NaN : std(w, 1))), { rel: 1e-5 });
  });

  it('max/min return, momentum consistency, acceleration', () => {
    const c = close();
    const r = pct(c);
    const win = (w: number[]) => (w.some(Number.isNaN) ? NaN : 0);
    expectClose(ours({ kind: 'maxReturn', period: 30 }), rolling(r, 30, (w) => win(w) + Math.max(...w)), { rel: 1e-6, scale: 1e-3 });
    expectClose(ours({ kind: 'minReturn', period: 30 }), rolling(r, 30, (w) => win(w) + Math.min(...w)), { rel: 1e-6, scale: 1e-3 });
    expectClose(ours({ kind: 'momentumConsistency', period: 10 }), rolling(r, 10, (w) => win(w) + w.filter((x) => x > 0).length / 10), { rel: 1e-6, scale: 1 });
    const ret = (i: number, k: number) => c[i]! / c[i - k]! - 1;
    expectClose(ours({ kind: 'acceleration', period: 5 }), c.map((_, i) => (i < 10 ? NaN : ret(i, 5) - ret(i - 5, 5))), { rel: 1e-5, scale: 1e-3 });
  });

  it('price position, bars since high/low, breakouts, support/resistance', () => {
    const h = Array.from(f.high!);
    const l = Array.from(f.low!);
    const c = close();
    const hh = (i: number, w: number) => Math.max(...h.slice(i + 1 - w, i + 1));
    const ll = (i: number, w: number) => Math.min(...l.slice(i + 1 - w, i + 1));
    expectClose(ours({ kind: 'pricePosition', period: 20 }), c.map((v, i) => (i < 19 ? NaN : (v - ll(i, 20)) / (hh(i, 20) - ll(i, 20)))), { rel: 1e-5, scale: 1 });
    const since = (xs: number[], i: number, w: number, best: number) => {
      for (let k = i; k > i - w; k--) if (xs[k] === best) return i - k;
      return NaN;
    };
    expectClose(ours({ kind: 'barsSinceHigh', period: 30 }), c.map((_, i) => (i < 29 ? NaN : since(h, i, 30, hh(i, 30)))), { rel: 0, scale: 1 });
    expectClose(ours({ kind: 'barsSinceLow', period: 30 }), c.map((_, i) => (i < 29 ? NaN : since(l, i, 30, ll(i, 30)))), { rel: 0, scale: 1 });
    const m = computeFeatures(f, [{ kind: 'breakout', period: 20 }, { kind: 'supportResistance', period: 20 }]);
    expectClose(m.column('breakout_up_20'), c.map((v, i) => (i < 20 ? NaN : v > hh(i - 1, 20) ? 1 : 0)), { rel: 0, scale: 1 });
    expectClose(m.column('breakout_down_20'), c.map((v, i) => (i < 20 ? NaN : v < ll(i - 1, 20) ? 1 : 0)), { rel: 0, scale: 1 });
    expectClose(m.column('support_20'), c.map((_, i) => (i < 19 ? NaN : ll(i, 20))), { rel: 1e-7 });
    expectClose(m.column('resistance_distance_20'), c.map((v, i) => (i < 19 ? NaN : (hh(i, 20) - v) / v)), { rel: 1e-5, scale: 1e-3 });
  });

  it('volume features: VWAP, averages and ratios, rate of change, spike flag, dollar volume', () => {
    const v = Array.from(f.volume!);
    const c = close();
    const tp = c.map((x, i) => (f.high![i]! + f.low![i]! + x) / 3);
    const vwap = rolling(v, 20, (w, i) => {
      let pv = 0;
      for (let k = i - 19; k <= i; k++) pv += tp[k]! * v[k]!;
      return pv / w.reduce((a, b) => a + b, 0);
    });
    expectClose(ours({ kind: 'vwap', period: 20 }), vwap, { rel: 1e-6 });
    expectClose(ours({ kind: 'volumeSma', period: 20 }), rolling(v, 20, mean), { rel: 1e-5 });
    expectClose(ours({ kind: 'volumeRatio', period: 30 }), rolling(v, 30, (w, i) => v[i]! / mean(w)), { rel: 1e-5 });
    expectClose(ours({ kind: 'volumeRoc', period: 5 }), v.map((x, i) => (i < 5 || v[i - 5] === 0 ? NaN : x / v[i - 5]! - 1)), { rel: 1e-5, scale: 1 });
    expectClose(ours({ kind: 'volumeSpike', period: 20, stdDev: 2 }), rolling(v, 20, (w, i) => (v[i]! > mean(w) + 2 * std(w, 1) ? 1 : 0)), { rel: 0, scale: 1 });
    expectClose(ours({ kind: 'dollarVolume' }), v.map((x, i) => x * c[i]!), { rel: 1e-7 });
    expectClose(ours({ kind: 'dollarVolumeSma', period: 7 }), rolling(v.map((x, i) => x * c[i]!), 7, mean), { rel: 1e-5 });
  });

  it('calendar features from UTC dates and bars since the first row', () => {
    const m = computeFeatures(f, [{ kind: 'calendar' }, { kind: 'barsSinceStart' }]);
    const t = Array.from(f.time, (x) => new Date(Number(x)));
    const dow = t.map((d) => (d.getUTCDay() + 6) % 7);
    expectClose(m.column('day_of_week'), dow, { rel: 0, scale: 1 });
    expectClose(m.column('day_of_month'), t.map((d) => d.getUTCDate()), { rel: 0, scale: 1 });
    expectClose(m.column('month'), t.map((d) => d.getUTCMonth() + 1), { rel: 0, scale: 1 });
    expectClose(m.column('quarter'), t.map((d) => Math.floor(d.getUTCMonth() / 3) + 1), { rel: 0, scale: 1 });
    expectClose(m.column('is_weekend'), dow.map((x) => (x >= 5 ? 1 : 0)), { rel: 0, scale: 1 });
    expectClose(m.column('is_month_end'), t.map((d) => (new Date(d.getTime() + 86_400_000).getUTCDate() === 1 ? 1 : 0)), { rel: 0, scale: 1 });
    expectClose(m.column('hour'), t.map((d) => d.getUTCHours()), { rel: 0, scale: 1 });
    expectClose(m.column('day_of_week_sin'), dow.map((x) => Math.sin((2 * Math.PI * x) / 7)), { rel: 1e-6, scale: 1 });
    expectClose(m.column('month_cos'), t.map((d) => Math.cos((2 * Math.PI * d.getUTCMonth()) / 12)), { rel: 1e-6, scale: 1 });
    expectClose(m.column('bars_since_start'), t.map((_, i) => i), { rel: 0, scale: 1 });
  });
});

if (!BTC_2025) skipReason('btcusdt_1m_2025.csv.gz');
