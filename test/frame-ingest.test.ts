import { describe, expect, it } from 'vitest';
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
