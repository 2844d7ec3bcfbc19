import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, featureKinds, FeatureStream, Frame, type FeatureMatrix, type FeatureSpec } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025, btcFrame } from './support/feature-data.js';
import { ALL_ASSET_KINDS, sliceRows } from './support/frame-slices.js';

const PLAN: FeatureSpec[] = [...ALL_ASSET_KINDS.map((kind) => ({ kind })), { kind: 'volatility', period: 240 }, { kind: 'smaRatio', period: 200 }];

function expectBitsEqual(got: FeatureMatrix, whole: FeatureMatrix, rowOffset: number): void {
  for (const c of got.columns) {
    const a = new Uint32Array(got.column(c).slice().buffer);
    const b = new Uint32Array(whole.column(c).slice(rowOffset, rowOffset + got.rows).buffer);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${c} row ${rowOffset + i}: ${got.column(c)[i]} vs ${whole.column(c)[rowOffset + i]}`);
  }
}

let btc: Frame;
beforeAll(async () => {
  if (BTC_2025) btc = await btcFrame(6_000);
});

describe.skipIf(!BTC_2025)('chunked features equal the whole series', () => {
  it('the plan covers every per-asset kind', () => {
    expect(new Set(featureKinds().map((k) => k.name))).toEqual(new Set(ALL_ASSET_KINDS));
  });

  it('bit for bit on random chunk boundaries (one asset)', () => {
    const whole = computeFeatures(btc, PLAN);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: btc.rows - 1 }), { maxLength: 12 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), btc.rows];
        const stream = new FeatureStream(PLAN);
        for (let i = 0; i + 1 < bounds.length; i++) {
          const m = stream.push(sliceRows(btc, bounds[i]!, bounds[i + 1]!));
          expect(m.columns).toEqual(whole.columns);
          expectBitsEqual(m, whole, bounds[i]!);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('bit for bit when chunks hold several assets in time order', () => {
    const n = 3000;
    const a = sliceRows(btc, 0, n);
    const b = sliceRows(btc, n, 2 * n);
    const panel = (lo: number, hi: number) =>
      Frame.fromColumns({
        time: Array.from([...a.time.subarray(lo, hi), ...a.time.subarray(lo, hi)], Number),
        open: [...a.open!.subarray(lo, hi), ...b.open!.subarray(lo, hi)],
        high: [...a.high!.subarray(lo, hi), ...b.high!.subarray(lo, hi)],
        low: [...a.low!.subarray(lo, hi), ...b.low!.subarray(lo, hi)],
        close: [...a.close.subarray(lo, hi), ...b.close.subarray(lo, hi)],
        volume: [...a.volume!.subarray(lo, hi), ...b.volume!.subarray(lo, hi)],
        asset: [...new Array<string>(hi - lo).fill('A'), ...new Array<string>(hi - lo).fill('B')],
      });
    const whole = computeFeatures(panel(0, n), PLAN);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 6 }), (cuts) => {
        const bounds = [0, ...cuts.sort((x, y) => x - y), n];
        const stream = new FeatureStream(PLAN);
        for (let i = 0; i + 1 < bounds.length; i++) {
          const chunk = panel(bounds[i]!, bounds[i + 1]!);
          const m = stream.push(chunk);
          const len = bounds[i + 1]! - bounds[i]!;
          // Chunk rows are [A rows, B rows]; the whole frame's are A's n rows then B's.
          for (const [k, base] of [[0, 0], [1, n]] as const) {
            const view = { columns: m.columns, rows: len, column: (c: string) => m.column(c).subarray(k * len, (k + 1) * len) } as FeatureMatrix;
            expectBitsEqual(view, whole, base + bounds[i]!);
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});

if (!BTC_2025) skipReason('btcusdt_1m_2025.csv.gz');
