/**
 * The leakage guard. A split is refused with ERR_LEAKAGE when it shuffles time, or when it does not
 * purge and its gap between training and the period it is scored on is shorter than the label
 * horizon (a training label would then look into that period). Without labels or a declared
 * `labelHorizon` the horizon is unknown and the split is refused with ERR_SPLIT_LABELS.
 *
 * `allowLeakage: '<reason>'` lets such a split run; the reason is returned (makeSplit puts it on
 * the Split) and `recordSplit` stores it in the study's system attrs, so a leaky score can always
 * be traced to a deliberate choice.
 */
import { ValidationError } from '../errors.js';
import type { JsonValue } from '../study/frozen-trial.js';
import type { Split, SplitSpec } from './split.js';

/** Study system attr holding the reason a leaky split was allowed. */
export const LEAKAGE_OPT_OUT_ATTR = 'leakage_opt_out';
/** Study system attr describing the split the study's scores come from. */
export const VALIDATION_SPLIT_ATTR = 'validation_split';

/**
 * Check `spec` against the label horizon (steps; undefined when unknown). Returns the opt-out
 * reason when one was given, throws ERR_LEAKAGE / ERR_SPLIT_LABELS when the split would leak.
 */
export function guardLeakage(spec: SplitSpec, horizon: number | undefined): string | undefined {
  const reason = spec.allowLeakage;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
    throw new ValidationError('ERR_SPLIT_SPEC', `${spec.kind}: allowLeakage must be a non-empty reason (a string), got ${JSON.stringify(reason)}`, { field: 'allowLeakage' });
  }
  if (reason !== undefined) return reason;
  if (spec.kind === 'shuffledKFold') {
    throw new ValidationError(
      'ERR_LEAKAGE',
      'shuffledKFold mixes future rows into training (overlapping labels and autocorrelated features make its scores optimistic); use purgedKFold or walkForward, or pass allowLeakage: "<why>"',
    );
  }
  if (horizon === undefined) {
    throw new ValidationError(
      'ERR_SPLIT_LABELS',
      `${spec.kind}: cannot check for leakage without labels; pass the labels from computeLabels(frame, spec) (or labelHorizon in the spec)`,
    );
  }
  if (spec.purge === false) {
    const gap = spec.kind === 'holdout' || spec.kind === 'walkForward' ? (spec.gap ?? 0) : 0;
    if (gap < horizon) {
      throw new ValidationError(
        'ERR_LEAKAGE',
        `${spec.kind}: purge is off and the gap before each scored period is ${gap} time step(s), but labels look ${horizon} step(s) ahead, so training labels overlap the scored period; keep purge on, set gap ≥ ${horizon}, or pass allowLeakage: "<why>"`,
        { gap, horizon },
      );
    }
  }
  return undefined;
}

/** What a study stores about its split (JSON). */
export function describeSplit(split: Split): { [key: string]: JsonValue } {
  return {
    kind: split.kind,
    spec: JSON.parse(JSON.stringify(split.spec)) as JsonValue,
    folds: split.folds.length,
    steps: split.steps,
    horizon: split.horizon,
    leakageOptOut: split.leakageOptOut ?? null,
  };
}

/**
 * Store the split in the study's system attrs (`validation_split`) and, when leakage was allowed,
 * the reason (`leakage_opt_out`).
 */
export async function recordSplit(study: { setSystemAttr(key: string, value: JsonValue): Promise<void> }, split: Split): Promise<void> {
  await study.setSystemAttr(VALIDATION_SPLIT_ATTR, describeSplit(split));
  if (split.leakageOptOut !== undefined) await study.setSystemAttr(LEAKAGE_OPT_OUT_ATTR, split.leakageOptOut);
}
