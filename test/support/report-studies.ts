/**
 * Real studies for the report tests: the Study engine on synthetic objectives, with pruning,
 * failures, categorical and log parameters, fold scores, and a multi-objective NSGA-II study.
 */
import { MedianPruner } from '../../src/study/pruners/median.js';
import { NSGAIISampler } from '../../src/study/samplers/nsga2.js';
import { RandomSampler } from '../../src/study/samplers/random.js';
import { createStudy } from '../../src/study/study.js';
import { TrialPruned } from '../../src/study/trial-pruned.js';
import type { Storage } from '../../src/storage/storage.js';
import type { EquityCurve } from '../../src/report/report-data.js';

/** A 5-step learning curve study over 4 parameters; some trials pruned, some failing. */
export async function runTuningStudy(storage: Storage, name: string, nTrials = 60): Promise<void> {
  const study = await createStudy({ name, storage, direction: 'maximize', sampler: new RandomSampler({ seed: 7 }), pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 }) });
  await study.optimize(
    async (trial) => {
      const lr = trial.suggestFloat('learning_rate', 0.01, 0.3, { log: true });
      const depth = trial.suggestInt('max_depth', 3, 12);
      const sub = trial.suggestFloat('subsample', 0.6, 1);
      const booster = trial.suggestCategorical('booster', ['gbtree', 'dart']);
      if (trial.number % 17 === 5) throw new Error('synthetic failure');
      const target = 0.9 - 0.3 * (Math.log10(lr) + 1.2) ** 2 - 0.004 * (depth - 7) ** 2 + 0.05 * sub + (booster === 'dart' ? 0.01 : 0);
      const folds: number[] = [];
      for (let step = 0; step < 5; step++) {
        const fold = target - 0.02 * Math.sin(trial.number * 1.7 + step) - 0.1 / (step + 1);
        folds.push(fold);
        trial.report(folds.reduce((a, b) => a + b, 0) / folds.length, step);
        if (await trial.shouldPrune()) throw new TrialPruned();
      }
      trial.setUserAttr('fold_scores', folds);
      return folds.reduce((a, b) => a + b, 0) / folds.length;
    },
    { nTrials },
  );
}

/** Two conflicting objectives (ZDT1-like) under NSGA-II. */
export async function runParetoStudy(storage: Storage, name: string, nTrials = 60): Promise<void> {
  const study = await createStudy({ name, storage, directions: ['minimize', 'minimize'], sampler: new NSGAIISampler({ seed: 3, populationSize: 12 }) });
  await study.optimize(
    (trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      const y = trial.suggestFloat('y', 0, 1);
      const g = 1 + 9 * y;
      return [x, g * (1 - Math.sqrt(x / g))];
    },
    { nTrials },
  );
}

/** A deterministic random-walk equity curve (daily bars) for the report. */
export function syntheticEquity(n = 200): EquityCurve {
  const times = new Float64Array(n);
  const equity = new Float64Array(n);
  const benchmark = new Float64Array(n);
  let e = 1;
  let b = 1;
  for (let i = 0; i < n; i++) {
    times[i] = Date.UTC(2024, 0, 1) + i * 86_400_000;
    e *= 1 + 0.004 * Math.sin(i * 0.37) + 0.001;
    b *= 1 + 0.006 * Math.cos(i * 0.21);
    equity[i] = e;
    benchmark[i] = b;
  }
  return { times, equity, benchmark, label: 'xgboost best', feeBps: 10, slippageBps: 5 };
}
