/**
 * Plain-text tables for the terminal (leaderboards, study lists): columns padded to their widest
 * cell, numbers right-aligned and printed compactly, a rule under the header.
 */
import { formatNumber } from '../report/format.js';

export type TableCell = string | number | boolean | null | undefined;

export interface TableColumn {
  header: string;
  /** Default: right for columns whose cells are all numbers, else left. */
  align?: 'left' | 'right';
}

function text(v: TableCell): string {
  if (typeof v === 'number') return formatNumber(v);
  return v === null || v === undefined ? '—' : String(v);
}

/** Render rows under headers; every line ends in a newline. */
export function renderTable(columns: ReadonlyArray<TableColumn | string>, rows: ReadonlyArray<readonly TableCell[]>): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const cells = rows.map((r) => cols.map((_, i) => text(r[i])));
  const align = cols.map((c, i) => c.align ?? (rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null) ? 'right' : 'left'));
  const width = cols.map((c, i) => Math.max([...c.header].length, ...cells.map((r) => [...r[i]!].length)));
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => (align[i] === 'right' ? v.padStart(width[i]!) : v.padEnd(width[i]!)))
      .join('  ')
      .trimEnd() + '\n';
  return line(cols.map((c) => c.header)) + line(width.map((w) => '─'.repeat(w))) + cells.map(line).join('');
}

/** `key  value` lines for one record (study details, cache stats). */
export function renderKeyValues(record: Record<string, TableCell>): string {
  const keys = Object.keys(record);
  const w = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => `${k.padEnd(w)}  ${text(record[k])}\n`).join('');
}
