/**
 * NSGA-II (Deb et al. 2002), as Optuna's NSGAIISampler: trials are grouped in generations of
 * `populationSize`; the parents of generation g+1 are the elite of generation g plus its parents,
 * chosen by (constrained) non-dominated rank and then crowding distance; a child takes each
 * parameter from one of two tournament-selected parents (uniform crossover, with probability
 * `crossoverProb`, else a copy of one parent), and each parameter is dropped — re-drawn at random —
 * with probability `mutationProb` (default 1/number of parameters).
 *
 * Constraints: `constraints(trial)` returns values that are ≤ 0 when satisfied; they are stored in
 * the trial's `constraints` system attribute when it finishes, feasible trials dominate infeasible
 * ones, and `bestTrials()` only lists feasible trials.
 */
import { StudyError } from '../../errors.js';
import type { Rng } from '../../rng.js';
import { toInternal, type Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import { CONSTRAINTS_ATTR, constrainedDominates, crowdingDistance, nonDominatedFronts } from '../pareto.js';
import { IntersectionSearchSpace, type SearchSpace } from '../search-space.js';
import type { StudyView } from '../study-view.js';
import type { TrialState } from '../trial-state.js';
import { RandomSampler } from './random.js';
import type { Sampler } from './sampler.js';
import { randomSeed, trialRng } from './trial-rng.js';

export interface NSGAIISamplerOptions {
  seed?: number;
  /** Trials per generation (default 50). */
  populationSize?: number;
  /** Probability that a parameter is re-drawn at random (default 1 / number of parameters). */
  mutationProb?: number;
  /** Probability of crossover rather than copying one parent (default 0.9). */
  crossoverProb?: number;
  /** Probability that uniform crossover takes a parameter from the second parent (default 0.5). */
  swappingProb?: number;
  /** Constraint values of a finished trial (≤ 0 satisfied). */
  constraints?: (trial: FrozenTrial) => number[];
}

const GENERATION = 'nsga2:generation';

export class NSGAIISampler implements Sampler {
  readonly name = 'NSGAIISampler';
  readonly seed: number;
  private readonly populationSize: number;
  private readonly mutationProb: number | null;
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  private readonly constraints?: (trial: FrozenTrial) => number[];
  private readonly random: RandomSampler;
  private readonly spaces = new Map<number, IntersectionSearchSpace>();
  /** per study: elite population of each generation once that generation is final */
  private readonly elites = new Map<number, Map<number, FrozenTrial[]>>();

  constructor(options: NSGAIISamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.populationSize = options.populationSize ?? 50;
    this.mutationProb = options.mutationProb ?? null;
    this.crossoverProb = options.crossoverProb ?? 0.9;
    this.swappingProb = options.swappingProb ?? 0.5;
    this.constraints = options.constraints;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 2) throw new StudyError('ERR_SAMPLER_OPTION', `populationSize must be an integer ≥ 2, got ${this.populationSize}`);
    for (const [k, v] of [
      ['mutationProb', this.mutationProb],
      ['crossoverProb', this.crossoverProb],
      ['swappingProb', this.swappingProb],
    ] as const) {
      if (v !== null && !(v >= 0 && v <= 1)) throw new StudyError('ERR_SAMPLER_OPTION', `${k} must be in [0, 1], got ${v}`);
    }
    this.random = new RandomSampler({ seed: this.seed ^ 0x1b873593 });
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    let sp = this.spaces.get(study.studyId);
    if (!sp) this.spaces.set(study.studyId, (sp = new IntersectionSearchSpace()));
    const out: SearchSpace = {};
    for (const [n, d] of Object.entries(sp.calculate(study.cachedTrials()))) {
      if (!(d.type === 'categorical' ? d.choices.length === 1 : d.low === d.high)) out[n] = d;
    }
    return out;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, number> {
    const [parentGeneration, parents] = this.parentPopulation(study);
    study.setTrialSystemAttr(trial.number, GENERATION, parentGeneration + 1);
    const names = Object.keys(space);
    if (parentGeneration < 0 || names.length === 0 || parents.length === 0) return {};
    const rng = trialRng(this.seed, trial.number, 'nsga2');
    const usable = parents.filter((p) => names.every((n) => n in p.params));
    if (usable.length === 0) return {};
    let child: Record<string, number>;
    if (rng.float() < this.crossoverProb && usable.length >= 2) {
      const p0 = this.tournament(rng, study, usable);
      let p1 = this.tournament(rng, study, usable);
      for (let i = 0; i < 10 && p1 === p0; i++) p1 = this.tournament(rng, study, usable);
      child = {};
      for (const n of names) child[n] = internal(rng.float() < this.swappingProb ? p1 : p0, n, space[n]!);
    } else {
      const p = usable[Math.floor(rng.float() * usable.length)]!;
      child = Object.fromEntries(names.map((n) => [n, internal(p, n, space[n]!)]));
    }
    const mutation = this.mutationProb ?? 1 / Math.max(1, names.length);
    const out: Record<string, number> = {};
    for (const n of names) if (rng.float() >= mutation) out[n] = child[n]!;
    return out;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    return this.random.sampleIndependent(study, trial, name, distribution);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState): void {
    if (!this.constraints || (state !== 'COMPLETE' && state !== 'PRUNED')) return;
    const c = this.constraints(trial);
    if (!Array.isArray(c) || c.some((x) => typeof x !== 'number' || Number.isNaN(x))) {
      throw new StudyError('ERR_SAMPLER_CONSTRAINTS', `constraints(trial) must return an array of numbers, got ${JSON.stringify(c)}`, { trial: trial.number });
    }
    study.setTrialSystemAttr(trial.number, CONSTRAINTS_ATTR, c);
  }

  /** Binary tournament by constrained domination. */
  private tournament(rng: Rng, study: StudyView, population: FrozenTrial[]): FrozenTrial {
    const a = population[Math.floor(rng.float() * population.length)]!;
    const b = population[Math.floor(rng.float() * population.length)]!;
    const constrained = this.constraints !== undefined;
    if (constrainedDominates(a, b, study.directions, constrained)) return a;
    if (constrainedDominates(b, a, study.directions, constrained)) return b;
    return rng.float() < 0.5 ? a : b;
  }

  /** The latest complete generation and its parent population (elite of it and its own parents). */
  private parentPopulation(study: StudyView): [number, FrozenTrial[]] {
    const byGen = new Map<number, FrozenTrial[]>();
    const running = new Map<number, number>();
    for (const t of study.cachedTrials()) {
      const g = t?.systemAttrs[GENERATION];
      if (typeof g !== 'number') continue;
      if (t.state === 'COMPLETE') {
        let list = byGen.get(g);
        if (!list) byGen.set(g, (list = []));
        list.push(t);
      } else if (t.state === 'RUNNING') running.set(g, (running.get(g) ?? 0) + 1);
    }
    let cache = this.elites.get(study.studyId);
    if (!cache) this.elites.set(study.studyId, (cache = new Map()));
    let parents: FrozenTrial[] = [];
    let parentGen = -1;
    for (;;) {
      const g = parentGen + 1;
      const pop = byGen.get(g) ?? [];
      if (pop.length < this.populationSize) break;
      const cached = cache.get(g);
      if (cached) parents = cached;
      else {
        parents = this.elite(study, [...parents, ...pop]);
        if (!running.get(g)) cache.set(g, parents);
      }
      parentGen = g;
    }
    return [parentGen, parents];
  }

  private elite(study: StudyView, population: FrozenTrial[]): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const front of nonDominatedFronts(population, study.directions, this.constraints !== undefined)) {
      if (out.length + front.length <= this.populationSize) {
        out.push(...front);
        if (out.length === this.populationSize) break;
        continue;
      }
      const cd = crowdingDistance(front);
      const sorted = [...front].sort((a, b) => cd.get(b.number)! - cd.get(a.number)! || a.number - b.number);
      out.push(...sorted.slice(0, this.populationSize - out.length));
      break;
    }
    return out;
  }
}

function internal(t: FrozenTrial, name: string, d: Distribution): number {
  return toInternal(d, t.params[name], name);
}
