/**
 * Hyperparameter importance, fANOVA style (Hutter et al. 2014; Optuna's FanovaImportanceEvaluator).
 *
 * Method: a random forest (64 trees by default) is fitted to the COMPLETE trials' objective values
 * as a function of the parameters, each parameter scaled to [0, 1] over its distribution (log scale
 * for log parameters; a categorical's choices as equal-width cells). For each tree, the prediction
 * function is piecewise constant on axis-aligned leaf boxes, so with parameters uniform on the box
 * its total variance V and the variance V_i of its one-parameter marginal f_i(x_i) = E[f | x_i]
 * are exact sums over leaves. A parameter's importance is the mean over trees of V_i / V,
 * normalised so the importances sum to 1 (as Optuna reports them). Only the first-order (main
 * effect) part is reported; interactions are what is left.
 */
import { StudyError } from '../errors.js';
import type { Distribution } from './distributions.js';
import type { FrozenTrial } from './frozen-trial.js';
import { RegressionForest, type ForestOptions, type RegressionTree } from './regression-forest.js';
import { IntersectionSearchSpace } from './search-space.js';
import type { Study } from './study.js';

export interface ImportanceOptions extends ForestOptions {
  /** Parameters to rate (default: those every COMPLETE trial has). */
  params?: string[];
  /** What to explain (default: the single objective value). */
  target?: (trial: FrozenTrial) => number;
}

/** Position of a parameter value in [0, 1]. */
function unit(d: Distribution, value: unknown): number {
  if (d.type === 'categorical') {
    const i = d.choices.findIndex((c) => c === value);
    return (i + 0.5) / d.choices.length;
  }
  const v = value as number;
  if (d.low === d.high) return 0.5;
  if (d.log) return (Math.log(v) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low));
  return (v - d.low) / (d.high - d.low);
}

/** Importance of each parameter from trials (see the file comment); sorted, most important first. */
export function fanovaImportance(trials: readonly FrozenTrial[], options: ImportanceOptions = {}): Record<string, number> {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values);
  let names = options.params;
  let space: Record<string, Distribution>;
  if (!names) {
    space = new IntersectionSearchSpace().calculate(complete);
    names = Object.keys(space);
  } else {
    space = {};
    for (const n of names) {
      const t = complete.find((x) => n in x.distributions);
      if (!t) throw new StudyError('ERR_STUDY_IMPORTANCE_PARAM', `no completed trial has parameter "${n}"`, { param: n });
      space[n] = t.distributions[n]!;
    }
  }
  if (names.length === 0) return {};
  const rows = complete.filter((t) => names!.every((n) => n in t.params));
  if (rows.length < 2) throw new StudyError('ERR_STUDY_IMPORTANCE_TRIALS', `importance needs at least 2 completed trials with all parameters, got ${rows.length}`);
  const target = options.target ?? ((t: FrozenTrial) => {
    if (t.values!.length !== 1) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'pass options.target to pick an objective of a multi-objective study');
    return t.values![0]!;
  });
  const d = names.length;
  const x = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  rows.forEach((t, i) => {
    names!.forEach((n, j) => (x[i * d + j] = unit(space[n]!, t.params[n])));
    y[i] = target(t);
  });
  const forest = new RegressionForest(x, y, d, { nTrees: 64, maxDepth: 64, ...options });
  const sums = new Float64Array(d);
  let used = 0;
  for (const tree of forest.trees) {
    const parts = treeVarianceParts(tree, d);
    if (!(parts.total > 0)) continue;
    used++;
    for (let j = 0; j < d; j++) sums[j]! += parts.marginal[j]! / parts.total;
  }
  const raw = names.map((n, j) => [n, used ? sums[j]! / used : 0] as const);
  const total = raw.reduce((a, [, v]) => a + v, 0);
  const out: Record<string, number> = {};
  for (const [n, v] of [...raw].sort((a, b) => b[1] - a[1])) out[n] = total > 0 ? v / total : 1 / d;
  return out;
}

/** Importance of the study's parameters (see fanovaImportance). */
export async function paramImportances(study: Study, options: ImportanceOptions = {}): Promise<Record<string, number>> {
  return fanovaImportance(await study.getTrials({ states: ['COMPLETE'], deepcopy: false }), options);
}

interface Leaf {
  lo: Float64Array;
  hi: Float64Array;
  value: number;
}

/** Total variance of a tree's function on [0,1]^d and the variance of each one-feature marginal. */
export function treeVarianceParts(tree: RegressionTree, d: number): { total: number; marginal: Float64Array } {
  const leaves: Leaf[] = [];
  const walk = (node: number, lo: Float64Array, hi: Float64Array): void => {
    const f = tree.feature[node]!;
    if (f < 0) {
      leaves.push({ lo, hi, value: tree.value[node]! });
      return;
    }
    const t = Math.min(hi[f]!, Math.max(lo[f]!, tree.threshold[node]!));
    const lhi = Float64Array.from(hi);
    lhi[f] = t;
    const rlo = Float64Array.from(lo);
    rlo[f] = t;
    walk(tree.left[node]!, lo, lhi);
    walk(tree.right[node]!, rlo, hi);
  };
  walk(0, new Float64Array(d), new Float64Array(d).fill(1));
  let mean = 0;
  const vol = leaves.map((l) => {
    let v = 1;
    for (let j = 0; j < d; j++) v *= l.hi[j]! - l.lo[j]!;
    return v;
  });
  leaves.forEach((l, i) => (mean += vol[i]! * l.value));
  let total = 0;
  leaves.forEach((l, i) => (total += vol[i]! * (l.value - mean) ** 2));
  const marginal = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const cuts = new Set<number>([0, 1]);
    for (const l of leaves) {
      cuts.add(l.lo[j]!);
      cuts.add(l.hi[j]!);
    }
    const pts = [...cuts].sort((a, b) => a - b);
    let v = 0;
    for (let k = 0; k + 1 < pts.length; k++) {
      const a = pts[k]!;
      const b = pts[k + 1]!;
      if (b <= a) continue;
      const mid = (a + b) / 2;
      // E[f | x_j = mid]: leaves whose j-interval holds mid, weighted by their volume in the other dims
      let fj = 0;
      leaves.forEach((l, i) => {
        if (l.lo[j]! <= mid && mid < l.hi[j]!) {
          const w = l.hi[j]! - l.lo[j]!;
          if (w > 0) fj += (vol[i]! / w) * l.value;
        }
      });
      v += (b - a) * (fj - mean) ** 2;
    }
    marginal[j] = v;
  }
  return { total, marginal };
}
