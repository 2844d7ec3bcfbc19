/**
 * `Model`: a trained tree ensemble. Flat arrays in Rust; predicts in batches from raw f32
 * features (or from the training bins), saves as JSON or compact bytes, reports gain and
 * split-count importance by column name.
 */
import { ModelError } from '../errors.js';
import { callNative, type NativeBinding } from '../native.js';
import type { Dataset, MatrixLike } from './dataset.js';
import { logLoss, prAuc, rocAuc, thresholdMetrics } from './metrics.js';
import type { Objective, TreeFamily } from './tree-families.js';

type NativeModel = InstanceType<NativeBinding['GbdtModel']>;
type NativeParts = ReturnType<NativeModel['parts']>;

/** JSON form: family, columns and the flat node arrays as plain number arrays. */
export interface ModelJSON {
  format: 'cryptotune-gbdt';
  version: 1;
  family: TreeFamily;
  columns: string[];
  objective: Objective;
  baseScore: number;
  bestRound: number;
  valueBins: number[];
  treeOffsets: number[];
  feature: number[];
  bin: number[];
  threshold: number[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
  count: number[];
}

/** Metrics `Model.score` computes: ranking and probability metrics, metrics at a threshold, RMSE. */
export type ScoreMetric = 'auc' | 'prAuc' | 'logloss' | 'accuracy' | 'balancedAccuracy' | 'precision' | 'recall' | 'f1' | 'rmse';

const BINARY_METRICS: readonly ScoreMetric[] = ['auc', 'prAuc', 'logloss', 'accuracy', 'balancedAccuracy', 'precision', 'recall', 'f1'];

export interface ScoreOptions {
  /** Threshold on the probability for accuracy, balanced accuracy, precision, recall and F1 (default 0.5). */
  threshold?: number;
}

export interface PredictOptions {
  /** Margins (log-odds) instead of probabilities for binary models. */
  rawScore?: boolean;
}

const ARRAYS = ['valueBins', 'treeOffsets', 'feature', 'bin', 'threshold', 'defaultLeft', 'left', 'right', 'value', 'gain', 'count'] as const;
const CTORS = {
  valueBins: Uint16Array,
  treeOffsets: Uint32Array,
  feature: Int32Array,
  bin: Uint8Array,
  threshold: Float32Array,
  defaultLeft: Uint8Array,
  left: Uint32Array,
  right: Uint32Array,
  value: Float32Array,
  gain: Float32Array,
  count: Uint32Array,
} as const;

export class Model {
  /** @internal use `train`, `fromJSON` or `fromBytes`. */
  constructor(
    private readonly native: NativeModel,
    readonly family: TreeFamily,
    readonly columns: string[],
  ) {}

  /** Trees kept: the best round under early stopping, else every round trained. */
  get bestRound(): number {
    return this.native.nTrees;
  }

  get nTrees(): number {
    return this.native.nTrees;
  }

  /**
   * Scores of `rows` (all rows when omitted) of a Dataset or feature matrix with the model's
   * columns: probabilities for binary models, values for regression.
   */
  predict(data: Dataset | MatrixLike, rows?: Uint32Array, opts: PredictOptions = {}): Float32Array {
    const features = 'features' in data ? data.features : data.data;
    if (data.columns.length !== this.columns.length || data.columns.some((c, i) => c !== this.columns[i])) {
      throw new ModelError(
        'ERR_MODEL_COLUMNS',
        `the model was trained on ${this.columns.length} columns [${this.columns.slice(0, 5).join(', ')}…]; the data has ${data.columns.length} [${data.columns.slice(0, 5).join(', ')}…] — compute the same feature plan`,
      );
    }
    return callNative(() => this.native.predictRaw(features, data.rows, rows, opts.rawScore ?? false));
  }

  /**
   * Score the model on `rows` of a dataset (all rows when omitted) against the dataset's label,
   * with the Rust metrics of `metrics.ts`. The metric defaults to `auc` for binary models and
   * `rmse` for regression; binary metrics on a regression model (and `rmse` on a binary one)
   * throw `ERR_MODEL_METRIC`. Metrics refuse NaN labels (`ERR_METRIC_*`): pass fold rows, which
   * exclude rows whose label is undefined.
   */
  score(dataset: Dataset, rows?: Uint32Array, metric?: ScoreMetric, opts: ScoreOptions = {}): number {
    const objective = this.native.objective as Objective;
    const m = metric ?? (objective === 'binary' ? 'auc' : 'rmse');
    const fits = objective === 'binary' ? BINARY_METRICS.includes(m) : m === 'rmse';
    if (!fits) {
      const allowed = objective === 'binary' ? BINARY_METRICS.join(', ') : 'rmse';
      throw new ModelError('ERR_MODEL_METRIC', `metric '${String(m)}' does not apply to a ${objective} model; use one of ${allowed}`, { allowed });
    }
    const pred = this.predict(dataset, rows);
    const y = rows ? dataset.labelsOf(rows) : dataset.label;
    switch (m) {
      case 'auc':
        return rocAuc(y, pred);
      case 'prAuc':
        return prAuc(y, pred);
      case 'logloss':
        return logLoss(y, pred);
      case 'rmse': {
        let s = 0;
        for (let i = 0; i < pred.length; i++) s += (pred[i]! - y[i]!) ** 2;
        return Math.sqrt(s / pred.length);
      }
      default:
        return thresholdMetrics(y, pred, opts.threshold === undefined ? {} : { threshold: opts.threshold })[m];
    }
  }

  /** Predict from the dataset's bins (the dataset the model was trained on, or one binned with its bounds). */
  predictBins(dataset: Dataset, rows?: Uint32Array, opts: PredictOptions = {}): Float32Array {
    return callNative(() => this.native.predictBins(dataset.bins.data, dataset.rows, rows, opts.rawScore ?? false));
  }

  /** Importance per column: total split gain (`gain`) or number of splits (`split`). */
  importance(kind: 'gain' | 'split' = 'gain'): Record<string, number> {
    const v = callNative(() => this.native.importance(kind));
    return Object.fromEntries(this.columns.map((c, i) => [c, v[i]!]));
  }

  toJSON(): ModelJSON {
    const p = this.native.parts();
    const out: Record<string, unknown> = {
      format: 'cryptotune-gbdt',
      version: 1,
      family: this.family,
      columns: this.columns,
      objective: p.objective as Objective,
      baseScore: p.baseScore,
      bestRound: p.bestRound,
    };
    for (const k of ARRAYS) out[k] = Array.from(p[k] as ArrayLike<number>);
    return out as unknown as ModelJSON;
  }

  /** Rebuild from `toJSON()` output; `ERR_MODEL_CORRUPT` when it is not a valid model. */
  static fromJSON(j: ModelJSON | string): Model {
    const o = (typeof j === 'string' ? JSON.parse(j) : j) as ModelJSON;
    if (!o || o.format !== 'cryptotune-gbdt' || !Array.isArray(o.columns)) {
      throw new ModelError('ERR_MODEL_CORRUPT', 'not a cryptotune tree model (format must be "cryptotune-gbdt"); save it with model.toJSON()');
    }
    const parts: Record<string, unknown> = {
      objective: o.objective,
      baseScore: o.baseScore,
      nFeatures: o.columns.length,
      bestRound: o.bestRound,
    };
    for (const k of ARRAYS) {
      if (!Array.isArray(o[k])) throw new ModelError('ERR_MODEL_CORRUPT', `model JSON lacks the '${k}' array`);
      parts[k] = CTORS[k].from(o[k]);
    }
    const native = callNative((b) => b.GbdtModel.fromParts(parts as unknown as NativeParts));
    return new Model(native, o.family, o.columns);
  }

  /** Compact bytes: a small JSON header (family, columns) followed by the core's binary model. */
  toBytes(): Uint8Array {
    const header = new TextEncoder().encode(JSON.stringify({ family: this.family, columns: this.columns }));
    const core = this.native.toBytes();
    const out = new Uint8Array(4 + header.length + core.length);
    new DataView(out.buffer).setUint32(0, header.length, true);
    out.set(header, 4);
    out.set(core, 4 + header.length);
    return out;
  }

  static fromBytes(b: Uint8Array): Model {
    if (b.length < 4) throw new ModelError('ERR_MODEL_CORRUPT', 'model bytes are truncated');
    const n = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0, true);
    if (4 + n > b.length) throw new ModelError('ERR_MODEL_CORRUPT', 'model bytes are truncated');
    let header: { family: TreeFamily; columns: string[] };
    try {
      header = JSON.parse(new TextDecoder().decode(b.subarray(4, 4 + n)));
    } catch (cause) {
      throw new ModelError('ERR_MODEL_CORRUPT', 'model bytes have an unreadable header; save the model again with toBytes()', {}, { cause });
    }
    const native = callNative((x) => x.GbdtModel.fromBytes(b.subarray(4 + n)));
    return new Model(native, header.family, header.columns);
  }
}
