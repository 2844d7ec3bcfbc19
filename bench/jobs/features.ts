// Feature jobs run inside a measuring child process (see harness/child-measure.ts) or in-process.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ti from 'technicalindicators';
import { computeFeaturesToArrow, type Frame } from '../../src/index.js';

/** Out-of-core intraday features over the files under a memory budget; the output file is removed. */
export async function featuresOutOfCore(args: { files: string[]; budgetBytes: number }): Promise<{ ms: number; cpuMs: number; rows: number; bytes: number; rowsPerChunk: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cryptotune-bench-'));
  try {
    const out = join(dir, 'features.arrow');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await computeFeaturesToArrow(args.files, 'intraday', out, { budgetBytes: args.budgetBytes });
    const cpu = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rows: r.rows, bytes: statSync(out).size, rowsPerChunk: r.rowsPerChunk };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The intraday columns technicalindicators can produce, computed with it; returns ms. */
export function technicalIndicatorsIntraday(f: Frame): number {
  const close = Array.from(f.close);
  const high = Array.from(f.high!);
  const low = Array.from(f.low!);
  const volume = Array.from(f.volume!);
  const t0 = performance.now();
  for (const period of [1, 5, 15, 60, 240]) ti.ROC.calculate({ values: close, period });
  const r = ti.ROC.calculate({ values: close, period: 1 });
  for (const period of [15, 60, 240]) ti.SD.calculate({ values: r, period });
  for (const period of [20, 50, 200]) ti.SMA.calculate({ values: close, period });
  ti.RSI.calculate({ values: close, period: 14 });
  ti.MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
  ti.BollingerBands.calculate({ values: close, period: 20, stdDev: 2 });
  ti.ATR.calculate({ high, low, close, period: 14 });
  ti.Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 });
  ti.WilliamsR.calculate({ high, low, close, period: 14 });
  ti.OBV.calculate({ close, volume });
  ti.SMA.calculate({ values: volume, period: 30 });
  return performance.now() - t0;
}

/** The same columns as `technicalIndicatorsIntraday` (VWAP excluded: technicalindicators has no rolling VWAP). */
export const TI_INTRADAY_SUBSET = [
  ...[1, 5, 15, 60, 240].map((period) => ({ kind: 'roc' as const, period })),
  ...[15, 60, 240].map((period) => ({ kind: 'volatility' as const, period })),
  ...[20, 50, 200].map((period) => ({ kind: 'sma' as const, period })),
  { kind: 'rsi' as const, period: 14 },
  { kind: 'macd' as const },
  { kind: 'bollinger' as const },
  { kind: 'atr' as const, period: 14 },
  { kind: 'stochastic' as const },
  { kind: 'williamsR' as const },
  { kind: 'obv' as const },
  { kind: 'volumeSma' as const, period: 30 },
];

const tulind = createRequire(import.meta.url)('tulind') as {
  indicators: Record<string, { indicator(inputs: number[][] | Float64Array[], options: number[], cb: (err: unknown, out: number[][]) => void): void }>;
};

/** RSI 14, MACD 12/26/9 and Bollinger 20/2 with tulind (C); returns ms. */
export function tulindCore(f: Frame): number {
  const close = Array.from(f.close);
  const t0 = performance.now();
  const run = (name: string, options: number[]) => tulind.indicators[name]!.indicator([close], options, (err) => {
    if (err) throw err;
  });
  run('rsi', [14]);
  run('macd', [12, 26, 9]);
  run('bbands', [20, 2]);
  return performance.now() - t0;
}

/** RSI, MACD and Bollinger with technicalindicators; returns ms. */
export function technicalIndicatorsCore(f: Frame): number {
  const values = Array.from(f.close);
  const t0 = performance.now();
  ti.RSI.calculate({ values, period: 14 });
  ti.MACD.calculate({ values, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
  ti.BollingerBands.calculate({ values, period: 20, stdDev: 2 });
  return performance.now() - t0;
}
