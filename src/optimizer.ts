/**
 * CryptoOptimizer: the facade users start from, the successor of the Python
 * `CryptoHyperparameterOptimizer`. It prepares data once (ingest, filter, features, labels, split,
 * bins — all in shared buffers), runs one study per model family on one shared worker pool (the
 * families concurrently), caches every trial result, evaluates the best models on the held-out
 * test rows and refits. It prints nothing: progress goes out as events and through `progress()`.
 */
import { AbortError, ConfigError } from './errors.js';
import { Frame } from './data/frame.js';
import type { IngestOptions } from './data/ingest-options.js';
import { filterByRange } from './data/frame-filter.js';
import { FeaturePlan, computeFeatures, computeLabels, type FeatureMatrix, type FeatureSpec, type LabelSpec, type Labels } from './features/index.js';
import { Dataset } from './models/dataset.js';
import { train } from './models/train.js';
import type { Model } from './models/model.js';
import { classificationMetrics, tradingMetrics } from './models/metrics.js';
import { defaultSearchSpace, mergeSearchSpace, suggestParams, MODEL_FAMILIES, type ModelFamilyName, type SearchSpaceDef } from './models/search-space.js';
import { makeSplit, type Split, type SplitSpec } from './validation/split.js';
import { recordSplit } from './validation/leakage-guard.js';
import { createStudy, type Study } from './study/study.js';
import type { Sampler } from './study/samplers/sampler.js';
import type { Pruner } from './study/pruners/pruner.js';
import { TPESampler } from './study/samplers/tpe.js';
import { MedianPruner } from './study/pruners/median.js';
import type { Storage } from './storage/storage.js';
import { openStorage } from './storage/open-storage.js';
import { ResultCache } from './cache/result-cache.js';
import { generateKey } from './cache/generate-key.js';
import { WorkerPool } from './parallel/worker-pool.js';
import { parallelObjective } from './parallel/parallel-objective.js';
import { MemoryMonitor } from './memory/memory-monitor.js';
import { resolveConfig, type CryptotuneConfig } from './config/resolve-config.js';
import type { FrozenTrial, JsonValue } from './study/frozen-trial.js';
import type { ParamValue } from './study/distributions.js';
import { VERSION } from './version.js';
