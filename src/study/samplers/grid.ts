/**
 * Grid search (Optuna's GridSampler): every combination of the given values is evaluated once, in
 * a seeded random order; when all have been started, trials go back to combinations not yet
 * finished, and when all are finished the sampler stops `optimize`. The objective must suggest
 * exactly the parameters of the grid.
 */
import { StudyError } from '../../errors.js';
import { choiceIndex, containsValue, describe, type CategoricalChoice, type Distribution } from '../distributions.js';
import type { FrozenTrial, JsonValue } from '../frozen-trial.js';
import { FIXED_PARAMS_ATTR } from '../frozen-trial.js';
import type { StudyView } from '../study-view.js';
import type { TrialState } from '../trial-state.js';
import type { Sampler } from './sampler.js';
import { randomSeed, trialRng } from './trial-rng.js';

const GRID_ID = 'grid_id';
const GRID_SPACE = 'search_space';

export class GridSampler implements Sampler {
  readonly name = 'GridSampler';
  readonly seed: number;
  private readonly names: string[];
  private readonly grids: CategoricalChoice[][];
  private readonly spaceJson: string;

  /** `searchSpace`: the values to try per parameter name. */
  constructor(
    readonly searchSpace: Record<string, readonly CategoricalChoice[]>,
    options: { seed?: number } = {},
  ) {
    this.seed = options.seed ?? randomSeed();
    this.names = Object.keys(searchSpace).sort();
    if (this.names.length === 0) throw new StudyError('ERR_SAMPLER_GRID', 'the grid needs at least one parameter');
    for (const n of this.names) {
      const vals = searchSpace[n];
      if (!Array.isArray(vals) || vals.length === 0) throw new StudyError('ERR_SAMPLER_GRID', `grid values of "${n}" must be a non-empty array`, { param: n });
    }
    let grids: CategoricalChoice[][] = [[]];
    for (const n of this.names) grids = grids.flatMap((g) => searchSpace[n]!.map((v) => [...g, v]));
    trialRng(this.seed, 0, 'grid-order').shuffle(grids);
    this.grids = grids;
    this.spaceJson = JSON.stringify(this.names.map((n) => [n, searchSpace[n]]));
  }

  /** Number of grid points. */
  get size(): number {
    return this.grids.length;
  }

  private ids(study: StudyView, states: (s: TrialState) => boolean): Set<number> {
    const out = new Set<number>();
    for (const t of study.cachedTrials()) {
      if (t && states(t.state) && t.systemAttrs[GRID_SPACE] === this.spaceJson && typeof t.systemAttrs[GRID_ID] === 'number') out.add(t.systemAttrs[GRID_ID] as number);
    }
    return out;
  }

  private unvisited(study: StudyView): number[] {
    const finished = this.ids(study, (s) => s === 'COMPLETE' || s === 'PRUNED' || s === 'FAIL');
    const running = this.ids(study, (s) => s === 'RUNNING');
    let out = this.grids.map((_, i) => i).filter((i) => !finished.has(i) && !running.has(i));
    if (out.length === 0) out = this.grids.map((_, i) => i).filter((i) => !finished.has(i));
    return out;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    if (GRID_ID in trial.systemAttrs || FIXED_PARAMS_ATTR in trial.systemAttrs) return;
    let target = this.unvisited(study).filter((i) => i !== undefined);
    // The current trial is RUNNING already; it must not count as taking a grid point.
    if (target.length === 0) target = this.grids.map((_, i) => i);
    const id = target.length === 1 ? target[0]! : trialRng(this.seed, trial.number, 'grid').choice(target);
    study.setTrialSystemAttr(trial.number, GRID_SPACE, this.spaceJson);
    study.setTrialSystemAttr(trial.number, GRID_ID, id);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, number> {
    return {};
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    const live = study.cachedTrials()[trial.number] ?? trial;
    const id = live.systemAttrs[GRID_ID];
    if (typeof id !== 'number') throw new StudyError('ERR_SAMPLER_GRID', `trial ${trial.number} has no grid point (was it enqueued without all grid params?)`);
    const k = this.names.indexOf(name);
    if (k < 0) throw new StudyError('ERR_SAMPLER_GRID_PARAM', `"${name}" is not in the grid (${this.names.join(', ')}); add it to the GridSampler search space`, { param: name });
    const value = this.grids[id]![k]!;
    if (!containsValue(distribution, value)) {
      throw new StudyError('ERR_SAMPLER_GRID_VALUE', `grid value ${JSON.stringify(value)} of "${name}" is outside the suggested ${describe(distribution)}`, { param: name });
    }
    return distribution.type === 'categorical' ? choiceIndex(distribution, value) : (value as number);
  }

  afterTrial(study: StudyView, trial: FrozenTrial): void {
    const finished = this.ids(study, (s) => s === 'COMPLETE' || s === 'PRUNED' || s === 'FAIL');
    const mine = (study.cachedTrials()[trial.number] ?? trial).systemAttrs[GRID_ID];
    if (typeof mine === 'number') finished.add(mine);
    if (finished.size >= this.grids.length) study.stop();
  }
}

export type { JsonValue };
