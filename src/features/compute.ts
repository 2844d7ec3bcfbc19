/**
 * computeFeatures: the plan's per-asset features in fused native passes (one per run of
 * consecutive per-asset specs, each asset walked once) and its panel features per time step,
 * written straight into one shared f32 column-major matrix.
 */
import { FeatureError } from '../errors.js';
import { callNative } from '../native.js';
import type { Frame } from '../data/frame.js';
import { sharedFloat32, sharedUint32 } from '../data/shared-array.js';
import { FeaturePlan, nativeSpec, type FeatureSpec, type ResolvedSpec } from './feature-plan.js';
import { FeatureMatrix } from './feature-matrix.js';
import { computePanelFeature, panelColumnNames } from './panel-features.js';

export interface ComputeFeaturesOptions {
  /** Drop each asset's first `plan.warmup()` rows (where some feature is still NaN); `rowIndex` maps rows back. */
  dropWarmup?: boolean;
  /**
   * A caller's matrix buffer to write into instead of allocating one: a Float32Array on a
   * SharedArrayBuffer of exactly `columns × rows` values (e.g. the `data` of a previous result of
   * the same plan and frame size). Reusing it skips allocating and first-touching the pages.
   */
  out?: Float32Array;
}

/** The price columns of a frame as the native engine borrows them. */
export function barsOf(frame: Frame) {
  return { time: frame.time, open: frame.open, high: frame.high, low: frame.low, close: frame.close, volume: frame.volume };
}

/** Refuse assets whose close is all NaN: every feature would be NaN. */
export function checkCloses(frame: Frame): void {
  for (let a = 0; a < frame.assets; a++) {
    const { start, end } = frame.assetRange(a);
    if (end === start) continue;
    let r = start;
    while (r < end && Number.isNaN(frame.close[r]!)) r++;
    if (r === end) {
      throw new FeatureError('ERR_FEATURE_ALL_NAN', `asset '${frame.assetNames[a]}' has no close value that is a number; drop it or fix its data`, { column: 'close', asset: frame.assetNames[a] });
    }
  }
}

function checkPeriods(frame: Frame, specs: ResolvedSpec[]): void {
  let longest = 0;
  for (let a = 0; a < frame.assets; a++) longest = Math.max(longest, frame.offsets[a + 1]! - frame.offsets[a]!);
  for (const r of specs) {
    const need = r.panel ? (r.spec.period ?? 0) : r.warmup + 1;
    if (need > longest) {
      throw new FeatureError(
        'ERR_FEATURE_PERIOD_TOO_LONG',
        `feature '${r.spec.kind}' (${JSON.stringify(r.spec)}) needs ${need} rows but the longest asset has ${longest}; use a shorter period or more data`,
        { kind: r.spec.kind },
      );
    }
  }
}

/**
 * Compute a plan's features over a frame. Returns a FeatureMatrix on a SharedArrayBuffer whose
 * rows align with the frame's (or, with `dropWarmup`, the rows listed in `rowIndex`). Warm-up
 * rows are NaN. Every value at row t uses only rows ≤ t of its asset (panel features: rows of any
 * asset at times ≤ t).
 */
export function computeFeatures(frame: Frame, plan: FeaturePlan | readonly FeatureSpec[] | string, opts: ComputeFeaturesOptions = {}): FeatureMatrix {
  const p = FeaturePlan.from(plan);
  const specs = p.applicable(frame);
  const columns = p.columnNames(frame);
  if (frame.rows === 0) throw new FeatureError('ERR_FEATURE_EMPTY_FRAME', 'the frame has no rows to compute features on');
  checkCloses(frame);
  checkPeriods(frame, specs);
  const rows = frame.rows;
  const data = opts.out ? checkOut(opts.out, columns.length, rows) : sharedFloat32(columns.length * rows);
  const bars = barsOf(frame);
  let col = 0;
  for (let i = 0; i < specs.length; ) {
    if (specs[i]!.panel) {
      const s = specs[i]!.spec;
      const w = panelColumnNames(s, frame).length;
      computePanelFeature(s, frame, data.subarray(col * rows, (col + w) * rows));
      col += w;
      i++;
      continue;
    }
    let j = i;
    let w = 0;
    while (j < specs.length && !specs[j]!.panel) w += specs[j++]!.names.length;
    const run = specs.slice(i, j).map((r) => nativeSpec(r.spec));
    callNative((b) => b.computeFeatures(run, bars, frame.offsets, data.subarray(col * rows, (col + w) * rows)));
    col += w;
    i = j;
  }
  const matrix = new FeatureMatrix({ data, rows, columns, planHash: p.hash });
  return opts.dropWarmup ? dropWarmupRows(matrix, frame, p.warmup(frame)) : matrix;
}

function checkOut(out: Float32Array, columns: number, rows: number): Float32Array {
  if (!(out instanceof Float32Array) || !(out.buffer instanceof SharedArrayBuffer)) {
    throw new FeatureError('ERR_FEATURE_OUTPUT_SIZE', 'out must be a Float32Array on a SharedArrayBuffer; allocate it with new Float32Array(new SharedArrayBuffer(columns * rows * 4))');
  }
  if (out.length !== columns * rows) {
    throw new FeatureError('ERR_FEATURE_OUTPUT_SIZE', `out holds ${out.length} values; ${columns} columns × ${rows} rows need ${columns * rows}`);
  }
  return out;
}

function dropWarmupRows(m: FeatureMatrix, frame: Frame, warmup: number): FeatureMatrix {
  let kept = 0;
  for (let a = 0; a < frame.assets; a++) kept += Math.max(0, frame.offsets[a + 1]! - frame.offsets[a]! - warmup);
  const rowIndex = sharedUint32(kept);
  let k = 0;
  for (let a = 0; a < frame.assets; a++) for (let r = frame.offsets[a]! + warmup; r < frame.offsets[a + 1]!; r++) rowIndex[k++] = r;
  const data = sharedFloat32(m.columns.length * kept);
  for (let c = 0; c < m.columns.length; c++) {
    const src = m.data.subarray(c * m.rows, (c + 1) * m.rows);
    const dst = data.subarray(c * kept, (c + 1) * kept);
    for (let i = 0; i < kept; i++) dst[i] = src[rowIndex[i]!]!;
  }
  return new FeatureMatrix({ data, rows: kept, columns: m.columns, rowIndex, ...(m.planHash ? { planHash: m.planHash } : {}) });
}
