/**
 * Joining a per-asset table without time (market cap, narrative, … such as cryptos_master.csv)
 * onto a frame: every row of an asset gets its table row's values, found by a key column matched
 * against the frame's asset names. The frame's own buffers are shared, not copied.
 */
import type { Table } from 'apache-arrow';
import { isArrowTable } from './arrow-module.js';
import { DataError } from '../errors.js';
import { callNative } from '../native.js';
import { dictionaryEncode } from './dictionary-encode.js';
import type { FrameHandle, MetadataColumn } from './frame.js';
import { sharedFloat64, sharedUint32 } from './shared-array.js';

/** A table to join: a CSV / CSV.GZ path, an apache-arrow Table, or columns by name. */
export type MetadataTableInput = string | Table | Record<string, ArrayLike<number | null> | readonly string[]>;

/** How `Frame.withMetadata` matches and names the joined columns. */
export interface WithMetadataOptions {
  /** The table's key column; its values (as text) are matched against the frame's asset names. */
  on: string;
  /** Columns to join (default: all but the key). */
  columns?: string[];
  /** Put before every joined column's name, e.g. 'meta_' when the table has a `volume` column too. */
  prefix?: string;
  /** A key that appears on several rows: keep the 'first' (default) or 'last', or 'error'. */
  duplicates?: 'first' | 'last' | 'error';
  /** Field delimiter of a CSV table (default ','). */
  delimiter?: string;
}

type TableColumn = { name: string } & MetadataColumn;

function numbers(values: ArrayLike<unknown>): Float64Array {
  return Float64Array.from({ length: values.length }, (_, i) => (values[i] === null || values[i] === undefined ? NaN : Number(values[i])));
}

function readTable(table: MetadataTableInput, delimiter: string | undefined): { rows: number; columns: TableColumn[] } {
  if (typeof table === 'string') {
    const t = callNative((b) => b.readMetadataTable(table, delimiter === undefined ? {} : { delimiter }));
    return {
      rows: t.rows,
      columns: t.columns.map((c) =>
        c.values ? { name: c.name, kind: 'f64', values: c.values } : { name: c.name, kind: 'u32', codes: c.codes!, dictionary: c.dictionary ?? [] },
      ),
    };
  }
  const entries: Array<[string, ArrayLike<unknown>, boolean]> =
    isArrowTable(table)
      ? table.schema.fields.map((f, i) => {
          const v = table.getChildAt(i)!;
          return [f.name, Array.from({ length: v.length }, (_, r) => v.get(r) as unknown), /Utf8|Dictionary|Bool/.test(String(f.type))];
        })
      : Object.entries(table as Record<string, ArrayLike<unknown>>).map(([name, v]) => {
          const first = Array.from(v).find((x) => x !== null && x !== undefined);
          return [name, v, typeof first === 'string'];
        });
  const rows = entries[0]?.[1].length ?? 0;
  const columns = entries.map(([name, v, text]): TableColumn => {
    if (v.length !== rows) throw new DataError('ERR_DATA_LENGTH_MISMATCH', `metadata column '${name}' has ${v.length} values but '${entries[0]![0]}' has ${rows}`, { column: name });
    return text ? { name, kind: 'u32', ...dictionaryEncode(v) } : { name, kind: 'f64', values: numbers(v) };
  });
  if (rows === 0) throw new DataError('ERR_DATA_NO_ROWS', 'the metadata table has no rows');
  return { rows, columns };
}

/** The frame behind `frame` with `table`'s columns added as metadata (see `Frame.withMetadata`). */
export function joinMetadata(frame: FrameHandle, existing: string[], table: MetadataTableInput, options: WithMetadataOptions): FrameHandle {
  const { on, prefix = '', duplicates = 'first' } = options;
  if (!['first', 'last', 'error'].includes(duplicates)) {
    throw new DataError('ERR_CONFIG_INVALID', `duplicates must be 'first', 'last' or 'error', got '${String(duplicates)}'`);
  }
  const t = readTable(table, options.delimiter);
  const names = t.columns.map((c) => c.name);
  const byName = (name: string): TableColumn => {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new DataError('ERR_DATA_COLUMN_MISSING', `the metadata table has no column '${name}'; columns found: ${names.join(', ')}`, { column: name });
    return c;
  };
  const key = byName(on);
  const keyOf = (r: number): string => (key.kind === 'u32' ? key.dictionary[key.codes[r]!]! : String(key.values[r]));
  const rowOf = new Map<string, number>();
  for (let r = 0; r < t.rows; r++) {
    const k = keyOf(r);
    if (rowOf.has(k)) {
      if (duplicates === 'error') {
        throw new DataError('ERR_DATA_METADATA_DUPLICATE', `key '${k}' appears on several rows of the metadata table; remove the extra rows or set duplicates to 'first' or 'last'`, { row: r + 2, column: on });
      }
      if (duplicates === 'first') continue;
    }
    rowOf.set(k, r);
  }
  const picked = (options.columns ?? names.filter((n) => n !== on)).map(byName);
  const n = frame.close.length;
  const groups = frame.assetNames.map((a, i) => ({ row: rowOf.get(a) ?? -1, start: frame.offsets[i]!, end: frame.offsets[i + 1]! }));
  const metadata: Record<string, MetadataColumn> = { ...frame.metadata };
  for (const c of picked) {
    const name = prefix + c.name;
    if (existing.includes(name) || name in metadata) {
      throw new DataError('ERR_DATA_METADATA_CONFLICT', `the frame already has a column '${name}'; pick other columns with 'columns' or rename them with 'prefix'`, { column: name });
    }
    if (c.kind === 'f64') {
      const values = sharedFloat64(n);
      for (const g of groups) values.fill(g.row < 0 ? NaN : c.values[g.row]!, g.start, g.end);
      metadata[name] = { kind: 'f64', values };
    } else {
      const dictionary = [...c.dictionary];
      let empty = dictionary.indexOf('');
      if (empty < 0 && groups.some((g) => g.row < 0)) empty = dictionary.push('') - 1;
      const codes = sharedUint32(n);
      for (const g of groups) codes.fill(g.row < 0 ? empty : c.codes[g.row]!, g.start, g.end);
      metadata[name] = { kind: 'u32', codes, dictionary };
    }
  }
  return { ...frame, metadata };
}
