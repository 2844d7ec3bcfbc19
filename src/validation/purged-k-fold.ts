/**
 * Purged k-fold with embargo (López de Prado, Advances in Financial Machine Learning, 2018, §7.4):
 * the time axis is cut into k contiguous groups; fold i validates on group i and trains on the
 * others, minus (purge) every training row whose label interval [t, end] overlaps the validation
 * period — which runs from the group's first step to the end of its last label — and minus
 * (embargo) the rows in the `embargo` steps after that period.
 */
import { complementRanges, purgeWindow, selectRows, stepGroups } from './row-selection.js';
import { needSteps, nonEmpty, specInt } from './spec-checks.js';
import type { Fold, PurgedKFoldSpec, SplitContext, SplitParts } from './split.js';

export function buildPurgedKFold(ctx: SplitContext, spec: PurgedKFoldSpec): SplitParts {
  const { axis, spans } = ctx;
  const kind = 'purgedKFold';
  const k = specInt(kind, 'k', spec.k, 2);
  const embargo = specInt(kind, 'embargo', spec.embargo, 0, 0);
  needSteps(ctx.steps >= k, kind, `${ctx.steps} time steps cannot make ${k} groups; use a smaller k`);
  const groups = stepGroups(ctx.steps, k);
  const folds: Fold[] = groups.map((g, i) => ({
    train: nonEmpty(selectRows(axis, spans, complementRanges(ctx.steps, [g]), ctx.purge ? [purgeWindow(spans, g, embargo)] : []), kind, `fold ${i}'s train part`),
    valid: nonEmpty(selectRows(axis, spans, [g]), kind, `fold ${i}'s valid part`),
    path: 0,
    name: `purgedKFold-${i}`,
  }));
  return { folds };
}
