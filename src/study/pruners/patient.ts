/**
 * Wraps another pruner and only consults it once the trial has not improved by more than
 * `minDelta` for `patience` reported steps (Optuna's PatientPruner); without a wrapped pruner,
 * that stall alone prunes.
 */
import { StudyError } from '../../errors.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { Pruner } from './pruner.js';

export class PatientPruner implements Pruner {
  readonly name = 'PatientPruner';

  constructor(
    private readonly wrapped: Pruner | null,
    private readonly patience: number,
    private readonly minDelta = 0,
  ) {
    if (!Number.isInteger(patience) || patience < 0) throw new StudyError('ERR_PRUNER_OPTION', `patience must be an integer ≥ 0, got ${patience}`);
    if (!(minDelta >= 0)) throw new StudyError('ERR_PRUNER_OPTION', `minDelta must be ≥ 0, got ${minDelta}`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const steps = Object.keys(trial.intermediateValues)
      .map(Number)
      .sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const cut = steps.length - this.patience - 1;
    const before = steps.slice(0, cut).map((s) => trial.intermediateValues[s]!);
    const after = steps.slice(cut).map((s) => trial.intermediateValues[s]!);
    const stalled =
      study.directions[0] === 'maximize'
        ? Math.max(...before) - this.minDelta > Math.max(...after)
        : Math.min(...before) + this.minDelta < Math.min(...after);
    if (!stalled) return false;
    return this.wrapped ? this.wrapped.prune(study, trial) : true;
  }
}
