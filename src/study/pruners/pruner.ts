/**
 * The pruner interface (Optuna's BasePruner): decides from a running trial's reported intermediate
 * values, and the other trials of the study, whether to stop it now.
 */
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';

export interface Pruner {
  readonly name: string;
  /** True to prune `trial` (a running trial of a single-objective study). */
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
