import { beforeAll, describe, expect, it } from 'vitest';
import { computeLabels, type Frame } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025, btcFrame, SEED_PANEL, seedPanel } from './support/feature-data.js';

let f: Frame;
beforeAll(async () => {
  if (BTC_2025) f = await btcFrame(20_000);
});

function forward(c: Float64Array, h: number): number[] {
  return Array.from(c, (v, t) => (t + h < c.length ? c[t + h]! / v - 1 : NaN));
}

function expectLabels(got: Float32Array, want: number[]): void {
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!)) expect(Number.isNaN(got[i]!), `row ${i}`).toBe(true);
    else if (Math.abs(got[i]! - want[i]!) > 1e-6 * Math.max(1, Math.abs(want[i]!))) throw new Error(`row ${i}: ${got[i]} vs ${want[i]}`);
  }
}

describe.skipIf(!BTC_2025)('labels vs plain implementations on BTC minutes', () => {
  it('forward return, high return, direction and return bins', () => {
    const fr = forward(f.close, 60);
    expectLabels(computeLabels(f, { kind: 'forwardReturn', horizon: 60 }).values, fr);
    expectLabels(computeLabels(f, { kind: 'highReturn', horizon: 60, threshold: 0.005 }).values, fr.map((r) => (Number.isNaN(r) ? NaN : r > 0.005 ? 1 : 0)));
    expectLabels(computeLabels(f, { kind: 'direction', horizon: 60 }).values, fr.map((r) => (Number.isNaN(r) ? NaN : r > 0 ? 1 : 0)));
    const bins = [-0.005, 0, 0.005];
    expectLabels(computeLabels(f, { kind: 'returnBins', horizon: 60, bins }).values, fr.map((r) => (Number.isNaN(r) ? NaN : bins.filter((e) => e <= r).length)));
    const l = computeLabels(f, { kind: 'forwardReturn', horizon: 60 });
    expect(Array.from(l.endRow.slice(0, 3))).toEqual([60, 61, 62]);
    expect(l.endRow[f.rows - 60]).toBe(-1);
  });

  it('triple barrier: first barrier hit with σ·√h widths, time barrier otherwise, end row where it stopped', () => {
    const h = 60, w = 20, pt = 1.5, sl = 1;
    const c = f.close;
    const want: number[] = [];
    const end: number[] = [];
    for (let t = 0; t < c.length; t++) {
      if (t < w || t + h >= c.length) {
        want.push(NaN);
        end.push(-1);
        continue;
      }
      const lr = Array.from({ length: w }, (_, k) => Math.log(c[t - k]! / c[t - k - 1]!));
      const m = lr.reduce((a, b) => a + b, 0) / w;
      const sigma = Math.sqrt(lr.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
      let label = 0, stop = t + h;
      for (let j = t + 1; j <= t + h; j++) {
        const r = Math.log(c[j]! / c[t]!);
        if (r >= pt * sigma * Math.sqrt(h)) { label = 1; stop = j; break; }
        if (r <= -sl * sigma * Math.sqrt(h)) { label = -1; stop = j; break; }
      }
      want.push(label);
      end.push(stop);
    }
    const got = computeLabels(f, { kind: 'tripleBarrier', horizon: h, volWindow: w, profitTake: pt, stopLoss: sl });
    let mismatches = 0;
    for (let t = 0; t < want.length; t++) {
      if (Number.isNaN(want[t]!)) {
        expect(Number.isNaN(got.values[t]!)).toBe(true);
        continue;
      }
      // A return within an ulp of a barrier may fall either side between two σ computations.
      if (got.values[t] !== want[t] || got.endRow[t] !== end[t]) mismatches++;
    }
    expect(mismatches).toBeLessThanOrEqual(2);
    const counts = [-1, 0, 1].map((v) => want.filter((x) => x === v).length);
    expect(Math.min(...counts)).toBeGreaterThan(100);
  });
});

describe.skipIf(!SEED_PANEL)('labels on the seed panel', () => {
  it('high_return_30d (+100 %) stays within each token, positives are the rare class', async () => {
    const p = await seedPanel();
    const l = computeLabels(p, { kind: 'highReturn', horizon: 30, threshold: 1 });
    for (let a = 0; a < p.assets; a++) {
      const { start, end } = p.assetRange(a);
      for (let r = start; r < end; r++) {
        if (r + 30 < end) expect(l.endRow[r]).toBe(r + 30);
        else expect(l.endRow[r]).toBe(-1);
      }
    }
    const pos = Array.from(l.values).filter((v) => v === 1).length;
    const defined = Array.from(l.values).filter((v) => !Number.isNaN(v)).length;
    expect(pos / defined).toBeGreaterThan(0.01);
    expect(pos / defined).toBeLessThan(0.2);
  });
});

if (!BTC_2025) skipReason('btcusdt_1m_2025.csv.gz');
