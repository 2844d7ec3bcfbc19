/**
 * Run a function over a Frame or a market-data file in chunks sized by the budget, with stats per
 * chunk. A Frame is cut into row ranges that view its buffers (no copy); a file is streamed with
 * `Frame.stream`, so it is never loaded whole. Chunks arrive in row order; asset groups keep their
 * codes, so state can be carried across chunks (out-of-core features).
 */
import { Frame, type FrameHandle, type MetadataColumn } from '../data/frame.js';
import type { IngestOptions } from '../data/ingest-options.js';
import { MemoryError } from '../errors.js';
import { MEMORY_PRESETS } from './memory-presets.js';
import { frameBytes } from './memory-budget.js';

const MiB = 1024 * 1024;

export interface ChunkInfo {
  index: number;
  /** First row of the chunk in the whole input. */
  startRow: number;
  rows: number;
}

export interface ChunkStats extends ChunkInfo {
  bytes: number;
  ms: number;
  rssBefore: number;
  rssAfter: number;
  heapUsedAfter: number;
}

export interface ChunkRun<T> {
  results: T[];
  chunks: ChunkStats[];
  rows: number;
  ms: number;
}

export interface ChunkProcessorOptions {
  /** Chunk size in MiB (default 512, the budget's chunkSizeMb)… */
  chunkSizeMb?: number;
  /** …or an exact row count (e.g. a BudgetPlan's chunkRows). */
  chunkRows?: number;
}

/** A view of rows [start, end) of a frame; every asset group keeps its code (empty ones too). */
export function frameRows(frame: Frame, start: number, end: number): Frame {
  const sub = <T extends { subarray(a: number, b: number): T }>(a: T): T => a.subarray(start, end);
  const offsets = new Uint32Array(frame.offsets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = Math.min(Math.max(frame.offsets[i]!, start), end) - start;
  const metadata: Record<string, MetadataColumn> = {};
  for (const [k, m] of Object.entries(frame.metadata)) metadata[k] = m.kind === 'f64' ? { kind: 'f64', values: sub(m.values) } : { kind: 'u32', codes: sub(m.codes), dictionary: m.dictionary };
  const h: FrameHandle = { time: sub(frame.time), close: sub(frame.close), asset: sub(frame.asset), assetNames: frame.assetNames, offsets, metadata, report: frame.report };
  if (frame.open) h.open = sub(frame.open);
  if (frame.high) h.high = sub(frame.high);
  if (frame.low) h.low = sub(frame.low);
  if (frame.volume) h.volume = sub(frame.volume);
  return Frame.fromHandle(h);
}

export class ChunkProcessor {
  private readonly chunkSizeMb: number;
  private readonly chunkRows: number | undefined;

  constructor(options: ChunkProcessorOptions = {}) {
    this.chunkSizeMb = options.chunkSizeMb ?? MEMORY_PRESETS.default.chunkSizeMb;
    this.chunkRows = options.chunkRows;
    if (!(this.chunkSizeMb > 0)) throw new MemoryError('ERR_MEMORY_CHUNK_SIZE', `chunkSizeMb must be > 0, got ${this.chunkSizeMb}`);
    if (this.chunkRows !== undefined && (!Number.isInteger(this.chunkRows) || this.chunkRows < 1)) throw new MemoryError('ERR_MEMORY_CHUNK_SIZE', `chunkRows must be an integer ≥ 1, got ${this.chunkRows}`);
  }

  /** Rows per chunk for rows of `bytesPerRow` bytes. */
  rowsPerChunk(bytesPerRow: number): number {
    return this.chunkRows ?? Math.max(1, Math.floor((this.chunkSizeMb * MiB) / Math.max(1, bytesPerRow)));
  }

  /** Apply `fn` to each chunk of a Frame or a file (CSV / CSV.GZ via Frame.stream), in row order. */
  async run<T>(
    source: Frame | string,
    fn: (chunk: Frame, info: ChunkInfo) => T | Promise<T>,
    options: { signal?: AbortSignal; ingest?: IngestOptions; bytesPerRow?: number } = {},
  ): Promise<ChunkRun<T>> {
    const t0 = performance.now();
    const results: T[] = [];
    const chunks: ChunkStats[] = [];
    let startRow = 0;
    const one = async (chunk: Frame): Promise<void> => {
      options.signal?.throwIfAborted();
      const info: ChunkInfo = { index: chunks.length, startRow, rows: chunk.rows };
      const rssBefore = process.memoryUsage.rss();
      const c0 = performance.now();
      results.push(await fn(chunk, info));
      const after = process.memoryUsage();
      chunks.push({ ...info, bytes: frameBytes(chunk), ms: performance.now() - c0, rssBefore, rssAfter: after.rss, heapUsedAfter: after.heapUsed });
      startRow += chunk.rows;
    };
    if (typeof source === 'string') {
      // Parsed rows hold ~6 f64 columns plus codes; size chunks on that unless told otherwise.
      const rows = this.rowsPerChunk(options.bytesPerRow ?? 56);
      for await (const chunk of Frame.stream(source, { ...(options.ingest ?? {}), rows, ...(options.signal ? { signal: options.signal } : {}) })) await one(chunk);
    } else {
      const per = this.rowsPerChunk(options.bytesPerRow ?? (source.rows > 0 ? frameBytes(source) / source.rows : 56));
      for (let s = 0; s < source.rows; s += per) await one(frameRows(source, s, Math.min(source.rows, s + per)));
    }
    return { results, chunks, rows: startRow, ms: performance.now() - t0 };
  }
}
