/**
 * The time axis a split cuts: the sorted union of every asset's timestamps. A boundary at step s
 * applies to all assets at once, so in a panel no asset's future leaks into another asset's past
 * the way a cut by row position would let it.
 */
import type { Frame } from '../data/frame.js';
import { sharedUint32 } from '../data/shared-array.js';

const cache = new WeakMap<Frame, TimeAxis>();

export class TimeAxis {
  /** Distinct timestamps of the frame, ascending (epoch ms; exact in f64). */
  readonly times: Float64Array;
  /** Step (index into `times`) of each row. Within an asset it strictly increases. */
  readonly stepOfRow: Uint32Array;
  /** Asset group offsets of the frame (rows of asset a are offsets[a]..offsets[a+1]). */
  readonly offsets: Uint32Array;

  private constructor(times: Float64Array, stepOfRow: Uint32Array, offsets: Uint32Array) {
    this.times = times;
    this.stepOfRow = stepOfRow;
    this.offsets = offsets;
  }

  /** The frame's axis, built once per frame (O(rows log rows)) and reused by every split. */
  static of(frame: Frame): TimeAxis {
    let axis = cache.get(frame);
    if (!axis) {
      axis = TimeAxis.build(frame.time, frame.offsets);
      cache.set(frame, axis);
    }
    return axis;
  }

  /** @internal */
  static build(time: BigInt64Array, offsets: Uint32Array): TimeAxis {
    const n = time.length;
    const all = new Float64Array(n);
    for (let i = 0; i < n; i++) all[i] = Number(time[i]!);
    all.sort();
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i]!;
    const times = all.slice(0, distinct);
    const stepOfRow = sharedUint32(n);
    // Each asset's rows are sorted by time, so one forward walk over the axis maps them.
    for (let a = 0; a + 1 < offsets.length; a++) {
      const end = offsets[a + 1]!;
      let s = offsets[a]! < end ? lowerBound(times, Number(time[offsets[a]!]!)) : 0;
      for (let r = offsets[a]!; r < end; r++) {
        const t = Number(time[r]!);
        while (times[s]! < t) s++;
        stepOfRow[r] = s;
      }
    }
    return new TimeAxis(times, stepOfRow, offsets);
  }

  /** Number of distinct time steps. */
  get steps(): number {
    return this.times.length;
  }

  /** First step whose time is ≥ `ms` (= `steps` when none is). */
  stepAtOrAfter(ms: number): number {
    return lowerBound(this.times, ms);
  }

  /** First row of asset `a` whose step is ≥ `step` (within the asset's row range). */
  firstRowAtOrAfter(a: number, step: number): number {
    let lo = this.offsets[a]!;
    let hi = this.offsets[a + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stepOfRow[mid]! < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
