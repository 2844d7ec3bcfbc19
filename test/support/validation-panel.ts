/**
 * Random panels for split tests: a few assets, each on its own random subset of a common bar grid
 * (so assets start, end and gap at different times), and labels whose end rows look 0..maxHorizon
 * bars ahead inside the asset (undefined in each asset's tail).
 */
import { Frame, Rng } from '../../src/index.js';

const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);

export interface Panel {
  frame: Frame;
  labels: { values: Float32Array; endRow: Int32Array };
}

export function randomPanel(seed: number, opts: { assets?: number; bars?: number; maxHorizon?: number; keep?: number } = {}): Panel {
  const rng = new Rng(seed);
  const assets = opts.assets ?? 3;
  const bars = opts.bars ?? 60;
  const keep = opts.keep ?? 0.8;
  const time: number[] = [];
  const close: number[] = [];
  const asset: string[] = [];
  for (let a = 0; a < assets; a++) {
    const start = rng.int(0, Math.floor(bars / 4));
    for (let b = start; b < bars; b++) {
      if (rng.float() > keep) continue;
      time.push(T0 + b * DAY);
      close.push(100 + rng.normal());
      asset.push(`A${a}`);
    }
  }
  const frame = Frame.fromColumns({ time, close, asset });
  return { frame, labels: randomLabels(frame, rng, opts.maxHorizon ?? 3) };
}

/** Forward-looking labels: row r ends at r + h (h ≤ maxHorizon, random), -1 past the asset's end. */
export function randomLabels(frame: Frame, rng: Rng, maxHorizon: number): { values: Float32Array; endRow: Int32Array } {
  const values = new Float32Array(frame.rows);
  const endRow = new Int32Array(frame.rows);
  for (let a = 0; a < frame.assets; a++) {
    const { start, end } = frame.assetRange(a);
    for (let r = start; r < end; r++) {
      const e = r + rng.int(0, maxHorizon);
      if (e >= end) {
        values[r] = NaN;
        endRow[r] = -1;
      } else {
        values[r] = rng.float() < 0.5 ? 0 : 1;
        endRow[r] = e;
      }
    }
  }
  return { values, endRow };
}
