/**
 * Holdout: train, then valid, then (optionally) test, cut on the time axis by fractions of the
 * distinct time steps or by dates. Every training row is strictly before every validation row, and
 * validation before test. With purge on, a train row whose label reaches the valid (or test)
 * period is dropped, and so is a valid row whose label reaches the test period. `gap` steps are
 * left out at the end of train (and of valid, before test).
 */
import { ValidationError } from '../errors.js';
import { purgeWindow, selectRows, type PurgeWindow, type StepRange } from './row-selection.js';
import { needSteps, nonEmpty, specFraction, specInt } from './spec-checks.js';
import type { Fold, HoldoutDateSpec, HoldoutFractionSpec, SplitContext, SplitParts } from './split.js';

export function buildHoldout(ctx: SplitContext, spec: HoldoutFractionSpec | HoldoutDateSpec): SplitParts {
  const T = ctx.steps;
  const gap = specInt('holdout', 'gap', spec.gap, 0, 0);
  let b1: number;
  let b2: number;
  let end = T;
  if ('trainEnd' in spec && spec.trainEnd !== undefined) {
    b1 = ctx.axis.stepAtOrAfter(dateMs('trainEnd', spec.trainEnd));
    b2 = spec.validEnd === undefined ? T : ctx.axis.stepAtOrAfter(dateMs('validEnd', spec.validEnd));
    if (b2 < b1) throw new ValidationError('ERR_SPLIT_SPEC', 'holdout: validEnd is before trainEnd', { field: 'validEnd' });
  } else {
    const s = spec as HoldoutFractionSpec;
    const train = specFraction('holdout', 'train', s.train);
    const valid = specFraction('holdout', 'valid', s.valid);
    const test = s.test === undefined ? Math.max(0, 1 - train - valid) : specFraction('holdout', 'test', s.test);
    if (train + valid + test > 1 + 1e-9) throw new ValidationError('ERR_SPLIT_SPEC', `holdout: train + valid + test = ${train + valid + test} > 1`, { field: 'test' });
    b1 = Math.round(train * T);
    b2 = Math.min(T, Math.round((train + valid) * T));
    if (test > 0) end = Math.min(T, Math.round((train + valid + test) * T));
    else end = b2;
  }
  return assemble(ctx, b1, b2, end, gap);
}

function assemble(ctx: SplitContext, b1: number, b2: number, end: number, gap: number): SplitParts {
  const { axis, spans } = ctx;
  needSteps(b1 - gap > 0, 'holdout', `the train part has ${Math.max(0, b1 - gap)} time steps (of ${ctx.steps}, gap ${gap}); move the boundary later or shrink the gap`);
  const hasTest = end > b2;
  const validBlock: StepRange = { lo: b1, hi: hasTest ? b2 - gap : b2 };
  needSteps(validBlock.hi > validBlock.lo, 'holdout', `the valid part has no time steps (of ${ctx.steps}); give it a larger fraction or a later end`);
  const testBlock: StepRange = { lo: b2, hi: end };
  const beforeValid: PurgeWindow[] = ctx.purge ? [purgeWindow(spans, validBlock, 0)] : [];
  const beforeTest: PurgeWindow[] = ctx.purge && hasTest ? [purgeWindow(spans, testBlock, 0)] : [];
  const fold: Fold = {
    train: nonEmpty(selectRows(axis, spans, [{ lo: 0, hi: b1 - gap }], [...beforeValid, ...beforeTest]), 'holdout', 'the train part'),
    valid: nonEmpty(selectRows(axis, spans, [validBlock], beforeTest), 'holdout', 'the valid part'),
    name: 'holdout',
  };
  if (!hasTest) return { folds: [fold] };
  const test = nonEmpty(selectRows(axis, spans, [testBlock]), 'holdout', 'the test part');
  fold.test = test;
  return { folds: [fold], test };
}

function dateMs(field: string, v: string | number): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) throw new ValidationError('ERR_SPLIT_SPEC', `holdout: ${field} must be an ISO-8601 date or epoch ms, got ${JSON.stringify(v)}`, { field });
  return ms;
}
