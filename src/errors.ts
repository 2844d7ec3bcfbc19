/**
 * One error family for the whole library. Every error carries a stable `code` (part of the public
 * API: match on it, not on the message), a message that says what to do, and — for data errors —
 * the row and column where the input was bad.
 */

/** Extra facts attached to an error: where the data was bad, the numbers that did not fit, … */
export interface ErrorDetails {
  /** 1-based source line (the header is line 1). */
  row?: number;
  column?: string;
  [key: string]: unknown;
}

/** Base class of every error cryptotune throws on purpose. */
export class CryptotuneError extends Error {
  /** Stable machine-readable code such as `ERR_DATA_COLUMN_MISSING`. */
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** 1-based source line where the data was bad, when known. */
  get row(): number | undefined {
    return this.details.row;
  }

  /** Column where the data was bad, when known. */
  get column(): string | undefined {
    return this.details.column;
  }
}

/** Bad or unreadable market data (`ERR_DATA_*`). */
export class DataError extends CryptotuneError {}
/** An option or environment variable with an invalid value (`ERR_CONFIG_*`). */
export class ConfigError extends CryptotuneError {}
/** The native addon is missing or was called wrongly (`ERR_NATIVE_*`). */
export class NativeError extends CryptotuneError {}
/** A feature plan or feature computation problem (`ERR_FEATURE_*`, `ERR_TARGET_*`). */
export class FeatureError extends CryptotuneError {}
/** Model training / prediction / parameter problems (`ERR_MODEL_*`, `ERR_PARAM_*`, `ERR_METRIC_*`). */
export class ModelError extends CryptotuneError {}
/** Study, trial, sampler and search-space misuse (`ERR_STUDY_*`, `ERR_TRIAL_*`, `ERR_SPACE_*`). */
export class StudyError extends CryptotuneError {}
/** Storage and cache failures (`ERR_STORAGE_*`, `ERR_CACHE_*`). */
export class StorageError extends CryptotuneError {}
/** A split that would leak future information into training (`ERR_LEAKAGE`, `ERR_SPLIT_*`), or bad input to the overfitting statistics (`ERR_OVERFIT_*`). */
export class ValidationError extends CryptotuneError {}
/** Work that does not fit the memory budget (`ERR_MEMORY_*`). */
export class MemoryError extends CryptotuneError {}
/** Worker pool failures: crashes, timeouts (`ERR_WORKER_*`). */
export class WorkerError extends CryptotuneError {}
/** Command-line misuse: unknown command or option, bad value, read-only study file (`ERR_CLI_*`). */
export class CliError extends CryptotuneError {}
/** The operation was aborted through its AbortSignal (`ERR_ABORTED`). */
export class AbortError extends CryptotuneError {
  constructor(message = 'the operation was aborted', details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super('ERR_ABORTED', message, details, options);
  }
}

const FAMILIES: Array<[prefix: string, cls: new (code: string, message: string, details?: ErrorDetails) => CryptotuneError]> = [
  ['ERR_DATA_', DataError],
  ['ERR_RESAMPLE_', DataError],
  ['ERR_CONFIG_', ConfigError],
  ['ERR_NATIVE_', NativeError],
  ['ERR_FEATURE_', FeatureError],
  ['ERR_TARGET_', FeatureError],
  ['ERR_MODEL_', ModelError],
  ['ERR_PARAM_', ModelError],
  ['ERR_METRIC_', ModelError],
  ['ERR_BIN_', ModelError],
  ['ERR_STUDY_', StudyError],
  ['ERR_TRIAL_', StudyError],
  ['ERR_SPACE_', StudyError],
  ['ERR_SAMPLER_', StudyError],
  ['ERR_PRUNER_', StudyError],
  ['ERR_STORAGE_', StorageError],
  ['ERR_CACHE_', StorageError],
  ['ERR_LEAKAGE', ValidationError],
  ['ERR_SPLIT_', ValidationError],
  ['ERR_OVERFIT_', ValidationError],
  ['ERR_MEMORY_', MemoryError],
  ['ERR_WORKER_', WorkerError],
  ['ERR_CLI_', CliError],
];

/** Build the right subclass for a code (used where codes cross a boundary: native calls, workers). */
export function errorFromCode(code: string, message: string, details: ErrorDetails = {}): CryptotuneError {
  if (code === 'ERR_ABORTED') return new AbortError(message, details);
  const family = FAMILIES.find(([prefix]) => code.startsWith(prefix));
  const Cls = family ? family[1] : CryptotuneError;
  return new Cls(code, message, details);
}
