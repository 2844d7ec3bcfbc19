/**
 * A small random forest of regression trees (CART, squared error, bootstrap samples, a random
 * subset of features per split), enough for fANOVA importance on a few thousand trials. Trees are
 * kept as flat arrays so their leaves' boxes can be enumerated.
 */
import { StudyError } from '../errors.js';
import { Rng } from '../rng.js';

export interface ForestOptions {
  nTrees?: number;
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Features tried per split (default: all). */
  maxFeatures?: number;
  seed?: number;
}

/** One fitted tree: node i is a leaf when feature[i] < 0. */
export interface RegressionTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  size: number;
}

export class RegressionForest {
  readonly trees: RegressionTree[] = [];

  /** Fit on `x` (n rows × d features, row-major) and `y`. */
  constructor(
    x: Float64Array,
    y: Float64Array,
    readonly nFeatures: number,
    options: ForestOptions = {},
  ) {
    const n = y.length;
    if (n === 0 || x.length !== n * nFeatures) throw new StudyError('ERR_STUDY_IMPORTANCE_INPUT', `forest needs n×d features for n targets (n=${n}, d=${nFeatures}, got ${x.length})`);
    const nTrees = options.nTrees ?? 64;
    const rng = new Rng(options.seed ?? 0);
    for (let t = 0; t < nTrees; t++) {
      const rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = Math.floor(rng.float() * n);
      this.trees.push(fitTree(x, y, nFeatures, rows, options, rng.fork()));
    }
  }

  predict(row: ArrayLike<number>): number {
    let s = 0;
    for (const t of this.trees) s += predictTree(t, row);
    return s / this.trees.length;
  }
}

export function predictTree(t: RegressionTree, row: ArrayLike<number>): number {
  let i = 0;
  while (t.feature[i]! >= 0) i = row[t.feature[i]!]! <= t.threshold[i]! ? t.left[i]! : t.right[i]!;
  return t.value[i]!;
}

function fitTree(x: Float64Array, y: Float64Array, d: number, rows: Int32Array, o: ForestOptions, rng: Rng): RegressionTree {
  const maxDepth = o.maxDepth ?? 64;
  const minSplit = Math.max(2, o.minSamplesSplit ?? 2);
  const minLeaf = Math.max(1, o.minSamplesLeaf ?? 1);
  const maxFeatures = Math.min(d, o.maxFeatures ?? d);
  const cap = 2 * rows.length + 1;
  const t: RegressionTree = {
    feature: new Int32Array(cap).fill(-1),
    threshold: new Float64Array(cap),
    left: new Int32Array(cap),
    right: new Int32Array(cap),
    value: new Float64Array(cap),
    size: 0,
  };
  const features = Array.from({ length: d }, (_, i) => i);
  const order = new Int32Array(rows.length);
  const build = (idx: Int32Array, depth: number): number => {
    const node = t.size++;
    let sum = 0;
    for (const r of idx) sum += y[r]!;
    const mean = sum / idx.length;
    t.value[node] = mean;
    if (depth >= maxDepth || idx.length < minSplit) return node;
    let sse = 0;
    for (const r of idx) sse += (y[r]! - mean) ** 2;
    if (sse <= 1e-14 * Math.max(1, mean * mean) * idx.length) return node;
    rng.shuffle(features);
    let best = { gain: 0, feature: -1, threshold: 0 };
    const m = idx.length;
    for (let fi = 0; fi < maxFeatures; fi++) {
      const f = features[fi]!;
      const sorted = order.subarray(0, m);
      sorted.set(idx);
      sorted.sort((a, b) => x[a * d + f]! - x[b * d + f]!);
      let leftSum = 0;
      let leftSq = 0;
      let totalSq = 0;
      for (const r of sorted) totalSq += y[r]! * y[r]!;
      for (let k = 0; k < m - 1; k++) {
        const r = sorted[k]!;
        leftSum += y[r]!;
        leftSq += y[r]! * y[r]!;
        const nl = k + 1;
        const nr = m - nl;
        if (nl < minLeaf || nr < minLeaf) continue;
        const xv = x[r * d + f]!;
        const xn = x[sorted[k + 1]! * d + f]!;
        if (xv === xn) continue;
        const rightSum = sum - leftSum;
        const childSse = leftSq - (leftSum * leftSum) / nl + (totalSq - leftSq) - (rightSum * rightSum) / nr;
        const gain = sse - childSse;
        if (gain > best.gain + 1e-12) best = { gain, feature: f, threshold: (xv + xn) / 2 };
      }
    }
    if (best.feature < 0) return node;
    const l: number[] = [];
    const r: number[] = [];
    for (const row of idx) (x[row * d + best.feature]! <= best.threshold ? l : r).push(row);
    t.feature[node] = best.feature;
    t.threshold[node] = best.threshold;
    t.left[node] = build(Int32Array.from(l), depth + 1);
    t.right[node] = build(Int32Array.from(r), depth + 1);
    return node;
  };
  build(rows, 0);
  return t;
}
