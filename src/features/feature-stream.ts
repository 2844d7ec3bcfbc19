/**
 * Features chunk by chunk: every asset's indicator state lives in a native object between calls,
 * so feeding consecutive chunks of a series gives, bit for bit, the matrix of the whole series.
 * Assets are matched across chunks by name. Panel features need all assets at each time and are
 * not streamed (optional ones are skipped; required ones throw `ERR_FEATURE_STREAM_PANEL`).
 */
import { FeatureError } from '../errors.js';
import { callNative, type NativeBinding } from '../native.js';
import type { Frame } from '../data/frame.js';
import { FeaturePlan, nativeSpec, type FeatureSpec } from './feature-plan.js';
import { FeatureMatrix } from './feature-matrix.js';
import { barsOf, checkCloses } from './compute.js';

export class FeatureStream {
  readonly plan: FeaturePlan;
  private native?: InstanceType<NativeBinding['FeatureStream']>;
  private names: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(plan: FeaturePlan | readonly FeatureSpec[] | string) {
    this.plan = FeaturePlan.from(plan);
    const panel = this.plan.resolved.filter((r) => r.panel && !r.spec.optional);
    if (panel.length > 0) {
      throw new FeatureError(
        'ERR_FEATURE_STREAM_PANEL',
        `panel features (${panel.map((r) => r.spec.kind).join(', ')}) need every asset at each time and cannot be streamed; compute them in memory or mark them optional`,
      );
    }
  }

  /** Column names; fixed by the first chunk (optional specs it cannot feed are left out). */
  get columns(): string[] {
    return this.names;
  }

  /** Names of the assets seen so far; `assetCodes` of `push` index into it. */
  get assetNames(): string[] {
    return [...this.ids.keys()];
  }

  /** Fix the columns from the first chunk (no-op later); returns how many there are. */
  prepare(chunk: Frame): number {
    if (!this.native) {
      const applicable = this.plan.applicable(chunk).filter((r) => !r.panel);
      const specs = applicable.map((r) => nativeSpec(r.spec));
      this.names = applicable.flatMap((r) => r.names);
      this.native = callNative((b) => new b.FeatureStream(specs));
    }
    return this.names.length;
  }

  /** The stable code of each of the chunk's asset groups. */
  assetCodes(chunk: Frame): Uint32Array {
    const codes = new Uint32Array(chunk.assets);
    chunk.assetNames.forEach((name, i) => {
      if (!this.ids.has(name)) this.ids.set(name, this.ids.size);
      codes[i] = this.ids.get(name)!;
    });
    return codes;
  }

  /**
   * Features of the next chunk, its rows aligned with the chunk's. Each asset continues from its
   * state at the end of its previous chunk. `out` may be a reused buffer of at least
   * `columns × rows` values.
   */
  push(chunk: Frame, out?: Float32Array): FeatureMatrix {
    this.prepare(chunk);
    checkCloses(chunk);
    const n = chunk.rows;
    const size = this.names.length * n;
    const data = out ? out.subarray(0, size) : new Float32Array(new SharedArrayBuffer(size * 4));
    if (data.length !== size) throw new FeatureError('ERR_FEATURE_OUTPUT_SIZE', `the output buffer holds ${out!.length} values; this chunk needs ${size}`);
    const codes = this.assetCodes(chunk);
    callNative(() => this.native!.push(barsOf(chunk), chunk.offsets, codes, data));
    return new FeatureMatrix({ data, rows: n, columns: this.names, planHash: this.plan.hash });
  }
}
