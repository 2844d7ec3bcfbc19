/**
 * Who is in a parameter's bad (above) group and with which age rank — the bookkeeping the
 * incremental bad-group estimators share. Members are finished trials that have the parameter and
 * are not in the good group; ranks follow trial numbers. New finished trials with numbers above
 * every member append with the next rank; anything else (the good group changed, a trial finished
 * out of order) shifts ranks, so `fresh` answers null and the caller rebuilds.
 */
import type { FrozenTrial } from '../frozen-trial.js';
import { FINISHED, type ParamColumn } from './tpe-observations.js';

export class BadGroupMembers {
  private key = '';
  private belowKey = '';
  /** highest member number (−1: nothing built yet) */
  maxNumber = -1;
  /** finished trials (in ingest order) already looked at */
  private seen = 0;
  /** number of members */
  count = 0;
  /** age rank by trial number, −1 for non-members */
  rank: Int32Array = new Int32Array(0);
  /** trial number by age rank */
  byRank: Int32Array = new Int32Array(0);

  constructor(private readonly col: ParamColumn) {}

  /** Trials that joined since the last call, ascending; null when ranks would shift (rebuild). */
  fresh(finished: readonly FrozenTrial[], below: Uint8Array, belowKey: string, key: string): number[] | null {
    if (key !== this.key || belowKey !== this.belowKey || this.maxNumber < 0) return null;
    const col = this.col;
    const out: number[] = [];
    for (let i = this.seen; i < finished.length; i++) {
      const n = finished[i]!.number;
      if (n >= col.has.length || col.has[n] !== 1 || below[n] === 1) continue;
      if (n <= this.maxNumber) return null;
      out.push(n);
    }
    this.seen = finished.length;
    return out.sort((x, y) => x - y);
  }

  /** Forget everything; `rebuild` then appends every member in number order. */
  reset(finished: readonly FrozenTrial[], flags: Uint8Array, belowKey: string, key: string): void {
    this.key = key;
    this.belowKey = belowKey;
    this.seen = finished.length;
    this.count = 0;
    this.maxNumber = -1;
    const size = Math.max(flags.length, this.col.has.length);
    this.rank = new Int32Array(size).fill(-1);
    this.byRank = new Int32Array(size);
  }

  /** Every current member in number order. */
  members(flags: Uint8Array, below: Uint8Array): number[] {
    const col = this.col;
    const out: number[] = [];
    const limit = Math.min(flags.length, col.has.length);
    for (let n = 0; n < limit; n++) if (col.has[n] === 1 && below[n] !== 1 && flags[n] === FINISHED) out.push(n);
    return out;
  }

  /** Add member n with the next age rank; returns the rank. */
  append(n: number): number {
    if (this.rank.length <= n) {
      const cap = Math.max(n + 1, this.rank.length * 2);
      const rank = new Int32Array(cap).fill(-1);
      rank.set(this.rank);
      this.rank = rank;
      const byRank = new Int32Array(cap);
      byRank.set(this.byRank);
      this.byRank = byRank;
    }
    const r = this.count++;
    this.rank[n] = r;
    this.byRank[r] = n;
    this.maxNumber = n;
    return r;
  }
}

/** Optuna's ramp weight of age rank r among `count` members: 1 for the 25 newest, else linear from 1/count. */
export function rampWeights(count: number): { ramp: number; alpha: number; beta: number } {
  const ramp = count - 25;
  return { ramp, alpha: 1 / count, beta: ramp > 1 ? (1 - 1 / count) / (ramp - 1) : 0 };
}
