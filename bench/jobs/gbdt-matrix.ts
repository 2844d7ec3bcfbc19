/**
 * The BTC 5-minute feature matrix shared by the GBDT bench, the parity test and the Python peers.
 * Frame.fromFile on the 1-minute files → resample('5m') → a few plainly computed features
 * (returns, volatility, ranges, volume ratios, time of day) and the next-hour direction label.
 * The matrix is written once as raw little-endian f32 (column-major) to a temp dir that both our
 * side and the peers read, so both train on identical floats.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../src/index.js';

export interface MatrixFiles {
  dir: string;
  rows: number;
  columns: string[];
  /** Rows [0, trainEnd) train, [trainEnd, rows) test: an 80/20 time split. */
  trainEnd: number;
  positiveRate: number;
}

const VERSION = 'v1';
const HORIZON = 12; // 12 five-minute bars = next hour
const WARMUP = 288;

function features(f: Frame): { cols: Record<string, Float32Array>; label: Float32Array; rows: number } {
  const { close } = f;
  const open = f.open!;
  const high = f.high!;
  const low = f.low!;
  const volume = f.volume!;
  const n = close.length;
  const rows = n - WARMUP - HORIZON;
  const cols: Record<string, Float32Array> = {};
  const col = (name: string, fn: (t: number) => number) => {
    const a = new Float32Array(rows);
    for (let i = 0; i < rows; i++) a[i] = fn(i + WARMUP);
    cols[name] = a;
  };
  const lr = new Float64Array(n);
  for (let t = 1; t < n; t++) lr[t] = Math.log(close[t]! / close[t - 1]!);
  for (const k of [1, 3, 6, 12, 24, 48, 96, 288]) col(`ret_${k}`, (t) => Math.log(close[t]! / close[t - k]!));
  // rolling sums for volatility and volume means
  const cum2 = new Float64Array(n + 1);
  const cumv = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    cum2[t + 1] = cum2[t]! + lr[t]! * lr[t]!;
    cumv[t + 1] = cumv[t]! + volume[t]!;
  }
  for (const k of [12, 48, 288]) {
    col(`vol_${k}`, (t) => Math.sqrt((cum2[t + 1]! - cum2[t + 1 - k]!) / k));
    col(`vratio_${k}`, (t) => Math.log((volume[t]! + 1e-9) / ((cumv[t + 1]! - cumv[t + 1 - k]!) / k + 1e-9)));
  }
  col('range', (t) => (high[t]! - low[t]!) / close[t]!);
  col('body', (t) => (close[t]! - open[t]!) / close[t]!);
  col('upper_wick', (t) => (high[t]! - Math.max(open[t]!, close[t]!)) / close[t]!);
  col('lower_wick', (t) => (Math.min(open[t]!, close[t]!) - low[t]!) / close[t]!);
  for (const k of [48, 288]) {
    col(`from_high_${k}`, (t) => {
      let m = -Infinity;
      for (let i = t - k + 1; i <= t; i++) m = Math.max(m, high[i]!);
      return close[t]! / m - 1;
    });
    col(`from_low_${k}`, (t) => {
      let m = Infinity;
      for (let i = t - k + 1; i <= t; i++) m = Math.min(m, low[i]!);
      return close[t]! / m - 1;
    });
  }
  col('hour', (t) => new Date(Number(f.time[t]!)).getUTCHours());
  col('weekday', (t) => new Date(Number(f.time[t]!)).getUTCDay());
  const label = new Float32Array(rows);
  for (let i = 0; i < rows; i++) label[i] = close[i + WARMUP + HORIZON]! > close[i + WARMUP]! ? 1 : 0;
  return { cols, label, rows };
}

/** Build (or reuse) the matrix files for the BTC years [from, to]. */
export async function btcMatrix(files: string[], tag: string): Promise<MatrixFiles> {
  const dir = join(tmpdir(), `cryptotune-gbdt-btc-${tag}-${VERSION}`);
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) return JSON.parse(readFileSync(metaPath, 'utf8')) as MatrixFiles;
  const frame = (await Frame.fromFile(files, { threads: 2 })).resample('5m');
  const { cols, label, rows } = features(frame);
  const columns = Object.keys(cols);
  const x = new Float32Array(rows * columns.length);
  columns.forEach((c, i) => x.set(cols[c]!, i * rows));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'X.f32'), new Uint8Array(x.buffer));
  writeFileSync(join(dir, 'y.f32'), new Uint8Array(label.buffer));
  let pos = 0;
  for (const v of label) pos += v;
  const meta: MatrixFiles = { dir, rows, columns, trainEnd: Math.floor(rows * 0.8), positiveRate: pos / rows };
  writeFileSync(metaPath, JSON.stringify(meta));
  return meta;
}

/** Read the matrix files back as shared-friendly typed arrays. */
export function readMatrix(m: MatrixFiles): { data: Float32Array; label: Float32Array } {
  const xb = readFileSync(join(m.dir, 'X.f32'));
  const yb = readFileSync(join(m.dir, 'y.f32'));
  const data = new Float32Array(new SharedArrayBuffer(xb.byteLength));
  new Uint8Array(data.buffer).set(xb);
  const label = new Float32Array(new SharedArrayBuffer(yb.byteLength));
  new Uint8Array(label.buffer).set(yb);
  return { data, label };
}
