/**
 * Built-in runner "model": what the CryptoOptimizer's trials run. Fits any family (the three tree
 * families or `linear`) through `fitModel` on the fold's rows of the shared Dataset and returns
 * the validation ROC-AUC of the fitted model (the early-stopped trees' best round), with the
 * training AUC in `metrics` for the overfitting gap. Tree trials report every `reportEvery` rounds
 * to the study's pruner and stop through the cancel slot. What they report is the best validation
 * AUC so far, not the current round's: the trial's value is its early-stopped best round, so the
 * running best is the value the trial would end with if it stopped now. On the seed panel the
 * validation AUC often peaks in the first rounds and then falls; reporting the current round made
 * the pruner stop the trials whose early peak was the best result of the study.
 */
import { fitModel } from '../../models/fit-model.js';
import { rocAuc } from '../../models/metrics.js';
import { strategyBacktest } from '../../models/strategy-backtest.js';
import { WorkerError } from '../../errors.js';
import type { RunnerContext } from '../runner.js';
import { sharedDataset } from '../shared-dataset.js';
import type { RunnerResult, TrialTask } from '../task.js';

export function run(task: TrialTask, ctx: RunnerContext): RunnerResult {
  const d = sharedDataset(ctx, 'model');
  const fold = task.fold;
  if (!fold?.valid) throw new WorkerError('ERR_WORKER_TASK', 'the model runner needs task.fold with train and valid rows');
  const family = task.family ?? 'xgboost';
  const extra = task.extra ?? {};
  const params = family === 'linear' ? task.params : { ...task.params, metric: 'auc' };
  let best = -Infinity;
  let trainedRounds = 0;
  const t0 = performance.now();
  const model = fitModel(family, params, d, {
    trainRows: fold.train,
    validRows: fold.valid,
    evalEvery: Math.max(1, Math.floor(task.reportEvery ?? 25)),
    onProgress: (p) => {
      if (p.validScore > best) best = p.validScore;
      trainedRounds = p.round;
      ctx.report(p.round - 1, best);
    },
    cancel: ctx.cancel,
    ...(typeof extra.earlyStoppingRounds === 'number' ? { earlyStoppingRounds: extra.earlyStoppingRounds } : {}),
    seed: task.seed ?? 0,
    threads: 1,
  });
  ctx.throwIfCancelled();
  const fitMs = performance.now() - t0;
  const validScore = model.predict(d, fold.valid);
  const valid = rocAuc(d.labelsOf(fold.valid), validScore);
  const trainAuc = rocAuc(d.labelsOf(fold.train), model.predict(d, fold.train));
  const metrics: Record<string, number> = { trainAuc, validAuc: valid, gap: trainAuc - valid, fitMs, rounds: model.bestRound, trainedRounds };
  // Each trial's validation-period strategy Sharpe (per bar): the deflated Sharpe ratio needs the
  // spread of Sharpe ratios over every trial that was tried, not only the selected one.
  if (ctx.shared.frame) {
    const bt = strategyBacktest(ctx.frame(), fold.valid, validScore, validScore);
    // tradingMetrics reports 0 when the returns have no variance: no Sharpe ratio to compare then.
    if (bt.sharpe !== 0) metrics.sharpe = bt.sharpe / Math.sqrt(bt.barsPerYear);
  }
  return { value: valid, rounds: model.bestRound, metrics };
}
