/**
 * CMA-ES sampler (Optuna's CmaEsSampler): samples the numeric intersection search space jointly
 * with CMA-ES in [0, 1]^d, one generation of `popsize` trials at a time; categorical parameters, and
 * one-dimensional spaces, go to an independent sampler (random by default).
 *
 * - IPOP restarts (default on): when the optimiser's termination tests fire, it restarts from a
 *   random mean with twice the population (Auger & Hansen 2005).
 * - `withMargin`: integer and stepped dimensions keep a minimum probability of moving to a
 *   neighbouring value (Hamano et al. 2022); off by default, as in Optuna.
 *
 * The optimiser state is written to the trial that advanced it (`cma:state`), so a study loaded in
 * another process continues the same run. Each trial records its generation and restart number;
 * only COMPLETE trials of the current generation update it.
 */
import { StudyError } from '../../errors.js';
import type { Distribution } from '../distributions.js';
import type { FrozenTrial, JsonValue } from '../frozen-trial.js';
import { IntersectionSearchSpace, type SearchSpace } from '../search-space.js';
import { SearchSpaceTransform } from '../search-space-transform.js';
import type { StudyView } from '../study-view.js';
import { Cma, type CmaState } from './cma.js';
import { RandomSampler } from './random.js';
import type { Sampler } from './sampler.js';
import { randomSeed, trialRng } from './trial-rng.js';

export interface CmaEsSamplerOptions {
  seed?: number;
  /** Initial step size in the unit box (default 1/6). */
  sigma0?: number;
  /** Initial mean as internal parameter values (default: centre of the box). */
  x0?: Record<string, number>;
  /** Trials sampled independently before CMA-ES starts (default 0). */
  nStartupTrials?: number;
  /** Population size (default 4 + ⌊3 ln d⌋). */
  popsize?: number;
  /** 'ipop' (default) restarts with a doubled population when the run converges; null never restarts. */
  restartStrategy?: 'ipop' | null;
  /** Population growth per IPOP restart (default 2). */
  incPopsize?: number;
  /** Integer margin (default false). */
  withMargin?: boolean;
  /** For parameters CMA-ES does not model (default RandomSampler with a derived seed). */
  independentSampler?: Sampler;
}

const STATE = 'cma:state';
const GENERATION = 'cma:generation';
const RESTART = 'cma:restart';
const RAW_X = 'cma:x';
const SPACE = 'cma:space';

interface Run {
  spaceKey: string;
  restart: number;
  cma: Cma;
}

export class CmaEsSampler implements Sampler {
  readonly name = 'CmaEsSampler';
  readonly seed: number;
  private readonly opts: CmaEsSamplerOptions;
  private readonly independent: Sampler;
  private readonly spaces = new Map<number, IntersectionSearchSpace>();
  private readonly runs = new Map<number, Run>();

  constructor(options: CmaEsSamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.opts = options;
    if (options.sigma0 !== undefined && !(options.sigma0 > 0)) throw new StudyError('ERR_SAMPLER_OPTION', `sigma0 must be > 0, got ${options.sigma0}`);
    if (options.popsize !== undefined && !(Number.isInteger(options.popsize) && options.popsize >= 2)) throw new StudyError('ERR_SAMPLER_OPTION', `popsize must be an integer ≥ 2, got ${options.popsize}`);
    this.independent = options.independentSampler ?? new RandomSampler({ seed: this.seed ^ 0x2545f491 });
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    if (study.directions.length > 1) throw new StudyError('ERR_SAMPLER_MULTI_OBJECTIVE', 'CmaEsSampler optimises one objective; use NSGAIISampler for several');
    let sp = this.spaces.get(study.studyId);
    if (!sp) this.spaces.set(study.studyId, (sp = new IntersectionSearchSpace()));
    const out: SearchSpace = {};
    for (const [n, d] of Object.entries(sp.calculate(study.cachedTrials()))) {
      if (d.type === 'categorical') continue;
      if (d.low === d.high) continue;
      out[n] = d;
    }
    return Object.keys(out).length >= 2 ? out : {};
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, number> {
    const names = Object.keys(space);
    if (names.length < 2) return {};
    const complete = study.cachedTrialsIn(['COMPLETE']);
    if (complete.length < (this.opts.nStartupTrials ?? 0)) return {};
    const margin = this.opts.withMargin ?? false;
    const trans = new SearchSpaceTransform(space, { transformStep: !margin });
    const spaceKey = JSON.stringify(space);
    let run = this.runs.get(study.studyId);
    if (!run || run.spaceKey !== spaceKey) {
      run = this.restore(complete, spaceKey) ?? { spaceKey, restart: 0, cma: this.newCma(trans, space, null, trial.number) };
      this.runs.set(study.studyId, run);
    }
    const gen = run.cma.generation;
    const solutions = complete.filter((t) => t.systemAttrs[SPACE] === spaceKey && t.systemAttrs[RESTART] === run!.restart && t.systemAttrs[GENERATION] === gen);
    if (solutions.length >= run.cma.popsize) {
      const sign = study.directions[0] === 'maximize' ? -1 : 1;
      run.cma.tell(
        solutions.slice(0, run.cma.popsize).map((t) => ({
          x: Array.isArray(t.systemAttrs[RAW_X]) ? Float64Array.from(t.systemAttrs[RAW_X] as number[]) : trans.transform(internalParams(t, names)),
          value: sign * t.values![0]!,
        })),
      );
      if ((this.opts.restartStrategy === undefined || this.opts.restartStrategy === 'ipop') && run.cma.shouldStop()) {
        const popsize = run.cma.popsize * (this.opts.incPopsize ?? 2);
        run = { spaceKey, restart: run.restart + 1, cma: this.newCma(trans, space, popsize, trial.number) };
        this.runs.set(study.studyId, run);
      }
      study.setTrialSystemAttr(trial.number, STATE, { restart: run.restart, ...run.cma.toJSON() } as unknown as JsonValue);
    }
    const { encoded, raw } = run.cma.ask(trialRng(this.seed, trial.number, 'cma'));
    study.setTrialSystemAttr(trial.number, SPACE, spaceKey);
    study.setTrialSystemAttr(trial.number, GENERATION, run.cma.generation);
    study.setTrialSystemAttr(trial.number, RESTART, run.restart);
    if (margin) study.setTrialSystemAttr(trial.number, RAW_X, [...raw]);
    return trans.untransform(encoded);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    return this.independent.sampleIndependent(study, trial, name, distribution);
  }

  private newCma(trans: SearchSpaceTransform, space: SearchSpace, popsize: number | null, salt: number): Cma {
    const d = trans.dims;
    let mean: Float64Array;
    if (popsize !== null) {
      // restart: a random start point
      const rng = trialRng(this.seed, salt, 'cma-restart');
      mean = Float64Array.from({ length: d }, () => rng.float());
    } else if (this.opts.x0) {
      mean = trans.transform(this.opts.x0);
    } else mean = new Float64Array(d).fill(0.5);
    const margin = this.opts.withMargin ?? false;
    const steps = trans.names.map((n) => {
      const dist = space[n]!;
      if (!margin || dist.type === 'categorical' || dist.log) return 0;
      const step = dist.type === 'int' ? dist.step : dist.step;
      return step === null ? 0 : step / (dist.high - dist.low);
    });
    return new Cma({ dim: d, mean: [...mean], sigma: Math.max(this.opts.sigma0 ?? 1 / 6, 1e-8), popsize: popsize ?? this.opts.popsize, steps });
  }

  /** Resume from the latest state stored with a trial of this space. */
  private restore(complete: FrozenTrial[], spaceKey: string): Run | null {
    for (let i = complete.length - 1; i >= 0; i--) {
      const t = complete[i]!;
      if (t.systemAttrs[SPACE] !== spaceKey) continue;
      const st = t.systemAttrs[STATE] as unknown as (CmaState & { restart: number }) | undefined;
      if (st && typeof st === 'object') return { spaceKey, restart: st.restart, cma: new Cma(st) };
    }
    return null;
  }
}

function internalParams(t: FrozenTrial, names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = t.params[n] as number;
  return out;
}
