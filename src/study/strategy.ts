/**
 * Picks a sampler and a pruner from the trial and time budget, as the Python system's
 * OptimizationStrategySelector did:
 *
 * | budget                                   | strategy                 | sampler                          | pruner    |
 * |------------------------------------------|--------------------------|----------------------------------|-----------|
 * | < 100 trials, or a timeout under 10 min  | quick-exploration        | Random                           | Median    |
 * | 100–299 trials                           | balanced-optimization    | TPE (multivariate, constant liar)| Median    |
 * | ≥ 300 trials                             | thorough-search          | TPE (multivariate, constant liar)| Hyperband |
 * | ≥ 100 trials, > 80 % continuous, < 15 params | continuous-optimization | CMA-ES                       | Median    |
 *
 * Everything is overridable: pass `sampler`/`pruner` to keep yours, or `rules` to replace the table.
 */
import { StudyError } from '../errors.js';
import type { SearchSpace } from './search-space.js';
import { HyperbandPruner } from './pruners/hyperband.js';
import { MedianPruner } from './pruners/median.js';
import type { Pruner } from './pruners/pruner.js';
import { CmaEsSampler } from './samplers/cmaes.js';
import { RandomSampler } from './samplers/random.js';
import type { Sampler } from './samplers/sampler.js';
import { TPESampler } from './samplers/tpe.js';

export type StrategyName = 'quick-exploration' | 'balanced-optimization' | 'thorough-search' | 'continuous-optimization';

export interface StrategyInput {
  /** Planned number of trials. */
  nTrials: number;
  /** Planned time budget, ms. */
  timeoutMs?: number;
  /** The search space (or its shape), to spot mostly-continuous spaces. */
  space?: SearchSpace | { continuousRatio: number; nParams: number };
  seed?: number;
  /** Keep this sampler whatever the strategy. */
  sampler?: Sampler;
  /** Keep this pruner whatever the strategy. */
  pruner?: Pruner;
  /** Replace the rule table: return the strategy name for an input. */
  rules?: (input: StrategyInput, shape: { continuousRatio: number; nParams: number } | null) => StrategyName;
}

export interface Strategy {
  name: StrategyName;
  sampler: Sampler;
  pruner: Pruner;
  /** Why this strategy was chosen. */
  reason: string;
}

function shapeOf(space: StrategyInput['space']): { continuousRatio: number; nParams: number } | null {
  if (!space) return null;
  if ('continuousRatio' in space && typeof space.continuousRatio === 'number') return space as { continuousRatio: number; nParams: number };
  const ds = Object.values(space as SearchSpace);
  if (ds.length === 0) return null;
  const continuous = ds.filter((d) => d.type === 'float' && d.step === null).length;
  return { continuousRatio: continuous / ds.length, nParams: ds.length };
}

/** The Python system's rule table (see the file comment). */
export function defaultStrategyRules(input: StrategyInput, shape: { continuousRatio: number; nParams: number } | null): StrategyName {
  if (input.timeoutMs !== undefined && input.timeoutMs < 600_000) return 'quick-exploration';
  let name: StrategyName = input.nTrials < 100 ? 'quick-exploration' : input.nTrials < 300 ? 'balanced-optimization' : 'thorough-search';
  if (shape && shape.continuousRatio > 0.8 && shape.nParams < 15 && name !== 'quick-exploration') name = 'continuous-optimization';
  return name;
}

export function selectStrategy(input: StrategyInput): Strategy {
  if (!(Number.isInteger(input.nTrials) && input.nTrials >= 1)) throw new StudyError('ERR_STUDY_STRATEGY', `nTrials must be an integer ≥ 1, got ${input.nTrials}`);
  if (input.timeoutMs !== undefined && !(input.timeoutMs > 0)) throw new StudyError('ERR_STUDY_STRATEGY', `timeoutMs must be > 0, got ${input.timeoutMs}`);
  const shape = shapeOf(input.space);
  const name = (input.rules ?? defaultStrategyRules)(input, shape);
  const seed = input.seed;
  let sampler: Sampler;
  let pruner: Pruner;
  switch (name) {
    case 'quick-exploration':
      sampler = new RandomSampler({ seed });
      pruner = new MedianPruner({ nStartupTrials: 5 });
      break;
    case 'balanced-optimization':
      sampler = new TPESampler({ seed, multivariate: true, constantLiar: true });
      pruner = new MedianPruner({ nStartupTrials: 5 });
      break;
    case 'thorough-search':
      sampler = new TPESampler({ seed, multivariate: true, constantLiar: true });
      pruner = new HyperbandPruner({ minResource: 1, maxResource: 'auto', reductionFactor: 3 });
      break;
    case 'continuous-optimization':
      sampler = new CmaEsSampler({ seed });
      pruner = new MedianPruner({ nStartupTrials: 5 });
      break;
    default:
      throw new StudyError('ERR_STUDY_STRATEGY', `unknown strategy ${JSON.stringify(name)}`);
  }
  const why =
    input.timeoutMs !== undefined && input.timeoutMs < 600_000 && !input.rules
      ? `timeout ${Math.round(input.timeoutMs / 1000)} s < 10 min`
      : `${input.nTrials} trials${shape ? `, ${Math.round(shape.continuousRatio * 100)} % continuous of ${shape.nParams} params` : ''}`;
  return { name, sampler: input.sampler ?? sampler, pruner: input.pruner ?? pruner, reason: `${name}: ${why}` };
}
