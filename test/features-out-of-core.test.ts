import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkRowsForBudget, computeFeatures, computeFeaturesToArrow, CryptotuneError, Frame } from '../src/index.js';
import { skipReason } from './support/shared-data.js';
import { BTC_2025 } from './support/feature-data.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptotune-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BTC_2025)('out-of-core features', () => {
  it('streamed chunk by chunk into an Arrow IPC file, equal to the in-memory matrix bit for bit', async () => {
    const out = join(dir, 'btc-2025.arrow');
    const res = await computeFeaturesToArrow(BTC_2025!, 'intraday', out, { rows: 37_777 });
    const whole = computeFeatures(await Frame.fromFile(BTC_2025!), 'intraday');
    expect(res.rows).toBe(whole.rows);
    expect(res.chunks).toBe(Math.ceil(whole.rows / 37_777));
    expect(res.columns).toEqual(whole.columns);
    expect(res.assetNames.length).toBe(1);
    const table = tableFromIPC(readFileSync(out));
    expect(table.numRows).toBe(whole.rows);
    for (const c of whole.columns) {
      const got = table.getChild(c)!.toArray() as Float32Array;
      const a = new Uint32Array(Float32Array.from(got).buffer);
      const b = new Uint32Array(whole.column(c).slice().buffer);
      let diff = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
      expect(diff, c).toBe(0);
    }
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
