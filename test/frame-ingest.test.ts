import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError, Frame, generateMarket } from '../src/index.js';

describe('Frame.fromCsv', () => {
  it('groups a panel by asset and sorts each group by time', () => {
    const f = Frame.fromCsv('asset,date,close\nB,2024-01-02,2\nA,2024-01-02,20\nB,2024-01-01,1\nA,2024-01-01,10\n');
    expect(f.assetNames).toEqual(['B', 'A']);
    expect([...f.offsets]).toEqual([0, 2, 4]);
    expect([...f.close]).toEqual([1, 2, 10, 20]);
    expect(f.close.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('reports a missing close column with a coded error naming the columns found', () => {
    const err = (() => {
      try {
        Frame.fromCsv('date,open\n2024-01-01,1\n');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('ERR_DATA_COLUMN_MISSING');
    expect((err as DataError).message).toContain('date, open');
  });
});

describe('generateMarket', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = generateMarket({ kind: 'intraday', bars: 5000, seed: 7 });
    const b = generateMarket({ kind: 'intraday', bars: 5000, seed: 7 });
    const c = generateMarket({ kind: 'intraday', bars: 5000, seed: 8 });
    expect([...a.close]).toEqual([...b.close]);
    expect(a.close[4999]).not.toBe(c.close[4999]);
  });
});

describe('Frame.fromFile over several files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptotune-multi-'));
  const a = join(dir, 'a.csv.gz');
  const b = join(dir, 'b.csv.gz');
  const c = join(dir, 'c.csv');
  // a: one gzip member with a numeric metadata column; b: two gzip members (the whole-file
  // inflater must hand it to the streaming decoder) with a text column; c: plain, no metadata.
  writeFileSync(a, gzipSync('asset,date,close,market_cap\nX,2024-01-01,1,100\nY,2024-01-01,5,200\nX,2024-01-02,2,110\n'));
  writeFileSync(b, Buffer.concat([gzipSync('asset,date,close,narrative\nY,2024-01-02,6,meme\n'), gzipSync('Z,2024-01-01,9,ai\n')]));
  writeFileSync(c, 'asset,date,close\nZ,2024-01-02,10\nX,2024-01-03,3\n');

  it('merges columns the same on one thread and on two, filling metadata a file lacks', async () => {
    const one = await Frame.fromFile([a, b, c], { threads: 1 });
    const two = await Frame.fromFile([a, b, c], { threads: 2 });
    expect(one.assetNames).toEqual(['X', 'Y', 'Z']);
    expect([...one.close]).toEqual([1, 2, 3, 5, 6, 9, 10]);
    const cap = one.metadata.market_cap!;
    const narrative = one.metadata.narrative!;
    expect(cap.kind === 'f64' && [...cap.values]).toEqual([100, 110, NaN, 200, NaN, NaN, NaN]);
    expect(narrative.kind === 'u32' && [...narrative.codes].map((k) => narrative.dictionary[k])).toEqual(['', '', '', '', 'meme', 'ai', '']);
    for (const name of one.columnNames()) {
      const col = (f: Frame): unknown[] => {
        const m = f.metadata[name];
        if (m) return m.kind === 'f64' ? [...m.values] : [...m.codes].map((k) => m.dictionary[k]);
        return Array.from((f as unknown as Record<string, ArrayLike<unknown>>)[name]!);
      };
      expect(col(two), name).toEqual(col(one));
    }
  });

  it('joins files already in frame order (one per period) into the frame one file of all rows gives', async () => {
    const head = 'asset,time,open,high,low,close,volume,venue\n';
    const rows = [
      'X,1000,10,12,9,11,5,spot\nX,2000,11,13,10,12,6,spot\n',
      'X,3000,12,14,11,13,7,perp\nY,1000,1,2,0.5,1.5,9,spot\n',
      'Y,2000,1.5,2,1,1.8,8,dex\n',
    ];
    const parts = rows.map((r, i) => {
      const p = join(dir, `ordered-${i}.csv.gz`);
      writeFileSync(p, gzipSync(head + r));
      return p;
    });
    const whole = Frame.fromCsv(head + rows.join(''));
    const col = (f: Frame, name: string): unknown[] => {
      const m = f.metadata[name];
      if (m) return m.kind === 'f64' ? [...m.values] : [...m.codes].map((k) => m.dictionary[k]);
      return Array.from((f as unknown as Record<string, ArrayLike<unknown>>)[name]!);
    };
    for (const threads of [1, 2]) {
      const joined = await Frame.fromFile(parts, { threads });
      expect(joined.rows).toBe(5);
      expect(joined.assetNames).toEqual(whole.assetNames);
      expect([...joined.offsets]).toEqual([...whole.offsets]);
      expect(joined.columnNames()).toEqual(whole.columnNames());
      for (const name of whole.columnNames()) expect(col(joined, name), `${name} threads=${threads}`).toEqual(col(whole, name));
      expect(joined.close.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(joined.close.buffer.byteLength).toBe(5 * 8);
      expect(joined.report.sources).toEqual(parts);
    }
  });

  it('names the line of a duplicate found after the files were merged', async () => {
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'asset,date,close\n\n\nY,2024-01-05,7\nX,2024-01-02,2\n');
    const err = await Frame.fromFile([a, dup], { policies: { duplicate: 'error' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('ERR_DATA_DUPLICATE');
    expect((err as DataError).row).toBe(5);
  });
});
