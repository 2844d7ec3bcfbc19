/** Prune a trial whose latest intermediate value leaves [lower, upper] (Optuna's ThresholdPruner). */
import { StudyError } from '../../errors.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { lastStep } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import { isFirstInIntervalStep } from './percentile.js';
import type { Pruner } from './pruner.js';

export interface ThresholdPrunerOptions {
  lower?: number;
  upper?: number;
  nWarmupSteps?: number;
  intervalSteps?: number;
}

export class ThresholdPruner implements Pruner {
  readonly name = 'ThresholdPruner';
  private readonly lower: number;
  private readonly upper: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;

  constructor(options: ThresholdPrunerOptions) {
    if (options.lower === undefined && options.upper === undefined) throw new StudyError('ERR_PRUNER_OPTION', 'ThresholdPruner needs lower, upper or both');
    this.lower = options.lower ?? -Infinity;
    this.upper = options.upper ?? Infinity;
    if (this.lower > this.upper) throw new StudyError('ERR_PRUNER_OPTION', `lower (${this.lower}) must be ≤ upper (${this.upper})`);
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    if (this.nWarmupSteps < 0 || this.intervalSteps < 1) throw new StudyError('ERR_PRUNER_OPTION', 'nWarmupSteps must be ≥ 0 and intervalSteps ≥ 1');
  }

  prune(_study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, Object.keys(trial.intermediateValues).map(Number), this.nWarmupSteps, this.intervalSteps)) return false;
    const v = trial.intermediateValues[step]!;
    return v < this.lower || v > this.upper;
  }
}
