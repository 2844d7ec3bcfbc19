/**
 * cryptotune — public API. This file only re-exports; each concept lives in its own module.
 */
// The one import for effect: apache-arrow for Frame.toArrow (see data/arrow-module.ts).
import './data/arrow-link.js';
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
// ---- parallel execution: worker pool, runners, study integration ----
export { WorkerPool } from './parallel/worker-pool.js';
export type { WorkerPoolOptions, RunOptions, TaskOutcome, AttemptRecord, FailureKind } from './parallel/worker-pool.js';
export type { TrialTask, TaskFold, RunnerResult } from './parallel/task.js';
export { CANCEL } from './parallel/task.js';
export type { Runner, RunnerContext } from './parallel/runner.js';
export { BUILTIN_RUNNERS } from './parallel/runner-registry.js';
export type { PoolStats, TimeHistogram } from './parallel/pool-stats.js';
export { parallelObjective, optimizeOnPool, ATTEMPTS_ATTR } from './parallel/parallel-objective.js';
export type { TaskFactory, ParallelObjectiveOptions, OptimizeOnPoolOptions } from './parallel/parallel-objective.js';
// ---- memory budget, monitor, chunking ----
export { MemoryBudget, frameBytes } from './memory/memory-budget.js';
export type { BudgetInput, BudgetPlan } from './memory/memory-budget.js';
export { MemoryMonitor, MemoryAlertEvent, cgroupMemory } from './memory/memory-monitor.js';
export type { MemorySample, GcRecord, MemoryMonitorOptions } from './memory/memory-monitor.js';
export { ChunkProcessor, frameRows } from './memory/chunk-processor.js';
export type { ChunkInfo, ChunkStats, ChunkRun, ChunkProcessorOptions } from './memory/chunk-processor.js';
export { MEMORY_PRESETS } from './memory/memory-presets.js';
export type { MemorySettings, MemoryPresetName } from './memory/memory-presets.js';
// ---- configuration ----
export { resolveConfig, CONFIG_ENV } from './config/resolve-config.js';
export type { CryptotuneConfig, ConfigOptions } from './config/resolve-config.js';
// ---- validation: leak-free splits, leakage guard, fold objectives, overfitting statistics ----
export { makeSplit } from './validation/split.js';
export type {
  Split,
  Fold,
  SplitSpec,
  SplitCommon,
  HoldoutFractionSpec,
  HoldoutDateSpec,
  WalkForwardSpec,
  PurgedKFoldSpec,
  CpcvSpec,
  ShuffledKFoldSpec,
  BacktestPath,
  PathSegment,
} from './validation/split.js';
export { TimeAxis } from './validation/time-axis.js';
export type { LabelIntervals } from './validation/label-spans.js';
export { guardLeakage, recordSplit, describeSplit, LEAKAGE_OPT_OUT_ATTR, VALIDATION_SPLIT_ATTR } from './validation/leakage-guard.js';
export {
  evaluateFolds,
  foldObjective,
  foldStats,
  presetDirections,
  presetValues,
  FOLD_OBJECTIVE_PRESETS,
  FOLD_SCORES_ATTR,
  FOLD_TRAIN_SCORES_ATTR,
} from './validation/fold-objective.js';
export type { FoldScore, FoldStats, FoldEvaluation, FoldScorer, EvaluateFoldsOptions, FoldObjectivePreset } from './validation/fold-objective.js';
export {
  deflatedSharpeRatio,
  deflatedSharpeFromTrials,
  probabilisticSharpeRatio,
  expectedMaxSharpe,
  returnMoments,
  TRIALS_RUN_STATES,
} from './validation/deflated-sharpe.js';
export type { SharpeMoments, DeflatedSharpe, TrialsDeflatedSharpeOptions } from './validation/deflated-sharpe.js';
export { probabilityOfBacktestOverfitting, pboFromTrials } from './validation/pbo.js';
export type { PboOptions, PboResult, PboMetric, TrialsPboOptions } from './validation/pbo.js';
export { studyOverfitting } from './validation/overfitting.js';
export type { StudyOverfitting, OverfittingSource } from './validation/overfitting.js';
// ---- HTML report ----
export { renderReport, writeReport, reportFigures } from './report/html-report.js';
export { reportInputFromStorage, foldScoresFromTrials, safeImportances } from './report/report-data.js';
export type { ReportInput, EquityCurve, OverfittingFigures } from './report/report-data.js';
export type { Figure } from './report/figure.js';
// ---- models: dataset, bins, tree families, training, model ----
export { Dataset } from './models/dataset.js';
export type { DatasetHandle, DatasetOptions, MatrixLike } from './models/dataset.js';
export { Bins } from './models/bins.js';
export type { BinsHandle } from './models/bins.js';
export { train } from './models/train.js';
export type { TrainOptions, Progress } from './models/train.js';
export { Model } from './models/model.js';
export type { ModelJSON, PredictOptions } from './models/model.js';
export type { ScoreMetric, ScoreOptions } from './models/model.js';
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
// ---- persistence: LMDB storage, store URLs, backups, result cache ----
export { LmdbStorage, LMDB_DATA_FILE } from './storage/lmdb.js';
export type { LmdbStorageOptions, SyncMode } from './storage/lmdb.js';
export { openStorage, DEFAULT_STORAGE_PATH } from './storage/open-storage.js';
export type { OpenStorageOptions } from './storage/open-storage.js';
export { PostgresStorage, type PostgresStorageOptions } from './storage/postgres.js';
export { POSTGRES_SCHEMA_VERSION } from './storage/postgres-schema.js';
export { ResultCache } from './cache/result-cache.js';
export type { ResultCacheOptions, CacheValue, CacheStats } from './cache/result-cache.js';
export { generateKey, datasetFingerprint, canonicalJson } from './cache/generate-key.js';
export type { CacheKeyParts, DatasetRef } from './cache/generate-key.js';
export { cachedObjective } from './cache/cached-objective.js';
export type { CachedObjectiveKey, Evaluation } from './cache/cached-objective.js';
export { VERSION } from './version.js';
export { BackupManager, listBackups, restoreBackup, exportStudy, importStudy } from './storage/backup.js';
export type { BackupOptions, BackupInfo, StudyExport } from './storage/backup.js';
export type { MetadataTableInput, WithMetadataOptions } from './data/metadata-join.js';
// ---- the user surface ----
export { CryptoOptimizer } from './optimizer.js';
export type { CryptoOptimizerOptions, OptimizeModelOptions, OptimizeAllOptions, FamilyResult, PreparedData, Logger, Evaluation as FamilyEvaluation } from './optimizer.js';
export { OptimizerEvent } from './optimizer-events.js';
export type { OptimizerProgress } from './optimizer-events.js';
