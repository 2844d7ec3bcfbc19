/**
 * The "bad" (above) Parzen estimator of one continuous parameter, kept up to date across asks
 * instead of rebuilt. Between two asks usually one trial finished: it adds one kernel and changes
 * the bandwidth of its two value-order neighbours, while every age weight w_r = α + β·r (Optuna's
 * ramp, r = age rank) changes only through α and β. So the box moments are kept as two sums,
 * A = Σ P_n and B = Σ r_n·P_n over the boxed kernels (P_n = a kernel's cached Taylor terms), and
 * each ask forms α·A + β·B plus an explicit correction for the 25 newest kernels (weight 1) — work
 * proportional to the number of boxes, not of trials.
 *
 * Anything that would shift age ranks (a new good trial pushing an old one back into the bad
 * group, a trial finishing out of number order) or change the minimum bandwidth rebuilds from
 * scratch — the same O(n) walk as the non-incremental path; constant-liar kernels use that path.
 * Results equal the rebuilt estimator up to float rounding.
 */
import { BOX_TERMS, KernelBoxes, kernelLogZ, type NumericBounds } from './parzen-estimator.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { BadGroupMembers, rampWeights } from './tpe-bad-members.js';
import { boxTrial, type BoxCache, type ParamColumn } from './tpe-observations.js';

const NONE = 0;
const BOXED = 1;
const EXPLICIT = 2;

export interface BadGroupKernels {
  /** Explicit kernels (wide, out of range), then the prior last. */
  mus: Float64Array;
  sigmas: Float64Array;
  weights: Float64Array;
  logZ: Float64Array;
  n: number;
  boxes: KernelBoxes;
}

export class IncrementalBadGroup {
  private readonly m: BadGroupMembers;
  private state: Uint8Array = new Uint8Array(0);
  private sigma: Float64Array = new Float64Array(0);
  private A: Float64Array = new Float64Array(0);
  private B: Float64Array = new Float64Array(0);
  private countBoxed = 0;
  private sumRankBoxed = 0;
  private readonly explicit = new Set<number>();
  private updates = 0;
  /** this ask's ramp weights α, β (for deferred boxes) */
  private alpha = 0;
  private beta = 0;
  /** box moments α·A + β·B, written when a density first reaches the box */
  private readonly fillBox = (box: number): void => {
    const m = this.cache.boxes.moments;
    const A = this.A;
    const B = this.B;
    const { alpha, beta } = this;
    for (let i = box * BOX_TERMS, end = i + BOX_TERMS; i < end; i++) m[i] = alpha * A[i]! + beta * B[i]!;
  };

  constructor(
    private readonly col: ParamColumn,
    private readonly cache: BoxCache,
  ) {
    this.m = new BadGroupMembers(col);
  }

  /** Bring the estimator up to date with the finished trials (rebuilding when ranks shifted). */
  sync(finished: readonly FrozenTrial[], vals: Float64Array, flags: Uint8Array, below: Uint8Array, belowKey: string, key: string, b: NumericBounds, sMin: number, sMax: number, considerEndpoints: boolean): void {
    // a rebuild now and then also bounds the rounding drift of A and B
    const fresh = ++this.updates > 4096 ? null : this.m.fresh(finished, below, belowKey, key);
    if (!fresh) {
      this.rebuild(finished, vals, flags, below, belowKey, key, b, sMin, sMax, considerEndpoints);
      return;
    }
    if (fresh.length === 0) return;
    this.grow(fresh[fresh.length - 1]! + 1);
    for (const n of fresh) {
      this.m.append(n);
      // σ only looks one member to each side: the new kernel and its two neighbours change
      const [prev, next] = this.neighbours(n, vals);
      for (const k of [prev, n, next]) if (k >= 0) this.refresh(k, vals, b, sMin, sMax, considerEndpoints);
    }
  }

  /** Recompute everything from the value-ordered index (O(n)). */
  private rebuild(finished: readonly FrozenTrial[], vals: Float64Array, flags: Uint8Array, below: Uint8Array, belowKey: string, key: string, b: NumericBounds, sMin: number, sMax: number, considerEndpoints: boolean): void {
    const col = this.col;
    this.updates = 0;
    this.m.reset(finished, flags, belowKey, key);
    const size = Math.max(flags.length, col.has.length);
    this.state = new Uint8Array(size);
    this.sigma = new Float64Array(size);
    this.A = new Float64Array(this.cache.boxes.nBoxes * BOX_TERMS);
    this.B = new Float64Array(this.cache.boxes.nBoxes * BOX_TERMS);
    this.countBoxed = 0;
    this.sumRankBoxed = 0;
    this.explicit.clear();
    for (const n of this.m.members(flags, below)) this.m.append(n);
    if (this.m.maxNumber < 0) this.m.maxNumber = 0;
    // value-ordered walk over members
    const order: number[] = [];
    for (let i = 0; i < col.size; i++) {
      const n = col.sorted[i]!;
      if (this.m.rank[n]! >= 0) order.push(n);
    }
    const lowEnd = b.low - b.step / 2;
    const highEnd = b.high + b.step / 2;
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      const v = vals[n]!;
      const left = i > 0 ? vals[order[i - 1]!]! : lowEnd;
      const right = i < order.length - 1 ? vals[order[i + 1]!]! : highEnd;
      this.assign(n, v, bandwidth(v, left, right, i === 0, i === order.length - 1, order.length, considerEndpoints, sMin, sMax), b, sMin);
    }
  }

  /**
   * The kernels for this ask: boxes with moments α·A + β·B (+ newest-25 correction, written now
   * for the boxes that have one, on first use for the others), explicit ones, the prior.
   */
  kernels(vals: Float64Array, b: NumericBounds, sMax: number, priorWeight: number, zSigma: Float64Array, zValue: Float64Array): BadGroupKernels {
    const na = this.m.count;
    const { ramp, alpha, beta } = rampWeights(na);
    const boxes = this.cache.boxes;
    const m = boxes.moments;
    this.alpha = alpha;
    this.beta = beta;
    boxes.defer(this.fillBox);
    let boxWeight = alpha * this.countBoxed + beta * this.sumRankBoxed;
    const terms = this.cache.terms;
    for (let r = Math.max(0, ramp); r < na; r++) {
      const n = this.m.byRank[r]!;
      if (this.state[n] !== BOXED) continue;
      const extra = 1 - alpha - beta * r;
      const box = this.cache.box[n]!;
      boxes.ensure(box);
      const mb = box * BOX_TERMS;
      const tb = n * BOX_TERMS;
      for (let j = 0; j < BOX_TERMS; j++) m[mb + j]! += extra * terms[tb + j]!;
      boxWeight += extra;
    }
    boxes.weight = boxWeight;
    const ne = this.explicit.size;
    const mus = new Float64Array(ne + 1);
    const sigmas = new Float64Array(ne + 1);
    const weights = new Float64Array(ne + 1);
    const logZ = new Float64Array(ne + 1);
    let k = 0;
    for (const n of this.explicit) {
      const r = this.m.rank[n]!;
      const s = this.sigma[n]!;
      mus[k] = vals[n]!;
      sigmas[k] = s;
      weights[k] = r >= ramp ? 1 : alpha + beta * r;
      if (zSigma[n] === s) logZ[k] = zValue[n]!;
      else {
        logZ[k] = kernelLogZ(vals[n]!, s, b);
        zSigma[n] = s;
        zValue[n] = logZ[k]!;
      }
      k++;
    }
    mus[k] = 0.5 * (b.low + b.high);
    sigmas[k] = sMax;
    weights[k] = priorWeight;
    logZ[k] = kernelLogZ(mus[k]!, sMax, b);
    return { mus, sigmas, weights, logZ, n: k + 1, boxes };
  }

  private grow(size: number): void {
    if (this.state.length >= size) return;
    const cap = Math.max(size, this.state.length * 2);
    const state = new Uint8Array(cap);
    state.set(this.state);
    this.state = state;
    const sigma = new Float64Array(cap);
    sigma.set(this.sigma);
    this.sigma = sigma;
  }

  /** Value-order member neighbours of n (−1 at an end). */
  private neighbours(n: number, vals: Float64Array): [number, number] {
    const col = this.col;
    const v = vals[n]!;
    // position of n in the value index (ties by number, as the index orders them)
    let lo = 0;
    let hi = col.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = col.sorted[mid]!;
      const w = vals[m]!;
      if (w < v || (w === v && m < n)) lo = mid + 1;
      else hi = mid;
    }
    let prev = -1;
    for (let i = lo - 1; i >= 0; i--) {
      const m = col.sorted[i]!;
      if (this.m.rank[m]! >= 0 && m !== n) {
        prev = m;
        break;
      }
    }
    let next = -1;
    for (let i = lo; i < col.size; i++) {
      const m = col.sorted[i]!;
      if (this.m.rank[m]! >= 0 && m !== n) {
        next = m;
        break;
      }
    }
    return [prev, next];
  }

  /** Recompute member k's bandwidth from its neighbours and move it between boxed/explicit. */
  private refresh(k: number, vals: Float64Array, b: NumericBounds, sMin: number, sMax: number, considerEndpoints: boolean): void {
    const [prev, next] = this.neighbours(k, vals);
    const v = vals[k]!;
    const left = prev >= 0 ? vals[prev]! : b.low - b.step / 2;
    const right = next >= 0 ? vals[next]! : b.high + b.step / 2;
    const s = bandwidth(v, left, right, prev < 0, next < 0, this.m.count, considerEndpoints, sMin, sMax);
    this.unassign(k);
    this.assign(k, v, s, b, sMin);
  }

  private assign(n: number, v: number, s: number, b: NumericBounds, sMin: number): void {
    this.sigma[n] = s;
    if (s === sMin) {
      let bi = this.cache.box[n]!;
      if (bi === -2) bi = boxTrial(v, n, sMin, b, this.cache);
      if (bi >= 0) {
        const r = this.m.rank[n]!;
        const mb = bi * BOX_TERMS;
        const tb = n * BOX_TERMS;
        const terms = this.cache.terms;
        for (let j = 0; j < BOX_TERMS; j++) {
          this.A[mb + j]! += terms[tb + j]!;
          this.B[mb + j]! += r * terms[tb + j]!;
        }
        this.countBoxed++;
        this.sumRankBoxed += r;
        this.state[n] = BOXED;
        return;
      }
    }
    this.state[n] = EXPLICIT;
    this.explicit.add(n);
  }

  private unassign(n: number): void {
    const st = this.state[n];
    if (st === BOXED) {
      const r = this.m.rank[n]!;
      const mb = this.cache.box[n]! * BOX_TERMS;
      const tb = n * BOX_TERMS;
      const terms = this.cache.terms;
      for (let j = 0; j < BOX_TERMS; j++) {
        this.A[mb + j]! -= terms[tb + j]!;
        this.B[mb + j]! -= r * terms[tb + j]!;
      }
      this.countBoxed--;
      this.sumRankBoxed -= r;
    } else if (st === EXPLICIT) this.explicit.delete(n);
    this.state[n] = NONE;
  }
}

/** A kernel's bandwidth from its neighbours (Optuna 4.9, see univariateSigmas). */
function bandwidth(v: number, left: number, right: number, first: boolean, last: boolean, count: number, considerEndpoints: boolean, sMin: number, sMax: number): number {
  let s = Math.max(v - left, right - v);
  if (!considerEndpoints && count >= 2) {
    if (first) s = right - v;
    else if (last) s = v - left;
  }
  return Math.min(Math.max(s, sMin), sMax);
}
