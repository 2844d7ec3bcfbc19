/**
 * cryptotune — public API. This file only re-exports; each concept lives in its own module.
 */
export * from './errors.js';
export { Rng } from './rng.js';
export { Frame, intervalMs } from './data/frame.js';
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
