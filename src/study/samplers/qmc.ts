/**
 * Quasi-Monte Carlo sampler (Optuna's QMCSampler): numeric parameters of the first finished trial
 * are sampled jointly from a Sobol' (default) or Halton sequence, spread more evenly than random
 * points; categorical and later-appearing parameters go to an independent (random) sampler.
 * Sequence positions are taken in trial order (each trial records its `qmc:id`), so a resumed study
 * continues the sequence. Scrambling (default on) is seeded.
 */
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { SearchSpace } from '../search-space.js';
import { SearchSpaceTransform } from '../search-space-transform.js';
import type { StudyView } from '../study-view.js';
import { HaltonSequence } from './halton.js';
import { RandomSampler } from './random.js';
import type { Sampler } from './sampler.js';
import { SobolSequence } from './sobol.js';
import { randomSeed } from './trial-rng.js';

export interface QMCSamplerOptions {
  qmcType?: 'sobol' | 'halton';
  /** Randomise the sequence (default true). */
  scramble?: boolean;
  seed?: number;
  independentSampler?: Sampler;
}

const QMC_ID = 'qmc:id';

export class QMCSampler implements Sampler {
  readonly name = 'QMCSampler';
  readonly seed: number;
  private readonly type: 'sobol' | 'halton';
  private readonly scramble: boolean;
  private readonly independent: Sampler;
  private readonly initial = new Map<number, SearchSpace>();
  private sequence: { key: string; seq: SobolSequence | HaltonSequence } | null = null;

  constructor(options: QMCSamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.type = options.qmcType ?? 'sobol';
    this.scramble = options.scramble ?? true;
    this.independent = options.independentSampler ?? new RandomSampler({ seed: this.seed ^ 0x68e31da4 });
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    const cached = this.initial.get(study.studyId);
    if (cached) return cached;
    const first = study.cachedTrials().find((t) => t && (t.state === 'COMPLETE' || t.state === 'PRUNED'));
    if (!first) return {};
    const space: SearchSpace = {};
    for (const n of Object.keys(first.distributions).sort()) {
      const d = first.distributions[n]!;
      if (d.type !== 'categorical' && d.low !== d.high) space[n] = d;
    }
    this.initial.set(study.studyId, space);
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, number> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    let id = -1;
    for (const t of study.cachedTrials()) {
      const v = t?.systemAttrs[QMC_ID];
      if (typeof v === 'number' && v > id) id = v;
    }
    id++;
    study.setTrialSystemAttr(trial.number, QMC_ID, id);
    const key = `${names.length}`;
    if (!this.sequence || this.sequence.key !== key) {
      const opts = { scramble: this.scramble, seed: this.seed };
      this.sequence = { key, seq: this.type === 'halton' ? new HaltonSequence(names.length, opts) : new SobolSequence(names.length, opts) };
    }
    return new SearchSpaceTransform(space).untransform(this.sequence.seq.point(id));
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    return this.independent.sampleIndependent(study, trial, name, distribution);
  }
}
