/**
 * Combinatorial purged cross-validation (López de Prado, Advances in Financial Machine Learning,
 * 2018, ch. 12): the time axis is cut into N contiguous groups; each of the C(N, k) choices of k
 * test groups is one fold, trained on the other groups with purge and embargo around every test
 * block. Each group is tested in C(N−1, k−1) folds, so the folds assemble into
 * φ = k/N·C(N, k) = C(N−1, k−1) backtest paths: path p takes each group from the p-th fold
 * (in fold order) that tests it, so a path covers every group exactly once.
 */
import { ValidationError } from '../errors.js';
import { complementRanges, purgeWindow, selectRows, stepGroups, type StepRange } from './row-selection.js';
import { needSteps, nonEmpty, specInt } from './spec-checks.js';
import type { BacktestPath, CpcvSpec, Fold, SplitContext, SplitParts } from './split.js';

/** Splits beyond this would cost more memory than any study can use; ask for fewer groups. */
const MAX_FOLDS = 10_000;

/** All k-subsets of 0..n-1 in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const c = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    out.push([...c]);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return out;
    c[i]!++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
}

/** C(n, k). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

export function buildCpcv(ctx: SplitContext, spec: CpcvSpec): SplitParts {
  const { axis, spans } = ctx;
  const kind = 'cpcv';
  const n = specInt(kind, 'groups', spec.groups, 2);
  const k = specInt(kind, 'testGroups', spec.testGroups, 1);
  if (k >= n) throw new ValidationError('ERR_SPLIT_SPEC', `cpcv: testGroups (${k}) must be smaller than groups (${n}) so every fold has training groups`, { field: 'testGroups' });
  if (binomial(n, k) > MAX_FOLDS) throw new ValidationError('ERR_SPLIT_SPEC', `cpcv: C(${n}, ${k}) = ${binomial(n, k)} folds is more than ${MAX_FOLDS}; use fewer groups`, { field: 'groups' });
  const embargo = specInt(kind, 'embargo', spec.embargo, 0, 0);
  needSteps(ctx.steps >= n, kind, `${ctx.steps} time steps cannot make ${n} groups; use fewer groups`);
  const groups = stepGroups(ctx.steps, n);
  const combos = combinations(n, k);
  const folds: Fold[] = combos.map((combo, j) => {
    const blocks = mergeAdjacent(combo.map((g) => groups[g]!));
    const windows = ctx.purge ? blocks.map((b) => purgeWindow(spans, b, embargo)) : [];
    return {
      train: nonEmpty(selectRows(axis, spans, complementRanges(ctx.steps, blocks), windows), kind, `fold ${j}'s train part`),
      valid: nonEmpty(selectRows(axis, spans, blocks), kind, `fold ${j}'s test groups`),
      name: `cpcv-${combo.join('-')}`,
    };
  });
  const groupRows = groups.map((g) => selectRows(axis, spans, [g]));
  const testedIn: number[][] = groups.map(() => []);
  combos.forEach((combo, j) => combo.forEach((g) => testedIn[g]!.push(j)));
  const phi = binomial(n - 1, k - 1);
  const paths: BacktestPath[] = Array.from({ length: phi }, (_, p) => ({
    index: p,
    segments: groups.map((_, g) => ({ group: g, fold: testedIn[g]![p]!, rows: groupRows[g]! })),
  }));
  return { folds, paths };
}

function mergeAdjacent(blocks: StepRange[]): StepRange[] {
  const out: StepRange[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (last && last.hi === b.lo) last.hi = b.hi;
    else out.push({ ...b });
  }
  return out;
}
