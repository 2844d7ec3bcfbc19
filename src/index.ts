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
