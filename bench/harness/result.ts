/**
 * One bench case's result, printed as one JSON line:
 *   {"suite","case","unit","ours","peer","theirs","ratio", …}
 * `ratio` is how many times better ours is than the peer (higher is better), whichever way the
 * unit points. A peer that could not run has `theirs: null`, `ratio: null` and a `skipped` reason.
 */
export interface CaseResult {
  suite: string;
  case: string;
  unit: string;
  ours: number;
  peer: string | null;
  theirs: number | null;
  ratio: number | null;
  /** Whether a larger number is better for this unit (rows/s) or worse (ms). */
  higherIsBetter: boolean;
  goal?: string;
  skipped?: string;
  [extra: string]: unknown;
}

export interface CaseInput {
  suite: string;
  case: string;
  unit: string;
  ours: number;
  peer?: string | null;
  theirs?: number | null;
  higherIsBetter: boolean;
  goal?: string;
  skipped?: string;
  extra?: Record<string, unknown>;
}

function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const mag = Math.abs(x);
  const digits = mag >= 1000 ? 0 : mag >= 1 ? 3 : 6;
  return Number(x.toFixed(digits));
}

/** Build the result (computing the ratio) and print its JSON line to stdout. */
export function report(input: CaseInput): CaseResult {
  const theirs = input.theirs ?? null;
  let ratio: number | null = null;
  if (theirs !== null && theirs > 0 && input.ours > 0) {
    ratio = input.higherIsBetter ? input.ours / theirs : theirs / input.ours;
  }
  const result: CaseResult = {
    suite: input.suite,
    case: input.case,
    unit: input.unit,
    ours: round(input.ours),
    peer: input.peer ?? null,
    theirs: theirs === null ? null : round(theirs),
    ratio: ratio === null ? null : Number(ratio.toFixed(3)),
    higherIsBetter: input.higherIsBetter,
    ...(input.goal ? { goal: input.goal } : {}),
    ...(input.skipped ? { skipped: input.skipped } : {}),
    ...(input.extra ?? {}),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  return result;
}
