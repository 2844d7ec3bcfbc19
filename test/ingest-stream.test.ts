import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Frame, generateMarket } from '../src/index.js';
import { sharedFile, skipReason } from './support/shared-data.js';

async function collect(path: string, rows: number, options = {}): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of Frame.stream(path, { rows, ...options })) out.push(f);
  return out;
}

function expectConcatEquals(chunks: Frame[], whole: Frame): void {
  expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(whole.rows);
  let r = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.rows; i++, r++) {
      if (c.time[i] !== whole.time[r] || c.close[i] !== whole.close[r] || c.assetNames[c.asset[i]!] !== whole.assetNames[whole.asset[r]!]) {
        throw new Error(`chunk row ${i} differs from whole row ${r}`);
      }
      if (c.volume && c.volume[i] !== whole.volume![r]) throw new Error(`volume differs at ${r}`);
    }
  }
}

function syntheticCsv(): string {
  const m = generateMarket({ kind: 'intraday', bars: 20_000, seed: 3 });
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < m.rows; i++) lines.push(`${m.time[i]},${m.open![i]},${m.high![i]},${m.low![i]},${m.close[i]},${m.volume![i]}`);
  return lines.join('\n') + '\n';
}

describe('Frame.stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptotune-stream-'));

  it('chunks of a synthetic gzip file concatenate to the whole-file frame', async () => {
    const p = join(dir, 'synthetic.csv.gz');
    writeFileSync(p, gzipSync(syntheticCsv()));
    const whole = await Frame.fromFile(p);
    const chunks = await collect(p, 3_333);
    expect(chunks.length).toBe(Math.ceil(20_000 / 3_333));
    expect(Math.max(...chunks.map((c) => c.rows))).toBe(3_333);
    expectConcatEquals(chunks, whole);
  });

  it('a duplicate across a chunk boundary is dropped like in the whole file', async () => {
    const p = join(dir, 'dup.csv');
    writeFileSync(p, 'timestamp,close\n1000,1\n2000,2\n2000,3\n3000,4\n');
    const chunks = await collect(p, 2);
    expect(chunks.flatMap((c) => [...c.close])).toEqual([1, 2, 4]);
  });

  it('time going backwards across a boundary is refused unless dropped', async () => {
    const p = join(dir, 'back.csv');
    writeFileSync(p, 'timestamp,close\n1000,1\n3000,2\n2000,3\n4000,4\n');
    await expect(collect(p, 2)).rejects.toMatchObject({ code: 'ERR_DATA_UNSORTED', row: 4 });
    const kept = await collect(p, 2, { policies: { unsorted: 'drop' } });
    expect(kept.flatMap((c) => [...c.close])).toEqual([1, 2, 4]);
  });

  it('a chunk size below one row is a coded error', async () => {
    await expect(collect(join(dir, 'dup.csv'), 0)).rejects.toMatchObject({ code: 'ERR_DATA_CHUNK_SIZE' });
  });

  // Assets, a numeric and a text metadata column: every kind of pooled column.
  const panelCsv = ['timestamp,symbol,close,volume,trades,narrative'];
  for (let t = 1; t <= 9; t++) for (const [a, s] of [['AAA', 'ai'], ['BBB', 'meme']]) panelCsv.push(`${t * 60_000},${a},${t + (a === 'BBB' ? 100 : 0)},${t * 2},${t * 3},${s}`);

  it('reuse: true refills one set of buffers, and each chunk is intact until the next step', async () => {
    const p = join(dir, 'panel.csv');
    writeFileSync(p, panelCsv.join('\n') + '\n');
    const whole = await Frame.fromFile(p);
    const copies: Frame[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const c of Frame.stream(p, { rows: 4, reuse: true })) {
      buffers.add(c.close.buffer);
      const trades = c.metadata.trades!;
      const narrative = c.metadata.narrative!;
      if (trades.kind !== 'f64' || narrative.kind !== 'u32') throw new Error('metadata kinds changed');
      copies.push(
        Frame.fromColumns({
          time: c.time.slice(),
          close: c.close.slice(),
          volume: c.volume!.slice(),
          asset: Array.from(c.asset, (a) => c.assetNames[a]!),
          metadata: { trades: trades.values.slice(), narrative: Array.from(narrative.codes, (k) => narrative.dictionary[k]!) },
        }),
      );
    }
    expect(copies.length).toBe(Math.ceil(18 / 4));
    expect(buffers.size).toBe(1);
    // Chunks of a panel are grouped by asset within each chunk, so they are compared with the
    // chunks of a stream that owns its buffers rather than with the whole file.
    const owned = await collect(p, 4);
    const columns = (f: Frame): unknown[] => [
      [...f.time],
      [...f.close],
      [...f.volume!],
      Array.from(f.asset, (a) => f.assetNames[a]),
      [...(f.metadata.trades as { values: Float64Array }).values],
      Array.from((f.metadata.narrative as { codes: Uint32Array }).codes, (k) => (f.metadata.narrative as { dictionary: string[] }).dictionary[k]),
    ];
    expect(copies.map(columns)).toEqual(owned.map(columns));
    expect(copies.reduce((n, c) => n + c.rows, 0)).toBe(whole.rows);
  });

  it('a reused chunk is overwritten by the next step; without reuse it is kept', async () => {
    const p = join(dir, 'panel.csv');
    writeFileSync(p, panelCsv.join('\n') + '\n');
    for (const reuse of [true, false]) {
      const it = Frame.stream(p, { rows: 4, reuse })[Symbol.asyncIterator]();
      const first = (await it.next()).value as Frame;
      const before = [...first.close];
      const second = (await it.next()).value as Frame;
      await it.return?.(undefined);
      expect(second.close[0]).not.toBe(before[0]);
      if (reuse) expect([...first.close]).toEqual([...second.close]);
      else expect([...first.close]).toEqual(before);
    }
  });

  const btc = sharedFile('btcusdt-1m-binance', 'btcusdt_1m_2019.csv.gz');
  it.skipIf(!btc)(`a real BTC year streamed in 100 000-row chunks equals the whole file ${btc ? '' : skipReason('btcusdt_1m_2019.csv.gz')}`, async () => {
    const whole = await Frame.fromFile(btc!);
    const chunks = await collect(btc!, 100_000);
    expectConcatEquals(chunks, whole);
    expect(Object.keys(chunks[0]!.metadata)).toEqual(Object.keys(whole.metadata));
  });
});
