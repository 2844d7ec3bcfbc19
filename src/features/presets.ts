/**
 * Feature presets. `seed` is the Python system's ~96-column daily set (returns, volatility,
 * averages, oscillators, bands, volume, levels, calendar, and narrative/market panel features on
 * multi-asset frames); `intraday` is the compact 24-column OHLCV set for minute bars; `minimal`
 * works on close-only series.
 */
import type { FeatureSpec } from './feature-plan.js';

export type PresetName = 'seed' | 'intraday' | 'minimal';

const periods = (kind: FeatureSpec['kind'], ps: number[], extra: Partial<FeatureSpec> = {}): FeatureSpec[] =>
  ps.map((period) => ({ kind, period, ...extra }));

/** Volume-based specs are optional in `seed` so close-only panels still get the rest. */
const optional = { optional: true } as const;

function seed(): FeatureSpec[] {
  return [
    ...periods('return', [1, 3, 7, 14, 30]),
    ...periods('logReturn', [1, 7]),
    ...periods('volatility', [7, 14, 30]),
    ...periods('smaRatio', [7, 14, 30, 50]),
    ...periods('emaRatio', [12, 26, 50]),
    { kind: 'wmaRatio', period: 14 },
    ...periods('rsi', [7, 14, 21]),
    { kind: 'macd', fast: 12, slow: 26, signal: 9 },
    { kind: 'bollinger', period: 20, stdDev: 2 },
    { kind: 'bollinger', period: 10, stdDev: 2 },
    { kind: 'atr', period: 14 },
    { kind: 'stochastic', period: 14, smooth: 3 },
    ...periods('williamsR', [7, 14]),
    { kind: 'momentum', period: 10 },
    ...periods('roc', [5, 10, 20]),
    ...periods('pricePosition', [7, 14, 30]),
    { kind: 'obv', ...optional },
    { kind: 'vwap', period: 14, ...optional },
    { kind: 'volumeSma', period: 7, ...optional },
    ...periods('volumeRatio', [7, 14, 30], optional),
    { kind: 'volumeRoc', period: 5, ...optional },
    { kind: 'volumeSpike', period: 20, stdDev: 2, ...optional },
    { kind: 'dollarVolume', ...optional },
    { kind: 'dollarVolumeSma', period: 7, ...optional },
    ...periods('maxReturn', [7, 14, 30]),
    ...periods('minReturn', [7, 14, 30]),
    { kind: 'barsSinceHigh', period: 30 },
    { kind: 'barsSinceLow', period: 30 },
    { kind: 'breakout', period: 20 },
    { kind: 'supportResistance', period: 20 },
    ...periods('momentumConsistency', [7, 14, 30]),
    ...periods('acceleration', [3, 7]),
    { kind: 'calendar' },
    { kind: 'barsSinceStart' },
    { kind: 'groupAverage', group: 'narrative', ...optional },
    { kind: 'priceRelativeGroup', group: 'narrative', ...optional },
    { kind: 'priceRelativeGroup', ...optional },
    { kind: 'capRank', group: 'narrative', cap: 'market_cap', ...optional },
    { kind: 'capRank', cap: 'market_cap', ...optional },
    { kind: 'groupLeaderCorrelation', group: 'narrative', cap: 'market_cap', period: 30, ...optional },
    { kind: 'oneHot', column: 'narrative', ...optional },
  ];
}

/** The 24 columns of the intraday bench: returns, volatility, SMA ratios, RSI, MACD, Bollinger, ATR, stochastic, %R, OBV, VWAP, volume ratio. */
function intraday(): FeatureSpec[] {
  return [
    ...periods('return', [1, 5, 15, 60, 240]),
    ...periods('volatility', [15, 60, 240]),
    ...periods('smaRatio', [20, 50, 200]),
    { kind: 'rsi', period: 14 },
    { kind: 'macd', fast: 12, slow: 26, signal: 9 },
    { kind: 'bollinger', period: 20, stdDev: 2 },
    { kind: 'atr', period: 14 },
    { kind: 'stochastic', period: 14, smooth: 3 },
    { kind: 'williamsR', period: 14 },
    { kind: 'obv' },
    { kind: 'vwap', period: 20 },
    { kind: 'volumeRatio', period: 30 },
  ];
}

function minimal(): FeatureSpec[] {
  return [
    ...periods('return', [1, 5]),
    { kind: 'volatility', period: 20 },
    { kind: 'rsi', period: 14 },
    { kind: 'smaRatio', period: 20 },
    { kind: 'macd', fast: 12, slow: 26, signal: 9 },
  ];
}

export const PRESETS: Record<PresetName, () => FeatureSpec[]> = { seed, intraday, minimal };
