import { describe, expect, it } from 'vitest';
import { LinearModel, linearFamily, trainLinear, type LinearMatrix } from '../src/index.js';
import { Rng } from '../src/rng.js';
import { runSklearn, sklearnSkipReason } from './support/sklearn.js';

const N = 3000;
const P = 6;
const COLUMNS = ['ret_1', 'rsi_14', 'vol_20', 'macd', 'volume_z', 'noise'];

/** Features on very different scales (one with 5 % NaN), a logistic label and a linear target. */
function synthetic(seed = 1): { m: LinearMatrix; y: Float32Array; t: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(N * P);
  const y = new Float32Array(N);
  const t = new Float64Array(N);
  const scales = [0.01, 20, 0.5, 3, 1, 100];
  const offsets = [0, 50, 1, 0, 0, -300];
  const w = [1.2, -0.8, 0.5, 0.0, 0.3, 0.0];
  for (let r = 0; r < N; r++) {
    let eta = -0.4;
    let lin = 2;
    for (let j = 0; j < P; j++) {
      const z = rng.normal();
      data[j * N + r] = j === 2 && rng.float() < 0.05 ? NaN : offsets[j]! + scales[j]! * z;
      eta += w[j]! * z;
      lin += (w[j]! + 0.1 * j) * z;
    }
    y[r] = rng.float() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    t[r] = lin + 0.5 * rng.normal();
  }
  return { m: { data, rows: N, columns: COLUMNS }, y, t };
}

const trainRows = Uint32Array.from({ length: 2000 }, (_, k) => k);
const validRows = Uint32Array.from({ length: N - 2000 }, (_, k) => k + 2000);
const column = (m: LinearMatrix, j: number) => Array.from(m.data.subarray(j * m.rows, (j + 1) * m.rows), (v) => (Number.isNaN(v) ? null : v));

describe.skipIf(sklearnSkipReason !== undefined)('linear models against scikit-learn (live)', () => {
  it('coefficients, standardiser and predictions match LogisticRegression (L2, L1), Ridge and Lasso to 1e-6', () => {
    const { m, y, t } = synthetic();
    const fits = [
      { name: 'l2', model: trainLinear(m, y, { kind: 'logistic', C: 0.05, tol: 1e-12 }, { trainRows }) },
      { name: 'l1', model: trainLinear(m, y, { kind: 'logistic', C: 0.01, penalty: 'l1', tol: 1e-12 }, { trainRows }) },
      { name: 'ridge', model: trainLinear(m, t, { kind: 'ridge', alpha: 50 }, { trainRows }) },
      { name: 'lasso', model: trainLinear(m, t, { kind: 'lasso', alpha: 0.1, tol: 1e-13 }, { trainRows }) },
    ];
    const ref = runSklearn<Record<string, { coef: number[]; intercept: number; pred: number[] }> & { mean: number[]; scale: number[] }>(
      `import warnings; warnings.filterwarnings('ignore')
from sklearn.linear_model import LogisticRegression, Ridge, Lasso
X = np.array([[np.nan if v is None else v for v in col] for col in data['cols']], dtype=np.float64).T
tr = np.array(data['train']); va = np.array(data['valid'])
mu = np.nanmean(X[tr], axis=0); sd = np.nanstd(X[tr], axis=0)
Z = np.nan_to_num((X - mu) / sd, nan=0.0)
y = np.array(data['y']); t = np.array(data['t'])
models = dict(
  l2=LogisticRegression(C=0.05, l1_ratio=0, solver='newton-cholesky', tol=1e-12, max_iter=1000),
  l1=LogisticRegression(C=0.01, l1_ratio=1, solver='saga', tol=1e-13, max_iter=200000),
  ridge=Ridge(alpha=50, solver='cholesky'), lasso=Lasso(alpha=0.1, tol=1e-14, max_iter=1000000))
result = dict(mean=mu.tolist(), scale=sd.tolist())
for name, est in models.items():
  target = y if name in ('l1', 'l2') else t
  est.fit(Z[tr], target[tr])
  pred = est.predict_proba(Z[va])[:, 1] if name in ('l1', 'l2') else est.predict(Z[va])
  result[name] = dict(coef=np.ravel(est.coef_).tolist(), intercept=float(np.ravel(est.intercept_)[0]), pred=pred.tolist())`,
      { cols: COLUMNS.map((_, j) => column(m, j)), train: Array.from(trainRows), valid: Array.from(validRows), y: Array.from(y), t: Array.from(t) },
    );
    const json = fits[0]!.model.toJSON();
    json.mean.forEach((v, j) => expect(Math.abs(v - ref.mean[j]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
    json.scale.forEach((v, j) => expect(Math.abs(v - ref.scale[j]!)).toBeLessThan(1e-9 * Math.max(1, v)));
    for (const { name, model } of fits) {
      const r = ref[name]!;
      expect(model.converged).toBe(true);
      COLUMNS.forEach((c, j) => expect(Math.abs(model.coefficients[c]! - r.coef[j]!), `${name} ${c}`).toBeLessThan(1e-6));
      expect(Math.abs(model.intercept - r.intercept)).toBeLessThan(1e-6);
      const pred = model.predict(m, validRows);
      pred.forEach((v, i) => expect(Math.abs(v - r.pred[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.pred[i]!))));
    }
    // L1 really selects: the zero-weight features of the generator are dropped at this C.
    expect(fits[1]!.model.coefficients.noise).toBe(0);
  });
});

describe('linear models', () => {
  it('fit the standardiser on training rows only: validation rows cannot change the model', () => {
    const { m, y } = synthetic(2);
    const a = trainLinear(m, y, { kind: 'logistic', C: 1 }, { trainRows });
    const data = m.data.slice();
    const y2 = y.slice();
    for (const r of validRows) {
      for (let j = 0; j < P; j++) data[j * N + r] = 1e6;
      y2[r] = 1 - y2[r]!;
    }
    const b = trainLinear({ ...m, data }, y2, { kind: 'logistic', C: 1 }, { trainRows });
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('impute a missing feature with the training mean and map columns by name', () => {
    const { m, y } = synthetic(3);
    const model = trainLinear(m, y, { kind: 'logistic', C: 1 }, { trainRows, validRows });
    expect(model.validScore?.metric).toBe('auc');
    expect(model.validScore!.value).toBeGreaterThan(0.7);
    const row = Uint32Array.of(2500);
    const withNaN = m.data.slice();
    withNaN[2 * N + 2500] = NaN;
    const withMean = m.data.slice();
    withMean[2 * N + 2500] = model.toJSON().mean[2]!;
    expect(model.predict({ ...m, data: withNaN }, row)[0]).toBeCloseTo(model.predict({ ...m, data: withMean }, row)[0]!, 6);
    // the same matrix with its columns in reverse order predicts the same
    const rev = new Float32Array(N * P);
    for (let j = 0; j < P; j++) rev.set(m.data.subarray(j * N, (j + 1) * N), (P - 1 - j) * N);
    expect(model.predict({ data: rev, rows: N, columns: [...COLUMNS].reverse() }, validRows)).toEqual(model.predict(m, validRows));
  });

  it('survive JSON and agree with their unstandardised form on complete rows', () => {
    const { m, t } = synthetic(4);
    const model = trainLinear(m, t, { kind: 'ridge', alpha: 1 }, { trainRows, validRows });
    expect(model.validScore?.metric).toBe('rmse');
    const back = LinearModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(back.predict(m)).toEqual(model.predict(m));
    const raw = model.unstandardised();
    const r = 2100;
    let v = raw.intercept;
    COLUMNS.forEach((c, j) => (v += raw.coefficients[c]! * m.data[j * N + r]!));
    if (!Number.isNaN(m.data[2 * N + r])) expect(model.predict(m, Uint32Array.of(r))[0]).toBeCloseTo(v, 4);
  });

  it('linearFamily describes its default search space as data', () => {
    expect(linearFamily.space('logistic')).toEqual({
      penalty: { type: 'categorical', choices: ['l1', 'l2'] },
      C: expect.objectContaining({ type: 'float', low: 1e-4, high: 1e2, log: true }),
    });
    expect(Object.keys(linearFamily.space('lasso'))).toEqual(['alpha']);
    expect(linearFamily.space('ridge').alpha).toEqual(expect.objectContaining({ low: 1e-4, high: 1e2, log: true }));
    const { m, y } = synthetic(5);
    expect(linearFamily.train(m, y, linearFamily.defaults('logistic'), { trainRows }).kind).toBe('logistic');
  });
});

describe('linear models: bad input', () => {
  const { m, y } = synthetic(6);
  const fit = (params: Record<string, unknown>, label: Float32Array = y, rows = trainRows, mat = m) => () => trainLinear(mat, label, params, { trainRows: rows });
  it('parameters out of range name the allowed range', () => {
    expect(fit({ kind: 'logistic', C: 0 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE', message: expect.stringContaining('> 0') }));
    expect(fit({ kind: 'logistic', C: Infinity })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(fit({ kind: 'ridge', alpha: -1 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE', message: expect.stringContaining('≥ 0') }));
    expect(fit({ kind: 'lasso', alpha: 0.1, maxIter: 0 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_OUT_OF_RANGE' }));
    expect(fit({ kind: 'logistic', penalty: 'l3' })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_INVALID' }));
    expect(fit({ kind: 'svm' })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_INVALID' }));
    expect(fit({ kind: 'logistic', c: 1 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_UNKNOWN', name: 'ModelError' }));
    expect(fit({ kind: 'ridge', C: 1 })).toThrow(expect.objectContaining({ code: 'ERR_PARAM_UNKNOWN' }));
  });
  it('bad labels, folds and matrices are coded', () => {
    const nan = y.slice();
    nan[10] = NaN;
    expect(fit({ kind: 'logistic' }, nan)).toThrow(expect.objectContaining({ code: 'ERR_MODEL_NAN_LABEL' }));
    expect(fit({ kind: 'logistic' }, new Float32Array(N).fill(1))).toThrow(expect.objectContaining({ code: 'ERR_MODEL_SINGLE_CLASS' }));
    const two = y.slice();
    two[3] = 2;
    expect(fit({ kind: 'logistic' }, two)).toThrow(expect.objectContaining({ code: 'ERR_MODEL_LABEL_NOT_BINARY' }));
    expect(fit({ kind: 'logistic' }, y.subarray(0, N - 1))).toThrow(expect.objectContaining({ code: 'ERR_MODEL_LENGTH_MISMATCH' }));
    expect(fit({ kind: 'logistic' }, y, new Uint32Array(0))).toThrow(expect.objectContaining({ code: 'ERR_MODEL_EMPTY_FOLD' }));
    expect(fit({ kind: 'logistic' }, y, Uint32Array.of(1, N))).toThrow(expect.objectContaining({ code: 'ERR_MODEL_ROW_OUT_OF_RANGE' }));
    expect(fit({ kind: 'logistic' }, y, trainRows, { ...m, columns: COLUMNS.slice(1) })).toThrow(expect.objectContaining({ code: 'ERR_MODEL_MATRIX_SHAPE' }));
    expect(fit({ kind: 'ridge' }, y, trainRows, { data: new Float32Array(0), rows: N, columns: [] })).toThrow(expect.objectContaining({ code: 'ERR_MODEL_NO_FEATURES' }));
    const inf = m.data.slice();
    inf[N + 5] = Infinity;
    expect(fit({ kind: 'logistic' }, y, trainRows, { ...m, data: inf })).toThrow(expect.objectContaining({ code: 'ERR_MODEL_FEATURE_NON_FINITE', column: 'rsi_14' }));
    const dup = new Float32Array(N * 2);
    dup.set(m.data.subarray(0, N));
    dup.set(m.data.subarray(0, N), N);
    expect(fit({ kind: 'ridge', alpha: 0 }, y, trainRows, { data: dup, rows: N, columns: ['a', 'b'] })).toThrow(expect.objectContaining({ code: 'ERR_MODEL_SINGULAR' }));
    const model = trainLinear(m, y, { kind: 'logistic' }, { trainRows });
    expect(() => model.predict({ ...m, columns: ['a', 'b', 'c', 'd', 'e', 'f'] })).toThrow(expect.objectContaining({ code: 'ERR_MODEL_COLUMNS_MISMATCH' }));
    expect(() => LinearModel.fromJSON({ format: 'cryptotune-linear', version: 1, params: { kind: 'ridge' }, columns: ['a'], mean: [0], scale: [1], coef: [], intercept: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_MODEL_JSON_INVALID' }),
    );
  });
});
