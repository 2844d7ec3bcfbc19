/**
 * A synthetic classification problem with a known nonlinear signal (for GBDT tests), and a
 * reference ROC-AUC computed by brute-force pair counting, independent of the library's metrics.
 */
import { Rng } from '../../src/rng.js';

export interface Synthetic {
  data: Float32Array;
  rows: number;
  columns: string[];
  label: Float32Array;
}

/** y = 1 when x0² − 0.3 + 0.8·x1 + noise > 0; x2..x4 are noise, x3 has NaNs every 7th row. */
export function synthetic(rows: number, seed = 1): Synthetic {
  const rng = new Rng(seed);
  const cols = 5;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  for (let r = 0; r < rows; r += 7) data[3 * rows + r] = NaN;
  const label = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const s = data[r]! ** 2 - 0.3 + 0.8 * data[rows + r]! + rng.uniform(-0.3, 0.3);
    label[r] = s > 0 ? 1 : 0;
  }
  return { data, rows, columns: ['x0', 'x1', 'x2', 'x3', 'x4'], label };
}

/** AUC by counting concordant pairs (O(pos × neg)); ties count ½. */
export function pairAuc(label: ArrayLike<number>, score: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < label.length; i++) (label[i] === 1 ? pos : neg).push(score[i]!);
  let c = 0;
  for (const p of pos) for (const n of neg) c += p > n ? 1 : p === n ? 0.5 : 0;
  return c / (pos.length * neg.length);
}

export function range(from: number, to: number): Uint32Array {
  return Uint32Array.from({ length: to - from }, (_, i) => from + i);
}
