import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, computeLabels, Frame, type FeatureSpec } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025, btcFrame, SEED_PANEL, seedPanel } from './support/feature-data.js';
import { ALL_ASSET_KINDS } from './support/frame-slices.js';

const PLAN: FeatureSpec[] = ALL_ASSET_KINDS.map((kind) => ({ kind }));

/** A copy of a one-asset frame whose bars after row `t` are scaled (OHLC together) and re-volumed. */
function perturbAfter(f: Frame, t: number, scale: number[]): Frame {
  const s = (a: Float64Array) => Array.from(a, (v, i) => (i > t ? v * scale[i % scale.length]! : v));
  return Frame.fromColumns({ time: f.time, open: s(f.open!), high: s(f.high!), low: s(f.low!), close: s(f.close), volume: Array.from(f.volume!, (v, i) => (i > t ? v * 3 + 1 : v)) });
}

function sameUpTo(a: Float32Array, b: Float32Array, t: number): boolean {
  for (let i = 0; i <= t; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

let btc: Frame;
beforeAll(async () => {
  if (BTC_2025) btc = await btcFrame(2_000);
});

describe.skipIf(!BTC_2025)('no lookahead', () => {
  it('changing any bar after t never changes a feature at or before t', () => {
    const base = computeFeatures(btc, PLAN);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: btc.rows - 2 }), fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 1, maxLength: 5 }), (t, scale) => {
        const m = computeFeatures(perturbAfter(btc, t, scale), PLAN);
        for (const c of base.columns) if (!sameUpTo(m.column(c), base.column(c), t)) throw new Error(`${c} changed at or before row ${t}`);
      }),
      { numRuns: 20 },
    );
  });

  it('a label at t depends on nothing after its end row', () => {
    for (const spec of [{ kind: 'forwardReturn', horizon: 15 }, { kind: 'tripleBarrier', horizon: 30, volWindow: 20 }] as const) {
      const base = computeLabels(btc, spec);
      fc.assert(
        fc.property(fc.integer({ min: 100, max: btc.rows - 100 }), (t) => {
          const end = base.endRow[t]!;
          expect(end).toBeGreaterThan(t);
          const l = computeLabels(perturbAfter(btc, end, [1.5, 0.7]), spec);
          expect(Object.is(l.values[t], base.values[t])).toBe(true);
          expect(l.endRow[t]).toBe(end);
        }),
        { numRuns: 20 },
      );
    }
  });
});

describe.skipIf(!SEED_PANEL)('no lookahead in panel features', () => {
  it('changing closes after a date never changes panel features on or before it', async () => {
    const p = await seedPanel();
    const plan: FeatureSpec[] = [
      { kind: 'groupAverage', group: 'narrative' },
      { kind: 'priceRelativeGroup', group: 'narrative' },
      { kind: 'capRank', group: 'narrative' },
      { kind: 'groupLeaderCorrelation', group: 'narrative', period: 10 },
    ];
    const base = computeFeatures(p, plan);
    const times = [...new Set(Array.from(p.time, Number))].sort((a, b) => a - b);
    for (const cut of [times[40]!, times[200]!]) {
      const close = Array.from(p.close, (v, i) => (Number(p.time[i]) > cut ? v * (1 + (i % 7) / 10) : v));
      const meta = Object.fromEntries(Object.entries(p.metadata).map(([k, c]) => [k, c.kind === 'f64' ? c.values : { codes: c.codes, dictionary: c.dictionary }]));
      const q = Frame.fromColumns({ time: p.time, close, asset: { codes: p.asset, dictionary: p.assetNames }, metadata: meta });
      const m = computeFeatures(q, plan);
      for (const c of base.columns) {
        for (let r = 0; r < p.rows; r++) {
          if (Number(p.time[r]) <= cut && !Object.is(m.column(c)[r], base.column(c)[r])) throw new Error(`${c} row ${r} changed`);
        }
      }
    }
  });
});

if (!BTC_2025) skipReason('btcusdt_1m_2025.csv.gz');
if (!SEED_PANEL) skipReason('seed-origin');
