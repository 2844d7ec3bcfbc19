/**
 * Pareto dominance for multi-objective studies: plain and constrained domination, non-dominated
 * sorting into fronts, and crowding distance (NSGA-II, Deb et al. 2002). Constraint values live in
 * the trial's `constraints` system attribute (≤ 0 is satisfied), as Optuna stores them.
 */
import type { StudyDirection } from '../storage/storage.js';
import type { FrozenTrial } from './frozen-trial.js';

/** System attribute holding a trial's constraint values (each ≤ 0 when satisfied). */
export const CONSTRAINTS_ATTR = 'constraints';

/** Sum of positive constraint values (0 = feasible), or null when the trial has none recorded. */
export function constraintViolation(trial: FrozenTrial): number | null {
  const c = trial.systemAttrs[CONSTRAINTS_ATTR];
  if (!Array.isArray(c)) return null;
  let v = 0;
  for (const x of c) v += typeof x === 'number' && x > 0 ? x : typeof x === 'number' ? 0 : Infinity;
  return v;
}

/** Whether values `a` dominate `b`: no worse in every objective, better in one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const x = directions[i] === 'minimize' ? a[i]! : -a[i]!;
    const y = directions[i] === 'minimize' ? b[i]! : -b[i]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Constrained domination (Deb): a feasible trial dominates an infeasible one; of two infeasible
 * trials the smaller violation dominates; of two feasible ones, plain Pareto dominance.
 */
export function constrainedDominates(a: FrozenTrial, b: FrozenTrial, directions: readonly StudyDirection[], constrained: boolean): boolean {
  if (constrained) {
    const va = constraintViolation(a) ?? Infinity;
    const vb = constraintViolation(b) ?? Infinity;
    if (va === 0 && vb > 0) return true;
    if (va > 0 && vb === 0) return false;
    if (va > 0 && vb > 0) return va < vb;
    if (va === Infinity && vb === Infinity) return false;
  }
  return dominates(a.values!, b.values!, directions);
}

/** Split trials into non-dominated fronts (front 0 is the Pareto set). O(M·N²). */
export function nonDominatedFronts(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], constrained = false): FrozenTrial[][] {
  const n = trials.length;
  const dominatedBy = new Int32Array(n);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (constrainedDominates(trials[i]!, trials[j]!, directions, constrained)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (constrainedDominates(trials[j]!, trials[i]!, directions, constrained)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: FrozenTrial[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length) {
    fronts.push(current.map((i) => trials[i]!));
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    current = next;
  }
  return fronts;
}

/** Crowding distance of each trial in a front (boundary points: Infinity), keyed by trial number. */
export function crowdingDistance(front: readonly FrozenTrial[]): Map<number, number> {
  const dist = new Map<number, number>();
  for (const t of front) dist.set(t.number, 0);
  if (front.length === 0) return dist;
  const m = front[0]!.values!.length;
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort((a, b) => a.values![k]! - b.values![k]!);
    const lo = sorted[0]!.values![k]!;
    const hi = sorted[sorted.length - 1]!.values![k]!;
    const width = hi - lo;
    if (width === 0) continue;
    dist.set(sorted[0]!.number, Infinity);
    dist.set(sorted[sorted.length - 1]!.number, Infinity);
    for (let j = 1; j < sorted.length - 1; j++) {
      const t = sorted[j]!;
      dist.set(t.number, dist.get(t.number)! + (sorted[j + 1]!.values![k]! - sorted[j - 1]!.values![k]!) / width);
    }
  }
  return dist;
}

/**
 * The Pareto-optimal trials among COMPLETE ones (infeasible trials excluded when constraints were
 * recorded), by number. Sorted sweep: a dominator sorts first, so each trial is only checked
 * against the front found so far — O(N·F) instead of O(N²).
 */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const pool = trials.filter((t) => t.state === 'COMPLETE' && t.values !== null && (constraintViolation(t) ?? 0) === 0);
  const sign = directions.map((d) => (d === 'minimize' ? 1 : -1));
  pool.sort((a, b) => {
    for (let k = 0; k < sign.length; k++) {
      const d = sign[k]! * (a.values![k]! - b.values![k]!);
      if (d !== 0) return d;
    }
    return a.number - b.number;
  });
  const front: FrozenTrial[] = [];
  for (const t of pool) {
    if (!front.some((u) => dominates(u.values!, t.values!, directions))) front.push(t);
  }
  return front.sort((a, b) => a.number - b.number);
}
