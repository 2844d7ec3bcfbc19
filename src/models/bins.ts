/**
 * `Bins`: the u8 quantile bins of a feature matrix, built once per dataset and shared read-only by
 * every trial and worker. Column-major like the features (`data[c * rows + r]`); column c has
 * `valueBins(c)` value bins and its NaN bin is that index. The bounds let models route raw values.
 */
import { callNative } from '../native.js';
import { sharedUint8, toShared } from '../data/shared-array.js';

/** Plain object of shared arrays for `workerData`. */
export interface BinsHandle {
  data: Uint8Array;
  rows: number;
  columns: number;
  bounds: Float32Array;
  offsets: Uint32Array;
}

export class Bins {
  private constructor(
    readonly data: Uint8Array,
    readonly rows: number,
    readonly columns: number,
    /** Upper bound of each value bin; column c owns `bounds[offsets[c]..offsets[c+1]]`. */
    readonly bounds: Float32Array,
    readonly offsets: Uint32Array,
  ) {}

  /** Bin a column-major f32 matrix: at most `maxBins` (2..255) value bins per column, plus NaN. */
  static build(features: Float32Array, rows: number, maxBins = 255): Bins {
    const out = sharedUint8(features.length);
    const b = callNative((n) => n.binFeatures(features, rows, maxBins, out));
    return new Bins(out, rows, b.offsets.length - 1, toShared(b.bounds), toShared(b.offsets));
  }

  /** Number of value bins of column c (its NaN bin index). */
  valueBins(c: number): number {
    return this.offsets[c + 1]! - this.offsets[c]!;
  }

  /** Bytes held by the bins and their bounds. */
  get bytes(): number {
    return this.data.byteLength + this.bounds.byteLength + this.offsets.byteLength;
  }

  toHandle(): BinsHandle {
    return { data: this.data, rows: this.rows, columns: this.columns, bounds: this.bounds, offsets: this.offsets };
  }

  static fromHandle(h: BinsHandle): Bins {
    return new Bins(h.data, h.rows, h.columns, h.bounds, h.offsets);
  }
}
