import { ConfigError } from '../errors.js';
import { Rng } from '../rng.js';
import { Frame, type FrameHandle, type MetadataColumn } from './frame.js';
import { sharedBigInt64, sharedFloat64, sharedUint32 } from './shared-array.js';

/** Options of the synthetic market generator. All have defaults; the same options give the same market. */
export interface SyntheticMarketOptions {
  /** 'intraday': one asset, minute-like bars. 'panel': many assets, daily bars with metadata. */
  kind?: 'intraday' | 'panel';
  seed?: number;
  /** Bars per asset (intraday default 100 000; panel default 730). */
  bars?: number;
  /** Number of assets (panel only; default 40). */
  assets?: number;
  /** Bar spacing in ms (intraday default 60 000, panel default 86 400 000). */
  intervalMs?: number;
  /** First bar time, epoch ms (default 2024-01-01). */
  start?: number;
  /** Degrees of freedom of the Student-t innovations (fat tails; default 4). */
  tailDf?: number;
}

interface Regime {
  drift: number;
  volScale: number;
  stay: number;
}

// Calm-bull and turbulent-bear states; persistence makes regimes last weeks of bars.
const REGIMES: Regime[] = [
  { drift: 0.00002, volScale: 0.8, stay: 0.9995 },
  { drift: -0.00003, volScale: 1.8, stay: 0.998 },
];

const NARRATIVES = ['meme', 'ai', 'gaming', 'rwa', 'defi'];

interface SeriesOut {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * One price path: GARCH(1,1) variance with Student-t shocks, a two-state Markov regime on drift and
 * volatility, bar ranges from the shock size, volume rising with |return|.
 */
function simulate(rng: Rng, out: SeriesOut, from: number, n: number, baseVol: number, startPrice: number, df: number, periodScale: number): void {
  const omega = baseVol * baseVol * 0.05;
  const alpha = 0.08;
  const beta = 0.87;
  let variance = baseVol * baseVol;
  let regime = 0;
  let price = startPrice;
  let prevShock = 0;
  const baseVolume = 50 + rng.float() * 500;
  for (let i = 0; i < n; i++) {
    const r = REGIMES[regime]!;
    if (rng.float() > Math.pow(r.stay, periodScale)) regime = 1 - regime;
    variance = omega + alpha * prevShock * prevShock + beta * variance;
    const sigma = Math.sqrt(variance) * r.volScale;
    const shock = sigma * rng.studentT(df);
    prevShock = shock / r.volScale;
    const ret = r.drift * periodScale + shock;
    const open = price * Math.exp(sigma * 0.05 * rng.normal());
    const close = open * Math.exp(ret);
    const top = Math.max(open, close);
    const bottom = Math.min(open, close);
    const k = out.open;
    k[from + i] = open;
    out.close[from + i] = close;
    out.high[from + i] = top * Math.exp(Math.abs(rng.normal()) * sigma * 0.5);
    out.low[from + i] = bottom * Math.exp(-Math.abs(rng.normal()) * sigma * 0.5);
    out.volume[from + i] = baseVolume * Math.exp(0.5 * rng.normal() + Math.min(6, Math.abs(ret) / (sigma || 1e-12)) * 0.6);
    price = close;
  }
}

/**
 * Generate a seeded synthetic market as a Frame: fat-tailed returns, volatility clustering,
 * regime switches, volume tied to |return|; panels also get market_cap, narrative and symbol
 * metadata, and assets that list on different dates like real coins.
 */
export function generateMarket(options: SyntheticMarketOptions = {}): Frame {
  const kind = options.kind ?? 'intraday';
  if (kind !== 'intraday' && kind !== 'panel') {
    throw new ConfigError('ERR_CONFIG_INVALID', `kind must be 'intraday' or 'panel', got '${String(kind)}'`);
  }
  const panel = kind === 'panel';
  const bars = options.bars ?? (panel ? 730 : 100_000);
  const nAssets = panel ? (options.assets ?? 40) : 1;
  const interval = options.intervalMs ?? (panel ? 86_400_000 : 60_000);
  const start = options.start ?? Date.UTC(2024, 0, 1);
  const df = options.tailDf ?? 4;
  for (const [name, v, min] of [['bars', bars, 2], ['assets', nAssets, 1], ['intervalMs', interval, 1], ['tailDf', df, 2.01]] as const) {
    if (!Number.isFinite(v) || v < min) {
      throw new ConfigError('ERR_CONFIG_INVALID', `${name} must be a number ≥ ${min}, got ${v}`);
    }
  }
  const rng = new Rng(options.seed ?? 42);
  // Per-bar volatility scaled from a ~60 %/year market.
  const periodScale = interval / 60_000;
  const baseVol = 0.6 * Math.sqrt(interval / (365 * 86_400_000));

  const lengths: number[] = [];
  for (let a = 0; a < nAssets; a++) {
    lengths.push(panel ? Math.max(2, bars - (a === 0 ? 0 : rng.int(0, Math.floor(bars * 0.6)))) : bars);
  }
  const total = lengths.reduce((s, x) => s + x, 0);
  const out: SeriesOut = {
    open: sharedFloat64(total),
    high: sharedFloat64(total),
    low: sharedFloat64(total),
    close: sharedFloat64(total),
    volume: sharedFloat64(total),
  };
  const time = sharedBigInt64(total);
  const asset = sharedUint32(total);
  const offsets = sharedUint32(nAssets + 1);
  const assetNames: string[] = [];
  const marketCap = panel ? sharedFloat64(total) : undefined;
  const narrative = panel ? sharedUint32(total) : undefined;

  let row = 0;
  for (let a = 0; a < nAssets; a++) {
    const n = lengths[a]!;
    const sub = rng.fork();
    const startPrice = panel ? Math.exp(sub.uniform(Math.log(0.0001), Math.log(50_000))) : 40_000;
    const vol = baseVol * (panel ? sub.uniform(0.7, 2.5) : 1);
    simulate(sub, out, row, n, vol, startPrice, df, periodScale);
    const first = start + (bars - n) * interval;
    for (let i = 0; i < n; i++) {
      time[row + i] = BigInt(first + i * interval);
      asset[row + i] = a;
    }
    if (marketCap && narrative) {
      const supply = Math.exp(sub.uniform(Math.log(1e6), Math.log(1e11)));
      const nar = a % NARRATIVES.length;
      for (let i = 0; i < n; i++) {
        marketCap[row + i] = out.close[row + i]! * supply;
        narrative[row + i] = nar;
      }
    }
    assetNames.push(panel ? `SYN${String(a).padStart(3, '0')}` : 'SYNUSDT');
    row += n;
    offsets[a + 1] = row;
  }

  const metadata: Record<string, MetadataColumn> = {};
  if (marketCap && narrative) {
    metadata.market_cap = { kind: 'f64', values: marketCap };
    metadata.narrative = { kind: 'u32', codes: narrative, dictionary: NARRATIVES };
  }
  const handle: FrameHandle = {
    time,
    ...out,
    asset,
    assetNames,
    offsets,
    metadata,
    report: { rowsRead: total, rowsKept: total, dropped: [], fixed: [], timeUnit: 'ms', sources: [`synthetic:${kind}:seed=${options.seed ?? 42}`] },
  };
  return Frame.fromHandle(handle);
}
