/**
 * The feature matrix: f32, column-major (`data[c * rows + r]`) on a SharedArrayBuffer, with its
 * column names. Rows align with the Frame's rows unless warm-up rows were dropped, in which case
 * `rowIndex` maps each matrix row to its frame row.
 */
import { FeatureError } from '../errors.js';

/** Plain, structured-clone-friendly form of a FeatureMatrix for `workerData` (no copy). */
export interface FeatureMatrixHandle {
  data: Float32Array;
  rows: number;
  columns: string[];
  rowIndex?: Uint32Array;
  planHash?: string;
}

export class FeatureMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly columns: string[];
  /** Frame row of each matrix row, when warm-up rows were dropped. */
  readonly rowIndex?: Uint32Array;
  /** Hash of the plan that produced the matrix. */
  readonly planHash?: string;
  private readonly index: Map<string, number>;

  constructor(h: FeatureMatrixHandle) {
    if (h.data.length !== h.rows * h.columns.length) {
      throw new FeatureError('ERR_FEATURE_OUTPUT_SIZE', `matrix data holds ${h.data.length} values, not ${h.columns.length} columns × ${h.rows} rows`);
    }
    this.data = h.data;
    this.rows = h.rows;
    this.columns = h.columns;
    if (h.rowIndex) this.rowIndex = h.rowIndex;
    if (h.planHash) this.planHash = h.planHash;
    this.index = new Map(h.columns.map((c, i) => [c, i]));
  }

  /** One column as a subarray view (no copy). */
  column(name: string): Float32Array {
    const i = this.index.get(name);
    if (i === undefined) {
      throw new FeatureError('ERR_FEATURE_COLUMN_UNKNOWN', `no feature column '${name}'; columns: ${this.columns.join(', ')}`, { column: name });
    }
    return this.data.subarray(i * this.rows, (i + 1) * this.rows);
  }

  toHandle(): FeatureMatrixHandle {
    return featureMatrixToHandle(this);
  }
}

export function featureMatrixToHandle(m: FeatureMatrix): FeatureMatrixHandle {
  const h: FeatureMatrixHandle = { data: m.data, rows: m.rows, columns: m.columns };
  if (m.rowIndex) h.rowIndex = m.rowIndex;
  if (m.planHash) h.planHash = m.planHash;
  return h;
}

export function featureMatrixFromHandle(h: FeatureMatrixHandle): FeatureMatrix {
  return new FeatureMatrix(h);
}
