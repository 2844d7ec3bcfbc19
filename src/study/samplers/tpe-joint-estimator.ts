/**
 * The product-kernel Parzen estimator of multivariate TPE: one kernel per observation over all
 * parameters of the joint space, each dimension with one shared bandwidth (a Scott-like rule), plus
 * the prior kernel (centre, σ = range; uniform over categorical choices). Categorical rows are
 * Optuna's: priorWeight / (n + 1) on every choice plus 1 on the observed one, normalised.
 *
 * Evaluating the bad group at the candidates is O(candidates × kernels) and is the ask's hot path,
 * so it runs as one loop over typed arrays per candidate: continuous dimensions first (cheap, and
 * they separate kernels best), then grid and categorical ones read from per-cell tables. A kernel
 * is dropped as soon as even the best case of its remaining dimensions leaves it more than
 * e^-40 below the best kernel found so far — its share of the sum is then below 1e-17 — so most
 * kernels cost one or two dimensions and only a handful need an exp.
 */
import type { Rng } from '../../rng.js';
import { LOG_SQRT_2PI, logGaussMass } from '../normal-distribution.js';
import { isDiscreteBounds, kernelLogPdf, kernelLogZ, sampleKernel, type NumericBounds } from './parzen-estimator.js';

/** Kernels whose log term is this far below the best one are left out of the sum (e^-40 ≈ 4e-18). */
const DROP = 40;

export type JointDimension = { kind: 'numeric'; bounds: NumericBounds } | { kind: 'categorical'; nChoices: number };

/**
 * log-mass tables of one grid dimension for one bandwidth: row c holds, for each kernel cell g,
 * log P(cell c | kernel on cell g) − log Z_g. Rows are filled on first use and kept while the
 * bandwidth stays the same (it does once the bandwidth floor binds), so long studies pay nothing.
 */
export class GridTables {
  private sigma = NaN;
  private rows: (Float64Array | undefined)[] = [];
  private logZ: Float64Array = new Float64Array(0);
  /** cell edges in estimator space: cell c is [lo[c], hi[c]] */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly centre: Float64Array;
  readonly m: number;

  constructor(readonly bounds: NumericBounds) {
    const g = bounds.logGrid;
    this.m = g ? Math.round((g.high - g.low) / g.step) + 1 : Math.round((bounds.high - bounds.low) / bounds.step) + 1;
    this.lo = new Float64Array(this.m);
    this.hi = new Float64Array(this.m);
    this.centre = new Float64Array(this.m);
    for (let c = 0; c < this.m; c++) {
      if (g) {
        const v = g.low + c * g.step;
        this.centre[c] = Math.log(v);
        this.lo[c] = Math.log(v - g.step / 2);
        this.hi[c] = Math.log(v + g.step / 2);
      } else {
        const v = bounds.low + c * bounds.step;
        this.centre[c] = v;
        this.lo[c] = v - bounds.step / 2;
        this.hi[c] = v + bounds.step / 2;
      }
    }
  }

  /** Cell index of an estimator-space value on the grid, or −1 off the grid. */
  cellOf(x: number): number {
    const g = this.bounds.logGrid;
    const pos = g ? (Math.exp(x) - g.low) / g.step : (x - this.bounds.low) / this.bounds.step;
    const c = Math.round(pos);
    return c >= 0 && c < this.m && Math.abs(pos - c) < 1e-6 ? c : -1;
  }

  /** The row for candidate cell c at bandwidth σ. */
  row(c: number, sigma: number): Float64Array {
    if (sigma !== this.sigma) {
      this.sigma = sigma;
      this.rows = new Array(this.m);
      this.logZ = new Float64Array(this.m);
      for (let g = 0; g < this.m; g++) this.logZ[g] = kernelLogZ(this.centre[g]!, sigma, this.bounds);
    }
    let r = this.rows[c];
    if (!r) {
      r = new Float64Array(this.m);
      const lo = this.lo[c]!;
      const hi = this.hi[c]!;
      for (let g = 0; g < this.m; g++) {
        const mu = this.centre[g]!;
        r[g] = logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - this.logZ[g]!;
      }
      this.rows[c] = r;
    }
    return r;
  }
}

/** Per numeric dimension and group: log Z of each trial's kernel, valid for one bandwidth. */
export class KernelNormalisers {
  private sigma = NaN;
  private z: Float64Array = new Float64Array(0);

  /** log Z for kernel (μ = mus[k], σ) of trial nums[k], into out[k]. */
  fill(nums: Int32Array, mus: Float64Array, n: number, sigma: number, b: NumericBounds, out: Float64Array): void {
    let max = 0;
    for (let k = 0; k < n; k++) if (nums[k]! + 1 > max) max = nums[k]! + 1;
    if (this.z.length < max) {
      const z = new Float64Array(Math.max(max, this.z.length * 2, 64)).fill(NaN);
      if (sigma === this.sigma) z.set(this.z);
      this.z = z;
    } else if (sigma !== this.sigma) this.z.fill(NaN);
    this.sigma = sigma;
    const z = this.z;
    for (let k = 0; k < n; k++) {
      const t = nums[k]!;
      let v = z[t]!;
      if (v !== v) z[t] = v = kernelLogZ(mus[k]!, sigma, b);
      out[k] = v;
    }
  }
}

export interface JointKernels {
  dims: JointDimension[];
  /** Observation kernels (the prior comes on top). */
  n: number;
  /** per dimension: kernel centres (estimator space; choice index for categorical) */
  mus: Float64Array[];
  /** per numeric dimension: the observation kernels' shared σ (NaN for categorical) */
  sigmas: Float64Array;
  /** per continuous dimension: each kernel's log Z (null for grid and categorical ones) */
  logZ: (Float64Array | null)[];
  /** per grid dimension: its tables (null otherwise) */
  grids: (GridTables | null)[];
  /** observation weights (unnormalised), then the prior's */
  weights: Float64Array;
  priorWeight: number;
}

/** A joint estimator ready to sample and evaluate. */
export class JointParzenEstimator {
  private readonly logW: Float64Array;
  private readonly logWPrior: number;
  private readonly cum: Float64Array;
  /** Categorical rows: log((extra + 1)/rowSum), log(extra/rowSum). */
  private readonly logHit: number;
  private readonly logMiss: number;
  private readonly hit: number;
  private readonly miss: number;
  private readonly priorMu: Float64Array;

  constructor(readonly k: JointKernels) {
    const n = k.n;
    let s = k.priorWeight;
    for (let i = 0; i < n; i++) s += k.weights[i]!;
    this.logW = new Float64Array(n);
    for (let i = 0; i < n; i++) this.logW[i] = Math.log(k.weights[i]! / s);
    this.logWPrior = Math.log(k.priorWeight / s);
    this.cum = new Float64Array(n + 1);
    let acc = 0;
    for (let i = 0; i < n; i++) this.cum[i] = acc += k.weights[i]! / s;
    this.cum[n] = 1;
    const extra = k.priorWeight / (n + 1);
    this.priorMu = new Float64Array(k.dims.length);
    k.dims.forEach((d, j) => {
      if (d.kind === 'numeric') this.priorMu[j] = 0.5 * (d.bounds.low + d.bounds.high);
    });
    this.hit = extra + 1;
    this.miss = extra;
    this.logHit = Math.log(this.hit);
    this.logMiss = Math.log(this.miss);
  }

  /** Row sum of a categorical dimension's observation rows. */
  private rowSum(nChoices: number): number {
    return nChoices * this.miss + 1;
  }

  /** `count` joint draws: out[d][i] is dimension d of draw i. */
  sample(rng: Rng, count: number): Float64Array[] {
    const { dims, mus, sigmas, n } = this.k;
    const out = dims.map(() => new Float64Array(count));
    for (let i = 0; i < count; i++) {
      const u = rng.float();
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      const kk = lo;
      for (let j = 0; j < dims.length; j++) {
        const d = dims[j]!;
        if (d.kind === 'numeric') {
          const prior = kk === n;
          const mu = prior ? this.priorMu[j]! : mus[j]![kk]!;
          const s = prior ? d.bounds.high - d.bounds.low + d.bounds.step : sigmas[j]!;
          out[j]![i] = sampleKernel(rng, mu, s, d.bounds);
        } else {
          const v = rng.float();
          const nc = d.nChoices;
          let c = 0;
          if (kk === n) {
            let acc = 0;
            for (; c < nc - 1; c++) if (v < (acc += 1 / nc)) break;
          } else {
            const o = mus[j]![kk]!;
            const rs = this.rowSum(nc);
            let acc = 0;
            for (; c < nc - 1; c++) if (v < (acc += (c === o ? this.hit : this.miss) / rs)) break;
          }
          out[j]![i] = c;
        }
      }
    }
    return out;
  }

  private act: Int32Array = new Int32Array(0);

  /** Per-dimension data the evaluation loops read, built on first use. */
  private prepared: Prepared | null = null;

  private prepare(): Prepared {
    if (this.prepared) return this.prepared;
    const { dims, mus, sigmas, n, logZ, grids } = this.k;
    const nd = dims.length;
    const kind = new Int32Array(nd);
    for (let j = 0; j < nd; j++) kind[j] = kindOf(dims[j]!, grids[j]!);
    // cheap and selective dimensions first
    const order = Int32Array.from([...dims.keys()].sort((a, b) => RANK[kind[a]!]! - RANK[kind[b]!]! || a - b));
    const terms: (Float64Array | null)[] = new Array(nd).fill(null);
    const cells: (Int32Array | null)[] = new Array(nd).fill(null);
    const offGrid = new Uint8Array(nd);
    const invS = new Float64Array(nd);
    const maxTerm = new Float64Array(nd);
    const hit = new Float64Array(nd);
    const miss = new Float64Array(nd);
    for (let j = 0; j < nd; j++) {
      const d = dims[j]!;
      if (kind[j] === CONTINUOUS || kind[j] === DISCRETE) {
        // per kernel: log(1/(σ√2π)) − log Z (continuous) or −log Z (discrete); the best case of a
        // dimension is its largest such constant
        const c = new Float64Array(n);
        const base = kind[j] === CONTINUOUS ? -Math.log(sigmas[j]!) - LOG_SQRT_2PI : 0;
        const z = logZ[j]!;
        let m = n > 0 ? -Infinity : 0;
        for (let k = 0; k < n; k++) {
          c[k] = base - z[k]!;
          if (c[k]! > m) m = c[k]!;
        }
        terms[j] = c;
        maxTerm[j] = m;
        invS[j] = 1 / sigmas[j]!;
      } else if (d.kind === 'categorical') {
        const ls = Math.log(this.rowSum(d.nChoices));
        hit[j] = this.logHit - ls;
        miss[j] = this.logMiss - ls;
        maxTerm[j] = hit[j]!;
      } else {
        const g = grids[j]!;
        const c = new Int32Array(n);
        const m = mus[j]!;
        for (let k = 0; k < n; k++) if ((c[k] = g.cellOf(m[k]!)) < 0) offGrid[j] = 1;
        cells[j] = c;
      }
    }
    return (this.prepared = { kind, order, terms, cells, offGrid, invS, maxTerm, hit, miss });
  }

  /** Kernel k's log term in dimension j at x (the slow, general path). */
  private term(pr: Prepared, j: number, k: number, x: number, row: Float64Array | null): number {
    const { mus, sigmas, dims } = this.k;
    const mu = mus[j]![k]!;
    const kj = pr.kind[j]!;
    if (kj === CONTINUOUS) {
      const z = (x - mu) * pr.invS[j]!;
      return pr.terms[j]![k]! - 0.5 * z * z;
    }
    if (kj === CATEGORICAL) return x === mu ? pr.hit[j]! : pr.miss[j]!;
    const b = (dims[j] as { bounds: NumericBounds }).bounds;
    if (kj === GRID) {
      const gi = pr.cells[j]![k]!;
      return row !== null && gi >= 0 ? row[gi]! : exactTerm(x, mu, sigmas[j]!, b);
    }
    return kernelLogPdf(x, mu, sigmas[j]!, -pr.terms[j]![k]!, b);
  }

  /** log density at each of `count` joint points xs[d][i]. */
  logPdf(xs: Float64Array[], count: number, scratch?: Float64Array): Float64Array {
    const { dims, mus, sigmas, n, grids } = this.k;
    const nd = dims.length;
    const pr = this.prepare();
    const { kind, order, terms, cells, invS, maxTerm, hit, miss, offGrid } = pr;
    const out = new Float64Array(count);
    const rows: (Float64Array | null)[] = new Array(nd).fill(null);
    const rest = new Float64Array(nd + 1);
    const s = scratch && scratch.length >= n ? scratch : new Float64Array(n);
    const act = this.act.length >= n ? this.act : (this.act = new Int32Array(n));
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < nd; j++) {
        if (kind[j] !== GRID) continue;
        const g = grids[j]!;
        const c = g.cellOf(xs[j]![i]!);
        const r = c >= 0 ? g.row(c, sigmas[j]!) : null;
        rows[j] = r;
        let m = -Infinity;
        if (r) for (let q = 0; q < r.length; q++) if (r[q]! > m) m = r[q]!;
        // off-grid candidates and kernels are evaluated exactly: their best case is a mass of 1
        maxTerm[j] = r && offGrid[j] === 0 ? m : 0;
      }
      rest[nd] = 0;
      for (let q = nd - 1; q >= 0; q--) rest[q] = rest[q + 1]! + maxTerm[order[q]!]!;
      // a lower bound on the largest term: the prior kernel, then the kernel leading after the first dimension
      let bound = this.logWPrior;
      for (let j = 0; j < nd; j++) {
        const d = dims[j]!;
        const x = xs[j]![i]!;
        if (d.kind === 'categorical') bound += -Math.log(d.nChoices);
        else bound += exactTerm(x, this.priorMu[j]!, d.bounds.high - d.bounds.low + d.bounds.step, d.bounds);
      }
      const priorTerm = bound;
      // first pass over every kernel: the first one or two dimensions (continuous ones fused)
      const j0 = order[0]!;
      const fused = nd > 1 && kind[j0] === CONTINUOUS && kind[order[1]!] === CONTINUOUS ? 2 : 1;
      let lead = 0;
      if (n > 0) {
        if (fused === 2) {
          const j1 = order[1]!;
          const x0 = xs[j0]![i]!;
          const x1 = xs[j1]![i]!;
          const m0 = mus[j0]!;
          const m1 = mus[j1]!;
          const c0 = terms[j0]!;
          const c1 = terms[j1]!;
          const i0 = invS[j0]!;
          const i1 = invS[j1]!;
          const w = this.logW;
          let top = -Infinity;
          for (let k = 0; k < n; k++) {
            const z0 = (x0 - m0[k]!) * i0;
            const z1 = (x1 - m1[k]!) * i1;
            const v = w[k]! + c0[k]! + c1[k]! - 0.5 * (z0 * z0 + z1 * z1);
            s[k] = v;
            if (v > top) {
              top = v;
              lead = k;
            }
          }
        } else {
          for (let k = 0; k < n; k++) s[k] = this.logW[k]! + this.term(pr, j0, k, xs[j0]![i]!, rows[j0]!);
          for (let k = 1; k < n; k++) if (s[k]! > s[lead]!) lead = k;
        }
        // complete the leading kernel for a tight lower bound on the largest term
        let full = s[lead]!;
        for (let r = fused; r < nd; r++) full += this.term(pr, order[r]!, lead, xs[order[r]!]![i]!, rows[order[r]!]!);
        if (full > bound) bound = full;
      }
      let na = 0;
      {
        const cut = bound - DROP - rest[fused]!;
        for (let k = 0; k < n; k++) if (s[k]! >= cut) act[na++] = k;
      }
      for (let q = fused; q < nd && na > 0; q++) {
        const j = order[q]!;
        const x = xs[j]![i]!;
        const kj = kind[j]!;
        const mu = mus[j]!;
        if (kj === CONTINUOUS) {
          const c = terms[j]!;
          const inv = invS[j]!;
          for (let a = 0; a < na; a++) {
            const k = act[a]!;
            const z = (x - mu[k]!) * inv;
            s[k]! += c[k]! - 0.5 * z * z;
          }
        } else if (kj === CATEGORICAL) {
          const h = hit[j]!;
          const ms = miss[j]!;
          for (let a = 0; a < na; a++) {
            const k = act[a]!;
            s[k]! += mu[k] === x ? h : ms;
          }
        } else if (kj === GRID && rows[j] !== null && offGrid[j] === 0) {
          const r = rows[j]!;
          const cl = cells[j]!;
          for (let a = 0; a < na; a++) {
            const k = act[a]!;
            s[k]! += r[cl[k]!]!;
          }
        } else for (let a = 0; a < na; a++) s[act[a]!]! += this.term(pr, j, act[a]!, x, rows[j]!);
        const cut = bound - DROP - rest[q + 1]!;
        let keep = 0;
        for (let a = 0; a < na; a++) {
          const k = act[a]!;
          if (s[k]! >= cut) act[keep++] = k;
        }
        na = keep;
      }
      let best = priorTerm;
      for (let a = 0; a < na; a++) if (s[act[a]!]! > best) best = s[act[a]!]!;
      let sum = Math.exp(priorTerm - best);
      for (let a = 0; a < na; a++) {
        const v = s[act[a]!]!;
        if (v >= best - DROP) sum += Math.exp(v - best);
      }
      out[i] = best + Math.log(sum);
    }
    return out;
  }
}

interface Prepared {
  kind: Int32Array;
  order: Int32Array;
  /** per continuous / exact-discrete dimension: each kernel's constant term */
  terms: (Float64Array | null)[];
  /** per grid dimension: each kernel's cell (−1 off the grid) */
  cells: (Int32Array | null)[];
  offGrid: Uint8Array;
  invS: Float64Array;
  maxTerm: Float64Array;
  hit: Float64Array;
  miss: Float64Array;
}

const CONTINUOUS = 0;
const GRID = 1;
const DISCRETE = 2;
const CATEGORICAL = 3;
/** evaluation order by kind: continuous, grid tables, categorical, exact discrete (costliest) */
const RANK = [0, 1, 3, 2];

function kindOf(d: JointDimension, grid: GridTables | null): number {
  if (d.kind === 'categorical') return CATEGORICAL;
  if (grid) return GRID;
  return isDiscreteBounds(d.bounds) ? DISCRETE : CONTINUOUS;
}

/** One kernel's log density (log mass on a grid), truncation included, computed from scratch. */
function exactTerm(x: number, mu: number, sigma: number, b: NumericBounds): number {
  return kernelLogPdf(x, mu, sigma, kernelLogZ(mu, sigma, b), b);
}

/** Whether a numeric dimension is evaluated through grid tables (small enough grids only). */
export function usesGridTables(b: NumericBounds): boolean {
  if (!isDiscreteBounds(b)) return false;
  const g = b.logGrid;
  const m = g ? Math.round((g.high - g.low) / g.step) + 1 : Math.round((b.high - b.low) / b.step) + 1;
  return m <= 2048;
}
