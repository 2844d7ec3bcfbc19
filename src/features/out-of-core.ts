/**
 * Features over files too big to hold: the files are streamed as Frame chunks, the native
 * FeatureStream carries every asset's indicator state from chunk to chunk, and each chunk's
 * features are written to an Arrow IPC file before the next chunk is read. The file holds
 * `time`, `asset` (a stable code; names in the result) and one Float32 column per feature, and
 * equals `computeFeatures` on the whole data.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Field, Float32, RecordBatch, RecordBatchFileWriter, Schema, Struct, TimestampMillisecond, Uint32, makeData } from 'apache-arrow';
import { FeatureError } from '../errors.js';
import { Frame } from '../data/frame.js';
import type { IngestOptions } from '../data/ingest-options.js';
import type { FeaturePlan, FeatureSpec } from './feature-plan.js';
import { FeatureStream } from './feature-stream.js';

export interface FeaturesToArrowOptions extends IngestOptions {
  /** Bytes the computation may hold at once (chunk, features, write buffers); default 256 MB. */
  budgetBytes?: number;
  /** Rows per chunk; default derived from `budgetBytes`. */
  rows?: number;
  signal?: AbortSignal;
  /** Called after each chunk is written. */
  onChunk?: (progress: { chunks: number; rows: number }) => void;
}

export interface FeaturesToArrowResult {
  path: string;
  rows: number;
  chunks: number;
  rowsPerChunk: number;
  columns: string[];
  /** Name of each `asset` code in the file. */
  assetNames: string[];
}

/**
 * Rows per chunk so that one chunk's parse buffers, frame columns and features, plus the
 * serialised batch in flight, stay within a quarter of the budget. The frame columns, features
 * and asset codes are buffers reused from chunk to chunk (not left for the garbage collector),
 * so only one chunk is alive at a time; the rest of the budget is headroom for the parser's own
 * growth and the runtime.
 */
export function chunkRowsForBudget(budgetBytes: number, columns: number): number {
  if (!Number.isFinite(budgetBytes) || budgetBytes < 1 << 20) {
    throw new FeatureError('ERR_FEATURE_BUDGET', `budgetBytes must be at least 1 MiB, got ${budgetBytes}`);
  }
  const perRow = 4 * 64 + 8 * columns;
  return Math.max(1024, Math.floor(budgetBytes / 4 / perRow));
}

/** Stream `source` (one or more CSV / CSV.GZ files, in time order) through the plan into `outPath`. */
export async function computeFeaturesToArrow(
  source: string | string[],
  plan: FeaturePlan | readonly FeatureSpec[] | string,
  outPath: string,
  opts: FeaturesToArrowOptions = {},
): Promise<FeaturesToArrowResult> {
  const { budgetBytes = 256 << 20, rows: fixedRows, signal, onChunk, ...ingest } = opts;
  const stream = new FeatureStream(plan);
  const paths = Array.isArray(source) ? source : [source];
  // The first chunk decides the columns (optional specs may drop out); size chunks for the whole
  // plan, an upper bound.
  const rowsPerChunk = fixedRows ?? chunkRowsForBudget(budgetBytes, stream.plan.columnNames().length);
  const writer = new RecordBatchFileWriter();
  const fd = openSync(outPath, 'w');
  const pump = (async () => {
    for await (const chunk of writer) {
      for (let off = 0; off < chunk.byteLength; ) off += writeSync(fd, chunk, off);
    }
  })();
  let total = 0;
  let chunks = 0;
  // Fresh buffers per chunk are freed only when V8 collects them, which with a small JS heap it
  // rarely does (measured: peak RSS about 430 MB over 4.15 M rows at a 256 MB budget). So the
  // frame (`reuse`), feature and asset buffers are reused: a chunk's batch is written out before
  // the next chunk is read into them.
  let buffer = new Float32Array(0);
  let asset = new Uint32Array(0);
  // One schema object for every batch: the file writer closes on any schema change.
  let schema: Schema | undefined;
  try {
    for (const path of paths) {
      for await (const chunk of Frame.stream(path, { ...ingest, rows: rowsPerChunk, reuse: true, ...(signal ? { signal } : {}) })) {
        const n = chunk.rows;
        const width = stream.prepare(chunk);
        if (buffer.length < width * n) buffer = new Float32Array(width * n);
        if (asset.length < n) asset = new Uint32Array(n);
        const m = stream.push(chunk, buffer.subarray(0, width * n));
        const codes = stream.assetCodes(chunk);
        for (let a = 0; a < chunk.assets; a++) asset.fill(codes[a]!, chunk.offsets[a]!, chunk.offsets[a + 1]!);
        schema ??= new Schema([
          new Field('time', new TimestampMillisecond(), false),
          new Field('asset', new Uint32(), false),
          ...m.columns.map((c) => new Field(c, new Float32(), false)),
        ]);
        const children = [
          makeData({ type: new TimestampMillisecond(), data: chunk.time, length: n }),
          makeData({ type: new Uint32(), data: asset.subarray(0, n), length: n }),
          ...m.columns.map((c) => makeData({ type: new Float32(), data: m.column(c), length: n })),
        ];
        writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children })));
        // Let the pump write the serialised batch before the buffer is reused.
        await new Promise<void>((r) => setImmediate(r));
        total += n;
        chunks++;
        onChunk?.({ chunks, rows: total });
      }
    }
    // Writes the footer and ends the byte stream the pump drains.
    writer.close();
    await pump;
  } catch (err) {
    try {
      writer.abort(err);
    } catch {
      // Already closed: nothing left to release.
    }
    await pump.catch(() => undefined);
    throw err;
  } finally {
    closeSync(fd);
  }
  return { path: outPath, rows: total, chunks, rowsPerChunk, columns: stream.columns, assetNames: stream.assetNames };
}
