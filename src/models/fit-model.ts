/**
 * One entry point to fit any model family on rows of a Dataset: the tree families go to the
 * native GBDT, `linear` to the native linear model on the same raw feature matrix. Workers and
 * the optimizer both call this, so a trial scores the same wherever it runs.
 */
import type { ParamValue } from '../study/distributions.js';
import type { ParamValue as ModelParamValue } from './params.js';
import type { Dataset } from './dataset.js';
import { trainLinear, type LinearModel } from './linear.js';
import type { Model } from './model.js';
import { train, type TrainOptions } from './train.js';
import type { TreeFamily } from './tree-families.js';

export type FitOptions = Omit<TrainOptions, 'objective'>;

/** A fitted model of any family: predictions for rows of the dataset it was fitted on. */
export interface FittedModel {
  family: string;
  predict(dataset: Dataset, rows?: Uint32Array): Float32Array;
  /** Best validation round (trees), or 0. */
  bestRound: number;
  native: Model | LinearModel;
}

/** Fit `family` with its own parameter names on `opts.trainRows` of `dataset`. */
export function fitModel(family: string, params: Record<string, ParamValue>, dataset: Dataset, opts: FitOptions): FittedModel {
  if (family === 'linear') {
    const matrix = { data: dataset.features, rows: dataset.rows, columns: dataset.columns };
    const { kind = 'logistic', ...rest } = params;
    const m = trainLinear(matrix, dataset.label, { kind, ...rest }, { trainRows: opts.trainRows, ...(opts.validRows ? { validRows: opts.validRows } : {}) });
    return { family, bestRound: 0, native: m, predict: (d, rows) => m.predict({ data: d.features, rows: d.rows, columns: d.columns }, rows) };
  }
  const m = train(family as TreeFamily, params as Record<string, ModelParamValue>, opts, dataset);
  // On the dataset it was fitted on, the model walks the bins (equal to the raw-feature walk, as
  // gbdt-api pins): gathering a row's raw features costs more than a short model's trees.
  return { family, bestRound: m.bestRound, native: m, predict: (d, rows) => (d === dataset ? m.predictBins(d, rows) : m.predict(d, rows)) };
}
