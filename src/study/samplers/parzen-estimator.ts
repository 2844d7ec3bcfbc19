/**
 * Parzen estimators for TPE: mixtures of truncated normals (numeric parameters, in log space for
 * log-scale ones; masses on grid cells for stepped and integer ones, log-scale integers included)
 * and of categorical rows, built as Optuna 4.9 builds them — a prior kernel at the centre with
 * σ = range, neighbour-distance bandwidths (univariate) or Scott-like ones (multivariate), magic
 * clip, endpoint handling, ramped weights. test/fixtures holds Optuna's own values for comparison.
 *
 * Evaluating the bad-group density g at the candidates is the hot path (thousands of kernels on
 * long studies). Exact evaluators:
 * - continuous: explicit kernels plus `KernelBoxes` — the many kernels sharing the clipped minimum
 *   σ summed in boxes of width σ/4 with 8 Taylor moments (a 1-D fast Gauss transform), one exp per
 *   box within 8σ instead of one per kernel (relative error < 1e-10);
 * - discrete: each distinct candidate cell once, kernels at the minimum σ summed only within 8.5σ
 *   (sorted means, binary search), the wider ones all.
 */
import type { Rng } from '../../rng.js';
import { LOG_SQRT_2PI, logGaussMass, normCdf, truncNormPpf, truncNormPpfFromMasses } from '../normal-distribution.js';
import type { GridMasses } from './grid-masses.js';

export interface ParzenEstimatorParameters {
  /** Weight of the prior kernel (default 1). */
  priorWeight: number;
  /** Clip bandwidths below range / min(100, 1 + kernels) (default true). */
  considerMagicClip: boolean;
  /** Let the outermost kernels' bandwidth reach the bounds (default false). */
  considerEndpoints: boolean;
  /** Kernel weights by observation age (oldest first). */
  weights: (n: number) => Float64Array;
}

/** Optuna's default gamma: how many trials form the "good" group. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default weights: the 25 newest observations weigh 1, older ones ramp from 1/n up. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n >= 25) {
    const m = n - 25;
    // numpy.linspace(1/n, 1, num=m)
    if (m === 1) w[0] = 1 / n;
    else for (let i = 0; i < m; i++) w[i] = 1 / n + ((1 - 1 / n) * i) / (m - 1);
  }
  return w;
}

/**
 * Bounds of a numeric parameter in the estimator's space (log-transformed for log scale). Stepped
 * parameters are discrete: on a uniform grid (`step` > 0, kernels truncated to low − step/2 …
 * high + step/2), or — log-scale integers — on the grid `logGrid` of the original scale, whose cells
 * [x − step/2, x + step/2] are taken to log space (Optuna's discrete truncated log-normal).
 */
export interface NumericBounds {
  low: number;
  high: number;
  /** Uniform grid step in this space, 0 when continuous or log-gridded. */
  step: number;
  /** Original-scale grid of a log-scale integer (low/high above are then log(low − s/2), log(high + s/2)). */
  logGrid?: { low: number; high: number; step: number };
}

/** Whether kernels give masses on grid cells rather than densities. */
export function isDiscreteBounds(b: NumericBounds): boolean {
  return b.step > 0 || b.logGrid !== undefined;
}

/**
 * Univariate bandwidths (Optuna 4.9): each kernel's σ is the larger gap to its sorted neighbours,
 * the (step-widened) bounds counting as neighbours at both ends, then clipped; without
 * `considerEndpoints` the outermost kernels only look inwards. `sorted` must be ascending.
 */
export function univariateSigmas(sorted: Float64Array, n: number, b: NumericBounds, p: ParzenEstimatorParameters, out?: Float64Array): Float64Array {
  const sig = out && out.length >= n ? out : new Float64Array(n);
  const lowEnd = b.low - b.step / 2;
  const highEnd = b.high + b.step / 2;
  const sMax = maxSigma(b);
  const sMin = minSigma(b, n + 1, p);
  for (let q = 0; q < n; q++) {
    const v = sorted[q]!;
    const left = q === 0 ? lowEnd : sorted[q - 1]!;
    const right = q === n - 1 ? highEnd : sorted[q + 1]!;
    let s = Math.max(v - left, right - v);
    if (!p.considerEndpoints && n >= 2) {
      if (q === 0) s = sorted[1]! - v;
      else if (q === n - 1) s = v - sorted[n - 2]!;
    }
    sig[q] = Math.min(Math.max(s, sMin), sMax);
  }
  return sig;
}

/** Bandwidth of the prior kernel and the upper clip of every kernel. */
export function maxSigma(b: NumericBounds): number {
  return b.high - b.low + b.step;
}

/** The magic-clip lower bound for `nKernels` kernels (prior included). */
export function minSigma(b: NumericBounds, nKernels: number, p: ParzenEstimatorParameters): number {
  return p.considerMagicClip ? (b.high - b.low + b.step) / Math.min(100, 1 + nKernels) : 1e-12;
}

/** log of the truncation mass of kernel (mu, σ) over the bounds; 0 when the bounds are ≥ 8.3σ away. */
export function kernelLogZ(mu: number, sigma: number, b: NumericBounds): number {
  const a = (b.low - b.step / 2 - mu) / sigma;
  const c = (b.high + b.step / 2 - mu) / sigma;
  if (a < -8.3 && c > 8.3) return 0;
  return logGaussMass(a, c);
}

/** Snap an original-scale value to a grid. */
function snap(x: number, g: { low: number; high: number; step: number }): number {
  const v = g.low + Math.round((x - g.low) / g.step) * g.step;
  return v < g.low ? g.low : v > g.high ? g.high : v;
}

/** The grid cell [lo, hi] (estimator space) of a discrete candidate x (estimator space). */
function cellOf(x: number, b: NumericBounds): [number, number] {
  if (b.logGrid) {
    const g = b.logGrid;
    const xg = snap(Math.exp(x), g);
    return [Math.log(xg - g.step / 2), Math.log(xg + g.step / 2)];
  }
  return [Math.max(x - b.step / 2, b.low - b.step / 2), Math.min(x + b.step / 2, b.high + b.step / 2)];
}

/** log density (continuous) or log mass (discrete) of one kernel at x, truncation included. */
export function kernelLogPdf(x: number, mu: number, sigma: number, logZ: number, b: NumericBounds): number {
  if (!isDiscreteBounds(b)) {
    const z = (x - mu) / sigma;
    return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI - logZ;
  }
  const [lo, hi] = cellOf(x, b);
  return logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - logZ;
}

/** Φ(zb) − Φ(za) for za ≤ zb, in the tail where it keeps its digits. */
function gaussMass(za: number, zb: number): number {
  return zb <= 0 ? normCdf(zb) - normCdf(za) : za >= 0 ? normCdf(-za) - normCdf(-zb) : 1 - normCdf(za) - normCdf(-zb);
}

/**
 * Draw from kernel (mu, σ) truncated to the bounds (logZ = its log mass, when known); discrete
 * draws snap to their grid (in estimator space: log of the snapped value for log grids).
 */
export function sampleKernel(rng: Rng, mu: number, sigma: number, b: NumericBounds, logZ?: number): number {
  const a = (b.low - b.step / 2 - mu) / sigma;
  const c = (b.high + b.step / 2 - mu) / sigma;
  return snapDraw(mu + sigma * truncNormPpf(rng.float(), a, c, logZ), b);
}

/** A raw draw in estimator space brought onto the parameter's domain (clamped, or snapped to its grid). */
export function snapDraw(x: number, b: NumericBounds): number {
  if (b.logGrid) return Math.log(snap(Math.exp(x), b.logGrid));
  if (b.step === 0) return x < b.low ? b.low : x > b.high ? b.high : x;
  return snap(x, b);
}

function pickIndex(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulative(weights: Float64Array, n: number): Float64Array {
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += weights[i]!;
    cum[i] = s;
  }
  for (let i = 0; i < n; i++) cum[i]! /= s;
  cum[n - 1] = 1;
  return cum;
}

/** Log terms this far below a mixture's largest one are left out of its sum (< 1e-17 relative each). */
const MIXTURE_DROP = 40;

/** Taylor terms per box; with boxes σ/4 wide the truncation error is < 4e-10 within 2σ. */
export const BOX_TERMS = 8;
/** Box width in units of σ. */
export const BOX_WIDTH = 0.25;
/** Boxes farther than this many σ from x are ignored (their kernels contribute < e^-40 each). */
const BOX_REACH = 8;
/**
 * The reach of a lower-bound box sum (logPdfBelow). 3σ, not 2σ: a 2σ bound left so many candidates
 * within reach of the best that 7.3 of the 24 per parameter were scored exactly (1 000 trials,
 * 9-parameter space); at 3σ 1.25 are, for half again the box work per bound.
 */
const BOX_NEAR = 3;
const INV_FACTORIAL_STEP = Float64Array.from({ length: BOX_TERMS }, (_, j) => 1 / (j + 1));
/** e^{−t²/2} is stepped from box to box and taken afresh every this many boxes (rounding stays < 1e-13). */
const EXP_ANCHOR = 16;
/** e^{−BOX_WIDTH²}: the ratio of successive steps of e^{−t²/2} as t falls by BOX_WIDTH. */
const STEP_DECAY = Math.exp(-BOX_WIDTH * BOX_WIDTH);

/**
 * Kernels that share one bandwidth σ, summed in boxes of width σ/4 (a one-dimensional fast Gauss
 * transform). A kernel at μ = c + uσ in the box centred at c adds w·e^{−u²/2}/Z · u^k/k! to the
 * box's k-th moment; at x = c + tσ the box then contributes e^{−t²/2} Σ_k moment_k t^k.
 */
export class KernelBoxes {
  readonly h: number;
  readonly moments: Float64Array;
  /** Sum of the (unnormalised) weights added. */
  weight = 0;
  /** 1 for boxes whose moments `fill` has yet to write (see `defer`); null when all are written. */
  private pending: Uint8Array | null = null;
  private fill: ((box: number) => void) | null = null;

  constructor(
    /** Left edge of box 0. */
    readonly origin: number,
    readonly sigma: number,
    readonly nBoxes: number,
  ) {
    this.h = BOX_WIDTH * sigma;
    this.moments = new Float64Array(nBoxes * BOX_TERMS);
  }

  /** Box of μ, or −1 outside the boxes. */
  boxOf(mu: number): number {
    const b = Math.floor((mu - this.origin) / this.h);
    return b >= 0 && b < this.nBoxes ? b : -1;
  }

  /** u of μ relative to its box centre, in σ units. */
  offset(mu: number, box: number): number {
    return (mu - (this.origin + (box + 0.5) * this.h)) / this.sigma;
  }

  /** Add a kernel: `scaled` = w·e^{−u²/2}/Z, `w` its weight. */
  add(box: number, u: number, scaled: number, w: number): void {
    const m = this.moments;
    const base = box * BOX_TERMS;
    let a = scaled;
    for (let j = 0; j < BOX_TERMS; j++) {
      m[base + j]! += a;
      a *= u * INV_FACTORIAL_STEP[j]!;
    }
    this.weight += w;
  }

  reset(): void {
    this.moments.fill(0);
    this.weight = 0;
    this.pending = null;
    this.fill = null;
  }

  /**
   * Let `fill(box)` write a box's moments when a density first needs them: candidates reach a
   * fraction of the boxes, so a store that re-derives every box per ask (tpe-bad-group.ts) only
   * derives those.
   */
  defer(fill: (box: number) => void): void {
    if (!this.pending) this.pending = new Uint8Array(this.nBoxes);
    this.pending.fill(1);
    this.fill = fill;
  }

  /** Make box `box`'s moments current (a deferred box is filled now). */
  ensure(box: number): void {
    const p = this.pending;
    if (p !== null && p[box] === 1) {
      p[box] = 0;
      this.fill!(box);
    }
  }

  /**
   * Σ over kernels of w·e^{−((x−μ)/σ)²/2}/Z (without the 1/(σ√2π) factor), from the boxes within
   * `reach` σ of x: every box adds a positive amount, so a shorter reach gives a lower bound.
   */
  evaluate(x: number, reach: number = BOX_REACH): number {
    const { origin, h, sigma, moments } = this;
    const first = Math.max(0, Math.floor((x - reach * sigma - origin) / h));
    const last = Math.min(this.nBoxes - 1, Math.floor((x + reach * sigma - origin) / h));
    const pending = this.pending;
    if (pending !== null) {
      for (let bi = first; bi <= last; bi++) {
        if (pending[bi] === 1) {
          pending[bi] = 0;
          this.fill!(bi);
        }
      }
    }
    // t (x from the box centre, in σ) falls by BOX_WIDTH from one box to the next, so e^{−t²/2}
    // gains the factor r = e^{BOX_WIDTH·t − BOX_WIDTH²/2} and r itself the factor STEP_DECAY: two
    // products per box instead of an exp, taken afresh every EXP_ANCHOR boxes
    const t0 = (x - (origin + (first + 0.5) * h)) / sigma;
    let sum = 0;
    for (let start = first; start <= last; start += EXP_ANCHOR) {
      const ts = t0 - (start - first) * BOX_WIDTH;
      let e = Math.exp(-0.5 * ts * ts);
      let r = Math.exp(BOX_WIDTH * ts - 0.5 * BOX_WIDTH * BOX_WIDTH);
      const end = Math.min(last, start + EXP_ANCHOR - 1);
      for (let bi = start, base = start * BOX_TERMS; bi <= end; bi++, base += BOX_TERMS) {
        if (moments[base] !== 0) {
          const t = ts - (bi - start) * BOX_WIDTH;
          // Horner over the BOX_TERMS (8) moments, unrolled
          const poly =
            ((((((moments[base + 7]! * t + moments[base + 6]!) * t + moments[base + 5]!) * t + moments[base + 4]!) * t + moments[base + 3]!) * t + moments[base + 2]!) * t + moments[base + 1]!) * t +
            moments[base]!;
          sum += e * poly;
        }
        e *= r;
        r *= STEP_DECAY;
      }
    }
    return sum;
  }
}

/**
 * A one-dimensional mixture of truncated normals. Kernels are given explicitly (mus, sigmas,
 * weights; weights need not be normalised) and optionally as pre-summed `boxes`.
 */
export class NumericMixture {
  readonly n: number;
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  private readonly logZ: Float64Array;
  private readonly weights: Float64Array;
  private readonly logTotal: number;
  private cum: Float64Array | null = null;

  constructor(
    readonly bounds: NumericBounds,
    mus: Float64Array,
    sigmas: Float64Array,
    weights: Float64Array,
    n: number = mus.length,
    logZ?: Float64Array,
    private readonly boxes?: KernelBoxes,
    /** Cell masses kept across asks (discrete bounds; must have been made for these bounds). */
    private readonly masses?: GridMasses,
  ) {
    this.n = n;
    this.mus = mus;
    this.sigmas = sigmas;
    this.weights = weights;
    let s = boxes ? boxes.weight : 0;
    for (let i = 0; i < n; i++) s += weights[i]!;
    this.logTotal = Math.log(s);
    if (logZ) this.logZ = logZ;
    else {
      this.logZ = new Float64Array(n);
      for (let i = 0; i < n; i++) this.logZ[i] = kernelLogZ(mus[i]!, sigmas[i]!, bounds);
    }
  }

  /** `count` draws (pick a kernel by weight, then draw from it). */
  sample(rng: Rng, count: number): Float64Array {
    if (this.boxes) throw new Error('a boxed mixture is for density evaluation only');
    const out = new Float64Array(count);
    if (this.cum === null) this.cum = cumulative(this.weights, this.n);
    for (let i = 0; i < count; i++) {
      const k = pickIndex(this.cum, rng.float());
      out[i] = this.draw(rng, k);
    }
    return out;
  }

  /** per kernel: Φ(a), Φ(−b) and the truncation mass of its draws (NaN: not yet), see draw */
  private drawMasses: Float64Array | null = null;

  /**
   * A draw from kernel k: sampleKernel's, with the kernel's truncation CDFs kept, since a mixture
   * that lives across asks (the good group's, see tpe.ts) draws from the same kernels again.
   */
  private draw(rng: Rng, k: number): number {
    const b = this.bounds;
    const mu = this.mus[k]!;
    const sigma = this.sigmas[k]!;
    const a = (b.low - b.step / 2 - mu) / sigma;
    const c = (b.high + b.step / 2 - mu) / sigma;
    if (a === c || !(a < 0 && c > -30)) return sampleKernel(rng, mu, sigma, b, this.logZ[k]!);
    const m = (this.drawMasses ??= new Float64Array(3 * this.n).fill(NaN));
    const o = 3 * k;
    if (m[o] !== m[o]) {
      m[o] = normCdf(a);
      m[o + 1] = normCdf(-c);
      m[o + 2] = Math.exp(this.logZ[k]!);
    }
    const q = rng.float();
    const x = truncNormPpfFromMasses(q, a, c, m[o]!, m[o + 1]!, m[o + 2]!);
    return snapDraw(mu + sigma * (x === x ? x : truncNormPpf(q, a, c, this.logZ[k]!)), b);
  }

  private logC: Float64Array | null = null;
  private inv: Float64Array | null = null;

  /** Whether part of the density is summed in boxes (then `logPdfBelow` is cheaper than `logPdf`). */
  get boxed(): boolean {
    return this.boxes !== undefined;
  }

  /**
   * A lower bound of the log density at each x (continuous, boxed mixtures): the boxes only within
   * BOX_NEAR σ, three eighths of the full reach. Within 1e-9 of a true bound (rounding of either sum).
   */
  logPdfBelow(xs: Float64Array): Float64Array {
    return this.continuousLogPdf(xs, BOX_NEAR);
  }

  /** log density (log mass for discrete parameters) at each x. */
  logPdf(xs: Float64Array): Float64Array {
    if (isDiscreteBounds(this.bounds)) return this.discreteLogPdf(xs);
    return this.continuousLogPdf(xs, BOX_REACH);
  }

  private continuousLogPdf(xs: Float64Array, reach: number): Float64Array {
    const out = new Float64Array(xs.length);
    const n = this.n;
    const terms = new Float64Array(n + 1);
    // Per-kernel constants, once per mixture: log(w/(σ√2π Z)) and 1/σ.
    if (this.logC === null) {
      this.logC = new Float64Array(n);
      this.inv = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        this.logC[k] = Math.log(this.weights[k]!) - this.logZ[k]! - Math.log(this.sigmas[k]!) - LOG_SQRT_2PI;
        this.inv[k] = 1 / this.sigmas[k]!;
      }
    }
    const logC = this.logC;
    const inv = this.inv!;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let max = -Infinity;
      for (let k = 0; k < n; k++) {
        const z = (x - this.mus[k]!) * inv[k]!;
        const t = logC[k]! - 0.5 * z * z;
        terms[k] = t;
        max = Math.max(max, t);
      }
      let nt = n;
      if (this.boxes) {
        const v = this.boxes.evaluate(x, reach);
        const t = v > 0 ? Math.log(v) - Math.log(this.boxes.sigma) - LOG_SQRT_2PI : -Infinity;
        terms[nt++] = t;
        max = Math.max(max, t);
      }
      if (max === -Infinity) {
        out[i] = -Infinity;
        continue;
      }
      // terms more than MIXTURE_DROP below the largest add < e^-40 each to a sum ≥ 1: no exp for them
      const floor = max - MIXTURE_DROP;
      let s = 0;
      for (let k = 0; k < nt; k++) {
        const t = terms[k]!;
        if (t >= floor) s += Math.exp(t - max);
      }
      out[i] = max + Math.log(s) - this.logTotal;
    }
    return out;
  }

  /**
   * Uniform grids: a kernel centred on grid cell i gives cell x the mass T_σ[|x − i|], one table per
   * distinct σ (m normal CDFs each), so a candidate costs a multiply per kernel instead of two CDFs.
   * Returns null when that would not be cheaper or a kernel sits off the grid (it is then exact
   * anyway through discreteLogPdf).
   */
  private tabledLogPdf(xs: Float64Array): Float64Array | null {
    const b = this.bounds;
    if (!(b.step > 0)) return null;
    const m = Math.round((b.high - b.low) / b.step) + 1;
    const n = this.n;
    const sigmas = new Set<number>();
    for (let k = 0; k < n; k++) sigmas.add(this.sigmas[k]!);
    if (m > 4096 || sigmas.size * m > n * 48) return null;
    const cellOfKernel = new Int32Array(n);
    const offGrid: number[] = [];
    for (let k = 0; k < n; k++) {
      const pos = (this.mus[k]! - b.low) / b.step;
      const g = Math.round(pos);
      if (Math.abs(pos - g) > 1e-9 || g < 0 || g >= m) {
        offGrid.push(k);
        cellOfKernel[k] = -1;
      } else cellOfKernel[k] = g;
    }
    const tables = new Map<number, Float64Array>();
    for (const sigma of sigmas) {
      let T = this.masses?.table(sigma);
      if (!T) {
        T = new Float64Array(m);
        const r = b.step / sigma;
        T[0] = 1 - 2 * normCdf(-0.5 * r);
        for (let j = 1; j < m; j++) T[j] = normCdf(-(j - 0.5) * r) - normCdf(-(j + 0.5) * r);
        this.masses?.setTable(sigma, T);
      }
      tables.set(sigma, T);
    }
    const wz = new Float64Array(n);
    const tableOf: Float64Array[] = [];
    for (let k = 0; k < n; k++) {
      wz[k] = this.weights[k]! * Math.exp(-this.logZ[k]!);
      tableOf.push(tables.get(this.sigmas[k]!)!);
    }
    const out = new Float64Array(xs.length);
    const memo = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const c = Math.min(m - 1, Math.max(0, Math.round((xs[i]! - b.low) / b.step)));
      const known = memo.get(c);
      if (known !== undefined) {
        out[i] = known;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const g = cellOfKernel[k]!;
        if (g < 0) continue;
        sum += wz[k]! * tableOf[k]![c > g ? c - g : g - c]!;
      }
      for (const k of offGrid) {
        const [lo, hi] = cellOf(xs[i]!, b);
        const s = this.sigmas[k]!;
        sum += wz[k]! * gaussMass((lo - this.mus[k]!) / s, (hi - this.mus[k]!) / s);
      }
      out[i] = sum > 1e-280 ? Math.log(sum) - this.logTotal : -Infinity;
      memo.set(c, out[i]!);
    }
    // a cell so far from every kernel that its mass underflowed: fall back to the exact log-space path
    for (let i = 0; i < xs.length; i++) if (out[i] === -Infinity) return null;
    return out;
  }

  /** Mass of candidate cell [lo, hi] (cache cell c, −1 when uncached) under kernel k. */
  private cellMass(k: number, c: number, rowOf: (Float64Array | null)[], lo: number, hi: number): number {
    const row = c >= 0 ? rowOf[k]! : null;
    if (row !== null) {
      const v = row[c]!;
      if (v === v) return v;
    }
    const s = this.sigmas[k]!;
    const mu = this.mus[k]!;
    const v = gaussMass((lo - mu) / s, (hi - mu) / s);
    if (row !== null) row[c] = v;
    return v;
  }

  /**
   * Masses of discrete candidates: each distinct grid cell once; kernels at the smallest σ are
   * summed only within 8.5σ of the cell (binary search over the sorted means), the others (wider,
   * fewer) all. Mass differences are taken in the tail where they keep their digits.
   */
  private discreteLogPdf(xs: Float64Array): Float64Array {
    const tabled = this.tabledLogPdf(xs);
    if (tabled) return tabled;
    const b = this.bounds;
    const n = this.n;
    const out = new Float64Array(xs.length);
    const wz = new Float64Array(n);
    // leading kernels in ascending μ: all of them, or all but the prior that estimators append last
    let nSorted = n;
    let sMin = Infinity;
    for (let k = 0; k < n; k++) {
      wz[k] = this.weights[k]! * Math.exp(-this.logZ[k]!);
      if (nSorted === n && k > 0 && this.mus[k]! < this.mus[k - 1]!) nSorted = k;
      if (this.sigmas[k]! < sMin) sMin = this.sigmas[k]!;
    }
    // the binary search covers the sorted prefix; a kernel after it must be wide (summed whole)
    const windowed = n > 64 && (nSorted === n || (nSorted === n - 1 && this.sigmas[n - 1] !== sMin));
    const wide: number[] = [];
    if (windowed) for (let k = 0; k < n; k++) if (this.sigmas[k] !== sMin) wide.push(k);
    // each kernel's row of cached cell masses (null: off the grid, or no cache)
    const cache = this.masses;
    const rowOf: (Float64Array | null)[] = new Array<Float64Array | null>(n).fill(null);
    if (cache) {
      const cells = new Int32Array(n);
      cache.cellsOfSorted(this.mus, nSorted, cells);
      for (let k = nSorted; k < n; k++) cells[k] = cache.cellOfCentre(this.mus[k]!);
      for (let k = 0; k < n; k++) if (cells[k]! >= 0) rowOf[k] = cache.row(this.sigmas[k]!, cells[k]!);
    }
    const memo = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const [lo, hi] = cellOf(xs[i]!, b);
      const cached = memo.get(lo);
      if (cached !== undefined) {
        out[i] = cached;
        continue;
      }
      const c = cache ? cache.cellOfEdges(lo, hi) : -1;
      let sum = 0;
      if (windowed) {
        const from = lowerBound(this.mus, nSorted, lo - 8.5 * sMin);
        const to = lowerBound(this.mus, nSorted, hi + 8.5 * sMin);
        for (let k = from; k < to; k++) {
          if (this.sigmas[k] !== sMin) continue;
          sum += wz[k]! * this.cellMass(k, c, rowOf, lo, hi);
        }
        for (const k of wide) sum += wz[k]! * this.cellMass(k, c, rowOf, lo, hi);
      } else {
        for (let k = 0; k < n; k++) sum += wz[k]! * this.cellMass(k, c, rowOf, lo, hi);
      }
      let v: number;
      if (sum > 1e-280) v = Math.log(sum) - this.logTotal;
      else {
        // far from every kernel: exact log-space sum
        let max = -Infinity;
        const t = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          t[k] = Math.log(this.weights[k]!) + kernelLogPdf(xs[i]!, this.mus[k]!, this.sigmas[k]!, this.logZ[k]!, b);
          max = Math.max(max, t[k]!);
        }
        let acc = 0;
        for (let k = 0; k < n; k++) acc += Math.exp(t[k]! - max);
        v = max + Math.log(acc) - this.logTotal;
      }
      memo.set(lo, v);
      out[i] = v;
    }
    return out;
  }
}

/** First index of the ascending `a[0, n)` not below v. */
function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A categorical mixture, kept as its final probability table. */
export class CategoricalMixture {
  private readonly cum: Float64Array;
  constructor(readonly probs: Float64Array) {
    this.cum = cumulative(probs, probs.length);
  }

  sample(rng: Rng, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = pickIndex(this.cum, rng.float());
    return out;
  }

  logPdf(xs: Float64Array): Float64Array {
    const out = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = Math.log(this.probs[xs[i]!]!);
    return out;
  }
}

/**
 * Probability table of a categorical Parzen estimator (Optuna): each observation's row puts
 * priorWeight / nKernels on every choice plus 1 on the observed one, rows are normalised, the prior
 * row is uniform, and rows are mixed by the (normalised) weights.
 */
export function categoricalProbs(observed: ArrayLike<number>, weights: ArrayLike<number>, n: number, nChoices: number, priorWeight: number): Float64Array {
  const probs = new Float64Array(nChoices);
  let total = priorWeight;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const nKernels = n + 1;
  const rowExtra = priorWeight / nKernels;
  const rowSum = nChoices * rowExtra + 1;
  let obsWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]! / total;
    obsWeight += w;
    probs[observed[i]!]! += w / rowSum;
  }
  const base = (obsWeight * rowExtra) / rowSum + priorWeight / total / nChoices;
  for (let c = 0; c < nChoices; c++) probs[c]! += base;
  return probs;
}
