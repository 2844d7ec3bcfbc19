/**
 * Linear models as a fast baseline family: logistic regression (L1 or L2), ridge and lasso.
 * Features are standardised with the training rows only (no leakage from validation or test
 * rows); missing values (NaN) and, at prediction, ±Inf are imputed with the training mean,
 * i.e. 0 after standardising; ±Inf on a training row is refused. Objectives are
 * scikit-learn's: logistic C·Σ logloss + ½‖w‖² (L2) or + ‖w‖₁ (L1); ridge ‖y − Xw − b‖² + α‖w‖²;
 * lasso (1/2n)‖y − Xw − b‖² + α‖w‖₁; the intercept is never penalised.
 */
import { callNative } from '../native.js';
import { ModelError } from '../errors.js';
import { rocAuc } from './metrics.js';

export type LinearKind = 'logistic' | 'ridge' | 'lasso';

export interface LinearParams {
  kind: LinearKind;
  /** Logistic: inverse regularisation strength, > 0 (default 1). */
  C?: number;
  /** Logistic: 'l1' | 'l2' (default 'l2'). */
  penalty?: 'l1' | 'l2';
  /** Ridge / lasso: regularisation strength, ≥ 0 (default 1). */
  alpha?: number;
  /** Convergence tolerance on the largest coefficient step (default 1e-8). */
  tol?: number;
  /** Newton steps (logistic) or coordinate sweeps (lasso), ≥ 1 (default 100 / 10 000). */
  maxIter?: number;
}

/** A column-major f32 feature matrix (`data[c * rows + r]`), e.g. a `FeatureMatrix`. */
export interface LinearMatrix {
  data: Float32Array;
  rows: number;
  columns: readonly string[];
}

export interface TrainLinearOptions {
  /** Rows to fit on (and to fit the standardiser on). */
  trainRows: Uint32Array;
  /** Rows to score after fitting: ROC-AUC for logistic, RMSE for ridge / lasso (`model.validScore`). */
  validRows?: Uint32Array;
}

const ALLOWED: Record<LinearKind, readonly string[]> = {
  logistic: ['kind', 'C', 'penalty', 'tol', 'maxIter'],
  ridge: ['kind', 'alpha', 'tol', 'maxIter'],
  lasso: ['kind', 'alpha', 'tol', 'maxIter'],
};

function range(name: string, v: unknown, ok: (x: number) => boolean, allowed: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !ok(v)) {
    throw new ModelError('ERR_PARAM_OUT_OF_RANGE', `${name} must be ${allowed}, got ${String(v)}`, { param: name, allowed });
  }
  return v;
}

/** Check linear parameters (as a study would pass them) and return them typed. */
export function validateLinearParams(params: Record<string, unknown>): LinearParams {
  const kind = params.kind ?? 'logistic';
  if (kind !== 'logistic' && kind !== 'ridge' && kind !== 'lasso') {
    throw new ModelError('ERR_PARAM_INVALID', `kind must be 'logistic', 'ridge' or 'lasso', got '${String(kind)}'`, { param: 'kind' });
  }
  const unknown = Object.keys(params).filter((k) => !ALLOWED[kind].includes(k));
  if (unknown.length) {
    throw new ModelError(
      'ERR_PARAM_UNKNOWN',
      `${kind} does not take ${unknown.join(', ')}; its parameters are ${ALLOWED[kind].join(', ')}`,
      { param: unknown[0] },
    );
  }
  const penalty = params.penalty;
  if (penalty !== undefined && penalty !== 'l1' && penalty !== 'l2') {
    throw new ModelError('ERR_PARAM_INVALID', `penalty must be 'l1' or 'l2', got '${String(penalty)}'`, { param: 'penalty' });
  }
  const out: LinearParams = { kind };
  const C = range('C', params.C, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0 (search space 1e-4..1e2, log scale)');
  const alpha = range('alpha', params.alpha, (x) => Number.isFinite(x) && x >= 0, 'a finite number ≥ 0 (search space 1e-4..1e2, log scale)');
  const tol = range('tol', params.tol, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0');
  const maxIter = range('maxIter', params.maxIter, (x) => Number.isInteger(x) && x >= 1 && x <= 1e7, 'an integer in 1..1e7');
  if (C !== undefined) out.C = C;
  if (penalty !== undefined) out.penalty = penalty;
  if (alpha !== undefined) out.alpha = alpha;
  if (tol !== undefined) out.tol = tol;
  if (maxIter !== undefined) out.maxIter = maxIter;
  return out;
}

function checkMatrix(m: LinearMatrix): void {
  if (!(m?.data instanceof Float32Array) || !Number.isInteger(m.rows) || m.rows <= 0 || !Array.isArray(m.columns)) {
    throw new ModelError('ERR_MODEL_MATRIX_SHAPE', 'the matrix must be { data: Float32Array, rows: integer > 0, columns: string[] }');
  }
  if (m.data.length !== m.rows * m.columns.length) {
    throw new ModelError(
      'ERR_MODEL_MATRIX_SHAPE',
      `data holds ${m.data.length} values but rows × columns = ${m.rows} × ${m.columns.length}; pass a column-major matrix`,
    );
  }
}

/** Fit a linear model on `opts.trainRows` of a column-major matrix. */
export function trainLinear(
  matrix: LinearMatrix,
  label: Float32Array | Float64Array,
  params: LinearParams | Record<string, unknown>,
  opts: TrainLinearOptions,
): LinearModel {
  const p = validateLinearParams(params as Record<string, unknown>);
  checkMatrix(matrix);
  if (!(opts?.trainRows instanceof Uint32Array)) {
    throw new ModelError('ERR_PARAM_INVALID', 'opts.trainRows must be a Uint32Array of row indices');
  }
  if (!(label instanceof Float32Array || label instanceof Float64Array)) {
    throw new ModelError('ERR_PARAM_INVALID', 'label must be a Float32Array or Float64Array aligned with the matrix rows');
  }
  const maxIter = p.maxIter ?? (p.kind === 'lasso' ? 10_000 : 100);
  const state = callNative((b) =>
    b.linearFit(matrix.data, matrix.rows, [...matrix.columns], label, opts.trainRows, {
      kind: p.kind,
      penalty: p.penalty,
      c: p.C,
      alpha: p.alpha,
      tol: p.tol,
      maxIter,
    }),
  );
  const model = new LinearModel({
    kind: p.kind,
    params: p,
    columns: [...matrix.columns],
    mean: Array.from(state.mean),
    scale: Array.from(state.scale),
    coef: Array.from(state.coef),
    intercept: state.intercept,
    iterations: state.iterations ?? 0,
    converged: state.converged ?? true,
  });
  if (opts.validRows) {
    const pred = model.predict(matrix, opts.validRows);
    const y = Float64Array.from(opts.validRows, (r) => label[r]!);
    if (p.kind === 'logistic') model.validScore = { metric: 'auc', value: rocAuc(y, pred) };
    else {
      let ss = 0;
      for (let i = 0; i < y.length; i++) ss += (pred[i]! - y[i]!) ** 2;
      model.validScore = { metric: 'rmse', value: Math.sqrt(ss / y.length) };
    }
  }
  return model;
}

/** Serialised form of a `LinearModel` (`toJSON` / `fromJSON`). */
export interface LinearModelJSON {
  format: 'cryptotune-linear';
  version: 1;
  kind: LinearKind;
  params: LinearParams;
  columns: string[];
  /** Training mean and scale of each feature. */
  mean: number[];
  scale: number[];
  /** Weights on standardised features. */
  coef: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

/** A fitted linear model: its standardiser and its weights on standardised features. */
export class LinearModel {
  readonly family = 'linear';
  readonly kind: LinearKind;
  readonly params: LinearParams;
  readonly columns: readonly string[];
  readonly intercept: number;
  /** Newton steps or coordinate sweeps used. */
  readonly iterations: number;
  /** False when `maxIter` ran out before `tol` was met. */
  readonly converged: boolean;
  /** Score on `validRows` when training was given them. */
  validScore?: { metric: 'auc' | 'rmse'; value: number };
  private readonly state: Omit<LinearModelJSON, 'format' | 'version'>;

  constructor(state: Omit<LinearModelJSON, 'format' | 'version'>) {
    this.state = state;
    this.kind = state.kind;
    this.params = state.params;
    this.columns = state.columns;
    this.intercept = state.intercept;
    this.iterations = state.iterations;
    this.converged = state.converged;
  }

  /** Weight of each feature on the standardised scale (comparable across features). */
  get coefficients(): Record<string, number> {
    return Object.fromEntries(this.columns.map((c, j) => [c, this.state.coef[j]!]));
  }

  /** The same model on the original feature units (valid where no feature is missing). */
  unstandardised(): { intercept: number; coefficients: Record<string, number> } {
    const { mean, scale, coef } = this.state;
    const w = coef.map((c, j) => c / scale[j]!);
    const b = this.state.intercept - w.reduce((s, wj, j) => s + wj * mean[j]!, 0);
    return { intercept: b, coefficients: Object.fromEntries(this.columns.map((c, j) => [c, w[j]!])) };
  }

  /**
   * Predict `rows` (all rows when omitted) of a matrix holding the model's columns (by name, in
   * any order). Logistic models give probabilities of class 1, regressions their values.
   */
  predict(matrix: LinearMatrix, rows?: Uint32Array): Float32Array {
    checkMatrix(matrix);
    const index = new Map(matrix.columns.map((c, i) => [c, i]));
    const missing = this.columns.filter((c) => !index.has(c));
    if (missing.length) {
      throw new ModelError('ERR_MODEL_COLUMNS_MISMATCH', `the matrix lacks the model's columns ${missing.join(', ')}; predict on the features it was trained on`);
    }
    const columns = Uint32Array.from(this.columns, (c) => index.get(c)!);
    const s = this.state;
    return callNative((b) =>
      b.linearPredict(
        matrix.data,
        matrix.rows,
        columns,
        { kind: s.kind, mean: Float64Array.from(s.mean), scale: Float64Array.from(s.scale), coef: Float64Array.from(s.coef), intercept: s.intercept },
        rows,
      ),
    );
  }

  toJSON(): LinearModelJSON {
    return { format: 'cryptotune-linear', version: 1, ...this.state, columns: [...this.state.columns] };
  }

  static fromJSON(j: unknown): LinearModel {
    const o = (typeof j === 'string' ? JSON.parse(j) : j) as Partial<LinearModelJSON> | null;
    const bad = (why: string): never => {
      throw new ModelError('ERR_MODEL_JSON_INVALID', `not a cryptotune linear model: ${why}`);
    };
    if (!o || o.format !== 'cryptotune-linear') return bad('format is not "cryptotune-linear"');
    if (o.version !== 1) return bad(`version ${String(o.version)} is not supported (1)`);
    const params = validateLinearParams((o.params ?? {}) as Record<string, unknown>);
    const cols = o.columns;
    if (!Array.isArray(cols) || !cols.every((c) => typeof c === 'string')) return bad('columns must be strings');
    for (const key of ['mean', 'scale', 'coef'] as const) {
      const a = o[key];
      if (!Array.isArray(a) || a.length !== cols.length || !a.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        bad(`${key} must hold ${cols.length} finite numbers`);
      }
    }
    if (typeof o.intercept !== 'number' || !Number.isFinite(o.intercept)) return bad('intercept must be a finite number');
    return new LinearModel({
      kind: params.kind,
      params,
      columns: cols,
      mean: o.mean!,
      scale: o.scale!,
      coef: o.coef!,
      intercept: o.intercept,
      iterations: typeof o.iterations === 'number' ? o.iterations : 0,
      converged: o.converged !== false,
    });
  }
}
