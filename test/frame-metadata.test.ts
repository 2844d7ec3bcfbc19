import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DataError, Frame } from '../src/index.js';
import { sharedFile, skipReason } from './support/shared-data.js';

const panel = (): Frame =>
  Frame.fromCsv('asset,date,close\nA,2024-01-01,1\nB,2024-01-01,5\nA,2024-01-02,2\nC,2024-01-01,7\nB,2024-01-02,6\n');

const decoded = (f: Frame, name: string): unknown[] => {
  const c = f.metadata[name]!;
  return c.kind === 'f64' ? [...c.values] : [...c.codes].map((k) => c.dictionary[k]);
};

const caught = (fn: () => unknown): DataError => {
  try {
    fn();
  } catch (e) {
    return e as DataError;
  }
  throw new Error('expected an error');
};

describe('Frame.withMetadata', () => {
  const table = { id: ['B', 'A', 'A'], market_cap: [2, 1, 9], narrative: ['ai', 'meme', 'x'] };

  it('gives every row of an asset its table row, the first of repeated keys, and NaN or empty text to assets the table lacks', () => {
    const f = panel().withMetadata(table, { on: 'id' });
    expect(f.assetNames).toEqual(['A', 'B', 'C']);
    expect(decoded(f, 'market_cap')).toEqual([1, 1, 2, 2, NaN]);
    expect(decoded(f, 'narrative')).toEqual(['meme', 'meme', 'ai', 'ai', '']);
    expect(f.columnNames()).toEqual(['time', 'asset', 'close', 'market_cap', 'narrative']);
  });

  it('keeps the last of repeated keys or refuses them with the row and key column', () => {
    expect(decoded(panel().withMetadata(table, { on: 'id', duplicates: 'last' }), 'market_cap')).toEqual([9, 9, 2, 2, NaN]);
    const err = caught(() => panel().withMetadata(table, { on: 'id', duplicates: 'error' }));
    expect(err).toBeInstanceOf(DataError);
    expect([err.code, err.row, err.column]).toEqual(['ERR_DATA_METADATA_DUPLICATE', 4, 'id']);
  });

  it('shares the frame buffers instead of copying them', () => {
    const f = panel();
    const g = f.withMetadata(table, { on: 'id', columns: ['market_cap'] });
    expect(g.close).toBe(f.close);
    expect(g.time).toBe(f.time);
    expect(Object.keys(g.metadata)).toEqual(['market_cap']);
    expect(Object.keys(f.metadata)).toEqual([]);
    expect((g.metadata.market_cap as { values: Float64Array }).values.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('refuses a missing key column and a name the frame already has, which a prefix resolves', () => {
    expect(caught(() => panel().withMetadata(table, { on: 'symbol' }))).toMatchObject({ code: 'ERR_DATA_COLUMN_MISSING', column: 'symbol' });
    const clash = { id: ['A'], close: [3] };
    expect(caught(() => panel().withMetadata(clash, { on: 'id' }))).toMatchObject({ code: 'ERR_DATA_METADATA_CONFLICT', column: 'close' });
    expect(decoded(panel().withMetadata(clash, { on: 'id', prefix: 'meta_' }), 'meta_close')).toEqual([3, 3, NaN, NaN, NaN]);
  });

  it('reads the table from an apache-arrow Table or a CSV.GZ file', () => {
    const arrow = tableFromArrays({ id: ['C', 'A'], market_cap: new Float64Array([70, 10]) });
    expect(decoded(panel().withMetadata(arrow, { on: 'id' }), 'market_cap')).toEqual([10, 10, NaN, NaN, 70]);
    const path = join(mkdtempSync(join(tmpdir(), 'cryptotune-meta-')), 'meta.csv.gz');
    writeFileSync(path, gzipSync('id;market_cap;narrative\nC;70;gaming\nB;;ai\n'));
    const f = panel().withMetadata(path, { on: 'id', delimiter: ';' });
    expect(decoded(f, 'market_cap')).toEqual([NaN, NaN, NaN, NaN, 70]);
    expect(decoded(f, 'narrative')).toEqual(['', '', 'ai', 'ai', 'gaming']);
  });

  const ohlc = sharedFile('seed-origin', 'ohlc_master.csv');
  const master = sharedFile('seed-origin', 'cryptos_master.csv');
  const join_ = sharedFile('seed-origin', 'crypto_ohlc_join.reconstructed.csv');
  it.skipIf(!ohlc || !master || !join_)(
    `seed-origin: ohlc_master joined with cryptos_master equals the reconstructed join file ${ohlc && master && join_ ? '' : skipReason('seed-origin')}`,
    async () => {
      const policies = { nonPositivePrice: 'drop', nonFinite: 'fix' } as const;
      const joined = (await Frame.fromFile(ohlc!, { policies })).withMetadata(master!, { on: 'id' });
      const want = await Frame.fromFile(join_!, { policies });
      expect(joined.rows).toBe(want.rows);
      expect(joined.assetNames).toEqual(want.assetNames);
      expect([...joined.close]).toEqual([...want.close]);
      for (const name of ['cmc_id', 'market_cap', 'price', 'name', 'narrative', 'symbol']) {
        expect(decoded(joined, name), name).toEqual(decoded(want, name));
      }
      // The join file's volume became the frame's volume column, where missing values are fixed to 0.
      expect(decoded(joined, 'volume').map((v) => (Number.isNaN(v) ? 0 : v))).toEqual([...want.volume!]);
    },
  );
});
