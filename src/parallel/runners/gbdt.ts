/**
 * Built-in runner "gbdt": train a tree family (`task.family`: xgboost | lightgbm | catboost) with
 * `task.params` on the fold's rows of the pool's shared Dataset (`shared.dataset`, a
 * `Dataset.toHandle()`: features, label and u8 bins on SharedArrayBuffers, attached once per
 * worker). The validation score after every `reportEvery` rounds goes to the study's pruner; the
 * trainer polls the task's cancel slot each round, so a pruned or timed-out trial stops mid-step.
 * Value: the last validation score (log loss for binary, l2 for regression; minimise).
 */
import type { Dataset } from '../../models/dataset.js';
import { sharedDataset } from '../shared-dataset.js';
import { train } from '../../models/train.js';
import type { TreeFamily } from '../../models/tree-families.js';
import type { RunnerContext } from '../runner.js';
import type { RunnerResult, TrialTask } from '../task.js';

/** Rows with a defined label, first 80 % to train and the rest to validate (when no fold is given). */
function defaultFold(d: Dataset): { train: Uint32Array; valid: Uint32Array } {
  const rows: number[] = [];
  for (let r = 0; r < d.rows; r++) if (Number.isFinite(d.label[r]!)) rows.push(r);
  const cut = Math.floor(rows.length * 0.8);
  return { train: Uint32Array.from(rows.slice(0, cut)), valid: Uint32Array.from(rows.slice(cut)) };
}

export function run(task: TrialTask, ctx: RunnerContext): RunnerResult {
  const d = sharedDataset(ctx, 'gbdt');
  const fold = task.fold?.valid ? { train: task.fold.train, valid: task.fold.valid } : defaultFold(d);
  const every = Math.max(1, Math.floor(task.reportEvery ?? 1));
  const extra = task.extra ?? {};
  let last = NaN;
  const model = train(
    (task.family ?? 'xgboost') as TreeFamily,
    task.params,
    {
      trainRows: fold.train,
      validRows: fold.valid,
      ...(extra.objective === 'regression' ? { objective: 'regression' as const } : {}),
      evalEvery: every,
      onProgress: (p) => {
        last = p.validScore;
        return ctx.report(p.round - 1, p.validScore);
      },
      cancel: ctx.cancel,
      ...(typeof extra.earlyStoppingRounds === 'number' ? { earlyStoppingRounds: extra.earlyStoppingRounds } : {}),
      seed: task.seed ?? 0,
      threads: 1,
    },
    d,
  );
  ctx.throwIfCancelled();
  return { value: last, rounds: model.bestRound, metrics: { trainRows: fold.train.length, validRows: fold.valid.length } };
}
