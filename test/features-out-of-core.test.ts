import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkRowsForBudget, computeFeatures, computeFeaturesToArrow, CryptotuneError, Frame, generateMarket, type FeatureMatrix } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025 } from './support/feature-data.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptotune-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Count of values whose bits differ between the Arrow file's columns and the matrix. */
function bitDifferences(path: string, whole: FeatureMatrix): Record<string, number> {
  const table = tableFromIPC(readFileSync(path));
  expect(table.numRows).toBe(whole.rows);
  const diffs: Record<string, number> = {};
  for (const c of whole.columns) {
    const a = new Uint32Array(Float32Array.from(table.getChild(c)!.toArray() as Float32Array).buffer);
    const b = new Uint32Array(whole.column(c).slice().buffer);
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    diffs[c] = diff;
  }
  return diffs;
}

describe('out-of-core features over several files', () => {
  it('reused chunk buffers of uneven size across two files still give the in-memory matrix bit for bit', async () => {
    const m = generateMarket({ kind: 'intraday', bars: 30_000, seed: 11 });
    const line = (i: number): string => `${m.time[i]},${m.open![i]},${m.high![i]},${m.low![i]},${m.close[i]},${m.volume![i]}`;
    const files = [join(dir, 'part-1.csv'), join(dir, 'part-2.csv')];
    const header = 'timestamp,open,high,low,close,volume';
    writeFileSync(files[0]!, [header, ...Array.from({ length: 17_000 }, (_, i) => line(i))].join('\n') + '\n');
    writeFileSync(files[1]!, [header, ...Array.from({ length: 13_000 }, (_, i) => line(17_000 + i))].join('\n') + '\n');
    const out = join(dir, 'parts.arrow');
    // 17 000 = 4 × 4 000 + 1 000 and 13 000 = 3 × 4 000 + 1 000: full chunks follow short ones.
    const res = await computeFeaturesToArrow(files, 'intraday', out, { rows: 4_000 });
    expect(res.chunks).toBe(5 + 4);
    const whole = computeFeatures(await Frame.fromFile(files), 'intraday');
    expect(res.columns).toEqual(whole.columns);
    expect(bitDifferences(out, whole)).toEqual(Object.fromEntries(whole.columns.map((c) => [c, 0])));
  });
});

describe.skipIf(!BTC_2025)('out-of-core features', () => {
  it('streamed chunk by chunk into an Arrow IPC file, equal to the in-memory matrix bit for bit', async () => {
    const out = join(dir, 'btc-2025.arrow');
    const res = await computeFeaturesToArrow(BTC_2025!, 'intraday', out, { rows: 37_777 });
    const whole = computeFeatures(await Frame.fromFile(BTC_2025!), 'intraday');
    expect(res.rows).toBe(whole.rows);
    expect(res.chunks).toBe(Math.ceil(whole.rows / 37_777));
    expect(res.columns).toEqual(whole.columns);
    expect(res.assetNames.length).toBe(1);
    expect(bitDifferences(out, whole)).toEqual(Object.fromEntries(whole.columns.map((c) => [c, 0])));
    const table = tableFromIPC(readFileSync(out));
    expect(Number(table.getChild('time')!.get(0))).toBe(Number((await Frame.fromFile(BTC_2025!, { maxRows: 1 })).time[0]));
  });

  it('derives its chunk size from the memory budget', () => {
    expect(chunkRowsForBudget(256 << 20, 24)).toBeGreaterThan(50_000);
    expect(chunkRowsForBudget(16 << 20, 24)).toBeLessThan(chunkRowsForBudget(256 << 20, 24));
    try {
      chunkRowsForBudget(1000, 24);
      throw new Error('no error');
    } catch (e) {
      expect((e as CryptotuneError).code).toBe('ERR_FEATURE_BUDGET');
    }
  });
});

if (!BTC_2025) skipReason('btcusdt_1m_2025.csv.gz');
