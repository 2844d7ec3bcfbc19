/**
 * cryptotune — public API. This file only re-exports; each concept lives in its own module.
 */
export * from './errors.js';
export { Rng } from './rng.js';
export { Frame, intervalMs } from './data/frame.js';
export type { FrameColumns } from './data/frame.js';
export type {
  FrameHandle,
  MetadataColumn,
  NumericColumn,
  CategoricalColumn,
  IngestReport,
  CheckCount,
} from './data/frame.js';
export type { FrameSummary, AssetSummary } from './data/frame-summary.js';
export type { IngestOptions, IngestPolicies, Policy, ColumnNames } from './data/ingest-options.js';
export { generateMarket } from './data/synthetic.js';
export type { SyntheticMarketOptions } from './data/synthetic.js';
// ---- studies: storage contract, distributions, trials, samplers, pruners ----
export { TrialState, TRIAL_STATES, isFinishedState, isTrialState } from './study/trial-state.js';
export {
  floatDistribution,
  intDistribution,
  categoricalDistribution,
  parseDistribution,
  toInternal,
  toExternal,
  containsInternal,
  containsValue,
  distributionsEqual,
  cardinality,
  isSingle,
} from './study/distributions.js';
export type {
  Distribution,
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  CategoricalChoice,
  ParamValue,
  FloatOptions,
  IntOptions,
} from './study/distributions.js';
export { trialValue, trialDuration, lastStep, cloneTrial, FAIL_REASON_ATTR, FIXED_PARAMS_ATTR } from './study/frozen-trial.js';
export type { FrozenTrial, TrialTemplate, JsonValue } from './study/frozen-trial.js';
export type { Storage, StudyDirection, StudyInfo, GetTrialsOptions } from './storage/storage.js';
export { MemoryStorage } from './storage/memory.js';
export { createStudy, loadStudy, deleteStudy, Study, TrialEvent } from './study/study.js';
export type { CreateStudyOptions, LoadStudyOptions, OptimizeOptions, TellOptions, EnqueueOptions, HeartbeatOptions, Objective, StudyCallback } from './study/study.js';
export { Trial } from './study/trial.js';
export { TrialPruned } from './study/trial-pruned.js';
export type { StudyView } from './study/study-view.js';
export { IntersectionSearchSpace, GroupDecomposedSearchSpace } from './study/search-space.js';
export type { SearchSpace } from './study/search-space.js';
export { paretoFront, dominates, nonDominatedFronts, crowdingDistance, constraintViolation, CONSTRAINTS_ATTR } from './study/pareto.js';
export type { Sampler } from './study/samplers/sampler.js';
export { RandomSampler } from './study/samplers/random.js';
export type { RandomSamplerOptions } from './study/samplers/random.js';
export { TPESampler } from './study/samplers/tpe.js';
export type { TPESamplerOptions } from './study/samplers/tpe.js';
export type { Pruner } from './study/pruners/pruner.js';
export { PercentilePruner } from './study/pruners/percentile.js';
export type { PercentilePrunerOptions } from './study/pruners/percentile.js';
export { MedianPruner } from './study/pruners/median.js';
export { NopPruner } from './study/pruners/nop.js';
export { CmaEsSampler } from './study/samplers/cmaes.js';
export type { CmaEsSamplerOptions } from './study/samplers/cmaes.js';
export { QMCSampler } from './study/samplers/qmc.js';
export type { QMCSamplerOptions } from './study/samplers/qmc.js';
export { SobolSequence } from './study/samplers/sobol.js';
export { HaltonSequence } from './study/samplers/halton.js';
export { GridSampler } from './study/samplers/grid.js';
export { NSGAIISampler } from './study/samplers/nsga2.js';
export type { NSGAIISamplerOptions } from './study/samplers/nsga2.js';
export { SuccessiveHalvingPruner } from './study/pruners/successive-halving.js';
export type { SuccessiveHalvingPrunerOptions } from './study/pruners/successive-halving.js';
export { HyperbandPruner } from './study/pruners/hyperband.js';
export type { HyperbandPrunerOptions } from './study/pruners/hyperband.js';
export { ThresholdPruner } from './study/pruners/threshold.js';
export type { ThresholdPrunerOptions } from './study/pruners/threshold.js';
export { PatientPruner } from './study/pruners/patient.js';
export { WilcoxonPruner } from './study/pruners/wilcoxon.js';
export type { WilcoxonPrunerOptions } from './study/pruners/wilcoxon.js';
export { wilcoxonSignedRank } from './study/wilcoxon-signed-rank.js';
export type { WilcoxonResult, Alternative } from './study/wilcoxon-signed-rank.js';
export { EarlyStopping } from './study/early-stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './study/early-stopping.js';
export { fanovaImportance, paramImportances } from './study/importance.js';
export type { ImportanceOptions } from './study/importance.js';
export { RegressionForest } from './study/regression-forest.js';
export type { ForestOptions } from './study/regression-forest.js';
export { selectStrategy, defaultStrategyRules } from './study/strategy.js';
export type { Strategy, StrategyInput, StrategyName } from './study/strategy.js';
// ---- models: dataset, bins, tree families, training, model ----
export { Dataset } from './models/dataset.js';
export type { DatasetHandle, DatasetOptions, MatrixLike } from './models/dataset.js';
export { Bins } from './models/bins.js';
export type { BinsHandle } from './models/bins.js';
export { train } from './models/train.js';
export type { TrainOptions, Progress } from './models/train.js';
export { Model } from './models/model.js';
export type { ModelJSON, PredictOptions } from './models/model.js';
export { TREE_FAMILIES, toCoreParams } from './models/tree-families.js';
export type { TreeFamily, Objective as ModelObjective } from './models/tree-families.js';
export { XGBOOST_PARAMS, LIGHTGBM_PARAMS, CATBOOST_PARAMS, resolveParams } from './models/params.js';
export type { ParamSpec, ParamSpecs } from './models/params.js';
// ---- metrics and the linear model family ----
export {
  rocAuc,
  prAuc,
  logLoss,
  accuracy,
  balancedAccuracy,
  precisionRecallF1,
  thresholdMetrics,
  classificationMetrics,
  tradingMetrics,
  foldStability,
} from './models/metrics.js';
export type { ThresholdOptions, ThresholdMetrics, ClassificationMetrics, TradingOptions, TradingMetrics, FoldStability } from './models/metrics.js';
export { trainLinear, validateLinearParams, LinearModel } from './models/linear.js';
export type { LinearKind, LinearParams, LinearMatrix, TrainLinearOptions, LinearModelJSON } from './models/linear.js';
export { linearFamily } from './models/linear-family.js';
export type { LinearFamily, LinearSearchParam } from './models/linear-family.js';
// ---- features: plans, presets, fused native kernels, panel features, labels ----
export { FeaturePlan, featureKinds, allowedKinds } from './features/feature-plan.js';
export type { FeatureSpec, FeatureKind, AssetFeatureKind } from './features/feature-plan.js';
export type { PresetName } from './features/presets.js';
export type { PanelKind } from './features/panel-features.js';
export { FeatureMatrix, featureMatrixToHandle, featureMatrixFromHandle } from './features/feature-matrix.js';
export type { FeatureMatrixHandle } from './features/feature-matrix.js';
export { computeFeatures } from './features/compute.js';
export type { ComputeFeaturesOptions } from './features/compute.js';
export { computeLabels } from './features/labels.js';
export type { LabelSpec, LabelKind, Labels } from './features/labels.js';
export { computeFeaturesToArrow, chunkRowsForBudget } from './features/out-of-core.js';
export type { FeaturesToArrowOptions, FeaturesToArrowResult } from './features/out-of-core.js';
export { FeatureStream } from './features/feature-stream.js';
