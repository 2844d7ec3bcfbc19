/**
 * Hyperband (Li et al. 2018) as Optuna's HyperbandPruner: several successive-halving brackets with
 * different early-stopping rates; each trial is assigned to a bracket by a hash of the study name
 * and trial number (weighted by the bracket budgets), and each bracket's pruner only compares
 * trials of its own bracket.
 */
import { crc32 } from 'node:zlib';
import { StudyError } from '../../errors.js';
import type { FrozenTrial, JsonValue } from '../frozen-trial.js';
import { lastStep } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { TrialState } from '../trial-state.js';
import type { Pruner } from './pruner.js';
import { SuccessiveHalvingPruner } from './successive-halving.js';

export interface HyperbandPrunerOptions {
  minResource?: number;
  /** Longest a trial runs, in steps; 'auto' = longest completed trial + 1 (default). */
  maxResource?: number | 'auto';
  /** η (default 3). */
  reductionFactor?: number;
  bootstrapCount?: number;
}

export class HyperbandPruner implements Pruner {
  readonly name = 'HyperbandPruner';
  private readonly minResource: number;
  private maxResource: number | 'auto';
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private pruners: SuccessiveHalvingPruner[] = [];
  private budgets: number[] = [];
  private totalBudget = 0;
  private readonly bracketOf = new Map<string, number>();

  constructor(options: HyperbandPrunerOptions = {}) {
    this.minResource = options.minResource ?? 1;
    this.maxResource = options.maxResource ?? 'auto';
    this.reductionFactor = options.reductionFactor ?? 3;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (!(Number.isInteger(this.minResource) && this.minResource >= 1)) throw new StudyError('ERR_PRUNER_OPTION', `minResource must be an integer ≥ 1, got ${this.minResource}`);
    if (this.maxResource !== 'auto' && !(Number.isInteger(this.maxResource) && this.maxResource >= this.minResource)) {
      throw new StudyError('ERR_PRUNER_OPTION', `maxResource must be 'auto' or an integer ≥ minResource, got ${this.maxResource}`);
    }
    if (!(Number.isInteger(this.reductionFactor) && this.reductionFactor >= 2)) throw new StudyError('ERR_PRUNER_OPTION', `reductionFactor must be an integer ≥ 2, got ${this.reductionFactor}`);
  }

  /** Number of brackets once known (after the first completed trial with 'auto'). */
  get nBrackets(): number {
    return this.pruners.length;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (this.pruners.length === 0) {
      this.initialise(study);
      if (this.pruners.length === 0) return false;
    }
    const bracket = this.bracketId(study.studyName, trial.number);
    return this.pruners[bracket]!.prune(this.bracketView(study, bracket), trial);
  }

  private initialise(study: StudyView): void {
    if (this.maxResource === 'auto') {
      let longest = -1;
      for (const t of study.cachedTrialsIn(['COMPLETE'])) {
        const s = lastStep(t);
        if (s !== null && s > longest) longest = s;
      }
      if (longest < 0) return;
      this.maxResource = longest + 1;
    }
    const n = Math.floor(Math.log(this.maxResource / this.minResource) / Math.log(this.reductionFactor) + 1e-12) + 1;
    for (let b = 0; b < n; b++) {
      const s = n - 1 - b;
      const budget = Math.ceil((n * this.reductionFactor ** s) / (s + 1));
      this.budgets.push(budget);
      this.totalBudget += budget;
      this.pruners.push(new SuccessiveHalvingPruner({ minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: b, bootstrapCount: this.bootstrapCount }));
    }
  }

  /** The bracket a trial belongs to (0 before the brackets are known). */
  bracketId(studyName: string, trialNumber: number): number {
    if (this.pruners.length === 0) return 0;
    const key = `${studyName}_${trialNumber}`;
    const cached = this.bracketOf.get(key);
    if (cached !== undefined) return cached;
    let n = crc32(key) % this.totalBudget;
    let id = 0;
    for (; id < this.budgets.length; id++) {
      n -= this.budgets[id]!;
      if (n < 0) break;
    }
    this.bracketOf.set(key, id);
    return id;
  }

  private bracketView(study: StudyView, bracket: number): StudyView {
    const inBracket = (t: FrozenTrial | undefined): t is FrozenTrial => t !== undefined && this.bracketId(study.studyName, t.number) === bracket;
    return {
      studyId: study.studyId,
      studyName: study.studyName,
      directions: study.directions,
      cachedTrials: () => study.cachedTrials().filter(inBracket),
      cachedTrialsIn: (states: readonly TrialState[]) => study.cachedTrialsIn(states).filter(inBracket),
      setTrialSystemAttr: (n: number, k: string, v: JsonValue) => study.setTrialSystemAttr(n, k, v),
      stop: () => study.stop(),
    };
  }
}
