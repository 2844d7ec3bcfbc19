/** What to do when an ingest check fails on a row. */
export type Policy = 'error' | 'drop' | 'fix';

/**
 * One policy per data check. Defaults: prices are never changed silently (`error`), exact duplicate
 * rows keep the first (`drop`), rows out of time order are sorted (`fix`).
 */
export interface IngestPolicies {
  /** A numeric cell that does not parse. fix = treat as missing (then `nonFinite` applies). Default 'error'. */
  badNumber?: Policy;
  /** NaN / Inf price or volume. fix = carry the asset's previous value forward (volume: 0). Default 'error'. */
  nonFinite?: Policy;
  /** Price ≤ 0. fix = carry the asset's previous value forward. Default 'error'. */
  nonPositivePrice?: Policy;
  /** high < max(open, close) or low > min(open, close). fix = widen high/low. Default 'error'. */
  ohlcInconsistent?: Policy;
  /** Same (asset, time) twice. drop = keep first, fix = keep last. Default 'drop'. */
  duplicate?: Policy;
  /** Time going backwards within an asset. fix = sort, drop = drop the late rows. Default 'fix'. */
  unsorted?: Policy;
  /** Epoch times in different units in one source. fix = convert each to ms. Default 'error'. */
  mixedTimeUnits?: Policy;
  /** More fields than the header. drop = skip the row, fix = ignore the extra fields. Default 'error'. */
  extraFields?: Policy;
}

/** Column names that override the alias search (e.g. `{ asset: 'ticker', close: 'last' }`). */
export interface ColumnNames {
  time?: string;
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  volume?: string;
  asset?: string;
}

/** How to read a market-data file. Everything is optional; the defaults detect the layout. */
export interface IngestOptions {
  /** 'auto' (default) | 'binance' | 'ohlcv' | 'panel' | 'close'. */
  format?: 'auto' | 'binance' | 'ohlcv' | 'panel' | 'close';
  columns?: ColumnNames;
  /** Force header detection on or off (default: a first row whose first cell is a number has no header). */
  hasHeader?: boolean;
  /** Field delimiter, one ASCII character (default ','). */
  delimiter?: string;
  policies?: IngestPolicies;
  /** Lines longer than this many bytes are refused (default 1 MiB). */
  maxLineBytes?: number;
  /** Asset name for single-asset files (default: the file name's first token, upper-cased). */
  assetName?: string;
  /** Read at most this many data rows. */
  maxRows?: number;
  /** Parse several files on this many threads at once (default 1; opt in for a big one-off load). */
  threads?: number;
}
