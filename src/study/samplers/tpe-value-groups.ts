/**
 * The bad (above) group of a discrete or categorical parameter, kept across asks as one record per
 * distinct value: how many bad-group trials took it, the sum of their age ranks, and its oldest and
 * newest trial. With Optuna's ramp weights w_r = α + β·r (1 for the 25 newest), a value's total
 * weight is α·count + β·Σrank plus a correction for its newest members, so an ask costs O(distinct
 * values + 25) instead of O(trials).
 *
 * For a numeric parameter the kernels follow from the same records: in value order (ties by trial
 * number) the oldest trial of a value has the gap to the previous value as bandwidth, the newest
 * the gap to the next value, and every one in between a zero gap (clipped to σ_min) — so each value
 * contributes at most three kernels, exactly the merged kernels the full rebuild produces.
 * Rank shifts (a new good trial pushing an old one back, out-of-order finishes) make the caller
 * rebuild, as for continuous parameters (tpe-bad-group.ts).
 */
import type { FrozenTrial } from '../frozen-trial.js';
import { kernelLogZ, type NumericBounds } from './parzen-estimator.js';
import { BadGroupMembers, rampWeights } from './tpe-bad-members.js';
import type { ParamColumn } from './tpe-observations.js';

interface ValueRecord {
  value: number;
  count: number;
  sumRank: number;
  first: number;
  last: number;
  /** the σ and log Z last used by each of the value's (up to) three kernels: oldest, in between, newest */
  z: Float64Array;
}

/** The kernels being built for one ask. */
interface KernelList {
  mus: Float64Array;
  sigmas: Float64Array;
  weights: Float64Array;
  logZ: Float64Array;
  k: number;
}

const OLDEST = 0;
const BETWEEN = 1;
const NEWEST = 2;

function clip(s: number, sMin: number, sMax: number): number {
  return Math.min(Math.max(s, sMin), sMax);
}

export class ValueGroups {
  private readonly m: BadGroupMembers;
  private key = '';
  private readonly records = new Map<number, ValueRecord>();
  private sortedValues: number[] | null = null;
  /** log Z by value, then by σ */
  private readonly zCache = new Map<number, Map<number, number>>();

  constructor(col: ParamColumn) {
    this.m = new BadGroupMembers(col);
  }

  /** Bring the records up to date (rebuilding when ranks shifted). */
  sync(finished: readonly FrozenTrial[], vals: Float64Array, flags: Uint8Array, below: Uint8Array, belowKey: string, key: string): void {
    const fresh = this.m.fresh(finished, below, belowKey, key);
    if (fresh) {
      for (const n of fresh) this.add(n, vals[n]!);
      return;
    }
    if (key !== this.key) this.zCache.clear(); // bounds changed: truncation masses too
    this.key = key;
    this.m.reset(finished, flags, belowKey, key);
    this.records.clear();
    this.sortedValues = null;
    for (const n of this.m.members(flags, below)) this.add(n, vals[n]!);
    if (this.m.maxNumber < 0) this.m.maxNumber = 0;
  }

  private add(n: number, v: number): void {
    const r = this.m.append(n);
    let rec = this.records.get(v);
    if (!rec) {
      this.records.set(v, (rec = { value: v, count: 0, sumRank: 0, first: n, last: n, z: new Float64Array(6).fill(NaN) }));
      this.sortedValues = null;
    }
    rec.count++;
    rec.sumRank += r;
    rec.last = n;
  }

  get members(): number {
    return this.m.count;
  }

  private weightOf(r: number, ramp: number, alpha: number, beta: number): number {
    return r >= ramp ? 1 : alpha + beta * r;
  }

  /** Total ramp weight of a record's members other than `exclude` ones, flat members counted as 1. */
  private middleWeight(rec: ValueRecord, excludeFirst: boolean, excludeLast: boolean, ramp: number, alpha: number, beta: number, flatByValue: Map<number, number[]>): number {
    let count = rec.count;
    let sumRank = rec.sumRank;
    if (excludeFirst) {
      count--;
      sumRank -= this.m.rank[rec.first]!;
    }
    if (excludeLast && rec.last !== rec.first) {
      count--;
      sumRank -= this.m.rank[rec.last]!;
    }
    let w = alpha * count + beta * sumRank;
    for (const n of flatByValue.get(rec.value) ?? []) {
      if ((excludeFirst && n === rec.first) || (excludeLast && n === rec.last)) continue;
      w += 1 - (alpha + beta * this.m.rank[n]!);
    }
    return w;
  }

  private flat(vals: Float64Array, ramp: number): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let r = Math.max(0, ramp); r < this.m.count; r++) {
      const n = this.m.byRank[r]!;
      const v = vals[n]!;
      const list = out.get(v);
      if (list) list.push(n);
      else out.set(v, [n]);
    }
    return out;
  }

  /** Categorical: total bad-group weight per choice index, and the total. */
  choiceWeights(vals: Float64Array, nChoices: number): { byChoice: Float64Array; total: number } {
    const { ramp, alpha, beta } = rampWeights(this.m.count);
    const flat = this.flat(vals, ramp);
    const byChoice = new Float64Array(nChoices);
    let total = 0;
    for (const rec of this.records.values()) {
      const w = this.middleWeight(rec, false, false, ramp, alpha, beta, flat);
      if (rec.value >= 0 && rec.value < nChoices) byChoice[rec.value]! += w;
      total += w;
    }
    return { byChoice, total };
  }

  /** Append kernel (rec.value, s) of weight w, merged into the last one when μ and σ are the same; log Z kept per value and slot. */
  private push(out: KernelList, rec: ValueRecord, slot: number, s: number, w: number, b: NumericBounds): void {
    if (w <= 0) return;
    const v = rec.value;
    const k = out.k;
    if (k > 0 && out.mus[k - 1] === v && out.sigmas[k - 1] === s) {
      out.weights[k - 1]! += w;
      return;
    }
    out.mus[k] = v;
    out.sigmas[k] = s;
    out.weights[k] = w;
    let z: number;
    if (rec.z[2 * slot] === s) z = rec.z[2 * slot + 1]!;
    else {
      let byS = this.zCache.get(v);
      if (!byS) this.zCache.set(v, (byS = new Map()));
      let cached = byS.get(s);
      if (cached === undefined) byS.set(s, (cached = kernelLogZ(v, s, b)));
      z = cached;
      rec.z[2 * slot] = s;
      rec.z[2 * slot + 1] = z;
    }
    out.logZ[k] = z;
    out.k = k + 1;
  }

  /** Numeric: the merged kernels (≤ 3 per distinct value), then the prior. */
  kernels(vals: Float64Array, b: NumericBounds, sMin: number, sMax: number, considerEndpoints: boolean, priorWeight: number): { mus: Float64Array; sigmas: Float64Array; weights: Float64Array; logZ: Float64Array; n: number } {
    const na = this.m.count;
    const { ramp, alpha, beta } = rampWeights(na);
    const flat = this.flat(vals, ramp);
    if (!this.sortedValues) this.sortedValues = [...this.records.keys()].sort((x, y) => x - y);
    const values = this.sortedValues;
    const cap = 3 * values.length + 1;
    const out: KernelList = { mus: new Float64Array(cap), sigmas: new Float64Array(cap), weights: new Float64Array(cap), logZ: new Float64Array(cap), k: 0 };
    const lowEnd = b.low - b.step / 2;
    const highEnd = b.high + b.step / 2;
    const single = na === 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const rec = this.records.get(v)!;
      const prev = i > 0 ? values[i - 1]! : lowEnd;
      const next = i < values.length - 1 ? values[i + 1]! : highEnd;
      const globalFirst = i === 0;
      const globalLast = i === values.length - 1;
      const wFirst = this.weightOf(this.m.rank[rec.first]!, ramp, alpha, beta);
      if (rec.count === 1) {
        let s = Math.max(v - prev, next - v);
        if (!considerEndpoints && !single) {
          if (globalFirst) s = next - v;
          else if (globalLast) s = v - prev;
        }
        this.push(out, rec, OLDEST, clip(s, sMin, sMax), wFirst, b);
        continue;
      }
      // oldest: left gap (right neighbour is the same value)
      let sFirst = v - prev;
      if (!considerEndpoints && globalFirst) sFirst = 0;
      this.push(out, rec, OLDEST, clip(sFirst, sMin, sMax), wFirst, b);
      // in between: zero gaps
      if (rec.count > 2) this.push(out, rec, BETWEEN, clip(0, sMin, sMax), this.middleWeight(rec, true, true, ramp, alpha, beta, flat), b);
      // newest: right gap
      let sLast = next - v;
      if (!considerEndpoints && globalLast) sLast = 0;
      this.push(out, rec, NEWEST, clip(sLast, sMin, sMax), this.weightOf(this.m.rank[rec.last]!, ramp, alpha, beta), b);
    }
    const { mus, sigmas, weights, logZ } = out;
    const k = out.k;
    mus[k] = 0.5 * (b.low + b.high);
    sigmas[k] = sMax;
    weights[k] = priorWeight;
    logZ[k] = kernelLogZ(mus[k]!, sMax, b);
    return { mus, sigmas, weights, logZ, n: k + 1 };
  }
}
