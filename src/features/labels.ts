/**
 * Targets and labels per asset, computed natively: values on a SharedArrayBuffer (NaN where the
 * horizon runs past the asset's end) and each label's end row (the last row it looks at; −1 where
 * undefined), which purged splits need.
 */
import { callNative } from '../native.js';
import type { Frame } from '../data/frame.js';
import { sharedFloat32 } from '../data/shared-array.js';

export type LabelKind = 'forwardReturn' | 'highReturn' | 'direction' | 'returnBins' | 'tripleBarrier';

export interface LabelSpec {
  kind: LabelKind;
  /** Bars ahead (for tripleBarrier: the time barrier). */
  horizon: number;
  /** highReturn (default 1 = +100 %) and direction (default 0): label is 1 when the forward return exceeds it. */
  threshold?: number;
  /** returnBins: strictly increasing return edges; the label is the index of the bin. */
  bins?: number[];
  /** tripleBarrier: upper barrier at +profitTake·σ·√horizon in log return (default 1). */
  profitTake?: number;
  /** tripleBarrier: lower barrier at −stopLoss·σ·√horizon (default 1). */
  stopLoss?: number;
  /** tripleBarrier: bars of 1-bar log returns σ is the sample std of, ending at t (default 20). */
  volWindow?: number;
}

export interface Labels {
  values: Float32Array;
  endRow: Int32Array;
  spec: LabelSpec;
}

/**
 * Labels for each frame row. forwardReturn: `close[t+h]/close[t] − 1`; highReturn / direction:
 * 1 when it exceeds `threshold`, else 0; returnBins: bin index; tripleBarrier: +1 / −1 for the
 * barrier hit first, 0 at the time barrier. Bad specs throw `ERR_TARGET_KIND`,
 * `ERR_TARGET_HORIZON` or `ERR_TARGET_PARAM`.
 */
export function computeLabels(frame: Frame, spec: LabelSpec): Labels {
  const values = sharedFloat32(frame.rows);
  const endRow = new Int32Array(new SharedArrayBuffer(frame.rows * 4));
  callNative((b) => b.computeLabels(nativeLabelSpec(spec), frame.close, frame.offsets, values, endRow));
  return { values, endRow, spec };
}

function nativeLabelSpec(s: LabelSpec) {
  return {
    kind: String(s.kind),
    horizon: Number(s.horizon),
    threshold: s.threshold,
    bins: s.bins,
    profitTake: s.profitTake,
    stopLoss: s.stopLoss,
    volWindow: s.volWindow,
  };
}
