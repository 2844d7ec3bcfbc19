/**
 * Our side of the GBDT bench and parity test: read the shared matrix files, bin (timed), train on
 * the first 80 % of rows (timed), predict the last 20 % from raw f32 features (timed), score AUC.
 */
import { Dataset, train, type TreeFamily } from '../../src/index.js';
import { rocAucSorted } from '../harness/roc-auc.js';
import { readMatrix, type MatrixFiles } from './gbdt-matrix.js';

export interface OursArgs {
  meta: MatrixFiles;
  family: TreeFamily;
  params: Record<string, number | string>;
  threads?: number;
  seed?: number;
}

export interface OursResult {
  binMs: number;
  binBytes: number;
  trainMs: number;
  /** Process CPU time of training (the machine is shared; wall time includes waiting). */
  trainCpuMs: number;
  predictMs: number;
  predictRows: number;
  auc: number;
  trees: number;
}

export function trainOurs(a: OursArgs): OursResult {
  const { data, label } = readMatrix(a.meta);
  const t0 = performance.now();
  const ds = Dataset.from({ data, rows: a.meta.rows, columns: a.meta.columns }, label, { maxBins: 255 });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const n = a.meta.trainEnd;
  const trainRows = Uint32Array.from({ length: n }, (_, i) => i);
  const testRows = Uint32Array.from({ length: a.meta.rows - n }, (_, i) => n + i);
  const model = train(a.family, a.params, { trainRows, seed: a.seed ?? 0, threads: a.threads ?? 1 }, ds);
  const t2 = performance.now();
  const c2 = process.cpuUsage(c1);
  const pred = model.predict(ds, testRows);
  const t3 = performance.now();
  return {
    binMs: t1 - t0,
    binBytes: ds.bins.bytes,
    trainMs: t2 - t1,
    trainCpuMs: (c2.user + c2.system) / 1000,
    predictMs: t3 - t2,
    predictRows: testRows.length,
    auc: rocAucSorted(label.subarray(n), pred),
    trees: model.nTrees,
  };
}
