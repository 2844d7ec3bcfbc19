/**
 * A k-d tree over the kernels of a joint TPE kernel store (tpe-joint-estimator.ts), so the
 * bad-group density at a candidate looks only at kernels that can reach its sum.
 *
 * Boxes span the continuous dimensions and, to bound the rest, the grid and categorical ones. For
 * every kernel k of a node: its continuous part Σ_j (t_jk − ½ z_jk²) is at most the node's largest
 * Σ_j t_jk minus ½ Σ_j (gap from x_j to the box / σ_j)²; on a grid, the log mass of the candidate's
 * cell (width w) is at most min(the row's largest entry, log(w / (σ√2π)) − ½ (gap from the cell to
 * the box / σ)² + the largest −log Z of the grid), since a normal mass on an interval is at most
 * width × the largest density on it; a categorical term is a miss unless the box holds the
 * candidate's choice. A node whose bound is below the estimator's cut (best-so-far − 40) holds only
 * kernels the linear pass drops too, so skipping it leaves the density's surviving kernels — and
 * so its value — unchanged. Leaves are scanned with exactly the linear passes' arithmetic, so
 * survivors carry bit-identical partial sums.
 *
 * The store grows by one kernel per ask; kernels appended after a build form a tail the caller scans
 * linearly, and the tree is rebuilt (O(n log n)) once the tail passes 1/32 of the indexed kernels,
 * which costs a few microseconds per ask amortised. A bandwidth change only refreshes the per-node
 * constants (O(n)); a store reset rebuilds.
 */

/** Kernels per leaf: small enough that boxes stay tight, large enough to amortise the box test. */
const LEAF = 32;
/** Absolute slack on the node bound, far above the rounding of sums of ~10 terms of size ≤ 1e3. */
const SLACK = 1e-6;
/** Split width of a categorical dimension per choice, in σ-like units: a miss costs about ½·4² nats. */
const CATEGORICAL_WIDTH = 4;

/**
 * A candidate's view of the box-only dimensions (indexed from 0 after the continuous ones), each
 * bounded by max(floor, min(cap, base − ½ (gap from [lo, hi] to the box · inv)²)): for a grid, its
 * cell [lo, hi], 1/σ, base = log(w/(σ√2π)) + max −log Z, cap = the row's largest entry and floor
 * −∞ (inv 0 and base = cap when the cell or some kernel is off the grid); for a categorical, its
 * choice as [lo, hi], base = cap = the hit term, floor = the miss term and an inv so large that
 * any box without the choice (gap ≥ 1) falls to the floor.
 */
export interface CandidateBox {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly inv: Float64Array;
  readonly base: Float64Array;
  readonly cap: Float64Array;
  readonly floor: Float64Array;
}

/** What a tree is built from: the store's centres and constant terms (kernel-major per dimension). */
export interface KernelColumns {
  readonly n: number;
  readonly mus: readonly Float64Array[];
  readonly terms: readonly (Float64Array | null)[];
  readonly sigmas: Float64Array;
}

export class KernelTree {
  /** kernels [0, built) are indexed */
  built = 0;
  /** the store epoch (resets) the tree was built in */
  epoch = -1;
  /** continuous dimensions indexed, in evaluation order; the first `fused` are the first pass's */
  private dims: Int32Array = new Int32Array(0);
  private fused = 0;
  /** grid and categorical dimensions the boxes also span (box-only: not summed by the tree) */
  private boxDims: Int32Array = new Int32Array(0);
  /** per box-only dimension: the split width of one unit (1/σ for grids, CATEGORICAL_WIDTH for choices) */
  private boxScale: Float64Array = new Float64Array(0);
  /** σ of each indexed dimension the constants were computed for */
  private sig: Float64Array = new Float64Array(0);
  /** kernel index by tree position */
  private perm: Int32Array = new Int32Array(0);
  /**
   * per tree position: the fused centres (unused slots 0) and their summed terms, as the linear
   * pass packs them, then (centre, term) of each further indexed dimension
   */
  private pack: Float64Array = new Float64Array(0);
  private stride = 4;
  /** per node: box [lo, hi] per indexed dimension */
  private box: Float64Array = new Float64Array(0);
  /** per node: the largest Σ_j t_jk over its kernels */
  private top: Float64Array = new Float64Array(0);
  private stack: Int32Array = new Int32Array(0);

  /** Whether the tree covers `cols` well enough (same epoch and dimensions, short tail). */
  fits(epoch: number, dims: Int32Array, fused: number, boxDims: Int32Array, n: number): boolean {
    if (epoch !== this.epoch || fused !== this.fused || !same(dims, this.dims) || !same(boxDims, this.boxDims)) return false;
    return n >= this.built && n - this.built <= Math.max(64, this.built >> 5);
  }

  /**
   * Index kernels [0, cols.n) of `cols` over continuous `dims` (evaluation order) and box-only
   * `boxDims` (categorical when their σ is NaN).
   */
  build(cols: KernelColumns, epoch: number, dims: Int32Array, fused: number, boxDims: Int32Array): void {
    const n = cols.n;
    this.epoch = epoch;
    this.dims = Int32Array.from(dims);
    this.fused = fused;
    this.boxDims = Int32Array.from(boxDims);
    this.boxScale = Float64Array.from(boxDims, (j) => {
      const s = cols.sigmas[j]!;
      return s > 0 ? 1 / s : CATEGORICAL_WIDTH;
    });
    this.built = n;
    const m = dims.length + boxDims.length;
    this.sig = new Float64Array(m).fill(NaN);
    if (this.perm.length < n) this.perm = new Int32Array(Math.max(n * 2, 256));
    for (let k = 0; k < n; k++) this.perm[k] = k;
    let nodes = 1;
    while (Math.ceil(n / nodes) > LEAF) nodes *= 2;
    nodes *= 2;
    if (this.top.length < nodes) {
      this.top = new Float64Array(nodes);
      this.box = new Float64Array(nodes * 2 * m);
      this.stack = new Int32Array(64 * 3);
    } else if (this.box.length < nodes * 2 * m) this.box = new Float64Array(nodes * 2 * m);
    if (n > 0) this.split(cols, 0, 0, n);
    this.refresh(cols);
  }

  /** Number of dimensions the boxes span. */
  private get spanned(): number {
    return this.dims.length + this.boxDims.length;
  }

  /** Recompute the constants when an indexed dimension's bandwidth changed (the partition stays). */
  refresh(cols: KernelColumns): void {
    const m = this.dims.length;
    let same = true;
    for (let r = 0; r < m; r++) if (this.sig[r] !== cols.sigmas[this.dims[r]!]) same = false;
    if (same) return;
    for (let r = 0; r < m; r++) this.sig[r] = cols.sigmas[this.dims[r]!]!;
    const n = this.built;
    const st = (this.stride = 4 + 2 * (m - this.fused));
    if (this.pack.length < n * st) this.pack = new Float64Array(Math.max(n * st * 2, 256));
    const p = this.pack;
    for (let q = 0; q < n; q++) {
      const k = this.perm[q]!;
      const o = st * q;
      let c = 0;
      for (let r = 0; r < this.fused; r++) {
        p[o + r] = cols.mus[this.dims[r]!]![k]!;
        c += cols.terms[this.dims[r]!]![k]!;
      }
      for (let r = this.fused; r < 3; r++) p[o + r] = 0;
      p[o + 3] = c;
      for (let r = this.fused; r < m; r++) {
        p[o + 4 + 2 * (r - this.fused)] = cols.mus[this.dims[r]!]![k]!;
        p[o + 5 + 2 * (r - this.fused)] = cols.terms[this.dims[r]!]![k]!;
      }
    }
    if (n > 0) this.tops(cols, 0, 0, n);
  }

  /** Partition [lo, hi) under `node` at the median of its widest dimension (in σ units), then its box. */
  private split(cols: KernelColumns, node: number, lo: number, hi: number): void {
    const mc = this.dims.length;
    const m = this.spanned;
    const perm = this.perm;
    const bo = node * 2 * m;
    let widest = 0;
    let width = -1;
    for (let r = 0; r < m; r++) {
      const j = r < mc ? this.dims[r]! : this.boxDims[r - mc]!;
      const mu = cols.mus[j]!;
      let a = Infinity;
      let b = -Infinity;
      for (let q = lo; q < hi; q++) {
        const v = mu[perm[q]!]!;
        if (v < a) a = v;
        if (v > b) b = v;
      }
      this.box[bo + 2 * r] = a;
      this.box[bo + 2 * r + 1] = b;
      const s = r < mc ? cols.sigmas[j]! : 0;
      const w = r < mc ? (b - a) / (s > 0 ? s : 1) : (b - a) * this.boxScale[r - mc]!;
      if (w > width) {
        width = w;
        widest = r;
      }
    }
    if (hi - lo <= LEAF) return;
    const mid = (lo + hi) >>> 1;
    select(perm, cols.mus[widest < mc ? this.dims[widest]! : this.boxDims[widest - mc]!]!, lo, hi - 1, mid);
    this.split(cols, 2 * node + 1, lo, mid);
    this.split(cols, 2 * node + 2, mid, hi);
  }

  /** Each node's largest Σ_j t_jk, bottom-up. */
  private tops(cols: KernelColumns, node: number, lo: number, hi: number): number {
    let t = -Infinity;
    if (hi - lo <= LEAF) {
      const m = this.dims.length;
      for (let q = lo; q < hi; q++) {
        const k = this.perm[q]!;
        let c = 0;
        for (let r = 0; r < m; r++) c += cols.terms[this.dims[r]!]![k]!;
        if (c > t) t = c;
      }
    } else {
      const mid = (lo + hi) >>> 1;
      t = Math.max(this.tops(cols, 2 * node + 1, lo, mid), this.tops(cols, 2 * node + 2, mid, hi));
    }
    this.top[node] = t;
    return t;
  }

  /**
   * The kernel with the largest value over the indexed dimensions in the leaf reached by always
   * stepping into the nearer child — a kernel near x, whose completed term gives the cuts a bound
   * close to the best one before the walk starts. −1 for an empty tree.
   */
  nearest(x: Float64Array, inv: Float64Array): number {
    if (this.built === 0) return -1;
    const m = this.dims.length;
    let node = 0;
    let lo = 0;
    let hi = this.built;
    while (hi - lo > LEAF) {
      const mid = (lo + hi) >>> 1;
      const l = 2 * node + 1;
      if (this.gap(l, x, inv) <= this.gap(l + 1, x, inv)) {
        node = l;
        hi = mid;
      } else {
        node = l + 1;
        lo = mid;
      }
    }
    let best = -1;
    let bestV = -Infinity;
    for (let q = lo; q < hi; q++) {
      const k = this.perm[q]!;
      const o = this.stride * q;
      let v = this.pack[o + 3]!;
      for (let r = 0; r < m; r++) {
        const z = (x[r]! - (r < this.fused ? this.pack[o + r]! : this.pack[o + 4 + 2 * (r - this.fused)]!)) * inv[r]!;
        v += (r < this.fused ? 0 : this.pack[o + 5 + 2 * (r - this.fused)]!) - 0.5 * z * z;
      }
      if (v > bestV) {
        bestV = v;
        best = k;
      }
    }
    return best;
  }

  /** Squared distance from x to a node's box, in σ units. */
  private gap(node: number, x: Float64Array, inv: Float64Array): number {
    const m = this.dims.length;
    const bo = node * 2 * this.spanned;
    let d2 = 0;
    for (let r = 0; r < m; r++) {
      const v = x[r]!;
      const a = this.box[bo + 2 * r]!;
      const b = this.box[bo + 2 * r + 1]!;
      const g = (v < a ? a - v : v > b ? v - b : 0) * inv[r]!;
      d2 += g * g;
    }
    return d2;
  }

  /**
   * The indexed kernels whose value over all indexed dimensions at x reaches `cutAll` (those whose
   * fused first-pass value is below `cutFused` are dropped early, as the linear pass drops them):
   * each one's value into s[k] — summed in the linear passes' order, so bit for bit theirs — and its
   * index appended to act from `na`. `x` and `inv` are the point and 1/σ per continuous dimension,
   * `q` its box-only dimensions; nodes whose bound over all spanned dimensions is below `cutNode`
   * are skipped. Returns the new count.
   */
  collect(x: Float64Array, inv: Float64Array, q: CandidateBox, cutNode: number, cutAll: number, cutFused: number, s: Float64Array, act: Int32Array, na: number): number {
    const st = this.stride;
    const extra = this.dims.length - this.fused;
    const m = this.dims.length;
    const box = this.box;
    const top = this.top;
    const perm = this.perm;
    const P = this.pack;
    const cut = cutNode - SLACK;
    const mb = this.boxDims.length;
    const qlo = q.lo;
    const qhi = q.hi;
    const qinv = q.inv;
    const qbase = q.base;
    const qcap = q.cap;
    const qfloor = q.floor;
    const span = 2 * (m + mb);
    const x0 = x[0]!;
    const i0 = inv[0]!;
    const x1 = this.fused > 1 ? x[1]! : 0;
    const x2 = this.fused > 2 ? x[2]! : 0;
    const i1 = this.fused > 1 ? inv[1]! : 0;
    const i2 = this.fused > 2 ? inv[2]! : 0;
    let stack = this.stack;
    let sp = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    stack[sp++] = this.built;
    while (sp > 0) {
      const hi = stack[--sp]!;
      const lo = stack[--sp]!;
      const node = stack[--sp]!;
      const bo = node * span;
      // branch-free gaps: these tests go either way at random, so branches would mispredict
      let d2 = 0;
      for (let r = 0; r < m; r++) {
        const v = x[r]!;
        const g = Math.max(0, box[bo + 2 * r]! - v, v - box[bo + 2 * r + 1]!) * inv[r]!;
        d2 += g * g;
      }
      let u = top[node]! - 0.5 * d2;
      for (let r = 0, o = bo + 2 * m; r < mb; r++, o += 2) {
        const g = Math.max(0, box[o]! - qhi[r]!, qlo[r]! - box[o + 1]!) * qinv[r]!;
        u += Math.max(qfloor[r]!, Math.min(qcap[r]!, qbase[r]! - 0.5 * g * g));
      }
      if (u < cut) continue;
      if (hi - lo <= LEAF) {
        for (let q = lo, o = st * lo; q < hi; q++, o += st) {
          const z0 = (x0 - P[o]!) * i0;
          const z1 = (x1 - P[o + 1]!) * i1;
          const z2 = (x2 - P[o + 2]!) * i2;
          let v = P[o + 3]! - 0.5 * (z0 * z0 + z1 * z1 + z2 * z2);
          if (v < cutFused) continue;
          for (let e = 0, r = this.fused, oo = o + 4; e < extra; e++, r++, oo += 2) {
            const z = (x[r]! - P[oo]!) * inv[r]!;
            v += P[oo + 1]! - 0.5 * z * z;
          }
          if (v >= cutAll) {
            const k = perm[q]!;
            s[k] = v;
            act[na++] = k;
          }
        }
        continue;
      }
      if (sp + 6 > stack.length) {
        const grown = new Int32Array(stack.length * 2);
        grown.set(stack);
        this.stack = stack = grown;
      }
      const mid = (lo + hi) >>> 1;
      stack[sp++] = 2 * node + 2;
      stack[sp++] = mid;
      stack[sp++] = hi;
      stack[sp++] = 2 * node + 1;
      stack[sp++] = lo;
      stack[sp++] = mid;
    }
    return na;
  }
}

function same(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reorder perm[lo..hi] so perm[k] holds the k-th smallest key (ties in any order), Hoare selection. */
function select(perm: Int32Array, key: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = key[perm[(lo + hi) >>> 1]!]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[perm[i]!]! < pivot) i++;
      while (key[perm[j]!]! > pivot) j--;
      if (i <= j) {
        const t = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
