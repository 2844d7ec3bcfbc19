/**
 * Built-in runner "sgd-logistic": logistic regression trained by plain SGD on fold rows, scored on
 * the validation rows after every epoch (the intermediate score pruners see). Real compute over
 * the shared buffers, used until the GBDT runner is available and as a light model family.
 *
 * Inputs: `shared.features` ({ data, rows, columns }, column-major f32) with `shared.labels`
 * ({ values }, NaN = undefined) when the pool has them; otherwise `lags` lagged log returns of
 * `shared.frame`'s close as features and next-bar direction as the label (features use data ≤ t,
 * the label t+1). Params: epochs, learning_rate, l2, lags. Value: validation log loss (minimise).
 * Deterministic: fixed row order, no randomness, so the score depends only on params and data.
 */
import type { RunnerContext } from '../runner.js';
import type { RunnerResult, TrialTask } from '../task.js';

interface Matrix {
  data: Float32Array;
  rows: number;
  columns: string[];
}

interface Design {
  cols: number;
  /** Feature j of row r, or NaN when undefined. */
  x(r: number, j: number): number;
  /** Label of row r (0/1) or NaN. */
  y(r: number): number;
}

function fromMatrix(m: Matrix, labels: Float32Array | Float64Array): Design {
  return { cols: m.columns.length, x: (r, j) => m.data[j * m.rows + r]!, y: (r) => (Number.isNaN(labels[r]!) ? NaN : labels[r]! > 0 ? 1 : 0) };
}

function fromFrame(close: Float64Array, asset: Uint32Array, lags: number): Design {
  const n = close.length;
  return {
    cols: lags,
    x(r, j) {
      const a = r - j;
      if (a - 1 < 0 || asset[a - 1] !== asset[r]) return NaN;
      return Math.log(close[a]! / close[a - 1]!) * 100;
    },
    y(r) {
      if (r + 1 >= n || asset[r + 1] !== asset[r]) return NaN;
      return close[r + 1]! > close[r]! ? 1 : 0;
    },
  };
}

function usable(d: Design, rows: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (const r of rows) {
    if (Number.isNaN(d.y(r))) continue;
    let ok = true;
    for (let j = 0; j < d.cols && ok; j++) ok = Number.isFinite(d.x(r, j));
    if (ok) out.push(r);
  }
  return Uint32Array.from(out);
}

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

export function run(task: TrialTask, ctx: RunnerContext): RunnerResult {
  const p = task.params;
  const epochs = Number(p.epochs ?? 10);
  const lr = Number(p.learning_rate ?? 0.05);
  const l2 = Number(p.l2 ?? 0);
  const lags = Number(p.lags ?? 5);
  if (!Number.isInteger(epochs) || epochs < 1 || !(lr > 0) || !(l2 >= 0) || !Number.isInteger(lags) || lags < 1) {
    throw Object.assign(new Error(`sgd-logistic needs epochs ≥ 1, learning_rate > 0, l2 ≥ 0, lags ≥ 1; got ${JSON.stringify(p)}`), { code: 'ERR_PARAM_VALUE' });
  }
  const shared = ctx.shared as { features?: Matrix; labels?: { values: Float32Array } };
  let design: Design;
  let n: number;
  if (shared.features && shared.labels) {
    design = fromMatrix(shared.features, shared.labels.values);
    n = shared.features.rows;
  } else {
    const f = ctx.frame();
    design = fromFrame(f.close, f.asset, lags);
    n = f.rows;
  }
  const trainAll = task.fold?.train ?? allRows(Math.floor(n * 0.8));
  const validAll = task.fold?.valid ?? Uint32Array.from({ length: n - Math.floor(n * 0.8) }, (_, i) => Math.floor(n * 0.8) + i);
  const train = usable(design, trainAll);
  const valid = usable(design, validAll);
  if (train.length === 0 || valid.length === 0) throw Object.assign(new Error('sgd-logistic: the fold has no usable training or validation rows'), { code: 'ERR_MODEL_NO_ROWS' });
  const d = design.cols;
  const w = new Float64Array(d + 1);
  let loss = NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < train.length; i++) {
      if ((i & 4095) === 0) ctx.throwIfCancelled();
      const r = train[i]!;
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * design.x(r, j);
      const g = 1 / (1 + Math.exp(-z)) - design.y(r);
      for (let j = 0; j < d; j++) w[j] = w[j]! - lr * (g * design.x(r, j) + l2 * w[j]!);
      w[d] = w[d]! - lr * g;
    }
    let sum = 0;
    for (const r of valid) {
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * design.x(r, j);
      const q = Math.min(1 - 1e-12, Math.max(1e-12, 1 / (1 + Math.exp(-z))));
      sum -= design.y(r) === 1 ? Math.log(q) : Math.log(1 - q);
    }
    loss = sum / valid.length;
    ctx.report(epoch, loss);
    ctx.throwIfCancelled();
  }
  return { value: loss, rounds: epochs, metrics: { trainRows: train.length, validRows: valid.length } };
}
