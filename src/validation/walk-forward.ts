/**
 * Walk-forward: `folds` validation windows of `validSteps` steps, the last ending at the last step,
 * each `step` steps after the previous one. Each fold trains on what comes before its window
 * (minus `gap` steps): from the first step ('expanding') or the last `trainSteps` steps
 * ('rolling'). Training is strictly before validation; with purge on, training rows whose labels
 * reach the window are dropped.
 */
import { ValidationError } from '../errors.js';
import { purgeWindow, selectRows, type StepRange } from './row-selection.js';
import { needSteps, nonEmpty, specInt } from './spec-checks.js';
import type { Fold, SplitContext, SplitParts, WalkForwardSpec } from './split.js';

export function buildWalkForward(ctx: SplitContext, spec: WalkForwardSpec): SplitParts {
  const { axis, spans } = ctx;
  const T = ctx.steps;
  const kind = 'walkForward';
  const folds = specInt(kind, 'folds', spec.folds, 1);
  const window = spec.window ?? 'expanding';
  if (window !== 'expanding' && window !== 'rolling') throw new ValidationError('ERR_SPLIT_SPEC', `walkForward: window must be 'expanding' or 'rolling', got ${JSON.stringify(window)}`, { field: 'window' });
  const gap = specInt(kind, 'gap', spec.gap, 0, 0);
  const validSteps = specInt(kind, 'validSteps', spec.validSteps, 1, Math.floor(T / (folds + 1)));
  needSteps(validSteps >= 1, kind, `${T} time steps cannot hold ${folds} validation windows and a training window; use fewer folds`);
  const step = specInt(kind, 'step', spec.step, 1, validSteps);
  const firstValid = T - validSteps - (folds - 1) * step;
  const room = firstValid - gap;
  needSteps(room >= 1, kind, `${folds} windows of ${validSteps} steps, ${step} apart, with gap ${gap} leave ${Math.max(0, room)} training steps in ${T}; use fewer or smaller windows`);
  const trainSteps = specInt(kind, 'trainSteps', spec.trainSteps, 1, room);
  needSteps(trainSteps <= room, kind, `trainSteps ${trainSteps} exceeds the ${room} steps before the first window`);
  const out: Fold[] = [];
  for (let i = 0; i < folds; i++) {
    const lo = firstValid + i * step;
    const validBlock: StepRange = { lo, hi: lo + validSteps };
    const trainHi = lo - gap;
    const trainLo = window === 'rolling' ? trainHi - trainSteps : window === 'expanding' && spec.trainSteps !== undefined ? firstValid - gap - trainSteps : 0;
    const fold: Fold = {
      train: nonEmpty(selectRows(axis, spans, [{ lo: Math.max(0, trainLo), hi: trainHi }], ctx.purge ? [purgeWindow(spans, validBlock, 0)] : []), kind, `fold ${i}'s train part`),
      valid: nonEmpty(selectRows(axis, spans, [validBlock]), kind, `fold ${i}'s valid part`),
      name: `walkForward-${i}`,
    };
    // Windows that do not overlap make one backtest path.
    if (step >= validSteps) fold.path = 0;
    out.push(fold);
  }
  return { folds: out };
}
