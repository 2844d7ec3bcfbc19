/**
 * Row filters over a Frame, such as the Python system's market-cap range. A filter runs once
 * while data is prepared, so it builds a new Frame (new shared buffers) through `fromColumns`,
 * which keeps the grouping, sorting and dictionaries consistent.
 */
import { DataError } from '../errors.js';
import { Frame, type FrameColumns } from './frame.js';

/** A new Frame with the rows whose `keep[row]` is non-zero; assets with no kept row are dropped. */
export function filterRows(frame: Frame, keep: Uint8Array): Frame {
  if (keep.length !== frame.rows) {
    throw new DataError('ERR_DATA_LENGTH_MISMATCH', `row mask has ${keep.length} entries but the frame has ${frame.rows} rows`);
  }
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) n++;
  if (n === 0) throw new DataError('ERR_DATA_NO_ROWS', 'the filter kept no rows; widen the filter range');
  const idx = new Uint32Array(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) idx[j++] = i;
  const pick = (a: Float64Array | undefined) => (a ? Float64Array.from(idx, (i) => a[i]!) : undefined);
  const time = BigInt64Array.from(idx, (i) => frame.time[i]!);
  const metadata: NonNullable<FrameColumns['metadata']> = {};
  for (const [name, col] of Object.entries(frame.metadata)) {
    metadata[name] = col.kind === 'f64' ? pick(col.values)! : { codes: Uint32Array.from(idx, (i) => col.codes[i]!), dictionary: col.dictionary };
  }
  const columns: FrameColumns = {
    time,
    close: pick(frame.close)!,
    asset: compactCodes(Uint32Array.from(idx, (i) => frame.asset[i]!), frame.assetNames),
    metadata,
  };
  if (frame.open) columns.open = pick(frame.open)!;
  if (frame.high) columns.high = pick(frame.high)!;
  if (frame.low) columns.low = pick(frame.low)!;
  if (frame.volume) columns.volume = pick(frame.volume)!;
  // The source frame already passed every check; re-running them on a subset cannot find new
  // problems, except that fixes were applied, so the defaults are fine here.
  return Frame.fromColumns(columns);
}

/** Drop dictionary entries no kept row uses, so an asset filtered out leaves no empty group. */
function compactCodes(codes: Uint32Array, dictionary: string[]): { codes: Uint32Array; dictionary: string[] } {
  const remap = new Int32Array(dictionary.length).fill(-1);
  const kept: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (remap[c] === -1) {
      remap[c] = kept.length;
      kept.push(dictionary[c]!);
    }
    codes[i] = remap[c]!;
  }
  return { codes, dictionary: kept };
}

/**
 * Keep the rows whose numeric metadata `column` lies in [min, max] (the Python system's
 * `market_cap` 0–10 M filter). Rows with a missing value are dropped.
 */
export function filterByRange(frame: Frame, column: string, min: number, max: number): Frame {
  const col = frame.metadata[column];
  if (!col) {
    throw new DataError('ERR_DATA_COLUMN_MISSING', `cannot filter on '${column}': the frame has no such column (it has ${Object.keys(frame.metadata).join(', ') || 'no metadata'})`, { column });
  }
  if (col.kind !== 'f64') throw new DataError('ERR_DATA_COLUMN_TYPE', `cannot filter '${column}' by a numeric range: it is categorical`, { column });
  if (!(min <= max)) throw new DataError('ERR_DATA_FILTER_RANGE', `filter range for '${column}' is empty: min ${min} > max ${max}`, { column });
  const keep = new Uint8Array(frame.rows);
  for (let i = 0; i < keep.length; i++) {
    const v = col.values[i]!;
    keep[i] = v >= min && v <= max ? 1 : 0;
  }
  return filterRows(frame, keep);
}
