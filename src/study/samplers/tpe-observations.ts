/**
 * What TPE remembers about a study between asks: for each parameter, its finished observations by
 * trial number (typed arrays) and a value-sorted index kept by binary insertion; the ranking of
 * finished trials for the good/bad split; and, per parameter, cached kernel data (truncation
 * masses, box terms) that never change once computed. Finished trials are read exactly once.
 */
import type { StudyDirection } from '../../storage/storage.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { lastStep } from '../frozen-trial.js';
import { FinishedTrialScanner } from '../finished-trial-scanner.js';
import { crowdingDistance, nonDominatedFronts } from '../pareto.js';
import { BOX_TERMS, KernelBoxes, kernelLogZ, type NumericBounds, type NumericMixture } from './parzen-estimator.js';
import type { GridMasses } from './grid-masses.js';
import type { IncrementalBadGroup } from './tpe-bad-group.js';
import type { ValueGroups } from './tpe-value-groups.js';

export const FINISHED = 1;
export const INV_K = Float64Array.from({ length: BOX_TERMS }, (_, j) => 1 / (j + 1));

/** Per column: boxes for the minimum bandwidth and each trial's fixed box data (−2 = not yet computed). */
export interface BoxCache {
  key: string;
  boxes: KernelBoxes;
  box: Int32Array;
  /** BOX_TERMS per trial: e^{−u²/2}/Z · u^k/k! */
  terms: Float64Array;
  /** The bad-group estimator kept up to date with these boxes (tpe-bad-group.ts). */
  incremental: IncrementalBadGroup | null;
}

/** Observations of one parameter: internal values by trial number and a value-sorted index. */
export class ParamColumn {
  values: Float64Array = new Float64Array(256).fill(NaN);
  /** 1 where a finished trial has this parameter */
  has: Uint8Array = new Uint8Array(256);
  logs: Float64Array | null = null;
  /** finished trial numbers having this parameter, ascending by value */
  sorted: Int32Array = new Int32Array(64);
  size = 0;
  /** per trial number: σ and log Z last computed for its kernel (above group) */
  zSigma: Float64Array | null = null;
  zValue: Float64Array | null = null;
  zBoundsKey = '';
  boxCache: BoxCache | null = null;
  /** Bad-group records per distinct value, for discrete and categorical parameters. */
  groups: ValueGroups | null = null;
  /** Grid cell masses kept across asks, for discrete parameters (grid-masses.ts). */
  masses: GridMasses | null = null;
  /** The good group's estimator and what it was built for (good group, bounds). */
  good: { key: string; mixture: NumericMixture } | null = null;

  ensure(n: number): void {
    if (this.values.length >= n) return;
    const grow = (a: Float64Array, fill: number): Float64Array => {
      const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
      b.set(a);
      return b;
    };
    this.values = grow(this.values, NaN);
    const h = new Uint8Array(this.values.length);
    h.set(this.has);
    this.has = h;
    if (this.logs) this.logs = grow(this.logs, NaN);
    if (this.zSigma) this.zSigma = grow(this.zSigma, NaN);
    if (this.zValue) this.zValue = grow(this.zValue, 0);
  }

  /** Record a finished trial's value and insert it in the sorted index. */
  insert(number: number, value: number): void {
    this.ensure(number + 1);
    this.values[number] = value;
    if (value !== value) return; // a value the current choices do not know: not an observation
    this.has[number] = 1;
    if (this.logs) this.logs[number] = Math.log(value);
    if (this.size === this.sorted.length) {
      const s = new Int32Array(this.sorted.length * 2);
      s.set(this.sorted);
      this.sorted = s;
    }
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid]!;
      const v = this.values[m]!;
      if (v < value || (v === value && m < number)) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.copyWithin(lo + 1, lo, this.size);
    this.sorted[lo] = number;
    this.size++;
  }

  /** Values in the estimator's space (log for log-scale parameters). */
  transformed(log: boolean): Float64Array {
    if (!log) return this.values;
    if (!this.logs) {
      this.logs = new Float64Array(this.values.length);
      for (let i = 0; i < this.values.length; i++) this.logs[i] = Math.log(this.values[i]!);
    }
    return this.logs;
  }
}

/** Everything TPE keeps per study, updated incrementally from finished trials. */
export class Observations {
  readonly scanner = new FinishedTrialScanner();
  /** FINISHED for COMPLETE/PRUNED trials, by number */
  flags: Uint8Array = new Uint8Array(256);
  readonly columns = new Map<string, ParamColumn>();
  /** COMPLETE trials ascending by signed value (then number) — single objective */
  complete: Int32Array = new Int32Array(64);
  completeValue: Float64Array = new Float64Array(64);
  nComplete = 0;
  /** PRUNED trials ascending by (−last step, signed value at it, number) */
  pruned: { number: number; step: number; value: number }[] = [];
  readonly allTrials: FrozenTrial[] = [];
  nFinished = 0;

  constructor(readonly directions: readonly StudyDirection[]) {}

  update(trials: readonly FrozenTrial[]): void {
    this.scanner.scan(trials, (t) => {
      if (t.state !== 'COMPLETE' && t.state !== 'PRUNED') return;
      this.ingest(t);
    });
  }

  private ingest(t: FrozenTrial): void {
    const n = t.number;
    if (this.flags.length <= n) {
      const f = new Uint8Array(Math.max(n + 1, this.flags.length * 2));
      f.set(this.flags);
      this.flags = f;
    }
    this.flags[n] = FINISHED;
    // insert before recording the trial: a column created here back-fills from allTrials
    for (const name in t.distributions) this.column(name).insert(n, internalOf(t, name));
    this.allTrials.push(t);
    this.nFinished++;
    const sign = this.directions[0] === 'maximize' ? -1 : 1;
    if (t.state === 'COMPLETE' && t.values) {
      const v = sign * t.values[0]!;
      if (this.nComplete === this.complete.length) {
        const a = new Int32Array(this.complete.length * 2);
        a.set(this.complete);
        this.complete = a;
        const b = new Float64Array(this.completeValue.length * 2);
        b.set(this.completeValue);
        this.completeValue = b;
      }
      let lo = 0;
      let hi = this.nComplete;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const w = this.completeValue[mid]!;
        if (w < v || (w === v && this.complete[mid]! < n)) lo = mid + 1;
        else hi = mid;
      }
      this.complete.copyWithin(lo + 1, lo, this.nComplete);
      this.completeValue.copyWithin(lo + 1, lo, this.nComplete);
      this.complete[lo] = n;
      this.completeValue[lo] = v;
      this.nComplete++;
    } else if (t.state === 'PRUNED') {
      const step = lastStep(t);
      const entry = step === null ? { number: n, step: -1, value: 0 } : { number: n, step, value: sign * t.intermediateValues[step]! };
      const key = (e: { step: number; value: number; number: number }): [number, number, number] => (e.step < 0 ? [1, 0, e.number] : [-e.step, e.value, e.number]);
      const ke = key(entry);
      let lo = 0;
      let hi = this.pruned.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const km = key(this.pruned[mid]!);
        const less = km[0] < ke[0] || (km[0] === ke[0] && (km[1] < ke[1] || (km[1] === ke[1] && km[2] < ke[2])));
        if (less) lo = mid + 1;
        else hi = mid;
      }
      this.pruned.splice(lo, 0, entry);
    }
  }

  /** The column of a parameter; a new column is back-filled from the finished trials seen so far. */
  column(name: string): ParamColumn {
    let c = this.columns.get(name);
    if (!c) {
      c = new ParamColumn();
      this.columns.set(name, c);
      for (const t of this.allTrials) if (name in t.distributions) c.insert(t.number, internalOf(t, name));
    }
    return c;
  }

  /** Numbers of the good group (ascending by number). */
  below(nBelow: number): number[] {
    if (this.directions.length > 1) return this.belowMultiObjective(nBelow);
    const out: number[] = [];
    const nc = Math.min(nBelow, this.nComplete);
    for (let i = 0; i < nc; i++) out.push(this.complete[i]!);
    for (let i = 0; i < this.pruned.length && out.length < nBelow; i++) out.push(this.pruned[i]!.number);
    return out.sort((a, b) => a - b);
  }

  private belowMultiObjective(nBelow: number): number[] {
    const done = this.allTrials.filter((t) => t.state === 'COMPLETE' && t.values);
    const out: number[] = [];
    for (const front of nonDominatedFronts(done, this.directions)) {
      if (out.length + front.length <= nBelow) {
        for (const t of front) out.push(t.number);
        if (out.length === nBelow) break;
        continue;
      }
      const cd = crowdingDistance(front);
      const sorted = [...front].sort((a, b) => cd.get(b.number)! - cd.get(a.number)! || a.number - b.number);
      for (const t of sorted.slice(0, nBelow - out.length)) out.push(t.number);
      break;
    }
    if (out.length < nBelow) {
      for (const p of this.pruned) {
        if (out.length >= nBelow) break;
        out.push(p.number);
      }
    }
    return out.sort((a, b) => a - b);
  }
}

export function internalOf(t: FrozenTrial, name: string): number {
  const d = t.distributions[name]!;
  const v = t.params[name];
  if (d.type === 'categorical') {
    for (let i = 0; i < d.choices.length; i++) if (d.choices[i] === v) return i;
    return NaN;
  }
  return v as number;
}

/** A trial's fixed box data: its box and its Taylor terms (−1 when μ is outside the bounds). */
export function boxTrial(v: number, n: number, sMin: number, b: NumericBounds, c: BoxCache): number {
  const kb = c.boxes;
  const box = v >= b.low && v <= b.high ? kb.boxOf(v) : -1;
  c.box[n] = box;
  if (box >= 0) {
    const u = kb.offset(v, box);
    let a = Math.exp(-kernelLogZ(v, sMin, b) - 0.5 * u * u);
    const base = n * BOX_TERMS;
    for (let j = 0; j < BOX_TERMS; j++) {
      c.terms[base + j] = a;
      a *= u * INV_K[j]!;
    }
  }
  return box;
}
