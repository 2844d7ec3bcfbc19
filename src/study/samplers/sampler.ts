/**
 * The sampler interface (Optuna's BaseSampler). Values cross it in their internal representation:
 * floats and ints as numbers, categoricals as the index of the choice.
 *
 * A trial's parameters come from two places: `sampleRelative` draws every parameter of the relative
 * search space at once when the trial starts (multivariate TPE, CMA-ES, QMC, NSGA-II); any
 * parameter it did not cover is drawn by `sampleIndependent` when the objective suggests it.
 */
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { TrialState } from '../trial-state.js';

export interface Sampler {
  /** Short name for reports, e.g. `TPESampler`. */
  readonly name: string;
  /** The parameters `sampleRelative` will draw for this trial (may be empty). */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  /** Internal values for (a subset of) the relative search space. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, number>;
  /** One internal value for a parameter outside the relative search space. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number;
  /** Called when a trial starts, before relative sampling. */
  beforeTrial?(study: StudyView, trial: FrozenTrial): void;
  /** Called when a trial ends, while it can still take system attributes, before its state is stored. */
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void;
}
