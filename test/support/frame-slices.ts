/** Zero-copy row slices of a one-asset frame, as a stream would hand them out. */
import { Frame, type FrameHandle } from '../../src/index.js';

export function sliceRows(f: Frame, start: number, end: number): Frame {
  const h = f.toHandle();
  const cut = <T extends { subarray(a: number, b: number): T }>(a: T | undefined) => a?.subarray(start, end);
  const s: FrameHandle = {
    ...h,
    time: h.time.subarray(start, end),
    close: h.close.subarray(start, end),
    asset: h.asset.subarray(start, end),
    offsets: Uint32Array.of(0, end - start),
    metadata: {},
  };
  for (const k of ['open', 'high', 'low', 'volume'] as const) if (h[k]) s[k] = cut(h[k]);
  return Frame.fromHandle(s);
}

/** Every per-asset kind with its defaults, plus the intraday set's periods. */
export const ALL_ASSET_KINDS = [
  'return', 'logReturn', 'volatility', 'sma', 'ema', 'wma', 'smaRatio', 'emaRatio', 'wmaRatio', 'rsi', 'macd', 'bollinger',
  'atr', 'stochastic', 'williamsR', 'momentum', 'roc', 'pricePosition', 'obv', 'vwap', 'volumeSma', 'volumeRatio',
  'volumeRoc', 'volumeSpike', 'dollarVolume', 'dollarVolumeSma', 'maxReturn', 'minReturn', 'barsSinceHigh',
  'barsSinceLow', 'breakout', 'supportResistance', 'momentumConsistency', 'acceleration', 'calendar', 'barsSinceStart',
] as const;
