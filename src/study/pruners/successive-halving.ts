/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), as Optuna's SuccessiveHalvingPruner. A
 * trial reaching rung r (step ≥ minResource·η^(minEarlyStoppingRate + r)) records its value at that
 * rung and continues only if it is in the top 1/η of all values recorded at the rung so far.
 * `minResource: 'auto'` takes 1/100 of the longest completed trial's steps.
 */
import { StudyError } from '../../errors.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { lastStep } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { Pruner } from './pruner.js';

export interface SuccessiveHalvingPrunerOptions {
  minResource?: number | 'auto';
  /** η (default 4). */
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  /** Values a rung needs before it can promote anyone (default 0). */
  bootstrapCount?: number;
}

export function rungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly name: string = 'SuccessiveHalvingPruner';
  private minResource: number | null;
  private readonly reductionFactor: number;
  private readonly minEarlyStoppingRate: number;
  private readonly bootstrapCount: number;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const mr = options.minResource ?? 'auto';
    if (mr !== 'auto' && !(Number.isInteger(mr) && mr >= 1)) throw new StudyError('ERR_PRUNER_OPTION', `minResource must be 'auto' or an integer ≥ 1, got ${mr}`);
    this.minResource = mr === 'auto' ? null : mr;
    this.reductionFactor = options.reductionFactor ?? 4;
    this.minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (!(Number.isInteger(this.reductionFactor) && this.reductionFactor >= 2)) throw new StudyError('ERR_PRUNER_OPTION', `reductionFactor must be an integer ≥ 2, got ${this.reductionFactor}`);
    if (!(Number.isInteger(this.minEarlyStoppingRate) && this.minEarlyStoppingRate >= 0)) throw new StudyError('ERR_PRUNER_OPTION', 'minEarlyStoppingRate must be an integer ≥ 0');
    if (!(Number.isInteger(this.bootstrapCount) && this.bootstrapCount >= 0)) throw new StudyError('ERR_PRUNER_OPTION', 'bootstrapCount must be an integer ≥ 0');
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    let rung = 0;
    while (rungKey(rung) in trial.systemAttrs) rung++;
    const value = trial.intermediateValues[step]!;
    const all = study.cachedTrials();
    for (;;) {
      if (this.minResource === null) {
        let longest = -1;
        for (const t of all) {
          if (t?.state !== 'COMPLETE') continue;
          const s = lastStep(t);
          if (s !== null && s > longest) longest = s;
        }
        if (longest < 0) return false;
        this.minResource = Math.max(Math.floor(longest / 100), 1);
      }
      const promotionStep = this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      const key = rungKey(rung);
      study.setTrialSystemAttr(trial.number, key, value);
      const competing: number[] = [];
      for (const t of all) if (t && t.number !== trial.number && key in t.systemAttrs) competing.push(t.systemAttrs[key] as number);
      competing.push(value);
      if (competing.length <= this.bootstrapCount) return true;
      if (!promotable(value, competing, this.reductionFactor, study.directions[0] === 'maximize')) return true;
      rung++;
    }
  }
}

function promotable(value: number, competing: number[], eta: number, maximize: boolean): boolean {
  let idx = Math.floor(competing.length / eta) - 1;
  // Trials cannot be paused and resumed, so the first η−1 trials are promoted only if they are the best so far.
  if (idx === -1) idx = 0;
  competing.sort((a, b) => a - b);
  return maximize ? value >= competing[competing.length - 1 - idx]! : value <= competing[idx]!;
}
