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
 * kernels cost one or two dimensions and only a handful need an exp. From 256 kernels on, the first
 * pass walks a k-d tree instead (tpe-kernel-tree.ts) whose node bounds drop whole boxes of kernels
 * under the same e^-40 rule, so a 10 000-trial study looks at a few hundred kernels per candidate;
 * survivors are summed in kernel order, so the density is bit for bit the linear pass's.
 */
import type { Rng } from '../../rng.js';
import { LOG_SQRT_2PI, logGaussMass, normCdf, truncNormPpf, truncNormPpfFromMasses } from '../normal-distribution.js';
import { isDiscreteBounds, kernelLogPdf, kernelLogZ, sampleKernel, snapDraw, type NumericBounds } from './parzen-estimator.js';
import { gridCells, gridLayout } from './grid-masses.js';
import { KernelTree, type CandidateBox } from './tpe-kernel-tree.js';

/** Kernels whose log term is this far below the best one are left out of the sum (e^-40 ≈ 4e-18). */
const DROP = 40;
/** Kernels completed per candidate before the first pass, for a lower bound: earlier leads, then spread ones. */
const HINTS = 8;
const PROBES = 8;
/** Below this many kernels pruning does not pay for its bookkeeping. */
const SMALL = 64;
/** From this many kernels on, the first pass walks a k-d tree (tpe-kernel-tree.ts) instead of every kernel. */
const TREE_MIN = 256;

export type JointDimension = { kind: 'numeric'; bounds: NumericBounds } | { kind: 'categorical'; nChoices: number };

/**
 * log-mass tables of one grid dimension for one bandwidth: row c holds, for each kernel cell g,
 * log P(cell c | kernel on cell g) − log Z_g. Rows are filled on first use and kept while the
 * bandwidth stays the same (it does once the bandwidth floor binds), so long studies pay nothing.
 */
export class GridTables {
  private sigma = NaN;
  private rows: (Float64Array | undefined)[] = [];
  /** per candidate cell: the row's largest entry */
  rowMax: Float64Array = new Float64Array(0);
  /** per candidate cell: log mass of the prior kernel (centre, σ = range) */
  private prior: Float64Array | null = null;
  private logZ: Float64Array = new Float64Array(0);
  /** cell edges in estimator space: cell c is [lo[c], hi[c]] */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly centre: Float64Array;
  readonly m: number;

  constructor(readonly bounds: NumericBounds) {
    const layout = gridLayout(bounds);
    this.m = layout.m;
    this.lo = layout.lo;
    this.hi = layout.hi;
    this.centre = layout.centre;
  }

  /** Cell index of an estimator-space value on the grid, or −1 off the grid. */
  cellOf(x: number): number {
    const g = this.bounds.logGrid;
    const pos = g ? (Math.exp(x) - g.low) / g.step : (x - this.bounds.low) / this.bounds.step;
    const c = Math.round(pos);
    return c >= 0 && c < this.m && Math.abs(pos - c) < 1e-6 ? c : -1;
  }

  /** log mass of the prior kernel on cell c. */
  priorTerm(c: number): number {
    if (!this.prior) {
      this.prior = new Float64Array(this.m).fill(NaN);
    }
    let v = this.prior[c]!;
    if (v !== v) {
      const b = this.bounds;
      this.prior[c] = v = exactTerm(this.centre[c]!, 0.5 * (b.low + b.high), b.high - b.low + b.step, b);
    }
    return v;
  }

  /** The largest −log Z over the grid's kernels at the current bandwidth (set by `row`). */
  maxNegLogZ = 0;

  /** The row for candidate cell c at bandwidth σ. */
  row(c: number, sigma: number): Float64Array {
    if (sigma !== this.sigma) {
      this.sigma = sigma;
      this.rows = new Array(this.m);
      this.rowMax = new Float64Array(this.m);
      this.logZ = new Float64Array(this.m);
      let mz = -Infinity;
      for (let g = 0; g < this.m; g++) {
        this.logZ[g] = kernelLogZ(this.centre[g]!, sigma, this.bounds);
        if (-this.logZ[g]! > mz) mz = -this.logZ[g]!;
      }
      this.maxNegLogZ = mz;
    }
    let r = this.rows[c];
    if (!r) {
      r = new Float64Array(this.m);
      const lo = this.lo[c]!;
      const hi = this.hi[c]!;
      let max = -Infinity;
      for (let g = 0; g < this.m; g++) {
        const mu = this.centre[g]!;
        r[g] = logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - this.logZ[g]!;
        if (r[g]! > max) max = r[g]!;
      }
      this.rows[c] = r;
      this.rowMax[c] = max;
    }
    return r;
  }
}

/**
 * The kernels of one group, kept in typed arrays across asks: centres per dimension in trial-number
 * order, each kernel's constant term for the dimension's current bandwidth (log(1/(σ√2π)) − log Z
 * for continuous dimensions, −log Z for grids without tables) and its grid cell. The bad group only
 * grows between asks (a finished trial appends one kernel), so its terms are computed once per
 * kernel while the bandwidth holds — which it does once the bandwidth floor binds.
 */
export class JointKernelStore {
  n = 0;
  nums: Int32Array = new Int32Array(64);
  readonly mus: Float64Array[];
  readonly terms: (Float64Array | null)[];
  readonly cells: (Int32Array | null)[];
  /** per dimension: the σ the terms are valid for */
  readonly sigmas: Float64Array;
  /** per dimension: the largest term (the best case of a dimension) */
  readonly maxTerm: Float64Array;
  /** per grid dimension: 1 when some kernel sits off the grid */
  readonly offGrid: Uint8Array;
  /** what the members were chosen by (good-group key), and how many finished trials were looked at */
  key = '';
  seen = 0;
  /** bumped on every reset: kernels are only appended between resets */
  epoch = 0;
  private pack: Float64Array = new Float64Array(0);
  /** what `pack` holds: kernels [0, packN) of packEpoch over packDims at packSigmas */
  private packN = 0;
  private packEpoch = -1;
  private packDims: Int32Array = new Int32Array(0);
  private packSigmas: Float64Array = new Float64Array(0);
  private kdTree: KernelTree | null = null;
  /** the last epoch a tree was asked for in */
  private treeAsked = -1;
  /** @internal tests compare the tree walk with the linear pass it replaces */
  _indexed = true;
  /** per dimension: how the density evaluates it (CONTINUOUS, GRID, DISCRETE, CATEGORICAL) */
  readonly kind: Int32Array;
  /** dimensions in evaluation order: cheap and selective ones first */
  readonly order: Int32Array;
  /** the grid and categorical dimensions in evaluation order (the k-d tree's box-only ones) */
  readonly boxDims: Int32Array;

  /**
   * The first pass's data interleaved per kernel — centres in up to three continuous dimensions
   * `js`, then the sum of their terms — so the loop that touches every kernel reads one array.
   * Kernels appended since the last call are packed on their own; a reset or a new bandwidth repacks.
   */
  packed(js: Int32Array): Float64Array {
    let from = this.packN;
    let same = this.packEpoch === this.epoch && this.packDims.length === js.length;
    for (let r = 0; same && r < js.length; r++) same = this.packDims[r] === js[r] && this.packSigmas[r] === this.sigmas[js[r]!];
    if (!same) {
      from = 0;
      this.packEpoch = this.epoch;
      this.packDims = Int32Array.from(js);
      this.packSigmas = Float64Array.from(js, (j) => this.sigmas[j]!);
    }
    if (this.pack.length < this.n * 4) {
      const grown = new Float64Array(Math.max(this.n * 8, 256));
      grown.set(this.pack.subarray(0, 4 * from));
      this.pack = grown;
    }
    const p = this.pack;
    for (let k = from; k < this.n; k++) {
      let c = 0;
      for (let r = 0; r < js.length; r++) {
        p[4 * k + r] = this.mus[js[r]!]![k]!;
        c += this.terms[js[r]!]![k]!;
      }
      p[4 * k + 3] = c;
    }
    this.packN = this.n;
    return this.pack;
  }

  /**
   * A k-d tree over continuous dimensions `dims` (evaluation order, the first `fused` packed
   * together) whose boxes also span the grid and categorical `boxDims`, brought up to date:
   * rebuilt after a reset or once its unindexed tail grew too long. Null on the first call after
   * a reset: a build costs several linear passes, so a store reset before every ask (constant
   * liar) keeps the linear pass, and a store that lives on gets its tree from the second ask on.
   */
  tree(dims: Int32Array, fused: number, boxDims: Int32Array): KernelTree | null {
    const t = (this.kdTree ??= new KernelTree());
    if (t.fits(this.epoch, dims, fused, boxDims, this.n)) {
      t.refresh(this);
      return t;
    }
    if (t.epoch !== this.epoch && this.treeAsked !== this.epoch) {
      this.treeAsked = this.epoch;
      return null;
    }
    t.build(this, this.epoch, dims, fused, boxDims);
    return t;
  }

  constructor(
    readonly dims: JointDimension[],
    readonly grids: (GridTables | null)[],
  ) {
    const nd = dims.length;
    const kind = (this.kind = Int32Array.from(dims, (d, j) => kindOf(d, grids[j]!)));
    this.order = Int32Array.from([...dims.keys()].sort((a, b) => RANK[kind[a]!]! - RANK[kind[b]!]! || a - b));
    this.boxDims = this.order.filter((j) => kind[j] === GRID || kind[j] === CATEGORICAL);
    this.mus = dims.map(() => new Float64Array(64));
    this.terms = dims.map((d, j) => (d.kind === 'numeric' && !grids[j] ? new Float64Array(64) : null));
    this.cells = dims.map((_, j) => (grids[j] ? new Int32Array(64) : null));
    this.sigmas = new Float64Array(nd).fill(NaN);
    this.maxTerm = new Float64Array(nd);
    this.offGrid = new Uint8Array(nd);
    this.draws = dims.map(() => null);
    this.drawFor = new Float64Array(3 * nd);
  }

  /** per dimension: draw data per kernel (prior last) and the epoch, size and σ it holds for */
  private readonly draws: (Float64Array | null)[];
  private readonly drawFor: Float64Array;

  /**
   * Dimension j's truncation data for draws, per kernel (prior last): a, b, Φ(a), Φ(−b) and the
   * mass of its truncation (NaN: not yet). Kept while the kernels and σ hold, so a good group that
   * stays the same from one ask to the next draws without normal CDFs.
   */
  drawMasses(j: number): Float64Array {
    const f = this.drawFor;
    let m = this.draws[j];
    if (!m || f[3 * j] !== this.epoch || f[3 * j + 1] !== this.n || !(f[3 * j + 2] === this.sigmas[j])) {
      this.draws[j] = m = new Float64Array(5 * (this.n + 1)).fill(NaN);
      f[3 * j] = this.epoch;
      f[3 * j + 1] = this.n;
      f[3 * j + 2] = this.sigmas[j]!;
    }
    return m;
  }

  reset(key: string, seen: number): void {
    this.n = 0;
    this.epoch++;
    this.key = key;
    this.seen = seen;
    this.sigmas.fill(NaN);
    this.offGrid.fill(0);
  }

  get last(): number {
    return this.n > 0 ? this.nums[this.n - 1]! : -1;
  }

  /** Append a kernel (values in estimator space, one per dimension). */
  push(num: number, values: ArrayLike<number>): void {
    if (this.n === this.nums.length) this.grow(this.n * 2);
    const k = this.n++;
    this.nums[k] = num;
    for (let j = 0; j < this.dims.length; j++) {
      const v = values[j]!;
      this.mus[j]![k] = v;
      const g = this.grids[j];
      if (g && (this.cells[j]![k] = g.cellOf(v)) < 0) this.offGrid[j] = 1;
      const t = this.terms[j];
      if (t && this.sigmas[j] === this.sigmas[j]) {
        t[k] = this.termOf(j, v, this.sigmas[j]!);
        if (t[k]! > this.maxTerm[j]!) this.maxTerm[j] = t[k]!;
      }
    }
  }

  /** Set dimension j's bandwidth, recomputing its terms when it changed. */
  setSigma(j: number, sigma: number): void {
    if (this.sigmas[j] === sigma) return;
    this.sigmas[j] = sigma;
    const t = this.terms[j];
    if (!t) return;
    const mu = this.mus[j]!;
    let m = -Infinity;
    for (let k = 0; k < this.n; k++) {
      t[k] = this.termOf(j, mu[k]!, sigma);
      if (t[k]! > m) m = t[k]!;
    }
    this.maxTerm[j] = m;
  }

  private termOf(j: number, mu: number, sigma: number): number {
    const b = (this.dims[j] as { bounds: NumericBounds }).bounds;
    const z = kernelLogZ(mu, sigma, b);
    return isDiscreteBounds(b) ? -z : -Math.log(sigma) - LOG_SQRT_2PI - z;
  }

  private grow(cap: number): void {
    const nums = new Int32Array(cap);
    nums.set(this.nums.subarray(0, this.n));
    this.nums = nums;
    for (let j = 0; j < this.dims.length; j++) {
      const m = new Float64Array(cap);
      m.set(this.mus[j]!.subarray(0, this.n));
      this.mus[j] = m;
      const t = this.terms[j];
      if (t) {
        const u = new Float64Array(cap);
        u.set(t.subarray(0, this.n));
        this.terms[j] = u;
      }
      const c = this.cells[j];
      if (c) {
        const u = new Int32Array(cap);
        u.set(c.subarray(0, this.n));
        this.cells[j] = u;
      }
    }
  }
}

/** A joint estimator over a store's kernels with these weights (oldest first), ready to sample and evaluate. */
export class JointParzenEstimator {
  /** log of the normalised weight, per kernel (filled lazily for the survivors only in logPdf) */
  private readonly logS: number;
  private readonly logWPrior: number;
  private readonly logWMax: number;
  private cum: Float64Array | null = null;
  /** Categorical rows: (extra + 1)/rowSum on the observed choice, extra/rowSum elsewhere. */
  private readonly logHit: number;
  private readonly logMiss: number;
  private readonly hit: number;
  private readonly miss: number;
  private readonly priorMu: Float64Array;
  private readonly n: number;

  constructor(
    readonly store: JointKernelStore,
    private readonly weights: Float64Array,
    private readonly priorWeight: number,
  ) {
    const n = (this.n = store.n);
    let s = priorWeight;
    let wMax = 0;
    for (let i = 0; i < n; i++) {
      s += weights[i]!;
      if (weights[i]! > wMax) wMax = weights[i]!;
    }
    this.logS = Math.log(s);
    this.logWPrior = Math.log(priorWeight) - this.logS;
    this.logWMax = n > 0 ? Math.log(wMax) - this.logS : 0;
    const extra = priorWeight / (n + 1);
    this.priorMu = new Float64Array(store.dims.length);
    store.dims.forEach((d, j) => {
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
    const { dims, mus, sigmas } = this.store;
    const n = this.n;
    if (this.cum === null) {
      this.cum = new Float64Array(n + 1);
      const s = Math.exp(this.logS);
      let acc = 0;
      for (let i = 0; i < n; i++) this.cum[i] = acc += this.weights[i]! / s;
      this.cum[n] = 1;
    }
    const cum = this.cum;
    const out = dims.map(() => new Float64Array(count));
    for (let i = 0; i < count; i++) {
      const u = rng.float();
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      const kk = lo;
      for (let j = 0; j < dims.length; j++) {
        const d = dims[j]!;
        if (d.kind === 'numeric') {
          const prior = kk === n;
          const mu = prior ? this.priorMu[j]! : mus[j]![kk]!;
          const s = prior ? d.bounds.high - d.bounds.low + d.bounds.step : sigmas[j]!;
          out[j]![i] = this.draw(rng, j, kk, mu, s, d.bounds);
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

  /** One draw from kernel k (n = the prior) in dimension j, its truncation masses computed once (per store, see drawMasses). */
  private draw(rng: Rng, j: number, k: number, mu: number, sigma: number, b: NumericBounds): number {
    const m = this.store.drawMasses(j);
    const o = 5 * k;
    if (m[o] !== m[o]) {
      const a = (b.low - b.step / 2 - mu) / sigma;
      const c = (b.high + b.step / 2 - mu) / sigma;
      m[o] = a;
      m[o + 1] = c;
      m[o + 2] = normCdf(a);
      m[o + 3] = normCdf(-c);
      m[o + 4] = c <= 0 ? normCdf(c) - m[o + 2]! : 1 - m[o + 2]! - m[o + 3]!;
    }
    const a = m[o]!;
    if (a < 0 && m[o + 1]! > -30) {
      const q = rng.float();
      let t = truncNormPpfFromMasses(q, a, m[o + 1]!, m[o + 2]!, m[o + 3]!, m[o + 4]!);
      if (t !== t) t = truncNormPpf(q, a, m[o + 1]!);
      return snapDraw(mu + sigma * t, b);
    }
    return sampleKernel(rng, mu, sigma, b);
  }

  /** Kernel k's log term in dimension j at x, weight excluded (the general path). */
  private term(kind: Int32Array, hit: Float64Array, miss: Float64Array, j: number, k: number, x: number, row: Float64Array | null): number {
    const { mus, sigmas, dims, terms, cells } = this.store;
    const mu = mus[j]![k]!;
    const kj = kind[j]!;
    if (kj === CONTINUOUS) {
      const z = (x - mu) / sigmas[j]!;
      return terms[j]![k]! - 0.5 * z * z;
    }
    if (kj === CATEGORICAL) return x === mu ? hit[j]! : miss[j]!;
    const b = (dims[j] as { bounds: NumericBounds }).bounds;
    if (kj === GRID) {
      const gi = cells[j]![k]!;
      return row !== null && gi >= 0 ? row[gi]! : exactTerm(x, mu, sigmas[j]!, b);
    }
    return kernelLogPdf(x, mu, sigmas[j]!, -terms[j]![k]!, b);
  }

  /** per kernel: log of its normalised weight, NaN until first asked for (survivors only, on big stores) */
  private logW: Float64Array | null = null;

  /** log(w_k) − log Σw, computed once per kernel: the good group's kernels survive for every candidate. */
  private logWeight(k: number): number {
    const lw = (this.logW ??= new Float64Array(this.n).fill(NaN));
    let v = lw[k]!;
    if (v !== v) lw[k] = v = Math.log(this.weights[k]!) - this.logS;
    return v;
  }

  /** Kernel k's whole log term at candidate i (weight included): a probe for the lower bound. */
  private fullTerm(kind: Int32Array, hit: Float64Array, miss: Float64Array, order: Int32Array, xs: Float64Array[], i: number, rows: (Float64Array | null)[], k: number): number {
    let t = this.logWeight(k);
    for (let r = 0; r < order.length; r++) t += this.term(kind, hit, miss, order[r]!, k, xs[order[r]!]![i]!, rows[order[r]!]!);
    return t;
  }

  /**
   * log density at each of `count` joint points xs[d][i]. Kernels are pruned on their terms without
   * the weight (bounded by the largest weight), so only surviving kernels cost a log and an exp.
   */
  logPdf(xs: Float64Array[], count: number, scratch?: Float64Array, actScratch?: Int32Array): Float64Array {
    const { dims, mus, sigmas, grids, terms, cells, offGrid } = this.store;
    const n = this.n;
    const nd = dims.length;
    const { kind, order, boxDims } = this.store;
    const invS = new Float64Array(nd);
    const maxTerm = new Float64Array(nd);
    const hit = new Float64Array(nd);
    const miss = new Float64Array(nd);
    for (let j = 0; j < nd; j++) {
      const d = dims[j]!;
      if (d.kind === 'categorical') {
        const ls = Math.log(this.rowSum(d.nChoices));
        hit[j] = this.logHit - ls;
        miss[j] = this.logMiss - ls;
        maxTerm[j] = hit[j]!;
      } else {
        // grids use 1/σ only in the tree's node bounds; their best case is set per candidate
        invS[j] = 1 / sigmas[j]!;
        if (kind[j] !== GRID) maxTerm[j] = n > 0 ? this.store.maxTerm[j]! : 0;
      }
    }
    const out = new Float64Array(count);
    const rows: (Float64Array | null)[] = new Array(nd).fill(null);
    const rest = new Float64Array(nd + 1);
    const s = scratch && scratch.length >= n ? scratch : new Float64Array(n);
    const act = actScratch && actScratch.length >= n ? actScratch : this.act.length >= n ? this.act : (this.act = new Int32Array(n));
    const w = this.weights;
    const cellNow = new Int32Array(nd);
    const priorInv = new Float64Array(nd);
    const priorConst = new Float64Array(nd);
    for (let j = 0; j < nd; j++) {
      const d = dims[j]!;
      if (kind[j] !== CONTINUOUS || d.kind !== 'numeric') continue;
      const sp = d.bounds.high - d.bounds.low;
      priorInv[j] = 1 / sp;
      priorConst[j] = -Math.log(sp) - LOG_SQRT_2PI - kernelLogZ(this.priorMu[j]!, sp, d.bounds);
    }
    const hints = new Int32Array(HINTS);
    let nHints = 0;
    const j0 = order[0]!;
    // continuous dimensions come first in `order`; the first up to three are fused in the first pass
    let nCont = 0;
    while (nCont < nd && kind[order[nCont]!] === CONTINUOUS) nCont++;
    const fused = Math.max(1, Math.min(nCont, 3));
    const P = nCont > 0 ? this.store.packed(order.subarray(0, fused)) : null;
    const tree = nCont > 0 && n >= TREE_MIN && this.store._indexed ? this.store.tree(order.subarray(0, nCont), fused, boxDims) : null;
    const treeX = new Float64Array(nCont);
    const treeInv = new Float64Array(nCont);
    for (let r = 0; r < nCont; r++) treeInv[r] = invS[order[r]!]!;
    const nb = boxDims.length;
    const q: CandidateBox = { lo: new Float64Array(nb), hi: new Float64Array(nb), inv: new Float64Array(nb), base: new Float64Array(nb), cap: new Float64Array(nb), floor: new Float64Array(nb).fill(-Infinity) };
    for (let r = 0; r < nb; r++) {
      const j = boxDims[r]!;
      if (kind[j] !== CATEGORICAL) continue;
      q.base[r] = q.cap[r] = hit[j]!;
      q.floor[r] = miss[j]!;
      q.inv[r] = 1e6;
    }
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < nd; j++) {
        if (kind[j] !== GRID) continue;
        const g = grids[j]!;
        const c = g.cellOf(xs[j]![i]!);
        const r = c >= 0 ? g.row(c, sigmas[j]!) : null;
        rows[j] = r;
        cellNow[j] = c;
        // off-grid candidates and kernels are evaluated exactly: their best case is a mass of 1
        maxTerm[j] = r && offGrid[j] === 0 ? g.rowMax[c]! : 0;
      }
      rest[nd] = this.logWMax;
      for (let q = nd - 1; q >= 0; q--) rest[q] = rest[q + 1]! + maxTerm[order[q]!]!;
      // a lower bound on the largest term: the prior kernel, then the kernel leading after the first pass
      let bound = this.logWPrior;
      for (let j = 0; j < nd; j++) {
        const d = dims[j]!;
        const x = xs[j]![i]!;
        if (d.kind === 'categorical') bound += -Math.log(d.nChoices);
        else if (kind[j] === CONTINUOUS) {
          const z = (x - this.priorMu[j]!) * priorInv[j]!;
          bound += priorConst[j]! - 0.5 * z * z;
        } else if (kind[j] === GRID && cellNow[j]! >= 0) bound += grids[j]!.priorTerm(cellNow[j]!);
        else bound += exactTerm(x, this.priorMu[j]!, d.bounds.high - d.bounds.low + d.bounds.step, d.bounds);
      }
      const priorTerm = bound;
      // probes: earlier candidates' leading kernels and a few spread ones, completed for a lower bound
      if (tree !== null) {
        for (let r = 0; r < nCont; r++) treeX[r] = xs[order[r]!]![i]!;
        const near = tree.nearest(treeX, treeInv);
        if (near >= 0) bound = Math.max(bound, this.fullTerm(kind, hit, miss, order, xs, i, rows, near));
      }
      if (n > SMALL) {
        for (let h = 0; h < nHints; h++) bound = Math.max(bound, this.fullTerm(kind, hit, miss, order, xs, i, rows, hints[h]!));
        if (nHints === 0) {
          const step = Math.max(1, Math.floor(n / PROBES));
          for (let k = step >> 1; k < n; k += step) bound = Math.max(bound, this.fullTerm(kind, hit, miss, order, xs, i, rows, k));
        }
      }
      // first pass over every kernel: the first up to three continuous dimensions, fused
      let na = 0;
      if (P !== null) {
        const cut = bound - DROP - rest[fused]!;
        // with a tree, survivors have all continuous dimensions summed already (cutAll); else the fused ones
        const cutAll = bound - DROP - rest[nCont]!;
        let from = 0;
        if (tree !== null) {
          // the candidate's cells and choices for the node bounds; dimensions outside the boxes at their best case
          let restOther = this.logWMax;
          for (let r = nCont; r < nd; r++) if (kind[order[r]!] === DISCRETE) restOther += maxTerm[order[r]!]!;
          for (let r = 0; r < nb; r++) {
            const j = boxDims[r]!;
            const x = xs[j]![i]!;
            q.lo[r] = q.hi[r] = x;
            if (kind[j] !== GRID) continue;
            const g = grids[j]!;
            const c = cellNow[j]!;
            if (rows[j] !== null && offGrid[j] === 0) {
              q.lo[r] = g.lo[c]!;
              q.hi[r] = g.hi[c]!;
              q.inv[r] = invS[j]!;
              q.base[r] = Math.log((g.hi[c]! - g.lo[c]!) * invS[j]!) - LOG_SQRT_2PI + g.maxNegLogZ;
              q.cap[r] = g.rowMax[c]!;
            } else {
              q.inv[r] = 0;
              q.base[r] = q.cap[r] = maxTerm[j]!;
            }
          }
          na = tree.collect(treeX, treeInv, q, bound - DROP - restOther, cutAll, cut, s, act, 0);
          from = tree.built;
        }
        const x0 = xs[j0]![i]!;
        const i0 = invS[j0]!;
        // unused slots multiply by 0
        const j1 = fused > 1 ? order[1]! : j0;
        const j2 = fused > 2 ? order[2]! : j0;
        const x1 = fused > 1 ? xs[j1]![i]! : 0;
        const x2 = fused > 2 ? xs[j2]![i]! : 0;
        const i1 = fused > 1 ? invS[j1]! : 0;
        const i2 = fused > 2 ? invS[j2]! : 0;
        for (let k = from, o = 4 * from; k < n; k++, o += 4) {
          const z0 = (x0 - P[o]!) * i0;
          const z1 = (x1 - P[o + 1]!) * i1;
          const z2 = (x2 - P[o + 2]!) * i2;
          let v = P[o + 3]! - 0.5 * (z0 * z0 + z1 * z1 + z2 * z2);
          if (v < cut) continue;
          if (tree !== null) {
            // the tail of kernels the tree does not index yet: the remaining continuous dimensions, as the later passes add them
            for (let r = fused; r < nCont; r++) {
              const j = order[r]!;
              const z = (treeX[r]! - mus[j]![k]!) * treeInv[r]!;
              v += terms[j]![k]! - 0.5 * z * z;
            }
            if (v < cutAll) continue;
          }
          s[k] = v;
          act[na++] = k;
        }
      } else {
        const cut = bound - DROP - rest[1]!;
        for (let k = 0; k < n; k++) {
          const v = this.term(kind, hit, miss, j0, k, xs[j0]![i]!, rows[j0]!);
          s[k] = v;
          if (v >= cut) act[na++] = k;
        }
      }
      // the leading survivor, completed, tightens the bound for the passes to come
      if (na > 0 && n > SMALL) {
        let lead = act[0]!;
        for (let a = 1; a < na; a++) if (s[act[a]!]! > s[lead]!) lead = act[a]!;
        bound = Math.max(bound, this.fullTerm(kind, hit, miss, order, xs, i, rows, lead));
        if (nHints < HINTS) hints[nHints++] = lead;
        else hints[i % HINTS] = lead;
      }
      for (let q = tree !== null ? nCont : fused; q < nd && na > 0; q++) {
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
        } else for (let a = 0; a < na; a++) s[act[a]!]! += this.term(kind, hit, miss, j, act[a]!, x, rows[j]!);
        const cut = bound - DROP - rest[q + 1]!;
        let keep = 0;
        for (let a = 0; a < na; a++) {
          const k = act[a]!;
          if (s[k]! >= cut) act[keep++] = k;
        }
        na = keep;
      }
      // survivors in kernel order (the tree visits them in its own), so the sum is the linear pass's
      if (tree !== null && na > 1) sortAscending(act, na);
      // survivors: add their weights, then log-sum-exp
      let best = priorTerm;
      for (let a = 0; a < na; a++) {
        const k = act[a]!;
        const v = (s[k]! += this.logWeight(k));
        if (v > best) best = v;
      }
      let sum = Math.exp(priorTerm - best);
      for (let a = 0; a < na; a++) {
        const v = s[act[a]!]!;
        if (v >= best - DROP) sum += Math.exp(v - best);
      }
      out[i] = best + Math.log(sum);
    }
    return out;
  }

  private act: Int32Array = new Int32Array(0);
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

/** Sort a[0, n) ascending: insertion sort for the usual handful of survivors, the builtin beyond. */
function sortAscending(a: Int32Array, n: number): void {
  if (n > 48) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** One kernel's log density (log mass on a grid), truncation included, computed from scratch. */
function exactTerm(x: number, mu: number, sigma: number, b: NumericBounds): number {
  return kernelLogPdf(x, mu, sigma, kernelLogZ(mu, sigma, b), b);
}

/** Whether a numeric dimension is evaluated through grid tables (small enough grids only). */
export function usesGridTables(b: NumericBounds): boolean {
  return isDiscreteBounds(b) && gridCells(b) <= 2048;
}
