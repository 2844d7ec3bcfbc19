/**
 * `Dataset`: a feature matrix, its label and its bins. Built once; every trial trains on row
 * subsets of it (folds) and workers rebuild it from `toHandle()` without copying.
 */
import { ModelError } from '../errors.js';
import { sharedFloat32, toShared } from '../data/shared-array.js';
import { Bins, type BinsHandle } from './bins.js';

/** Anything shaped like a FeatureMatrix: column-major f32 data, rows, column names. */
export interface MatrixLike {
  data: Float32Array;
  rows: number;
  columns: string[];
}

export interface DatasetOptions {
  /** Value bins per column, 2..255 (default 255); one more bin holds NaN. */
  maxBins?: number;
}

/** Shared arrays and names, for `workerData`. */
export interface DatasetHandle {
  features: Float32Array;
  rows: number;
  columns: string[];
  label: Float32Array;
  bins: BinsHandle;
}

export class Dataset {
  private constructor(
    /** Raw features, column-major (`features[c * rows + r]`). */
    readonly features: Float32Array,
    readonly rows: number,
    readonly columns: string[],
    /** One label per row; NaN where undefined (training refuses such rows in a fold). */
    readonly label: Float32Array,
    readonly bins: Bins,
  ) {}

  /**
   * Bin `features` and attach `label`. Throws `ERR_MODEL_NO_FEATURES` for zero columns,
   * `ERR_MODEL_LENGTH_MISMATCH` when data, rows, columns and label disagree, `ERR_BIN_MAX_BINS`
   * when maxBins is outside [2, 255].
   */
  static from(features: MatrixLike, label: Float32Array | Float64Array, opts: DatasetOptions = {}): Dataset {
    const { data, rows, columns } = features;
    if (!Number.isInteger(rows) || rows <= 0) {
      throw new ModelError('ERR_MODEL_NO_ROWS', `a dataset needs at least one row, got rows = ${rows}`);
    }
    if (columns.length === 0) {
      throw new ModelError('ERR_MODEL_NO_FEATURES', 'the feature matrix has zero columns; add at least one feature');
    }
    if (data.length !== rows * columns.length) {
      throw new ModelError(
        'ERR_MODEL_LENGTH_MISMATCH',
        `feature data has ${data.length} values but rows × columns = ${rows} × ${columns.length}; pass a column-major matrix`,
      );
    }
    if (label.length !== rows) {
      throw new ModelError('ERR_MODEL_LENGTH_MISMATCH', `label has ${label.length} values but the matrix has ${rows} rows; pass one label per row`);
    }
    const maxBins = opts.maxBins ?? 255;
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
      throw new ModelError(
        'ERR_BIN_MAX_BINS',
        `maxBins must be an integer in [2, 255] (bins are bytes, one value is kept for NaN), got ${maxBins}`,
        { allowed: [2, 255] },
      );
    }
    const feats = toShared(data);
    let lab: Float32Array;
    if (label instanceof Float32Array) lab = toShared(label);
    else {
      lab = sharedFloat32(rows);
      lab.set(label);
    }
    return new Dataset(feats, rows, [...columns], lab, Bins.build(feats, rows, maxBins));
  }

  /** The labels of `rows`, in their order (a plain loop: `Float32Array.from` with a map is ~50× slower). */
  labelsOf(rows: Uint32Array): Float32Array {
    const out = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.label[rows[i]!]!;
    return out;
  }

  toHandle(): DatasetHandle {
    return { features: this.features, rows: this.rows, columns: this.columns, label: this.label, bins: this.bins.toHandle() };
  }

  static fromHandle(h: DatasetHandle): Dataset {
    return new Dataset(h.features, h.rows, h.columns, h.label, Bins.fromHandle(h.bins));
  }
}
