/**
 * Adaptive early stopping of a whole study, the successor of the Python system's
 * EarlyStoppingMonitor, as an `optimize` callback:
 *
 * - patience: stop after `patience` completed trials without improvement; each improvement grows
 *   the patience by `patienceFactor` (up to `maxPatience`), so a study that keeps finding better
 *   trials gets more room;
 * - convergence: over the last `convergenceWindow` values, the R² of a straight-line fit times
 *   1/(1 + 1000·|slope|) above `convergenceThreshold`;
 * - plateau: the variance of the last `convergenceWindow` values below `plateauThreshold`;
 * - nothing stops before trial number `warmupTrials`.
 *
 * Values are compared as scores where higher is better (minimised objectives are negated), as the
 * Python monitor did. Its instability rule (coefficient of variation of the last values) is
 * available with `stopOnInstability` but off by default: it stops any study whose scores are ≤ 0.
 */
import { StudyError } from '../errors.js';
import type { FrozenTrial } from './frozen-trial.js';
import type { Study, StudyCallback } from './study.js';

export interface EarlyStoppingOptions {
  /** Trials without improvement before stopping (default 20). */
  patience?: number;
  /** An improvement must beat the best score by more than this (default 0). */
  minImprovement?: number;
  /** No stop before this trial number (default 30). */
  warmupTrials?: number;
  /** Grow patience on each improvement (default true). */
  adaptivePatience?: boolean;
  patienceFactor?: number;
  maxPatience?: number;
  convergenceWindow?: number;
  convergenceThreshold?: number;
  plateauThreshold?: number;
  stopOnInstability?: boolean;
  stabilityWindow?: number;
  minStability?: number;
  instabilityPatience?: number;
  /** Which objective to watch in a multi-objective study (default 0). */
  objective?: number;
}

export interface EarlyStoppingState {
  stopped: boolean;
  reason: string | null;
  bestScore: number;
  bestTrial: number;
  trialsSinceImprovement: number;
  currentPatience: number;
  nObserved: number;
}

/** R² of a least-squares line through (i, y_i), and its slope. */
export function linearFit(y: readonly number[]): { r2: number; slope: number } {
  const n = y.length;
  const mx = (n - 1) / 2;
  let my = 0;
  for (const v of y) my += v;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (y[i]! - my);
    sxx += (i - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  let ssRes = 0;
  for (let i = 0; i < n; i++) ssRes += (y[i]! - (my + slope * (i - mx))) ** 2;
  return { r2: syy > 0 ? 1 - ssRes / syy : 0, slope };
}

function variance(y: readonly number[]): number {
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  return y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length;
}

export class EarlyStopping {
  private readonly o: Required<Omit<EarlyStoppingOptions, 'objective'>> & { objective: number };
  private scores: number[] = [];
  private st: EarlyStoppingState;
  /** Pass this to `optimize({ callbacks: [stopper.callback] })`. */
  readonly callback: StudyCallback;

  constructor(options: EarlyStoppingOptions = {}) {
    this.o = {
      patience: options.patience ?? 20,
      minImprovement: options.minImprovement ?? 0,
      warmupTrials: options.warmupTrials ?? 30,
      adaptivePatience: options.adaptivePatience ?? true,
      patienceFactor: options.patienceFactor ?? 1.5,
      maxPatience: options.maxPatience ?? 50,
      convergenceWindow: options.convergenceWindow ?? 10,
      convergenceThreshold: options.convergenceThreshold ?? 0.995,
      plateauThreshold: options.plateauThreshold ?? 0.0005,
      stopOnInstability: options.stopOnInstability ?? false,
      stabilityWindow: options.stabilityWindow ?? 15,
      minStability: options.minStability ?? 0.8,
      instabilityPatience: options.instabilityPatience ?? 10,
      objective: options.objective ?? 0,
    };
    if (!(Number.isInteger(this.o.patience) && this.o.patience >= 1)) throw new StudyError('ERR_STUDY_EARLY_STOPPING', `patience must be an integer ≥ 1, got ${this.o.patience}`);
    if (!(this.o.patienceFactor >= 1)) throw new StudyError('ERR_STUDY_EARLY_STOPPING', `patienceFactor must be ≥ 1, got ${this.o.patienceFactor}`);
    if (!(Number.isInteger(this.o.convergenceWindow) && this.o.convergenceWindow >= 3)) throw new StudyError('ERR_STUDY_EARLY_STOPPING', 'convergenceWindow must be an integer ≥ 3');
    this.st = { stopped: false, reason: null, bestScore: -Infinity, bestTrial: -1, trialsSinceImprovement: 0, currentPatience: this.o.patience, nObserved: 0 };
    this.callback = (study: Study, trial: FrozenTrial) => {
      if (trial.state !== 'COMPLETE' || !trial.values) return;
      const v = trial.values[this.o.objective]!;
      const maximize = study.directions[this.o.objective] === 'maximize';
      if (this.update(trial.number, maximize ? v : -v)) study.stop();
    };
  }

  /** Feed one score (higher is better); returns true when the study should stop. */
  update(trialNumber: number, score: number): boolean {
    const s = this.st;
    this.scores.push(score);
    s.nObserved++;
    if (score > s.bestScore + this.o.minImprovement || s.bestTrial < 0) {
      s.bestScore = score;
      s.bestTrial = trialNumber;
      s.trialsSinceImprovement = 0;
      // As in the Python monitor, the first trial counts as an improvement too.
      if (this.o.adaptivePatience) s.currentPatience = Math.min(Math.floor(s.currentPatience * this.o.patienceFactor), this.o.maxPatience);
    } else s.trialsSinceImprovement++;
    if (s.stopped) return true;
    if (trialNumber < this.o.warmupTrials) return false;
    const reason = this.check(trialNumber);
    if (reason) {
      s.stopped = true;
      s.reason = reason;
      return true;
    }
    return false;
  }

  private check(trialNumber: number): string | null {
    const s = this.st;
    if (s.trialsSinceImprovement >= s.currentPatience) return `patience: ${s.trialsSinceImprovement} trials without improvement (patience ${s.currentPatience})`;
    const w = this.o.convergenceWindow;
    if (this.scores.length >= w) {
      const recent = this.scores.slice(-w);
      const { r2, slope } = linearFit(recent);
      const convergence = r2 * (1 / (1 + Math.abs(slope) * 1000));
      if (convergence > this.o.convergenceThreshold) return `converged: score ${convergence.toFixed(4)} > ${this.o.convergenceThreshold}`;
      const v = variance(recent);
      if (v < this.o.plateauThreshold) return `plateau: variance ${v.toExponential(3)} of the last ${w} values < ${this.o.plateauThreshold}`;
    }
    if (this.o.stopOnInstability && this.scores.length >= this.o.stabilityWindow && trialNumber > this.o.warmupTrials + this.o.instabilityPatience) {
      const recent = this.scores.slice(-this.o.stabilityWindow);
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      const stability = mean <= 0 ? 0 : 1 / (1 + Math.sqrt(variance(recent)) / mean);
      if (stability < this.o.minStability) return `unstable: stability ${stability.toFixed(4)} < ${this.o.minStability}`;
    }
    return null;
  }

  /** Where the monitor stands (why it stopped, best so far, current patience). */
  get state(): EarlyStoppingState {
    return { ...this.st };
  }
}
