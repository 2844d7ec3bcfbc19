/**
 * The seed panel (134 tokens, daily closes) as a GBDT dataset with simple features — lagged log
 * returns (1, 3, 7, 14 days), volatility (7, 30 days) and distance from the 30-day mean, all from
 * data ≤ t — and the Python system's target high_return_30d (close[t+30] / close[t] − 1 > 1).
 * Used by the parallel bench until the features API is on main. Folds split by time at 2025-03-01
 * with the 30-day label horizon purged from the training side.
 */
import type { Frame } from '../../src/data/frame.js';
import { sharedFloat32 } from '../../src/data/shared-array.js';

const FEATURES = ['ret1', 'ret3', 'ret7', 'ret14', 'vol7', 'vol30', 'dist30'];
const HORIZON = 30;
const CUT = BigInt(Date.UTC(2025, 2, 1));
const DAY = 86_400_000n;

export interface SeedMatrix {
  matrix: { data: Float32Array; rows: number; columns: string[] };
  label: Float32Array;
  train: Uint32Array;
  valid: Uint32Array;
}

export function seedMatrix(frame: Frame): SeedMatrix {
  const keep: number[] = [];
  const labels: number[] = [];
  for (let a = 0; a < frame.assets; a++) {
    const { start, end } = frame.assetRange(a);
    for (let t = start + 30; t < end; t++) {
      keep.push(t);
      labels.push(t + HORIZON < end ? (frame.close[t + HORIZON]! / frame.close[t]! - 1 > 1 ? 1 : 0) : NaN);
    }
  }
  const n = keep.length;
  const data = sharedFloat32(n * FEATURES.length);
  const c = frame.close;
  const lr = (t: number): number => Math.log(c[t]! / c[t - 1]!);
  const std = (t: number, w: number): number => {
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < w; k++) {
      const x = lr(t - k);
      s += x;
      s2 += x * x;
    }
    return Math.sqrt(Math.max(0, s2 / w - (s / w) ** 2));
  };
  keep.forEach((t, i) => {
    let mean30 = 0;
    for (let k = 0; k < 30; k++) mean30 += c[t - k]! / 30;
    const f = [Math.log(c[t]! / c[t - 1]!), Math.log(c[t]! / c[t - 3]!), Math.log(c[t]! / c[t - 7]!), Math.log(c[t]! / c[t - 14]!), std(t, 7), std(t, 29), c[t]! / mean30 - 1];
    f.forEach((v, j) => (data[j * n + i] = v));
  });
  const train: number[] = [];
  const valid: number[] = [];
  keep.forEach((t, i) => {
    if (Number.isNaN(labels[i]!)) return;
    const time = frame.time[t]!;
    if (time + BigInt(HORIZON) * DAY < CUT) train.push(i);
    else if (time >= CUT) valid.push(i);
  });
  return { matrix: { data, rows: n, columns: FEATURES }, label: Float32Array.from(labels), train: Uint32Array.from(train), valid: Uint32Array.from(valid) };
}
