/**
 * Normal masses of a univariate discrete estimator's grid cells, kept across asks. A bad-group
 * kernel of a discrete parameter sits on a grid cell with one of a few bandwidths (the gaps between
 * distinct values, or the clipped minimum), and those stay the same from one ask to the next once
 * the minimum bandwidth is fixed, so the mass of cell c under kernel (cell g, σ) — two normal CDFs —
 * is computed once and then read. Values are the very numbers the estimator would compute (the
 * same expression on the same operands), so the density stays bit for bit what it was.
 *
 * Uniform grids keep the translation-invariant table per σ (mass at |c − g| cells) of the tabled
 * evaluation; otherwise — log grids (log-scale integers), whose cells are not translates, or too many
 * bandwidths for tables — one row per (σ, g), filled as cells are asked for. The cache forgets
 * everything past a size bound (early asks change the minimum bandwidth each time).
 */
import type { NumericBounds } from './parzen-estimator.js';

/** Grids with more cells than this are not cached (rows would cost more memory than they save). */
export const GRID_CACHE_MAX_CELLS = 512;
/** Cached numbers (table and row entries) past which the cache starts over. */
const MAX_ENTRIES = 1 << 20;

/** Cells of a discrete estimator's grid. */
export function gridCells(b: NumericBounds): number {
  const g = b.logGrid;
  return g ? Math.round((g.high - g.low) / g.step) + 1 : Math.round((b.high - b.low) / b.step) + 1;
}

export interface GridLayout {
  m: number;
  lo: Float64Array;
  hi: Float64Array;
  centre: Float64Array;
}

/** The grid's cells in estimator space: cell c is [lo[c], hi[c]] around centre[c]. */
export function gridLayout(b: NumericBounds): GridLayout {
  const g = b.logGrid;
  const m = gridCells(b);
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const centre = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    if (g) {
      const v = g.low + c * g.step;
      centre[c] = Math.log(v);
      lo[c] = Math.log(v - g.step / 2);
      hi[c] = Math.log(v + g.step / 2);
    } else {
      const v = b.low + c * b.step;
      centre[c] = v;
      lo[c] = v - b.step / 2;
      hi[c] = v + b.step / 2;
    }
  }
  return { m, lo, hi, centre };
}

export class GridMasses {
  /** canonical cells in estimator space: what cellOf and the observations give */
  private readonly cells: GridLayout;
  private readonly tables = new Map<number, Float64Array>();
  private readonly rows = new Map<number, (Float64Array | undefined)[]>();
  private entries = 0;
  private lastSigma = NaN;
  private lastRows: (Float64Array | undefined)[] | undefined = undefined;

  constructor(readonly bounds: NumericBounds) {
    const cells = (this.cells = gridLayout(bounds));
    if (!bounds.logGrid) {
      // cellOf clips the outer edges to the bounds
      for (let c = 0; c < cells.m; c++) {
        cells.lo[c] = Math.max(cells.lo[c]!, bounds.low - bounds.step / 2);
        cells.hi[c] = Math.min(cells.hi[c]!, bounds.high + bounds.step / 2);
      }
    }
  }

  /** Whether this cache was made for bounds `b`. */
  fits(b: NumericBounds): boolean {
    const a = this.bounds;
    return a.low === b.low && a.high === b.high && a.step === b.step && a.logGrid?.low === b.logGrid?.low && a.logGrid?.high === b.logGrid?.high && a.logGrid?.step === b.logGrid?.step;
  }

  /** The cell whose canonical centre is exactly μ, or −1 (an observation off the grid). */
  cellOfCentre(mu: number): number {
    const g = this.bounds.logGrid;
    const c = g ? Math.round((Math.exp(mu) - g.low) / g.step) : Math.round((mu - this.bounds.low) / this.bounds.step);
    return c >= 0 && c < this.cells.m && this.cells.centre[c] === mu ? c : -1;
  }

  /** The cell whose canonical edges are exactly [lo, hi], or −1. */
  cellOfEdges(lo: number, hi: number): number {
    const g = this.bounds.logGrid;
    const c = g ? Math.round((Math.exp(lo) + g.step / 2 - g.low) / g.step) : Math.round((lo + this.bounds.step / 2 - this.bounds.low) / this.bounds.step);
    return c >= 0 && c < this.cells.m && this.cells.lo[c] === lo && this.cells.hi[c] === hi ? c : -1;
  }

  /** cellOfCentre of each of the ascending mus[0, n) into out, by one merge with the (ascending) centres. */
  cellsOfSorted(mus: Float64Array, n: number, out: Int32Array): void {
    const centre = this.cells.centre;
    const m = this.cells.m;
    let p = 0;
    for (let k = 0; k < n; k++) {
      const mu = mus[k]!;
      while (p < m && centre[p]! < mu) p++;
      out[k] = p < m && centre[p] === mu ? p : -1;
    }
  }

  /** The uniform-grid table for σ (mass at each cell distance), or undefined before `setTable`. */
  table(sigma: number): Float64Array | undefined {
    return this.tables.get(sigma);
  }

  setTable(sigma: number, t: Float64Array): void {
    this.spend(t.length);
    this.tables.set(sigma, t);
  }

  /** Masses of every cell under the kernel (cell g, σ); NaN where not computed yet. */
  row(sigma: number, g: number): Float64Array {
    // kernels come in runs of one bandwidth: remember the last one's rows
    if (sigma !== this.lastSigma) {
      this.lastSigma = sigma;
      this.lastRows = this.rows.get(sigma);
    }
    let r = this.lastRows?.[g];
    if (r) return r;
    this.lastSigma = NaN;
    const m = this.cells.m;
    this.spend(m);
    let bySigma = this.rows.get(sigma);
    if (!bySigma) this.rows.set(sigma, (bySigma = new Array<Float64Array | undefined>(m)));
    bySigma[g] = r = new Float64Array(m).fill(NaN);
    return r;
  }

  private spend(n: number): void {
    this.entries += n;
    if (this.entries <= MAX_ENTRIES) return;
    this.tables.clear();
    this.rows.clear();
    this.entries = n;
  }
}
