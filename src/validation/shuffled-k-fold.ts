/**
 * Shuffled k-fold: rows dealt at random into k folds, as scikit-learn's KFold(shuffle=True). It
 * ignores time, so with overlapping labels and autocorrelated features its scores are optimistic
 * (the Python system's 0.997 AUC that fell to 0.80 on a later period). The leakage guard only lets
 * it run with `allowLeakage`; it exists to measure that inflation.
 */
import { sharedUint32 } from '../data/shared-array.js';
import { Rng } from '../rng.js';
import { needSteps, specInt } from './spec-checks.js';
import type { Fold, ShuffledKFoldSpec, SplitContext, SplitParts } from './split.js';

export function buildShuffledKFold(ctx: SplitContext, spec: ShuffledKFoldSpec): SplitParts {
  const { axis, spans } = ctx;
  const kind = 'shuffledKFold';
  const k = specInt(kind, 'k', spec.k, 2);
  const seed = specInt(kind, 'seed', spec.seed, 0, 0);
  const n = axis.stepOfRow.length;
  let m = 0;
  for (let r = 0; r < n; r++) if (spans.labelled(r)) m++;
  needSteps(m >= k, kind, `${m} labelled rows cannot make ${k} folds`);
  // fold of each row: a seeded Fisher–Yates deal of fold ids (sizes as numpy.array_split)
  const foldOf = new Uint32Array(m);
  for (let i = 0; i < m; i++) foldOf[i] = foldIndex(i, m, k);
  const rng = new Rng(seed);
  for (let i = m - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = foldOf[i]!;
    foldOf[i] = foldOf[j]!;
    foldOf[j] = t;
  }
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < m; i++) sizes[foldOf[i]!]!++;
  const valid = sizes.map((s) => sharedUint32(s));
  const train = sizes.map((s) => sharedUint32(m - s));
  const vi = new Array<number>(k).fill(0);
  const ti = new Array<number>(k).fill(0);
  for (let r = 0, i = 0; r < n; r++) {
    if (!spans.labelled(r)) continue;
    const f = foldOf[i++]!;
    valid[f]![vi[f]!++] = r;
    for (let g = 0; g < k; g++) if (g !== f) train[g]![ti[g]!++] = r;
  }
  const folds: Fold[] = valid.map((v, f) => ({ train: train[f]!, valid: v, name: `shuffledKFold-${f}` }));
  return { folds };
}

function foldIndex(i: number, m: number, k: number): number {
  const base = Math.floor(m / k);
  const extra = m % k;
  const cut = extra * (base + 1);
  return i < cut ? Math.floor(i / (base + 1)) : extra + Math.floor((i - cut) / base);
}
