/**
 * Fold rows from step ranges: for each asset (in Frame order) the rows whose step lies in a range
 * form one contiguous run, found by binary search, so the result is sorted without a sort. Rows
 * without a label, and rows whose label interval touches a purge window, are left out.
 */
import { sharedUint32 } from '../data/shared-array.js';
import type { LabelSpans } from './label-spans.js';
import type { TimeAxis } from './time-axis.js';

/** Steps [lo, hi). */
export interface StepRange {
  lo: number;
  hi: number;
}

/** Inclusive steps [from, to]: a row whose label interval [step, end] overlaps it is purged. */
export interface PurgeWindow {
  from: number;
  to: number;
}

/** Sorted rows of `ranges` (ascending, disjoint), on a SharedArrayBuffer so workers get them as is. */
export function selectRows(axis: TimeAxis, spans: LabelSpans, ranges: readonly StepRange[], purge: readonly PurgeWindow[] = []): Uint32Array {
  const keep = (r: number): boolean => {
    if (!spans.labelled(r)) return false;
    if (purge.length === 0) return true;
    const s = axis.stepOfRow[r]!;
    const e = spans.end(r);
    for (const w of purge) if (s <= w.to && e >= w.from) return false;
    return true;
  };
  const visit = (each: (r: number) => void): void => {
    for (let a = 0; a + 1 < axis.offsets.length; a++) {
      for (const { lo, hi } of ranges) {
        if (hi <= lo) continue;
        const stop = axis.firstRowAtOrAfter(a, hi);
        for (let r = axis.firstRowAtOrAfter(a, lo); r < stop; r++) if (keep(r)) each(r);
      }
    }
  };
  let count = 0;
  visit(() => count++);
  const out = sharedUint32(count);
  let i = 0;
  visit((r) => (out[i++] = r));
  return out;
}

/** The purge window of a test block [lo, hi): from its first step to its last label's end plus the embargo. */
export function purgeWindow(spans: LabelSpans, block: StepRange, embargo: number): PurgeWindow {
  return { from: block.lo, to: spans.blockEnd(block.lo, block.hi) + embargo };
}

/** `count` contiguous groups of steps covering [0, steps), sizes differing by at most one (larger first). */
export function stepGroups(steps: number, count: number): StepRange[] {
  const base = Math.floor(steps / count);
  const extra = steps % count;
  const out: StepRange[] = [];
  let lo = 0;
  for (let g = 0; g < count; g++) {
    const hi = lo + base + (g < extra ? 1 : 0);
    out.push({ lo, hi });
    lo = hi;
  }
  return out;
}

/** The complement of sorted disjoint `blocks` within [0, steps). */
export function complementRanges(steps: number, blocks: readonly StepRange[]): StepRange[] {
  const out: StepRange[] = [];
  let lo = 0;
  for (const b of blocks) {
    if (b.lo > lo) out.push({ lo, hi: b.lo });
    lo = Math.max(lo, b.hi);
  }
  if (lo < steps) out.push({ lo, hi: steps });
  return out;
}
