/**
 * The CMA-ES optimiser itself (Hansen's (μ/μ_w, λ)-CMA-ES with active covariance update and the
 * termination tests of the `cmaes` package Optuna uses), working in the box [0, 1]^d, with the
 * "margin" of Hamano et al. (GECCO 2022) for integer dimensions: after each update the mean and an
 * affine scaling A of the integer coordinates are corrected so every neighbouring integer keeps at
 * least probability `margin` of being sampled, which stops integer dimensions from freezing.
 *
 * State is plain data (`CmaState`) so a sampler can store it with a trial and resume elsewhere.
 */
import type { Rng } from '../../rng.js';
import { fromEigen, matVec, norm, symmetricEigen } from '../dense-linear-algebra.js';
import { normCdf, normPpf } from '../normal-distribution.js';

export interface CmaState {
  dim: number;
  popsize: number;
  mean: number[];
  sigma: number;
  /** row-major d×d */
  C: number[];
  pSigma: number[];
  pc: number[];
  generation: number;
  funhist: number[];
  /** Grid step per dimension in [0, 1] (0 = continuous); margin only applies where > 0. */
  steps: number[];
  /** Affine scaling of integer coordinates (margin). */
  A: number[];
  margin: number;
}

const EPS = 1e-8;
const SIGMA_MAX = 1e32;

export class Cma {
  readonly dim: number;
  readonly popsize: number;
  private readonly mu: number;
  private readonly weights: Float64Array;
  private readonly muEff: number;
  private readonly cSigma: number;
  private readonly dSigma: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly chiN: number;
  private readonly funhistTerm: number;
  mean: Float64Array;
  sigma: number;
  C: Float64Array;
  pSigma: Float64Array;
  pc: Float64Array;
  generation: number;
  funhist: Float64Array;
  readonly steps: Float64Array;
  A: Float64Array;
  readonly margin: number;
  private B: Float64Array | null = null;
  private D: Float64Array | null = null;

  constructor(state: Pick<CmaState, 'dim' | 'mean' | 'sigma'> & Partial<CmaState>) {
    const n = (this.dim = state.dim);
    this.popsize = state.popsize ?? 4 + Math.floor(3 * Math.log(n));
    const lambda = this.popsize;
    this.mu = Math.floor(lambda / 2);
    const wPrime = new Float64Array(lambda);
    for (let i = 0; i < lambda; i++) wPrime[i] = Math.log((lambda + 1) / 2) - Math.log(i + 1);
    let sumPos = 0;
    let sumPos2 = 0;
    let sumNeg = 0;
    let sumNeg2 = 0;
    for (let i = 0; i < lambda; i++) {
      const w = wPrime[i]!;
      if (i < this.mu) {
        sumPos += w;
        sumPos2 += w * w;
      } else {
        sumNeg += w;
        sumNeg2 += w * w;
      }
    }
    this.muEff = (sumPos * sumPos) / sumPos2;
    const muEffMinus = sumNeg2 > 0 ? (sumNeg * sumNeg) / sumNeg2 : 0;
    const alphaCov = 2;
    this.c1 = alphaCov / ((n + 1.3) ** 2 + this.muEff);
    this.cmu = Math.min(1 - this.c1 - 1e-8, (alphaCov * (this.muEff - 2 + 1 / this.muEff)) / ((n + 2) ** 2 + (alphaCov * this.muEff) / 2));
    const minAlpha = Math.min(1 + this.c1 / this.cmu, 1 + (2 * muEffMinus) / (this.muEff + 2), (1 - this.c1 - this.cmu) / (n * this.cmu));
    let positiveSum = 0;
    let negativeSum = 0;
    for (const w of wPrime) {
      if (w > 0) positiveSum += w;
      else negativeSum += Math.abs(w);
    }
    this.weights = new Float64Array(lambda);
    for (let i = 0; i < lambda; i++) {
      const w = wPrime[i]!;
      this.weights[i] = w >= 0 ? w / positiveSum : (minAlpha * w) / negativeSum;
    }
    this.cSigma = (this.muEff + 2) / (n + this.muEff + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((this.muEff - 1) / (n + 1)) - 1) + this.cSigma;
    this.cc = (4 + this.muEff / n) / (n + 4 + (2 * this.muEff) / n);
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.funhistTerm = 10 + Math.ceil((30 * n) / lambda);
    this.mean = Float64Array.from(state.mean);
    this.sigma = state.sigma;
    this.C = state.C ? Float64Array.from(state.C) : identity(n);
    this.pSigma = state.pSigma ? Float64Array.from(state.pSigma) : new Float64Array(n);
    this.pc = state.pc ? Float64Array.from(state.pc) : new Float64Array(n);
    this.generation = state.generation ?? 0;
    this.funhist = state.funhist ? Float64Array.from(state.funhist) : new Float64Array(2 * this.funhistTerm);
    this.steps = state.steps ? Float64Array.from(state.steps) : new Float64Array(n);
    this.A = state.A ? Float64Array.from(state.A) : new Float64Array(n).fill(1);
    this.margin = state.margin ?? 1 / (n * lambda);
  }

  toJSON(): CmaState {
    return {
      dim: this.dim,
      popsize: this.popsize,
      mean: [...this.mean],
      sigma: this.sigma,
      C: [...this.C],
      pSigma: [...this.pSigma],
      pc: [...this.pc],
      generation: this.generation,
      funhist: [...this.funhist],
      steps: [...this.steps],
      A: [...this.A],
      margin: this.margin,
    };
  }

  private eigen(): { B: Float64Array; D: Float64Array } {
    if (this.B && this.D) return { B: this.B, D: this.D };
    const n = this.dim;
    const e = symmetricEigen(this.C, n);
    const d2 = e.values.map((v) => (v < 0 ? EPS : v));
    this.C = fromEigen(e.vectors, d2, n);
    this.B = e.vectors;
    this.D = d2.map(Math.sqrt);
    return { B: this.B, D: this.D };
  }

  /** One raw sample N(mean, σ²C). */
  private sampleRaw(rng: Rng): Float64Array {
    const n = this.dim;
    const { B, D } = this.eigen();
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = rng.normal() * D[i]!;
    const y = matVec(B, z, n);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = this.mean[i]! + this.sigma * y[i]!;
    return x;
  }

  /**
   * A candidate in [0, 1]^d: `encoded` is what to evaluate (integer coordinates snapped to their
   * grid through the margin's scaling A), `raw` what to pass back to `tell`.
   */
  ask(rng: Rng): { encoded: Float64Array; raw: Float64Array } {
    const n = this.dim;
    const continuousOk = (x: Float64Array): boolean => {
      for (let i = 0; i < n; i++) if (this.steps[i] === 0 && (x[i]! < 0 || x[i]! > 1)) return false;
      return true;
    };
    let raw: Float64Array | null = null;
    for (let i = 0; i < 10 * n; i++) {
      const x = this.sampleRaw(rng);
      if (continuousOk(x)) {
        raw = x;
        break;
      }
    }
    if (!raw) {
      raw = this.sampleRaw(rng);
      for (let i = 0; i < n; i++) if (this.steps[i] === 0) raw[i] = Math.min(1, Math.max(0, raw[i]!));
    }
    const encoded = Float64Array.from(raw);
    for (let i = 0; i < n; i++) {
      const s = this.steps[i]!;
      if (s > 0) {
        const scaled = (raw[i]! - this.mean[i]!) * this.A[i]! + this.mean[i]!;
        encoded[i] = this.snap(scaled, s);
      }
    }
    return { encoded, raw };
  }

  /** Grid value of coordinate x for grid step s in [0, 1] (nearest, clipped). */
  private snap(x: number, s: number): number {
    const k = Math.round(x / s);
    const kmax = Math.round(1 / s);
    return Math.min(kmax, Math.max(0, k)) * s;
  }

  /** Update with exactly `popsize` (raw x, value to minimise) pairs. */
  tell(solutions: { x: Float64Array; value: number }[]): void {
    const n = this.dim;
    const lambda = this.popsize;
    if (solutions.length !== lambda) throw new Error(`CMA-ES needs ${lambda} solutions per generation, got ${solutions.length}`);
    this.generation++;
    const sorted = [...solutions].sort((a, b) => a.value - b.value);
    const fi = 2 * (this.generation % this.funhistTerm);
    this.funhist[fi] = sorted[0]!.value;
    this.funhist[fi + 1] = sorted[lambda - 1]!.value;
    const { B, D } = this.eigen();
    this.B = null;
    this.D = null;
    const yk = sorted.map((s) => {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = (s.x[i]! - this.mean[i]!) / this.sigma;
      return y;
    });
    const yw = new Float64Array(n);
    for (let k = 0; k < this.mu; k++) for (let i = 0; i < n; i++) yw[i]! += this.weights[k]! * yk[k]![i]!;
    for (let i = 0; i < n; i++) this.mean[i]! += this.sigma * yw[i]!;
    const invD = D.map((d) => 1 / d);
    const C2 = fromEigen(B, invD, n); // C^(-1/2)
    const c2yw = matVec(C2, yw, n);
    const ps = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff);
    for (let i = 0; i < n; i++) this.pSigma[i] = (1 - this.cSigma) * this.pSigma[i]! + ps * c2yw[i]!;
    const normPs = norm(this.pSigma);
    this.sigma *= Math.exp((this.cSigma / this.dSigma) * (normPs / this.chiN - 1));
    this.sigma = Math.min(this.sigma, SIGMA_MAX);
    const hLeft = normPs / Math.sqrt(1 - (1 - this.cSigma) ** (2 * (this.generation + 1)));
    const hSigma = hLeft < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const pcf = hSigma * Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i]! + pcf * yw[i]!;
    const wio = new Float64Array(lambda);
    for (let k = 0; k < lambda; k++) {
      const w = this.weights[k]!;
      if (w >= 0) wio[k] = w;
      else {
        const v = norm(matVec(C2, yk[k]!, n));
        wio[k] = (w * n) / (v * v + EPS);
      }
    }
    const deltaH = (1 - hSigma) * this.cc * (2 - this.cc);
    let sumW = 0;
    for (const w of this.weights) sumW += w;
    const keep = 1 + this.c1 * deltaH - this.c1 - this.cmu * sumW;
    const C = this.C;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rankMu = 0;
        for (let k = 0; k < lambda; k++) rankMu += wio[k]! * yk[k]![i]! * yk[k]![j]!;
        C[i * n + j] = keep * C[i * n + j]! + this.c1 * this.pc[i]! * this.pc[j]! + this.cmu * rankMu;
      }
    }
    this.correctMargin();
  }

  /** The margin correction for integer coordinates (see the file comment). */
  private correctMargin(): void {
    if (!(this.margin > 0)) return;
    const n = this.dim;
    for (let i = 0; i < n; i++) {
      const s = this.steps[i]!;
      if (!(s > 0)) continue;
      const kmax = Math.round(1 / s);
      if (kmax < 1) continue;
      const m = this.mean[i]!;
      // thresholds between grid values: (k + 0.5)·s for k = 0..kmax−1
      const k = Math.min(kmax, Math.max(0, Math.round(m / s)));
      const first = 0.5 * s;
      const last = (kmax - 0.5) * s;
      const limLow = k === 0 ? first : (k - 0.5) * s;
      const limUp = k === kmax ? last : (k + 0.5) * s;
      const scale = this.sigma * this.A[i]! * Math.sqrt(this.C[i * n + i]!);
      if (!(scale > 0)) continue;
      let lowCdf = normCdf((limLow - m) / scale);
      let upCdf = 1 - normCdf((limUp - m) / scale);
      const midCdf0 = 1 - (lowCdf + upCdf);
      if (Math.max(lowCdf, upCdf) > 0.5) {
        // edge: only one neighbour; pull the mean until it keeps probability `margin`
        if (Math.min(lowCdf, upCdf) < this.margin) {
          const sign = Math.sign(m - limUp) || -1;
          this.mean[i] = limUp + sign * scale * normPpf(1 - this.margin);
        }
        continue;
      }
      // middle: keep each tail ≥ margin/2 by moving the mean and rescaling A
      lowCdf = Math.max(lowCdf, this.margin / 2);
      upCdf = Math.max(upCdf, this.margin / 2);
      const midCdf = Math.max(midCdf0, this.margin);
      const denom = lowCdf + midCdf + upCdf - (3 * this.margin) / 2;
      const spare = 1 - lowCdf - upCdf - midCdf;
      let modLow = lowCdf + (spare * (lowCdf - this.margin / 2)) / denom;
      let modUp = upCdf + (spare * (upCdf - this.margin / 2)) / denom;
      modLow = Math.min(0.5 - 1e-10, Math.max(1e-10, modLow));
      modUp = Math.min(0.5 - 1e-10, Math.max(1e-10, modUp));
      const chiLow = normPpf(1 - modLow);
      const chiUp = normPpf(1 - modUp);
      const cDiag = Math.sqrt(this.C[i * n + i]!);
      this.A[i] = (limUp - limLow) / ((chiLow + chiUp) * this.sigma * cDiag);
      this.mean[i] = (limLow * chiUp + limUp * chiLow) / (chiLow + chiUp);
    }
  }

  /** The termination tests of the `cmaes` package (IPOP restarts when one fires). */
  shouldStop(): boolean {
    const n = this.dim;
    const { B, D } = this.eigen();
    const dC = new Float64Array(n);
    for (let i = 0; i < n; i++) dC[i] = this.C[i * n + i]!;
    if (this.generation > this.funhistTerm) {
      let max = -Infinity;
      let min = Infinity;
      for (const v of this.funhist) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      if (max - min < 1e-12) return true;
    }
    const tolx = 1e-12 * this.sigma;
    let allSmall = true;
    for (let i = 0; i < n; i++) if (!(this.sigma * dC[i]! < tolx && this.sigma * this.pc[i]! < tolx)) allSmall = false;
    if (allSmall) return true;
    let maxD = 0;
    let minD = Infinity;
    for (const d of D) {
      maxD = Math.max(maxD, d);
      minD = Math.min(minD, d);
    }
    if (this.sigma * maxD > 1e4) return true;
    for (let i = 0; i < n; i++) if (this.mean[i] === this.mean[i]! + 0.2 * this.sigma * Math.sqrt(dC[i]!)) return true;
    const axis = this.generation % n;
    let noEffect = true;
    for (let i = 0; i < n; i++) if (this.mean[i] !== this.mean[i]! + 0.1 * this.sigma * D[axis]! * B[i * n + axis]!) noEffect = false;
    if (noEffect) return true;
    return maxD / minD > 1e7; // condition number of C (= (maxD/minD)²) above 1e14
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}
