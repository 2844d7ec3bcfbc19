/**
 * Prune a trial whose best intermediate value so far is worse than the given percentile of the
 * COMPLETE trials' values at the same step (Optuna's PercentilePruner, same defaults and rules:
 * startup trials, warm-up steps, an interval between checks, a minimum number of trials at the step).
 */
import { StudyError } from '../../errors.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { lastStep } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { Pruner } from './pruner.js';

export interface PercentilePrunerOptions {
  /** Trials to complete before pruning starts (default 5). */
  nStartupTrials?: number;
  /** Steps of each trial never pruned (default 0). */
  nWarmupSteps?: number;
  /** Check only every this many steps after warm-up (default 1). */
  intervalSteps?: number;
  /** Completed trials that must have reported at the step (default 1). */
  nMinTrials?: number;
}

/** numpy's default (linear) percentile of sorted values. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = ((n - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Whether `step` is the first reported step at or after the latest pruning checkpoint. */
export function isFirstInIntervalStep(step: number, steps: Iterable<number>, nWarmupSteps: number, intervalSteps: number): boolean {
  const nearestLower = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLower;
}

export class PercentilePruner implements Pruner {
  readonly name: string = 'PercentilePruner';
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;
  private readonly nMinTrials: number;

  constructor(
    readonly percentile: number,
    options: PercentilePrunerOptions = {},
  ) {
    if (!(percentile >= 0 && percentile <= 100)) throw new StudyError('ERR_PRUNER_PERCENTILE', `percentile must be in [0, 100], got ${percentile}`);
    this.nStartupTrials = options.nStartupTrials ?? 5;
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    this.nMinTrials = options.nMinTrials ?? 1;
    if (this.nStartupTrials < 0) throw new StudyError('ERR_PRUNER_OPTION', `nStartupTrials must be ≥ 0, got ${this.nStartupTrials}`);
    if (this.nWarmupSteps < 0) throw new StudyError('ERR_PRUNER_OPTION', `nWarmupSteps must be ≥ 0, got ${this.nWarmupSteps}`);
    if (this.intervalSteps < 1) throw new StudyError('ERR_PRUNER_OPTION', `intervalSteps must be ≥ 1, got ${this.intervalSteps}`);
    if (this.nMinTrials < 1) throw new StudyError('ERR_PRUNER_OPTION', `nMinTrials must be ≥ 1, got ${this.nMinTrials}`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const completed = study.cachedTrialsIn(['COMPLETE']);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, Object.keys(trial.intermediateValues).map(Number), this.nWarmupSteps, this.intervalSteps)) return false;
    const maximize = study.directions[0] === 'maximize';
    let best = maximize ? -Infinity : Infinity;
    for (const k in trial.intermediateValues) {
      const v = trial.intermediateValues[k as unknown as number]!;
      best = maximize ? Math.max(best, v) : Math.min(best, v);
    }
    const atStep: number[] = [];
    for (const t of completed) {
      const v = t.intermediateValues[step];
      if (v !== undefined) atStep.push(v);
    }
    if (atStep.length < this.nMinTrials) return false;
    atStep.sort((a, b) => a - b);
    const p = percentileOfSorted(atStep, maximize ? 100 - this.percentile : this.percentile);
    return maximize ? best < p : best > p;
  }
}
