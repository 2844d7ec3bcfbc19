/**
 * Independent uniform sampling (Optuna's RandomSampler): uniform on the (log) scale of each
 * distribution, every grid point of a stepped or integer range equally likely. Other samplers use it
 * for their startup trials and for parameters they do not model.
 */
import type { Rng } from '../../rng.js';
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { Sampler } from './sampler.js';
import { randomSeed, trialRng } from './trial-rng.js';

/** One uniform draw (internal representation) from `d`. */
export function sampleUniform(d: Distribution, rng: Rng): number {
  if (d.type === 'categorical') return rng.int(0, d.choices.length - 1);
  if (d.type === 'int') {
    if (d.log) {
      const v = Math.round(Math.exp(rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5))));
      return Math.min(d.high, Math.max(d.low, v));
    }
    return d.low + d.step * rng.int(0, (d.high - d.low) / d.step);
  }
  if (d.step !== null) {
    const k = rng.int(0, Math.round((d.high - d.low) / d.step));
    return Math.min(d.high, d.low + k * d.step);
  }
  if (d.log) return Math.min(d.high, Math.max(d.low, Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)))));
  return d.low === d.high ? d.low : rng.uniform(d.low, d.high);
}

export interface RandomSamplerOptions {
  /** Same seed ⇒ same parameters for the same trial numbers. Random when omitted. */
  seed?: number;
}

export class RandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  readonly seed: number;

  constructor(options: RandomSamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, number> {
    return {};
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    return sampleUniform(distribution, trialRng(this.seed, trial.number, name));
  }
}
