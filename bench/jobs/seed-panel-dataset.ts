/**
 * The seed panel (134 tokens, daily closes) as a GBDT dataset: the `seed` feature plan from the
 * features API (warm-up rows stay NaN; bins keep a NaN bin) and the Python system's target
 * high_return_30d (close[t+30] / close[t] − 1 > 1). Folds split by time at 2025-03-01; training
 * rows whose label looks past the cut (labels' endRow) are purged.
 */
import type { Frame } from '../../src/data/frame.js';
import { computeFeatures } from '../../src/features/compute.js';
import { computeLabels } from '../../src/features/labels.js';

const CUT = BigInt(Date.UTC(2025, 2, 1));

export interface SeedMatrix {
  matrix: { data: Float32Array; rows: number; columns: string[] };
  label: Float32Array;
  train: Uint32Array;
  valid: Uint32Array;
}

export function seedMatrix(frame: Frame): SeedMatrix {
  const m = computeFeatures(frame, 'seed');
  const labels = computeLabels(frame, { kind: 'highReturn', horizon: 30, threshold: 1 });
  const train: number[] = [];
  const valid: number[] = [];
  for (let r = 0; r < frame.rows; r++) {
    const end = labels.endRow[r]!;
    if (end < 0 || Number.isNaN(labels.values[r]!)) continue;
    if (frame.time[end]! < CUT) train.push(r);
    else if (frame.time[r]! >= CUT) valid.push(r);
  }
  return { matrix: { data: m.data, rows: m.rows, columns: m.columns }, label: labels.values, train: Uint32Array.from(train), valid: Uint32Array.from(valid) };
}
