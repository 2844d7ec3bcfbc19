import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError, Frame, type IngestOptions } from '../src/index.js';

function fail(data: string | Uint8Array, options: IngestOptions = {}): DataError {
  try {
    Frame.fromCsv(data, options);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected ingest to fail');
}

const HEADER = 'timestamp,open,high,low,close,volume\n';
const row = (t: number, o: number, h: number, l: number, c: number, v: number): string => `${t},${o},${h},${l},${c},${v}\n`;
const T0 = 1_700_000_000_000;
const GOOD = [row(T0, 10, 11, 9, 10.5, 1), row(T0 + 60_000, 10.5, 12, 10, 11, 2), row(T0 + 120_000, 11, 11.5, 10.5, 11.2, 3)];

describe('ingest refuses bad input with a coded error, a row and a column', () => {
  it('missing required column', () => {
    const e = fail('timestamp,open,high,low,volume\n1,1,1,1,1\n');
    expect(e.code).toBe('ERR_DATA_COLUMN_MISSING');
    expect(e.column).toBe('close');
  });

  it('unparsable number: error by default, drop or NaN-then-nonFinite on request', () => {
    const csv = HEADER + GOOD[0] + `${T0 + 60_000},10.5,12,10,abc,2\n` + GOOD[2];
    const e = fail(csv);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_NUMBER', 3, 'close']);
    expect(Frame.fromCsv(csv, { policies: { badNumber: 'drop' } }).rows).toBe(2);
    const fixed = Frame.fromCsv(csv, { policies: { badNumber: 'fix', nonFinite: 'fix' } });
    expect([...fixed.close]).toEqual([10.5, 10.5, 11.2]);
  });

  it('empty file', () => {
    expect(fail('').code).toBe('ERR_DATA_EMPTY');
  });

  it('header only', () => {
    expect(fail(HEADER).code).toBe('ERR_DATA_NO_ROWS');
  });

  it('NaN or Inf price: error, drop, or carry the previous value', () => {
    const csv = HEADER + GOOD[0] + `${T0 + 60_000},10.5,12,10,inf,2\n` + GOOD[2];
    const e = fail(csv);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_NON_FINITE', 3, 'close']);
    expect(Frame.fromCsv(csv, { policies: { nonFinite: 'drop' } }).rows).toBe(2);
    expect([...Frame.fromCsv(csv, { policies: { nonFinite: 'fix' } }).close]).toEqual([10.5, 10.5, 11.2]);
  });

  it('zero or negative price', () => {
    const csv = HEADER + GOOD[0] + `${T0 + 60_000},10.5,12,-1,11,2\n` + GOOD[2];
    const e = fail(csv);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_NON_POSITIVE_PRICE', 3, 'low']);
    expect(Frame.fromCsv(csv, { policies: { nonPositivePrice: 'drop' } }).rows).toBe(2);
    expect(Frame.fromCsv(csv, { policies: { nonPositivePrice: 'fix' } }).low![1]).toBe(9);
  });

  it('high below max(open, close) or low above min(open, close)', () => {
    const high = HEADER + GOOD[0] + `${T0 + 60_000},10.5,10.8,10,11,2\n`;
    const e = fail(high);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_OHLC_INCONSISTENT', 3, 'high']);
    const low = HEADER + GOOD[0] + `${T0 + 60_000},10.5,12,10.7,11,2\n`;
    expect(fail(low).column).toBe('low');
    const fixed = Frame.fromCsv(high, { policies: { ohlcInconsistent: 'fix' } });
    expect(fixed.high![1]).toBe(11);
    expect(Frame.fromCsv(low, { policies: { ohlcInconsistent: 'drop' } }).rows).toBe(1);
  });

  it('duplicate (asset, time): keep first by default, error or keep last on request', () => {
    const csv = HEADER + GOOD[0] + GOOD[1] + row(T0 + 60_000, 10.5, 13, 10, 12, 2);
    expect([...Frame.fromCsv(csv).close]).toEqual([10.5, 11]);
    expect(Frame.fromCsv(csv).report.dropped).toEqual([{ check: 'duplicate', rows: 1 }]);
    expect([...Frame.fromCsv(csv, { policies: { duplicate: 'fix' } }).close]).toEqual([10.5, 12]);
    const e = fail(csv, { policies: { duplicate: 'error' } });
    expect([e.code, e.row]).toEqual(['ERR_DATA_DUPLICATE', 4]);
  });

  it('unsorted time: sorted by default, error or drop on request', () => {
    const csv = HEADER + GOOD[1] + GOOD[0] + GOOD[2];
    expect([...Frame.fromCsv(csv).close]).toEqual([10.5, 11, 11.2]);
    const e = fail(csv, { policies: { unsorted: 'error' } });
    expect([e.code, e.row]).toEqual(['ERR_DATA_UNSORTED', 3]);
    expect(Frame.fromCsv(csv, { policies: { unsorted: 'drop' } }).rows).toBe(2);
  });

  it('mixed timestamp units: error, or each converted to ms', () => {
    const csv = HEADER + GOOD[0] + row((T0 + 60_000) * 1000, 10.5, 12, 10, 11, 2);
    const e = fail(csv);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_MIXED_TIME_UNITS', 3, 'timestamp']);
    const f = Frame.fromCsv(csv, { policies: { mixedTimeUnits: 'fix' } });
    expect(f.time[1]).toBe(BigInt(T0 + 60_000));
  });

  it('non-UTF-8 bytes in a text column', () => {
    const head = new TextEncoder().encode('asset,date,close\nA,2024-01-01,1\n');
    const bad = Uint8Array.from([...head, 0xff, 0xfe, ...new TextEncoder().encode(',2024-01-02,2\n')]);
    const e = fail(bad);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_ENCODING', 3, 'asset']);
  });

  it('truncated gzip', () => {
    const gz = gzipSync(HEADER + GOOD.join('').repeat(2000));
    expect(fail(gz.subarray(0, gz.length - 100)).code).toBe('ERR_DATA_GZIP_CORRUPT');
  });

  it('corrupt gzip', () => {
    const gz = Buffer.from(gzipSync(HEADER + GOOD.join('').repeat(2000)));
    for (let i = 20; i < 60; i++) gz[i] = gz[i]! ^ 0x5a;
    expect(fail(gz).code).toBe('ERR_DATA_GZIP_CORRUPT');
  });

  it('a line over 1 MB', () => {
    const e = fail(HEADER + GOOD[0] + `${T0 + 60_000},${'1'.repeat(1_100_000)},1,1,1,1\n`);
    expect([e.code, e.row]).toEqual(['ERR_DATA_LINE_TOO_LONG', 3]);
  });

  it('more fields than the header: error, skip the row, or ignore the extras', () => {
    const csv = HEADER + GOOD[0] + `${T0 + 60_000},10.5,12,10,11,2,99\n` + GOOD[2];
    const e = fail(csv);
    expect([e.code, e.row]).toEqual(['ERR_DATA_EXTRA_FIELDS', 3]);
    expect(Frame.fromCsv(csv, { policies: { extraFields: 'drop' } }).rows).toBe(2);
    expect(Frame.fromCsv(csv, { policies: { extraFields: 'fix' } }).rows).toBe(3);
  });

  it('an unreadable time', () => {
    const e = fail(HEADER + `yesterday,1,1,1,1,1\n`);
    expect([e.code, e.row, e.column]).toEqual(['ERR_DATA_TIME', 2, 'timestamp']);
  });

  it('gaps are reported by summary(), not refused', () => {
    const f = Frame.fromCsv(HEADER + GOOD[0] + GOOD[1] + row(T0 + 600_000, 11, 12, 10, 11, 1));
    const s = f.summary();
    expect([s.gaps, s.missingBars, s.intervalMs]).toEqual([1, 8, 60_000]);
  });
});

describe('formats', () => {
  it('Binance kline dump without header, µs open times converted to ms', () => {
    const us = BigInt(T0) * 1000n;
    const line = (t: bigint, c: number): string => `${t},10,11,9,${c},5,${t + 59_999_999n},50,7,2,20,0\n`;
    const f = Frame.fromCsv(line(us, 10.5) + line(us + 60_000_000n, 10.7), { assetName: 'BTCUSDT' });
    expect([...f.time]).toEqual([BigInt(T0), BigInt(T0 + 60_000)]);
    expect(f.report.timeUnit).toBe('us');
    expect(Object.keys(f.metadata)).toEqual(['close_time', 'quote_volume', 'trades', 'taker_buy_base_volume', 'taker_buy_quote_volume']);
  });

  it('generic OHLCV with ISO-8601 times and column overrides', () => {
    const f = Frame.fromCsv('when,o,h,l,last,qty\n2024-01-01T00:00:00Z,1,2,0.5,1.5,3\n2024-01-01T02:00:00+01:00,1.5,2,1,1.8,4\n', {
      columns: { time: 'when', close: 'last', volume: 'qty' },
    });
    expect([...f.time]).toEqual([BigInt(Date.UTC(2024, 0, 1, 0)), BigInt(Date.UTC(2024, 0, 1, 1))]);
    expect([...f.volume!]).toEqual([3, 4]);
    expect(f.close[0]).toBe(1.5);
  });

  it('panel with text and numeric metadata', () => {
    const f = Frame.fromCsv('symbol,date,close,market_cap,narrative\nA,2024-01-01,1,100,meme\nB,2024-01-01,2,,ai\nA,2024-01-02,1.1,110,meme\n');
    expect(f.assetNames).toEqual(['A', 'B']);
    const mc = f.metadata.market_cap!;
    const nar = f.metadata.narrative!;
    expect(mc.kind === 'f64' && [...mc.values].map((v) => (Number.isNaN(v) ? null : v))).toEqual([100, 110, null]);
    expect(nar.kind === 'u32' && [...nar.codes].map((c) => nar.dictionary[c])).toEqual(['meme', 'meme', 'ai']);
  });

  it('close-only series', () => {
    const f = Frame.fromCsv('date,price\n2024-01-01,5\n2024-01-02,6\n');
    expect(f.hasOhlc).toBe(false);
    expect([...f.close]).toEqual([5, 6]);
  });
});
