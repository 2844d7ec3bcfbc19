import { describe, expect, it } from 'vitest';
import { computeFeatures, computeLabels, featureMatrixFromHandle, featureMatrixToHandle, FeaturePlan, Frame, FeatureError } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025, btcFrame } from './support/feature-data.js';

const INTRADAY = [
  'ret_1', 'ret_5', 'ret_15', 'ret_60', 'ret_240', 'volatility_15', 'volatility_60', 'volatility_240',
  'close_sma_20_ratio', 'close_sma_50_ratio', 'close_sma_200_ratio', 'rsi_14', 'macd_12_26_9', 'macd_signal_12_26_9',
  'macd_hist_12_26_9', 'bb_position_20_2', 'bb_width_20_2', 'atr_14', 'stoch_k_14', 'stoch_d_14_3', 'williams_r_14',
  'obv', 'vwap_20', 'volume_ratio_30',
];

function frameOf(close: number[], asset?: string[]): Frame {
  return Frame.fromColumns({ time: close.map((_, i) => 1_700_000_000_000 + (asset ? Math.floor(i / 2) : i) * 60_000), close, volume: close.map(() => 1), ...(asset ? { asset } : {}) });
}

describe('feature plan', () => {
  it('intraday preset is the 24 columns of the issue bench, minimal runs on close-only data', () => {
    expect(FeaturePlan.from('intraday').columnNames()).toEqual(INTRADAY);
    const closeOnly = Frame.fromColumns({ time: Array.from({ length: 100 }, (_, i) => i * 60_000), close: Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i)) });
    expect(computeFeatures(closeOnly, 'minimal').columns.length).toBe(FeaturePlan.from('minimal').columnNames().length);
  });

  it('seed preset has about 96 columns on a narrative panel', () => {
    const n = FeaturePlan.from('seed').columnNames().length;
    expect(n).toBeGreaterThan(85);
  });

  it('hash is stable across key order and defaults, and changes with parameters', () => {
    const a = FeaturePlan.from([{ kind: 'rsi', period: 14 }, { kind: 'macd' }]);
    const b = FeaturePlan.from([{ period: 14, kind: 'rsi' } as never, { kind: 'macd', fast: 12, slow: 26, signal: 9 }]);
    const c = FeaturePlan.from([{ kind: 'rsi', period: 15 }, { kind: 'macd' }]);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(a.specs[1]).toEqual({ kind: 'macd', fast: 12, slow: 26, signal: 9 });
  });

  it('bad specs throw coded errors that list what is allowed', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(FeatureError);
        return [(e as FeatureError).code, (e as Error).message];
      }
      throw new Error('no error');
    };
    const [c1, m1] = code(() => FeaturePlan.from([{ kind: 'rsii' as never }]));
    expect(c1).toBe('ERR_FEATURE_UNKNOWN_KIND');
    expect(m1).toContain('rsi');
    expect(m1).toContain('groupLeaderCorrelation');
    expect(code(() => FeaturePlan.from([{ kind: 'rsi', period: 0 }]))[0]).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(code(() => FeaturePlan.from([{ kind: 'sma', period: -5 }]))[0]).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(code(() => FeaturePlan.from([{ kind: 'sma', period: 2.5 }]))[0]).toBe('ERR_FEATURE_PARAM_RANGE');
    const [c2, m2] = code(() => FeaturePlan.from([{ kind: 'rsi', window: 3 } as never]));
    expect(c2).toBe('ERR_FEATURE_PARAM_UNKNOWN');
    expect(m2).toContain('period');
    expect(code(() => FeaturePlan.from([]))[0]).toBe('ERR_FEATURE_EMPTY_PLAN');
    expect(code(() => FeaturePlan.from('daily'))[0]).toBe('ERR_FEATURE_PRESET');
    expect(code(() => FeaturePlan.from([{ kind: 'rsi' }, { kind: 'rsi', period: 14 }]))[0]).toBe('ERR_FEATURE_DUPLICATE');
    expect(code(() => FeaturePlan.from([{ kind: 'macd', fast: 30, slow: 26 }]))[0]).toBe('ERR_FEATURE_PARAM_RANGE');
  });
});

describe('computeFeatures', () => {
  it('writes a shared column-major matrix aligned with frame rows, NaN in warm-up', async () => {
    if (!BTC_2025) return void skipReason('btcusdt_1m_2025.csv.gz');
    const f = await btcFrame(5_000);
    const m = computeFeatures(f, 'intraday');
    expect(m.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.rows).toBe(f.rows);
    expect(m.columns).toEqual(INTRADAY);
    const ret5 = m.column('ret_5');
    expect(ret5.buffer).toBe(m.data.buffer);
    expect(Number.isNaN(ret5[4]!)).toBe(true);
    expect(ret5[4000]).toBeCloseTo(f.close[4000]! / f.close[3995]! - 1, 6);
    expect(m.data[m.columns.indexOf('ret_5') * m.rows + 4000]).toBe(ret5[4000]);
    const dropped = computeFeatures(f, 'intraday', { dropWarmup: true });
    expect(dropped.rows).toBe(f.rows - 240);
    expect(dropped.rowIndex![0]).toBe(240);
    expect(dropped.data.some(Number.isNaN)).toBe(false);
    expect(dropped.column('rsi_14')[10]).toBe(m.column('rsi_14')[250]);
  });

  it("writes into a caller's out buffer the same bits as a fresh matrix, and refuses a wrong size", async () => {
    if (!BTC_2025) return void skipReason('btcusdt_1m_2025.csv.gz');
    const f = await btcFrame(5_000);
    const fresh = computeFeatures(f, 'intraday');
    const out = new Float32Array(new SharedArrayBuffer(fresh.data.byteLength)).fill(7);
    const m = computeFeatures(f, 'intraday', { out });
    expect(m.data).toBe(out);
    expect(Buffer.from(out.buffer).equals(Buffer.from(fresh.data.buffer))).toBe(true);
    const wrong = new Float32Array(new SharedArrayBuffer(4 * (out.length - 1)));
    expect(() => computeFeatures(f, 'intraday', { out: wrong })).toThrow(expect.objectContaining({ code: 'ERR_FEATURE_OUTPUT_SIZE' }));
    expect(() => computeFeatures(f, 'intraday', { out: new Float32Array(out.length) })).toThrow(expect.objectContaining({ code: 'ERR_FEATURE_OUTPUT_SIZE' }));
  });

  it('handles round-trip the matrix without copying', () => {
    const m = computeFeatures(frameOf([1, 2, 3, 4, 5, 6]), [{ kind: 'return', period: 1 }]);
    const back = featureMatrixFromHandle(structuredClone(featureMatrixToHandle(m)));
    expect(back.column('ret_1')[5]).toBeCloseTo(0.2, 6);
    expect(back.columns).toEqual(['ret_1']);
  });

  it('each asset starts from a fresh state', () => {
    const f = frameOf([1, 10, 2, 20, 4, 40], ['a', 'b', 'a', 'b', 'a', 'b']);
    const m = computeFeatures(f, [{ kind: 'return', period: 1 }]).column('ret_1');
    expect(Array.from(m.slice(0, 3)).map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual(['nan', 1, 1]);
    expect(Number.isNaN(m[3]!)).toBe(true);
  });
});

describe('computeLabels', () => {
  it('forward return, its end rows, and the tail left undefined', () => {
    const f = frameOf([1, 2, 4, 8, 4]);
    const l = computeLabels(f, { kind: 'forwardReturn', horizon: 2 });
    expect(Array.from(l.values.slice(0, 3))).toEqual([3, 3, 0]);
    expect(Number.isNaN(l.values[3]!)).toBe(true);
    expect(Array.from(l.endRow)).toEqual([2, 3, 4, -1, -1]);
    expect(l.values.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
