import { extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Table, Vector } from 'apache-arrow';
import { arrowModule, loadArrow } from './arrow-module.js';
import { DataError } from '../errors.js';
import { callNative, type NativeBinding } from '../native.js';
import type { IngestOptions } from './ingest-options.js';
import { dictionaryEncode } from './dictionary-encode.js';
import { joinMetadata, type MetadataTableInput, type WithMetadataOptions } from './metadata-join.js';
import type { AssetSummary, FrameSummary } from './frame-summary.js';
import { sharedBigInt64, sharedFloat64, sharedUint32, toShared } from './shared-array.js';
import { FrameBufferPool } from './frame-buffer-pool.js';

/** A numeric metadata column (NaN = missing), e.g. market_cap. */
export interface NumericColumn {
  kind: 'f64';
  values: Float64Array;
}

/** A categorical metadata column: u32 codes into a dictionary, e.g. narrative. */
export interface CategoricalColumn {
  kind: 'u32';
  codes: Uint32Array;
  dictionary: string[];
}

export type MetadataColumn = NumericColumn | CategoricalColumn;

/** One check's count in the ingest report. */
export interface CheckCount {
  check: string;
  rows: number;
}

/** What ingest did to the data: rows read and kept, and per check what was dropped or repaired. */
export interface IngestReport {
  rowsRead: number;
  rowsKept: number;
  dropped: CheckCount[];
  fixed: CheckCount[];
  /** Unit the time column was written in: 's' | 'ms' | 'us' | 'ns' | 'iso' | 'mixed'. */
  timeUnit: string;
  sources: string[];
}

/**
 * Everything a worker thread needs to rebuild a Frame without copying: typed arrays on
 * SharedArrayBuffers plus small plain metadata. Pass it in `workerData`.
 */
export interface FrameHandle {
  time: BigInt64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  close: Float64Array;
  volume?: Float64Array;
  asset: Uint32Array;
  assetNames: string[];
  offsets: Uint32Array;
  metadata: Record<string, MetadataColumn>;
  report: IngestReport;
}

const INTERVALS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
};

/** Parse '5m', '1h', '1d', … (or a number of ms) into milliseconds. */
export function intervalMs(interval: string | number): number {
  if (typeof interval === 'number') {
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new DataError('ERR_RESAMPLE_INTERVAL', `interval must be a positive number of ms, got ${interval}`);
    }
    return interval;
  }
  const ms = INTERVALS[interval];
  if (ms === undefined) {
    throw new DataError(
      'ERR_RESAMPLE_INTERVAL',
      `unknown interval '${interval}'; use one of ${Object.keys(INTERVALS).join(', ')} or a number of ms`,
    );
  }
  return ms;
}

const ARROW_EXTENSIONS = new Set(['.arrow', '.feather', '.ipc', '.arrows']);

/**
 * Market data: typed columns in SharedArrayBuffers, rows grouped by asset (`offsets`) and sorted
 * by time inside each group. Created once per dataset and shared with every worker.
 */
export class Frame {
  readonly time: BigInt64Array;
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  readonly close: Float64Array;
  readonly volume?: Float64Array;
  /** Asset code of each row (index into `assetNames`). */
  readonly asset: Uint32Array;
  readonly assetNames: string[];
  /** Row offsets of each asset group; length = assets + 1. */
  readonly offsets: Uint32Array;
  /** Metadata columns by name (market_cap, narrative, trades, …). */
  readonly metadata: Record<string, MetadataColumn>;
  readonly report: IngestReport;

  private constructor(h: FrameHandle) {
    this.time = h.time;
    if (h.open) this.open = h.open;
    if (h.high) this.high = h.high;
    if (h.low) this.low = h.low;
    this.close = h.close;
    if (h.volume) this.volume = h.volume;
    this.asset = h.asset;
    this.assetNames = h.assetNames;
    this.offsets = h.offsets;
    this.metadata = h.metadata;
    this.report = h.report;
  }

  /** Number of rows. */
  get rows(): number {
    return this.close.length;
  }

  /** Number of asset groups. */
  get assets(): number {
    return this.assetNames.length;
  }

  /** Whether the frame has open/high/low columns. */
  get hasOhlc(): boolean {
    return this.open !== undefined;
  }

  /** Row range [start, end) of asset `i`. */
  assetRange(i: number): { start: number; end: number } {
    return { start: this.offsets[i]!, end: this.offsets[i + 1]! };
  }

  /**
   * Read one or more files into a single Frame. CSV and gzip-compressed CSV go through the Rust
   * parser; `.arrow` / `.feather` files through apache-arrow. Several files are concatenated and
   * then grouped and sorted as one.
   */
  static async fromFile(path: string | string[], options: IngestOptions = {}): Promise<Frame> {
    const paths = Array.isArray(path) ? path : [path];
    if (paths.length > 0 && paths.every((p) => ARROW_EXTENSIONS.has(extname(p).toLowerCase()))) {
      const { tableFromIPC } = await loadArrow();
      const tables = await Promise.all(paths.map(async (p) => tableFromIPC(await readFile(p))));
      const frames = tables.map((t) => Frame.fromArrow(t, options));
      return frames.length === 1 ? frames[0]! : Frame.concat(frames);
    }
    const { threads, ...rest } = options;
    const parsed = callNative((b) => b.readCsvFiles(paths, { ...rest, ...(threads ? { threads } : {}) }));
    return Frame.fromParsed(parsed, threads ?? 1);
  }

  /**
   * Read a CSV / CSV.GZ file as an async iterator of Frames of at most `rows` rows (or about
   * `bytes` bytes of columns, counted at 64 bytes a row), never holding the whole file. The chunks
   * concatenate to `fromFile`'s frame: assets keep their codes (later chunks may add assets),
   * metadata columns keep their types, and a row that is not after its asset's last time in an
   * earlier chunk is dropped or refused per `policies.duplicate` / `policies.unsorted` — rows already
   * handed out cannot be re-sorted, so an unsorted file needs `unsorted: 'drop'` or a whole read.
   *
   * With `reuse: true` every chunk is parsed into the same SharedArrayBuffers, so memory stays flat
   * however long the file (fresh buffers per chunk are freed only when V8 collects them). A reused
   * chunk is valid until the iterator is asked for the next one: asking overwrites its columns in
   * place, so copy (`close.slice()`) what must outlive the step, and do not hand it to a worker that
   * outlives it. Without `reuse` each chunk owns its buffers.
   */
  static async *stream(
    path: string,
    options: IngestOptions & { rows?: number; bytes?: number; signal?: AbortSignal; reuse?: boolean } = {},
  ): AsyncGenerator<Frame> {
    const { rows, bytes, signal, reuse = false, threads: _threads, ...rest } = options;
    const perChunk = rows ?? (bytes !== undefined ? Math.floor(bytes / 64) : 1_000_000);
    if (!Number.isInteger(perChunk) || perChunk < 1) {
      throw new DataError('ERR_DATA_CHUNK_SIZE', `a stream chunk must hold at least one row; got rows=${rows} bytes=${bytes}`);
    }
    const stream = callNative((b) => new b.CsvStream(path, rest));
    const pool = reuse ? new FrameBufferPool() : undefined;
    for (;;) {
      signal?.throwIfAborted();
      const parsed = callNative(() => stream.nextChunk(perChunk));
      if (!parsed) return;
      yield Frame.fromParsed(parsed, 1, pool);
      // Let other work (and abort handlers) run between chunks.
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Parse CSV text or (gzip) bytes already in memory. */
  static fromCsv(data: string | Uint8Array, options: IngestOptions & { label?: string } = {}): Frame {
    const { label = 'memory', threads: _threads, ...rest } = options;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    return Frame.fromParsed(callNative((b) => b.readCsvBytes(bytes, label, rest)));
  }

  /**
   * @internal Move a natively parsed frame into shared buffers: every buffer is allocated here and
   * filled by one native call, on up to `threads` threads. With a `pool` the buffers are the
   * pool's, overwritten by the next frame filled from it.
   */
  static fromParsed(parsed: InstanceType<NativeBinding['ParsedFrame']>, threads = 1, pool?: FrameBufferPool): Frame {
    const layout = parsed.layout();
    const n = layout.rows;
    const newF64 = (name: string): Float64Array => (pool ? pool.f64(name, n) : sharedFloat64(n));
    const newU32 = (name: string): Uint32Array => (pool ? pool.u32(name, n) : sharedUint32(n));
    const f64Names = ['close', ...(layout.hasOhlc ? ['open', 'high', 'low'] : []), ...(layout.hasVolume ? ['volume'] : [])];
    const metadata: Record<string, MetadataColumn> = {};
    const u32Names: string[] = [];
    const u32Targets: Uint32Array[] = [];
    const f64Targets = f64Names.map((name) => newF64(name));
    const f64 = (name: string): Float64Array => f64Targets[f64Names.indexOf(name)]!;
    for (const c of layout.extras) {
      if (c.kind === 'f64') {
        f64Names.push(c.name);
        f64Targets.push(newF64(`extra:${c.name}`));
        metadata[c.name] = { kind: 'f64', values: f64Targets.at(-1)! };
      } else {
        u32Names.push(c.name);
        u32Targets.push(newU32(`extra:${c.name}`));
        metadata[c.name] = { kind: 'u32', codes: u32Targets.at(-1)!, dictionary: c.dictionary ?? [] };
      }
    }
    // Pool keys: role names for roles, `extra:` + name for metadata, so the two never share a buffer.
    const time = pool ? pool.i64('time', n) : sharedBigInt64(n);
    const asset = newU32('asset');
    callNative(() => parsed.takeColumns({ time, asset, f64Names, f64Targets, u32Names, u32Targets }, threads));
    const handle: FrameHandle = {
      time,
      close: f64('close'),
      asset,
      assetNames: layout.assetNames,
      offsets: toShared(layout.offsets),
      metadata,
      report: {
        rowsRead: layout.report.rowsRead,
        rowsKept: layout.report.rowsKept,
        dropped: layout.report.dropped,
        fixed: layout.report.fixed,
        timeUnit: layout.report.timeUnit,
        sources: layout.report.sources,
      },
    };
    if (layout.hasOhlc) {
      handle.open = f64('open');
      handle.high = f64('high');
      handle.low = f64('low');
    }
    if (layout.hasVolume) handle.volume = f64('volume');
    return new Frame(handle);
  }

  /** Rebuild a Frame around shared buffers received from another thread (no copy). */
  static fromHandle(handle: FrameHandle): Frame {
    return new Frame(handle);
  }

  /** The plain, structured-clone-friendly form of this frame, for `workerData` (no copy). */
  toHandle(): FrameHandle {
    const h: FrameHandle = {
      time: this.time,
      close: this.close,
      asset: this.asset,
      assetNames: this.assetNames,
      offsets: this.offsets,
      metadata: this.metadata,
      report: this.report,
    };
    if (this.open) h.open = this.open;
    if (this.high) h.high = this.high;
    if (this.low) h.low = this.low;
    if (this.volume) h.volume = this.volume;
    return h;
  }

  /**
   * This frame with a per-asset table joined on as metadata: `table` (a CSV / CSV.GZ path, an
   * apache-arrow Table or columns by name) has a key column `on` whose values are matched against
   * the asset names, and every row of an asset gets its table row's values; assets the table lacks
   * get NaN or ''. The frame's own buffers are shared, not copied.
   */
  withMetadata(table: MetadataTableInput, options: WithMetadataOptions): Frame {
    return new Frame(joinMetadata(this.toHandle(), this.columnNames(), table, options));
  }

  /** Rows, assets, time range, bar interval and gaps, per asset and overall. */
  summary(): FrameSummary {
    const per = callNative((b) => b.summariseTime(this.time, this.offsets));
    const perAsset: AssetSummary[] = per.map((s, i) => ({ asset: this.assetNames[i]!, ...s }));
    const nonEmpty = perAsset.filter((s) => s.rows > 0);
    const start = Math.min(...nonEmpty.map((s) => s.start));
    const end = Math.max(...nonEmpty.map((s) => s.end));
    const intervals = new Map<number, number>();
    for (const s of nonEmpty) if (s.intervalMs > 0) intervals.set(s.intervalMs, (intervals.get(s.intervalMs) ?? 0) + s.rows);
    const intervalMs = [...intervals.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
    return {
      rows: this.rows,
      assets: this.assets,
      start,
      end,
      startIso: new Date(start).toISOString(),
      endIso: new Date(end).toISOString(),
      intervalMs,
      gaps: perAsset.reduce((a, s) => a + s.gaps, 0),
      missingBars: perAsset.reduce((a, s) => a + s.missingBars, 0),
      columns: this.columnNames(),
      bytes: this.bytes(),
      perAsset,
    };
  }

  /** Names of every column, roles first then metadata. */
  columnNames(): string[] {
    const roles = ['time', 'asset', ...(this.hasOhlc ? ['open', 'high', 'low'] : []), 'close', ...(this.volume ? ['volume'] : [])];
    return [...roles, ...Object.keys(this.metadata)];
  }

  /** Bytes held in shared buffers by this frame. */
  bytes(): number {
    let n = this.time.byteLength + this.close.byteLength + this.asset.byteLength + this.offsets.byteLength;
    for (const c of [this.open, this.high, this.low, this.volume]) if (c) n += c.byteLength;
    for (const c of Object.values(this.metadata)) n += c.kind === 'f64' ? c.values.byteLength : c.codes.byteLength;
    return n;
  }

  /**
   * OHLCV bars aggregated to a coarser interval ('5m', '1h', '1d', or ms), per asset, buckets
   * aligned to the epoch; metadata takes each bucket's last value.
   */
  resample(interval: string | number): Frame {
    const ms = intervalMs(interval);
    const r = callNative((b) =>
      b.resampleOhlcv(this.time, this.open, this.high, this.low, this.close, this.volume, this.offsets, ms),
    );
    const metadata: Record<string, MetadataColumn> = {};
    for (const [name, col] of Object.entries(this.metadata)) {
      if (col.kind === 'f64') {
        const v = sharedFloat64(r.lastRow.length);
        for (let i = 0; i < v.length; i++) v[i] = col.values[r.lastRow[i]!]!;
        metadata[name] = { kind: 'f64', values: v };
      } else {
        const c = sharedUint32(r.lastRow.length);
        for (let i = 0; i < c.length; i++) c[i] = col.codes[r.lastRow[i]!]!;
        metadata[name] = { kind: 'u32', codes: c, dictionary: col.dictionary };
      }
    }
    const bars = r.bars;
    const h: FrameHandle = {
      time: toShared(bars.time),
      close: toShared(bars.close),
      asset: toShared(bars.asset!),
      assetNames: this.assetNames,
      offsets: toShared(r.offsets),
      metadata,
      report: this.report,
    };
    if (bars.open) h.open = toShared(bars.open);
    if (bars.high) h.high = toShared(bars.high);
    if (bars.low) h.low = toShared(bars.low);
    if (bars.volume) h.volume = toShared(bars.volume);
    return new Frame(h);
  }

  /**
   * A zero-copy apache-arrow Table over this frame's buffers: time as TimestampMillisecond, asset
   * and categorical metadata as dictionary columns.
   */
  toArrow(): Table {
    const { Dictionary, Table, TimestampMillisecond, Uint32, Utf8, makeData, makeVector, vectorFromArray } = arrowModule();
    const cols: Record<string, Vector> = {};
    cols.time = makeVector(makeData({ type: new TimestampMillisecond(), data: this.time, length: this.rows }));
    const dict = (codes: Uint32Array, values: string[]): Vector =>
      makeVector(
        makeData({
          type: new Dictionary(new Utf8(), new Uint32()),
          data: codes,
          length: codes.length,
          dictionary: vectorFromArray(values, new Utf8()),
        }),
      );
    cols.asset = dict(this.asset, this.assetNames);
    if (this.open) cols.open = makeVector(this.open);
    if (this.high) cols.high = makeVector(this.high);
    if (this.low) cols.low = makeVector(this.low);
    cols.close = makeVector(this.close);
    if (this.volume) cols.volume = makeVector(this.volume);
    for (const [name, c] of Object.entries(this.metadata)) {
      cols[name] = c.kind === 'f64' ? makeVector(c.values) : dict(c.codes, c.dictionary);
    }
    return new Table(cols);
  }

  /**
   * Build a Frame from columns in memory; the rows go through the same grouping, sorting and
   * checks (and `options.policies`) as a file. Times are epoch ms (numbers, bigints or Dates).
   */
  static fromColumns(columns: FrameColumns, options: IngestOptions = {}): Frame {
    const { threads: _threads, ...rest } = options;
    const n = columns.close.length;
    const t = columns.time;
    if (t.length !== n) throw new DataError('ERR_DATA_LENGTH_MISMATCH', `column 'time' has ${t.length} values but 'close' has ${n}`, { column: 'time' });
    const time = t instanceof BigInt64Array ? t : new BigInt64Array(n);
    for (let i = 0; time !== t && i < n; i++) {
      const v = (t as ArrayLike<unknown>)[i];
      time[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(v instanceof Date ? v.getTime() : Number(v)));
    }
    const f64 = (x: ArrayLike<number> | undefined): Float64Array | undefined => (x === undefined ? undefined : x instanceof Float64Array ? x : Float64Array.from(x, (v) => (v === null ? NaN : v)));
    let asset: Uint32Array | undefined;
    let assetNames = options.assetName ? [options.assetName] : ['ASSET'];
    if (columns.asset) {
      const enc = encodeCategorical(columns.asset);
      asset = enc.codes;
      assetNames = enc.dictionary;
    }
    const metadata = Object.entries(columns.metadata ?? {}).map(([name, col]) => {
      if (Array.isArray(col) && typeof col[0] === 'string') return { name, ...encodeCategorical(col as string[]) };
      if (!Array.isArray(col) && 'codes' in (col as object)) return { name, ...encodeCategorical(col as { codes: ArrayLike<number>; dictionary: string[] }) };
      return { name, values: f64(col as ArrayLike<number>)! };
    });
    const bars = {
      time,
      close: f64(columns.close)!,
      open: f64(columns.open),
      high: f64(columns.high),
      low: f64(columns.low),
      volume: f64(columns.volume),
      asset,
    };
    const input = { bars, assetNames, metadata };
    return Frame.fromParsed(callNative((b) => b.frameFromColumns(input, rest)));
  }

  /**
   * Build a Frame from an apache-arrow Table. Columns are found by name with the same aliases and
   * `columns` overrides as CSV; times may be Timestamp/Date columns, epoch numbers (unit detected
   * by magnitude, as for CSV) or ISO-8601 strings; text and dictionary columns become categorical
   * metadata.
   */
  static fromArrow(table: Table, options: IngestOptions = {}): Frame {
    const { threads: _threads, ...rest } = options;
    const names = table.schema.fields.map((f) => f.name);
    const roles = callNative((b) => b.resolveColumnRoles(names, rest));
    const n = table.numRows;
    const col = (i: number): Vector => table.getChildAt(i)!;
    const numbers = (i: number | null | undefined): Float64Array | undefined => {
      if (i === null || i === undefined) return undefined;
      const v = col(i);
      const out = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const x = v.get(r);
        out[r] = x === null || x === undefined ? NaN : Number(x);
      }
      return out;
    };
    const tv = col(roles.time);
    const timeIsTemporal = /Timestamp|Date/.test(String(tv.type));
    const time = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const x: unknown = tv.get(r);
      if (x instanceof Date) time[r] = x.getTime();
      else if (typeof x === 'string') time[r] = Date.parse(x);
      else if (timeIsTemporal) time[r] = Number(x);
      else time[r] = epochToMs(Number(x));
      if (!Number.isFinite(time[r]!)) {
        throw new DataError('ERR_DATA_TIME', `cannot read '${String(x)}' as a time (row ${r + 1})`, { row: r + 2, column: names[roles.time]! });
      }
    }
    const strings = (i: number): string[] => {
      const v = col(i);
      return Array.from({ length: n }, (_, r) => String(v.get(r) ?? ''));
    };
    const metadata: FrameColumns['metadata'] = {};
    for (const i of roles.extra) {
      const type = String(col(i).type);
      metadata[names[i]!] = /Utf8|Dictionary|Bool/.test(type) ? strings(i) : numbers(i)!;
    }
    const columns: FrameColumns = { time, close: numbers(roles.close)!, metadata };
    if (roles.open !== undefined && roles.open !== null) {
      columns.open = numbers(roles.open)!;
      columns.high = numbers(roles.high)!;
      columns.low = numbers(roles.low)!;
    }
    if (roles.volume !== undefined && roles.volume !== null) columns.volume = numbers(roles.volume)!;
    if (roles.asset !== undefined && roles.asset !== null) columns.asset = strings(roles.asset);
    return Frame.fromColumns(columns, options);
  }

  /** Concatenate frames into one: assets merged by name, metadata aligned by name, rows re-sorted. */
  static concat(frames: Frame[], options: IngestOptions = {}): Frame {
    if (frames.length === 1) return frames[0]!;
    const n = frames.reduce((s, f) => s + f.rows, 0);
    const cat = (pick: (f: Frame) => Float64Array | undefined): Float64Array | undefined => {
      if (!frames.every((f) => pick(f))) return undefined;
      const out = new Float64Array(n);
      let o = 0;
      for (const f of frames) {
        out.set(pick(f)!, o);
        o += f.rows;
      }
      return out;
    };
    const time = new BigInt64Array(n);
    const asset: string[] = new Array(n);
    let o = 0;
    for (const f of frames) {
      time.set(f.time, o);
      for (let i = 0; i < f.rows; i++) asset[o + i] = f.assetNames[f.asset[i]!]!;
      o += f.rows;
    }
    const metadata: FrameColumns['metadata'] = {};
    const metaNames = [...new Set(frames.flatMap((f) => Object.keys(f.metadata)))];
    for (const name of metaNames) {
      const kinds = new Set(frames.map((f) => f.metadata[name]?.kind).filter(Boolean));
      if (kinds.size > 1) throw new DataError('ERR_DATA_SCHEMA', `metadata column '${name}' is numeric in one frame and text in another`, { column: name });
      if (kinds.has('u32')) {
        const vals: string[] = [];
        for (const f of frames) {
          const c = f.metadata[name];
          for (let i = 0; i < f.rows; i++) vals.push(c && c.kind === 'u32' ? c.dictionary[c.codes[i]!]! : '');
        }
        metadata[name] = vals;
      } else {
        metadata[name] = cat((f) => {
          const c = f.metadata[name];
          return c && c.kind === 'f64' ? c.values : new Float64Array(f.rows).fill(NaN);
        })!;
      }
    }
    const columns: FrameColumns = { time, close: cat((f) => f.close)!, asset, metadata };
    const open = cat((f) => f.open);
    if (open) {
      columns.open = open;
      columns.high = cat((f) => f.high)!;
      columns.low = cat((f) => f.low)!;
    }
    const volume = cat((f) => f.volume);
    if (volume) columns.volume = volume;
    return Frame.fromColumns(columns, options);
  }
}

/** Columns for `Frame.fromColumns`: one value per row; prices as numbers (null/NaN = missing). */
export interface FrameColumns {
  /** Epoch ms as numbers, bigints or Dates. */
  time: BigInt64Array | ArrayLike<number> | Date[];
  close: ArrayLike<number>;
  open?: ArrayLike<number>;
  high?: ArrayLike<number>;
  low?: ArrayLike<number>;
  volume?: ArrayLike<number>;
  /** Asset of each row: names, or codes into a dictionary. Omitted = one asset (`options.assetName`). */
  asset?: string[] | { codes: ArrayLike<number>; dictionary: string[] };
  /** Metadata columns: numbers, or text (names or codes + dictionary). */
  metadata?: Record<string, ArrayLike<number> | string[] | { codes: ArrayLike<number>; dictionary: string[] }>;
}

function encodeCategorical(col: string[] | { codes: ArrayLike<number>; dictionary: string[] }): { codes: Uint32Array; dictionary: string[] } {
  if (!Array.isArray(col)) return { codes: col.codes instanceof Uint32Array ? col.codes : Uint32Array.from(col.codes), dictionary: col.dictionary };
  return dictionaryEncode(col);
}

/** Epoch number in s / ms / µs / ns (by magnitude, as CSV ingest does) to ms. */
function epochToMs(v: number): number {
  const a = Math.abs(v);
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  if (a < 1e17) return Math.floor(v / 1000);
  return Math.floor(v / 1e6);
}
