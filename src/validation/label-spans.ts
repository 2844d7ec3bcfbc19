/**
 * Each row's label interval on the time axis: the label at row r is known at step(r) and looks up
 * to step(endRow[r]). Purging drops a training row whose interval reaches into a test period; the
 * leakage guard compares the longest interval (the horizon) with a split's gap.
 */
import { ValidationError } from '../errors.js';
import type { TimeAxis } from './time-axis.js';

/**
 * What splits need from labels (the features module's `Labels` fits): a value per row (NaN where
 * undefined) and the last row each label looks at (-1 where undefined), both aligned with Frame rows.
 */
export interface LabelIntervals {
  values: ArrayLike<number>;
  endRow: Int32Array;
}

export class LabelSpans {
  /** Longest label interval, in time steps. */
  readonly horizon: number;

  private constructor(
    private readonly axis: TimeAxis,
    /** End step of each row's label, -1 where the label is undefined; null in horizon-only mode. */
    private readonly endStep: Int32Array | null,
    horizon: number,
  ) {
    this.horizon = horizon;
  }

  /** From real labels: checks lengths and that each label ends at or after its row, inside its asset. */
  static fromLabels(axis: TimeAxis, labels: LabelIntervals): LabelSpans {
    const n = axis.stepOfRow.length;
    if (!labels || !(labels.endRow instanceof Int32Array) || labels.values?.length !== n || labels.endRow.length !== n) {
      throw new ValidationError(
        'ERR_SPLIT_LABELS',
        `labels must hold one value and one endRow (Int32Array) per frame row (${n}); got ${labels?.values?.length} values and ${labels?.endRow?.length} endRows — compute them with computeLabels(frame, spec) on the same frame`,
      );
    }
    const endStep = new Int32Array(n);
    let horizon = 0;
    const { offsets, stepOfRow } = axis;
    for (let a = 0; a + 1 < offsets.length; a++) {
      const end = offsets[a + 1]!;
      for (let r = offsets[a]!; r < end; r++) {
        const e = labels.endRow[r]!;
        if (e === -1 || Number.isNaN(labels.values[r]!)) {
          endStep[r] = -1;
          continue;
        }
        if (e < r || e >= end) {
          throw new ValidationError('ERR_SPLIT_LABELS', `label of row ${r} ends at row ${e}, outside its own asset's rows ${r}..${end - 1}; a label must end at or after its row, in the same asset`, { row: r });
        }
        const s = stepOfRow[e]!;
        endStep[r] = s;
        if (s - stepOfRow[r]! > horizon) horizon = s - stepOfRow[r]!;
      }
    }
    return new LabelSpans(axis, endStep, horizon);
  }

  /** Without labels: every row's label is taken to look `horizon` steps ahead. */
  static fromHorizon(axis: TimeAxis, horizon: number): LabelSpans {
    return new LabelSpans(axis, null, horizon);
  }

  /** Whether row `r` has a label (rows without one are left out of every fold). */
  labelled(r: number): boolean {
    return this.endStep === null || this.endStep[r]! >= 0;
  }

  /** Step at which row r's label ends. */
  end(r: number): number {
    return this.endStep === null ? Math.min(this.axis.stepOfRow[r]! + this.horizon, this.axis.steps - 1) : this.endStep[r]!;
  }

  /** Last step at which some row has a label (-1 when none has). */
  lastLabelledStep(): number {
    if (this.endStep === null) return this.axis.steps - 1;
    let last = -1;
    const { offsets, stepOfRow } = this.axis;
    for (let a = 0; a + 1 < offsets.length; a++) {
      for (let r = offsets[a + 1]! - 1; r >= offsets[a]!; r--) {
        if (this.endStep[r]! >= 0) {
          if (stepOfRow[r]! > last) last = stepOfRow[r]!;
          break;
        }
      }
    }
    return last;
  }

  /** Last step any label of a row in steps [lo, hi) looks at (hi − 1 when none looks further). */
  blockEnd(lo: number, hi: number): number {
    if (this.endStep === null) return Math.min(hi - 1 + this.horizon, this.axis.steps - 1);
    let last = hi - 1;
    const { offsets } = this.axis;
    for (let a = 0; a + 1 < offsets.length; a++) {
      const stop = this.axis.firstRowAtOrAfter(a, hi);
      for (let r = this.axis.firstRowAtOrAfter(a, lo); r < stop; r++) if (this.endStep[r]! > last) last = this.endStep[r]!;
    }
    return last;
  }
}
