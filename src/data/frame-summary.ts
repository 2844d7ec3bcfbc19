/** Time coverage of one asset in a Frame. */
export interface AssetSummary {
  asset: string;
  rows: number;
  /** First and last bar time, epoch ms. */
  start: number;
  end: number;
  /** Most common spacing between bars, ms. */
  intervalMs: number;
  /** Spacings larger than the interval (exchange outages, delistings, …). */
  gaps: number;
  /** Bars that would fill every gap. */
  missingBars: number;
  largestGapMs: number;
}

/** What a Frame holds: the numbers a user checks before training on it. */
export interface FrameSummary {
  rows: number;
  assets: number;
  start: number;
  end: number;
  /** ISO-8601 forms of start / end, for people. */
  startIso: string;
  endIso: string;
  /** Most common bar interval across assets, ms. */
  intervalMs: number;
  gaps: number;
  missingBars: number;
  columns: string[];
  /** Bytes held in shared buffers. */
  bytes: number;
  perAsset: AssetSummary[];
}
