/**
 * The pruner interface (Optuna's BasePruner): decides from a running trial's reported intermediate
 * values, and the other trials of the study, whether to stop it now.
 */
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';

export interface Pruner {
  readonly name: string;
  /**
   * True when `prune` never stops a trial: `shouldPrune` then answers without flushing the trial's
   * writes and re-reading the study, which it otherwise does on every report.
   */
  readonly neverPrunes?: boolean;
  /** True to prune `trial` (a running trial of a single-objective study). */
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
