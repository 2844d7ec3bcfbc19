/**
 * A real GBDT objective on the seed panel (crypto-daily-23coins, 23 assets, daily bars) for the
 * cache bench's cold/warm study: a small per-asset feature set computed here (momentum, range,
 * volume change, distance from a 20-day mean — features use data ≤ t), next-day direction as the
 * label, a time holdout (first 70 % of dates train, last 30 % valid), xgboost-style trees from
 * `train`, validation logloss as the value.
 */
import { datasetFingerprint } from '../../src/cache/generate-key.js';
import { Frame } from '../../src/data/frame.js';
import { Dataset } from '../../src/models/dataset.js';
import { train } from '../../src/models/train.js';
import type { ParamValue } from '../../src/study/distributions.js';
import type { Trial } from '../../src/study/trial.js';
import { sharedFile } from '../../test/support/shared-data.js';

const COLUMNS = ['ret1', 'ret5', 'ret10', 'range', 'dvol', 'ma20gap'];

export interface SeedPanelTask {
  dataset: Dataset;
  trainRows: Uint32Array;
  validRows: Uint32Array;
  fingerprint: string;
}

/** The seed panel file, or undefined when the shared data is absent. */
export function seedPanelFile(): string | undefined {
  return sharedFile('crypto-daily-23coins', 'crypto_daily_23coins.csv.gz');
}

export async function loadSeedPanelTask(file: string): Promise<SeedPanelTask> {
  const f = await Frame.fromFile(file);
  const n = f.rows;
  const data = new Float32Array(n * COLUMNS.length).fill(NaN);
  const label = new Float32Array(n).fill(NaN);
  const close = f.close;
  const high = f.high ?? close;
  const low = f.low ?? close;
  const vol = f.volume;
  const col = (c: number, r: number, v: number): void => {
    data[c * n + r] = v;
  };
  for (let a = 0; a < f.assets; a++) {
    const lo = f.offsets[a]!;
    const hi = f.offsets[a + 1]!;
    let sum20 = 0;
    for (let r = lo; r < hi; r++) {
      sum20 += close[r]!;
      if (r - lo >= 20) sum20 -= close[r - 20]!;
      const back = (k: number): number => (r - k >= lo ? Math.log(close[r]! / close[r - k]!) : NaN);
      col(0, r, back(1));
      col(1, r, back(5));
      col(2, r, back(10));
      col(3, r, (high[r]! - low[r]!) / close[r]!);
      col(4, r, vol && r > lo && vol[r - 1]! > 0 && vol[r]! > 0 ? Math.log(vol[r]! / vol[r - 1]!) : NaN);
      col(5, r, r - lo >= 19 ? close[r]! / (sum20 / 20) - 1 : NaN);
      if (r + 1 < hi) label[r] = close[r + 1]! > close[r]! ? 1 : 0;
    }
  }
  // Time holdout over the panel's dates; rows whose label is undefined (each asset's last bar) are left out.
  const times = Array.from(f.time, Number).sort((x, y) => x - y);
  const cut = times[Math.floor(times.length * 0.7)]!;
  const tr: number[] = [];
  const va: number[] = [];
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(label[r]!)) continue;
    (Number(f.time[r]!) < cut ? tr : va).push(r);
  }
  const dataset = Dataset.from({ data, rows: n, columns: COLUMNS }, label);
  return { dataset, trainRows: Uint32Array.from(tr), validRows: Uint32Array.from(va), fingerprint: datasetFingerprint([f.time, f.close, f.asset]) };
}

/** The xgboost-style search space of the cold/warm study (`quick` keeps the ensembles small). */
export function gbdtSpace(quick: boolean): (trial: Trial) => Record<string, ParamValue> {
  return (t) => ({
    n_estimators: t.suggestInt('n_estimators', quick ? 5 : 30, quick ? 20 : 150),
    max_depth: t.suggestInt('max_depth', 2, 6),
    learning_rate: t.suggestFloat('learning_rate', 0.02, 0.3, { log: true }),
    subsample: t.suggestFloat('subsample', 0.6, 1),
    colsample_bytree: t.suggestFloat('colsample_bytree', 0.5, 1),
    min_child_weight: t.suggestFloat('min_child_weight', 1, 20, { log: true }),
  });
}

/** Train on the holdout's train rows; the value is the validation logloss. */
export function evaluateGbdt(task: SeedPanelTask, params: Record<string, ParamValue>): { values: number[]; metrics: { logloss: number }; model: Uint8Array } {
  const model = train('xgboost', params as Record<string, number>, { trainRows: task.trainRows, validRows: task.validRows, objective: 'binary', seed: 1 }, task.dataset);
  const p = model.predict(task.dataset, task.validRows);
  const y = task.dataset.label;
  let loss = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]!));
    loss -= y[task.validRows[i]!] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  const logloss = loss / p.length;
  return { values: [logloss], metrics: { logloss }, model: model.toBytes() };
}
