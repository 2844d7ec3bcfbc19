/**
 * Fold-wise pruning (Optuna's WilcoxonPruner): the objective reports one score per fold/instance
 * (step = fold id, any order); once `nStartupSteps` folds are shared with the best trial, a
 * one-sided Wilcoxon signed-rank test on the paired differences prunes the trial when it is
 * significantly worse (p < pThreshold). For safety it never prunes a trial whose average over its
 * folds is better than the best trial's average.
 */
import { StudyError } from '../../errors.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import { wilcoxonSignedRank } from '../wilcoxon-signed-rank.js';
import type { Pruner } from './pruner.js';

export interface WilcoxonPrunerOptions {
  /** Significance level (default 0.1). */
  pThreshold?: number;
  /** Folds a trial must share with the best before it can be pruned (default 2). */
  nStartupSteps?: number;
}

export class WilcoxonPruner implements Pruner {
  readonly name = 'WilcoxonPruner';
  private readonly pThreshold: number;
  private readonly nStartupSteps: number;

  constructor(options: WilcoxonPrunerOptions = {}) {
    this.pThreshold = options.pThreshold ?? 0.1;
    this.nStartupSteps = options.nStartupSteps ?? 2;
    if (!(this.pThreshold >= 0 && this.pThreshold <= 1)) throw new StudyError('ERR_PRUNER_OPTION', `pThreshold must be in [0, 1], got ${this.pThreshold}`);
    if (!Number.isInteger(this.nStartupSteps) || this.nStartupSteps < 0) throw new StudyError('ERR_PRUNER_OPTION', `nStartupSteps must be an integer ≥ 0, got ${this.nStartupSteps}`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const steps = Object.keys(trial.intermediateValues);
    if (steps.length === 0) return false;
    const maximize = study.directions[0] === 'maximize';
    let best: FrozenTrial | null = null;
    for (const t of study.cachedTrialsIn(['COMPLETE'])) {
      if (!t.values) continue;
      if (!best || (maximize ? t.values[0]! > best.values![0]! : t.values[0]! < best.values![0]!)) best = t;
    }
    if (!best || Object.keys(best.intermediateValues).length === 0) return false;
    const diffs: number[] = [];
    let sumMine = 0;
    let sumBest = 0;
    for (const s of steps) {
      const mine = trial.intermediateValues[s as unknown as number]!;
      sumMine += mine;
      const theirs = best.intermediateValues[s as unknown as number];
      if (theirs === undefined) continue;
      diffs.push(mine - theirs);
    }
    for (const s in best.intermediateValues) sumBest += best.intermediateValues[s as unknown as number]!;
    if (diffs.length < this.nStartupSteps) return false;
    const nb = Object.keys(best.intermediateValues).length;
    const avgBest = sumBest / nb;
    const avgMine = sumMine / steps.length;
    const averageIsBest = maximize ? avgBest <= avgMine : avgBest >= avgMine;
    const p = wilcoxonSignedRank(diffs, { alternative: maximize ? 'less' : 'greater', zeroMethod: 'zsplit' }).pValue;
    if (p < this.pThreshold && averageIsBest) return false;
    return p < this.pThreshold;
  }
}
