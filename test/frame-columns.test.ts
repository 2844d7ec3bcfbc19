import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, Frame, generateMarket } from '../src/index.js';

describe('Frame.fromColumns', () => {
  it('groups, sorts and checks in-memory columns like a file', () => {
    const f = Frame.fromColumns({
      time: [2000, 1000, 1000, 2000],
      close: [2, 1, 10, 20],
      asset: ['A', 'A', 'B', 'B'],
      metadata: { narrative: ['meme', 'meme', 'ai', 'ai'], market_cap: [5, 4, 50, 60] },
    });
    expect(f.assetNames).toEqual(['A', 'B']);
    expect([...f.close]).toEqual([1, 2, 10, 20]);
    const mc = f.metadata.market_cap!;
    expect(mc.kind === 'f64' && [...mc.values]).toEqual([4, 5, 50, 60]);
  });

  it('applies policies and reports the row', () => {
    const cols = { time: [1000, 2000, 3000], close: [1, -1, 2] };
    expect(() => Frame.fromColumns(cols)).toThrow(DataError);
    try {
      Frame.fromColumns(cols);
    } catch (e) {
      expect([(e as DataError).code, (e as DataError).row]).toEqual(['ERR_DATA_NON_POSITIVE_PRICE', 3]);
    }
    expect(Frame.fromColumns(cols, { policies: { nonPositivePrice: 'drop' } }).rows).toBe(2);
  });

  it('refuses columns of different lengths', () => {
    expect(() => Frame.fromColumns({ time: [1, 2], close: [1] })).toThrow(expect.objectContaining({ code: 'ERR_DATA_LENGTH_MISMATCH' }));
  });
});

describe('Frame.fromArrow and Frame.concat', () => {
  it('round-trips a frame through Arrow and an IPC file', async () => {
    const m = generateMarket({ kind: 'panel', bars: 60, assets: 4, seed: 5 });
    const back = Frame.fromArrow(m.toArrow());
    expect([...back.close]).toEqual([...m.close]);
    expect(back.assetNames).toEqual(m.assetNames);
    const labels = (f: Frame): string[] => {
      const c = f.metadata.narrative!;
      if (c.kind !== 'u32') throw new Error('narrative should be categorical');
      return [...c.codes].map((k) => c.dictionary[k]!);
    };
    expect(labels(back)).toEqual(labels(m));
    const p = join(mkdtempSync(join(tmpdir(), 'cryptotune-arrow-')), 'm.arrow');
    writeFileSync(p, tableToIPC(m.toArrow()));
    const fromFile = await Frame.fromFile(p);
    expect([...fromFile.time]).toEqual([...m.time]);
  });

  it('finds Arrow columns by alias and reads ISO-8601 string times', () => {
    const t = tableFromArrays({ date: ['2024-01-02', '2024-01-01'], symbol: ['X', 'X'], price: Float64Array.from([2, 1]) });
    const f = Frame.fromArrow(t);
    expect([...f.time]).toEqual([BigInt(Date.UTC(2024, 0, 1)), BigInt(Date.UTC(2024, 0, 2))]);
    expect([...f.close]).toEqual([1, 2]);
  });

  it('toArrow is a zero-copy view', () => {
    const m = generateMarket({ kind: 'intraday', bars: 100, seed: 1 });
    expect(m.toArrow().getChild('close')!.data[0]!.values.buffer).toBe(m.close.buffer);
  });

  it('concat merges assets by name', () => {
    const a = Frame.fromCsv('asset,date,close\nA,2024-01-01,1\nB,2024-01-01,5\n');
    const b = Frame.fromCsv('asset,date,close\nA,2024-01-02,2\nC,2024-01-02,9\n');
    const f = Frame.concat([a, b]);
    expect(f.assetNames).toEqual(['A', 'B', 'C']);
    expect([...f.close]).toEqual([1, 2, 5, 9]);
  });
});
