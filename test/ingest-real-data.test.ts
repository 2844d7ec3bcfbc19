import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Frame } from '../src/index.js';
import { SHARED_DATA, sharedFile, skipReason } from './support/shared-data.js';

// Figures are recomputed here from the raw text with a plain parser, never copied from SOURCE.md.
function lines(path: string): string[] {
  const buf = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return text.split('\n').filter((l) => l.length > 0);
}

interface Independent {
  rows: number;
  assets: number;
  start: number;
  end: number;
  gaps: number;
  missing: number;
}

/** Rows per asset sorted by time, duplicates (same asset and time) counted once. */
function independent(path: string, timeCol: string, assetCol: string | undefined, parseTime: (s: string) => number, keep: (cells: string[], h: string[]) => boolean = () => true): Independent {
  const [header, ...body] = lines(path);
  const h = header!.split(',');
  const ti = h.indexOf(timeCol);
  const ai = assetCol ? h.indexOf(assetCol) : -1;
  const byAsset = new Map<string, Set<number>>();
  for (const l of body) {
    const cells = l.split(',');
    if (!keep(cells, h)) continue;
    const a = ai >= 0 ? cells[ai]! : '';
    let s = byAsset.get(a);
    if (!s) byAsset.set(a, (s = new Set()));
    s.add(parseTime(cells[ti]!));
  }
  let rows = 0, gaps = 0, missing = 0, start = Infinity, end = -Infinity;
  for (const set of byAsset.values()) {
    const t = [...set].sort((x, y) => x - y);
    rows += t.length;
    start = Math.min(start, t[0]!);
    end = Math.max(end, t[t.length - 1]!);
    const diffs = new Map<number, number>();
    for (let i = 1; i < t.length; i++) diffs.set(t[i]! - t[i - 1]!, (diffs.get(t[i]! - t[i - 1]!) ?? 0) + 1);
    let interval = 0, best = -1;
    for (const [d, n] of [...diffs.entries()].sort((x, y) => x[0] - y[0])) if (n > best) [interval, best] = [d, n];
    for (let i = 1; i < t.length; i++) {
      const d = t[i]! - t[i - 1]!;
      if (interval > 0 && d > interval) {
        gaps++;
        missing += Math.floor(d / interval) - 1;
      }
    }
  }
  return { rows, assets: byAsset.size, start, end, gaps, missing };
}

function check(f: Frame, want: Independent): void {
  const s = f.summary();
  expect({ rows: s.rows, assets: s.assets, start: s.start, end: s.end, gaps: s.gaps, missing: s.missingBars }).toEqual(want);
}

const btc2017 = sharedFile('btcusdt-1m-binance', 'btcusdt_1m_2017.csv.gz');
const daily23 = sharedFile('crypto-daily-23coins', 'crypto_daily_23coins.csv.gz');
const seed = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
const coinsDir = sharedFile('crypto-daily-23coins', 'coins');

describe('real market data in ../shared/data', () => {
  it.skipIf(!btc2017)(`BTC/USDT 1-minute 2017 summary matches an independent parse ${btc2017 ? '' : skipReason('btcusdt_1m_2017.csv.gz')}`, async () => {
    const f = await Frame.fromFile(btc2017!);
    check(f, independent(btc2017!, 'timestamp', undefined, Number));
    expect(f.assetNames).toEqual(['BTCUSDT']);
  });

  it.skipIf(!btc2017)('every BTC/USDT year ingests with the row count of its file', async () => {
    const dir = join(SHARED_DATA, 'btcusdt-1m-binance');
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv.gz')).sort().map((f) => join(dir, f));
    const frame = await Frame.fromFile(files, { threads: 2 });
    const total = files.reduce((n, p) => n + lines(p).length - 1, 0);
    expect(frame.rows).toBe(total);
    expect(frame.report.dropped).toEqual([]);
    const t = frame.time;
    for (let i = 1; i < t.length; i++) if (t[i]! <= t[i - 1]!) throw new Error(`time not increasing at row ${i}`);
  });

  it.skipIf(!daily23)(`23-coin daily panel summary matches an independent parse ${daily23 ? '' : skipReason('crypto_daily_23coins.csv.gz')}`, async () => {
    const f = await Frame.fromFile(daily23!);
    check(f, independent(daily23!, 'date', 'symbol', (s) => Date.parse(`${s}T00:00:00Z`)));
    expect(Object.keys(f.metadata)).toEqual(['name', 'market_cap']);
  });

  it.skipIf(!coinsDir)('each of the 23 verbatim coin files ingests as one asset', async () => {
    for (const name of readdirSync(coinsDir!)) {
      const p = join(coinsDir!, name);
      const f = await Frame.fromFile(p);
      expect(f.assets).toBe(1);
      expect(f.rows).toBe(lines(p).length - 1);
    }
  });

  it.skipIf(!seed)(`seed panel: zero closes are refused by default and dropped on request ${seed ? '' : skipReason('seed-origin')}`, async () => {
    await expect(Frame.fromFile(seed!)).rejects.toMatchObject({ code: 'ERR_DATA_NON_POSITIVE_PRICE' });
    // BabyDoge has no metadata row, so its `volume` snapshot is empty: 'fix' sets a missing volume to 0.
    const f = await Frame.fromFile(seed!, { policies: { nonPositivePrice: 'drop', nonFinite: 'fix' } });
    const want = independent(seed!, 'date', 'id', (s) => Date.parse(`${s}T00:00:00Z`), (cells, h) => Number(cells[h.indexOf('close')]) > 0);
    check(f, want);
    expect(f.assets).toBe(want.assets);
  });

  for (const name of ['ohlc_master.csv', 'detected_patterns.csv']) {
    const p = sharedFile('seed-origin', name);
    it.skipIf(!p)(`seed-origin/${name} ingests`, async () => {
      const f = await Frame.fromFile(p!, { policies: { nonPositivePrice: 'drop' } });
      expect(f.rows).toBeGreaterThan(0);
    });
  }

  const master = sharedFile('seed-origin', 'cryptos_master.csv');
  it.skipIf(!master)('seed-origin/cryptos_master.csv is a metadata table without time: refused with the columns it has', async () => {
    await expect(Frame.fromFile(master!)).rejects.toMatchObject({ code: 'ERR_DATA_COLUMN_MISSING', column: 'time' });
  });
});
