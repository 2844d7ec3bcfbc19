import { describe, expect, it } from 'vitest';
import { computeFeatures, computeLabels, CryptotuneError, FeaturePlan, FeatureStream, Frame, type FrameHandle } from '../src/index.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptotuneError);
    expect((e as Error).message.length).toBeGreaterThan(20);
    return (e as CryptotuneError).code;
  }
  throw new Error('expected a coded error');
}

const n = 100;
const close = Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 5) * 3 + i * 0.01);
const time = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 86_400_000);
const single = Frame.fromColumns({ time, close, volume: close.map(() => 10) });

function panel(narrative: string[], cap?: number[]): Frame {
  return Frame.fromColumns({
    time: [...time, ...time],
    close: [...close, ...close.map((c) => c * 2)],
    asset: [...time.map(() => 'A'), ...time.map(() => 'B')],
    metadata: { narrative: [...time.map(() => narrative[0]!), ...time.map(() => narrative[1]!)], market_cap: cap ? [...time.map(() => cap[0]!), ...time.map(() => cap[1]!)] : [...time.map(() => 1), ...time.map(() => 2)] },
  });
}

describe('feature bad input', () => {
  it('unknown kind, period 0, negative, fractional, non-numeric or infinite', () => {
    expect(codeOf(() => FeaturePlan.from([{ kind: 'bogus' as never }]))).toBe('ERR_FEATURE_UNKNOWN_KIND');
    for (const period of [0, -3, 1.5, Infinity, NaN, 1e9]) expect(codeOf(() => FeaturePlan.from([{ kind: 'rsi', period }]))).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(codeOf(() => FeaturePlan.from([{ kind: 'rsi', period: '14' as never }]))).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(codeOf(() => FeaturePlan.from([{ kind: 'bollinger', stdDev: -1 }]))).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(codeOf(() => FeaturePlan.from([{ kind: 'groupLeaderCorrelation', period: 1 }]))).toBe('ERR_FEATURE_PARAM_RANGE');
    expect(codeOf(() => FeaturePlan.from([{ kind: 'capRank', window: 3 } as never]))).toBe('ERR_FEATURE_PARAM_UNKNOWN');
    expect(codeOf(() => FeaturePlan.from([{ kind: 'oneHot' }]))).toBe('ERR_FEATURE_PARAM_RANGE');
  });

  it('period larger than the series', () => {
    expect(codeOf(() => computeFeatures(single, [{ kind: 'sma', period: 101 }]))).toBe('ERR_FEATURE_PERIOD_TOO_LONG');
    expect(codeOf(() => computeFeatures(single, [{ kind: 'return', period: 100 }]))).toBe('ERR_FEATURE_PERIOD_TOO_LONG');
    expect(computeFeatures(single, [{ kind: 'return', period: 99 }]).column('ret_99')[99]).toBeCloseTo(close[99]! / close[0]! - 1, 5);
  });

  it('empty group: every row of the group column is empty', () => {
    expect(codeOf(() => computeFeatures(panel(['', '']), [{ kind: 'groupAverage', group: 'narrative' }]))).toBe('ERR_FEATURE_EMPTY_GROUP');
    // One empty value: those rows get NaN, the others a value.
    const m = computeFeatures(panel(['', 'ai']), [{ kind: 'groupAverage', group: 'narrative' }]).column('group_avg_close_narrative');
    expect(Number.isNaN(m[0]!)).toBe(true);
    expect(m[n]).toBeCloseTo(close[0]! * 2, 4);
  });

  it('all-NaN columns: a close series and the market cap', () => {
    const h: FrameHandle = { ...single.toHandle(), close: new Float64Array(n).fill(NaN) };
    expect(codeOf(() => computeFeatures(Frame.fromHandle(h), [{ kind: 'rsi' }]))).toBe('ERR_FEATURE_ALL_NAN');
    expect(codeOf(() => computeFeatures(panel(['ai', 'ai'], [NaN, NaN]), [{ kind: 'capRank', group: 'narrative' }]))).toBe('ERR_FEATURE_ALL_NAN');
  });

  it('missing inputs: volume, metadata columns, a second asset; optional specs are skipped instead', () => {
    const closeOnly = Frame.fromColumns({ time, close });
    expect(codeOf(() => computeFeatures(closeOnly, [{ kind: 'obv' }]))).toBe('ERR_FEATURE_COLUMN_MISSING');
    expect(computeFeatures(closeOnly, [{ kind: 'obv', optional: true }, { kind: 'rsi' }]).columns).toEqual(['rsi_14']);
    expect(codeOf(() => computeFeatures(single, [{ kind: 'capRank' }]))).toBe('ERR_FEATURE_COLUMN_MISSING');
    expect(codeOf(() => computeFeatures(panel(['a', 'b']), [{ kind: 'groupAverage', group: 'sector' }]))).toBe('ERR_FEATURE_COLUMN_MISSING');
    expect(codeOf(() => computeFeatures(single, [{ kind: 'oneHot', column: 'narrative' }]))).toBe('ERR_FEATURE_COLUMN_MISSING');
  });

  it('panel features cannot be streamed; unknown matrix columns are refused', () => {
    expect(codeOf(() => new FeatureStream([{ kind: 'capRank' }]))).toBe('ERR_FEATURE_STREAM_PANEL');
    expect(codeOf(() => computeFeatures(single, 'minimal').column('nope'))).toBe('ERR_FEATURE_COLUMN_UNKNOWN');
  });
});

describe('label bad input', () => {
  it('unknown kind, bad horizons, bad parameters', () => {
    expect(codeOf(() => computeLabels(single, { kind: 'sharpe' as never, horizon: 5 }))).toBe('ERR_TARGET_KIND');
    for (const horizon of [0, -1, 2.5, NaN]) expect(codeOf(() => computeLabels(single, { kind: 'forwardReturn', horizon }))).toBe('ERR_TARGET_HORIZON');
    expect(codeOf(() => computeLabels(single, { kind: 'returnBins', horizon: 5 }))).toBe('ERR_TARGET_PARAM');
    expect(codeOf(() => computeLabels(single, { kind: 'returnBins', horizon: 5, bins: [0.1, 0] }))).toBe('ERR_TARGET_PARAM');
    expect(codeOf(() => computeLabels(single, { kind: 'highReturn', horizon: 5, threshold: NaN }))).toBe('ERR_TARGET_PARAM');
    expect(codeOf(() => computeLabels(single, { kind: 'tripleBarrier', horizon: 5, profitTake: 0 }))).toBe('ERR_TARGET_PARAM');
    expect(codeOf(() => computeLabels(single, { kind: 'tripleBarrier', horizon: 5, volWindow: 1 }))).toBe('ERR_TARGET_PARAM');
  });
});
