/**
 * Metrics and the linear baseline against scikit-learn (pip, same run):
 * - ROC-AUC on 1 M rows (f32 scores with ties) vs sklearn.metrics.roc_auc_score;
 * - logistic regression fit (standardise on the train rows + L2 fit) on 500 k × 24 vs
 *   StandardScaler + LogisticRegression(solver='lbfgs'), with the holdout AUC of both and the
 *   largest coefficient difference as the accuracy check.
 * Quick mode: 100 k rows and 50 k × 24.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rocAuc, trainLinear } from '../../src/index.js';
import { Rng } from '../../src/rng.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function timed<T>(reps: number, f: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    value = f();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value };
}

function save(dir: string, name: string, a: Float32Array): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return path;
}

function aucCase(dir: string, n: number, reps: number): void {
  const rng = new Rng(1);
  const y = new Float32Array(n);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.float() < 0.05 ? 1 : 0;
    s[i] = Math.round((0.3 * y[i]! + rng.normal()) * 1e4) / 1e4; // ties, as model scores have
  }
  const ours = timed(reps, () => rocAuc(y, s));
  const peer = runPythonPeer<{ ms: number; auc: number }>('metrics_sklearn.py', { task: 'auc', y: save(dir, 'y.f32', y), score: save(dir, 's.f32', s), reps });
  report({
    suite: 'metrics',
    case: `roc-auc ${n} rows`,
    unit: 'ms',
    ours: ours.ms,
    peer: 'sklearn.metrics.roc_auc_score',
    theirs: peer.ok ? peer.value.ms : null,
    higherIsBetter: false,
    ...(peer.ok ? {} : { skipped: peer.reason }),
    extra: { auc: ours.value, peerAuc: peer.ok ? peer.value.auc : null },
  });
}

function logisticCase(dir: string, n: number, p: number, reps: number): void {
  const rng = new Rng(2);
  const data = new Float32Array(n * p);
  const y = new Float32Array(n);
  const w = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0 : 0.3 * rng.normal()));
  const common = new Float64Array(n).map(() => rng.normal());
  for (let j = 0; j < p; j++) {
    const scale = 10 ** ((j % 5) - 2);
    for (let r = 0; r < n; r++) data[j * n + r] = scale * (0.5 * common[r]! + rng.normal());
  }
  for (let r = 0; r < n; r++) {
    let eta = -1;
    for (let j = 0; j < p; j++) eta += (w[j]! * data[j * n + r]!) / 10 ** ((j % 5) - 2);
    y[r] = rng.float() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const nTrain = Math.floor(n * 0.8);
  const columns = Array.from({ length: p }, (_, j) => `f${j}`);
  const trainRows = Uint32Array.from({ length: nTrain }, (_, k) => k);
  const testRows = Uint32Array.from({ length: n - nTrain }, (_, k) => k + nTrain);
  const matrix = { data, rows: n, columns };
  const ours = timed(reps, () => trainLinear(matrix, y, { kind: 'logistic', C: 1, tol: 1e-6 }, { trainRows }));
  const model = ours.value;
  const auc = rocAuc(Float32Array.from(testRows, (r) => y[r]!), model.predict(matrix, testRows));
  const peer = runPythonPeer<{ ms: number; coef: number[]; auc: number; iterations: number }>('metrics_sklearn.py', {
    task: 'logistic',
    data: save(dir, 'x.f32', data),
    y: save(dir, 'ly.f32', y),
    rows: n,
    cols: p,
    trainRows: nTrain,
    C: 1,
    tol: 1e-6,
    reps,
  });
  const coefDiff = peer.ok ? Math.max(...columns.map((c, j) => Math.abs(model.coefficients[c]! - peer.value.coef[j]!))) : null;
  report({
    suite: 'metrics',
    case: `logistic-fit ${nTrain}x${p}`,
    unit: 'ms',
    ours: ours.ms,
    peer: "StandardScaler + LogisticRegression(solver='lbfgs')",
    theirs: peer.ok ? peer.value.ms : null,
    higherIsBetter: false,
    ...(peer.ok ? {} : { skipped: peer.reason }),
    extra: {
      auc,
      peerAuc: peer.ok ? peer.value.auc : null,
      maxCoefDiff: coefDiff,
      iterations: model.iterations,
      peerIterations: peer.ok ? peer.value.iterations : null,
    },
  });
}

export const suite: Suite = {
  name: 'metrics',
  description: 'ROC-AUC and logistic regression fit against scikit-learn in the same run',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'cryptotune-metrics-bench-'));
    try {
      aucCase(dir, quick ? 100_000 : 1_000_000, quick ? 3 : 5);
      logisticCase(dir, quick ? 62_500 : 625_000, 24, quick ? 1 : 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
