/**
 * Splits: which rows each fold trains, validates and tests on. Folds are sorted Uint32Array row
 * indices into the Frame's row order (on SharedArrayBuffers, never copies of data). Every split but
 * the shuffled one cuts the time axis (the union of all assets' timestamps), so one boundary
 * applies to every asset at once; rows without a label are left out of every fold.
 */
import { ValidationError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { buildCpcv } from './cpcv.js';
import { buildHoldout } from './holdout.js';
import { LabelSpans, type LabelIntervals } from './label-spans.js';
import { guardLeakage } from './leakage-guard.js';
import { buildPurgedKFold } from './purged-k-fold.js';
import { buildShuffledKFold } from './shuffled-k-fold.js';
import { specInt } from './spec-checks.js';
import { TimeAxis } from './time-axis.js';
import { buildWalkForward } from './walk-forward.js';

/** One fold: sorted row indices. `valid` is what the fold scores on (the test groups in k-fold and CPCV). */
export interface Fold {
  train: Uint32Array;
  valid: Uint32Array;
  /** A final test set (holdout with a test part). */
  test?: Uint32Array;
  /** Backtest path the fold belongs to, when it belongs to exactly one (walk-forward, k-fold: 0). */
  path?: number;
  name: string;
}

/** One piece of a CPCV backtest path: group `group`'s rows, scored by fold `fold`'s model. */
export interface PathSegment {
  group: number;
  fold: number;
  rows: Uint32Array;
}

/** A CPCV backtest path: every group once, each from a different fold. */
export interface BacktestPath {
  index: number;
  segments: PathSegment[];
}

export interface Split {
  kind: SplitSpec['kind'];
  folds: Fold[];
  /** Rows held out from every fold (holdout's test part). */
  test?: Uint32Array;
  /** CPCV's φ = k/N·C(N, k) backtest paths. */
  paths?: BacktestPath[];
  spec: SplitSpec;
  /** The reason given with `allowLeakage`; store it with the study (see `recordSplit`). */
  leakageOptOut?: string;
  /** Time steps cut (distinct timestamps up to the last one with a label), and the longest label interval in steps. */
  steps: number;
  horizon: number;
}

/** Options every time-ordered split takes. */
export interface SplitCommon {
  /**
   * Drop training rows whose label interval [t, end] reaches a validation/test period (default
   * true). Turning it off needs `gap` ≥ the label horizon or `allowLeakage`.
   */
  purge?: boolean;
  /** Without labels: how many time steps each label looks ahead (purging then uses it). */
  labelHorizon?: number;
  /** Run a split the leakage guard would refuse; the reason is recorded on the Split and the study. */
  allowLeakage?: string;
}

/** Train / valid / test by fractions of the distinct time steps. */
export interface HoldoutFractionSpec extends SplitCommon {
  kind: 'holdout';
  train: number;
  valid: number;
  /** Default: what train and valid leave. */
  test?: number;
  /** Time steps left out between parts (taken from the end of the earlier part). */
  gap?: number;
}

/** Train / valid / test by dates: train < trainEnd ≤ valid < validEnd ≤ test. */
export interface HoldoutDateSpec extends SplitCommon {
  kind: 'holdout';
  /** ISO-8601 date or epoch ms. */
  trainEnd: string | number;
  /** Without it there is no test part. */
  validEnd?: string | number;
  gap?: number;
}

/** Walk-forward: `folds` validation windows marching to the end of the data. */
export interface WalkForwardSpec extends SplitCommon {
  kind: 'walkForward';
  folds: number;
  /** 'expanding' (default): train from the first step; 'rolling': the last `trainSteps` steps. */
  window?: 'expanding' | 'rolling';
  /** Rolling window length, or the first fold's train length when expanding (default: all the first fold has room for). */
  trainSteps?: number;
  /** Steps per validation window (default: steps / (folds + 1)). */
  validSteps?: number;
  /** Steps between consecutive validation windows (default validSteps). */
  step?: number;
  /** Steps left out between train and valid. */
  gap?: number;
}

/** Purged k-fold (López de Prado 2018, ch. 7): k contiguous time groups, each the validation once. */
export interface PurgedKFoldSpec extends SplitCommon {
  kind: 'purgedKFold';
  k: number;
  /** Steps after each validation period (and its labels) kept out of training (default 0). */
  embargo?: number;
}

/** Combinatorial purged CV (López de Prado 2018, ch. 12): every choice of `testGroups` of `groups`. */
export interface CpcvSpec extends SplitCommon {
  kind: 'cpcv';
  groups: number;
  testGroups: number;
  embargo?: number;
}

/** Shuffled k-fold: leaks by construction; only with `allowLeakage`. */
export interface ShuffledKFoldSpec {
  kind: 'shuffledKFold';
  k: number;
  seed?: number;
  allowLeakage: string;
  labelHorizon?: number;
}

export type SplitSpec = HoldoutFractionSpec | HoldoutDateSpec | WalkForwardSpec | PurgedKFoldSpec | CpcvSpec | ShuffledKFoldSpec;

/** What a split builder gets. */
export interface SplitContext {
  axis: TimeAxis;
  spans: LabelSpans;
  /** Whether to purge training rows whose labels reach a scored period. */
  purge: boolean;
  /** Steps the split cuts: up to the last step where some row has a label (each asset's unlabelled tail is no use to any fold). */
  steps: number;
}

/** What a split builder returns. */
export interface SplitParts {
  folds: Fold[];
  test?: Uint32Array;
  paths?: BacktestPath[];
}

const KINDS = ['holdout', 'walkForward', 'purgedKFold', 'cpcv', 'shuffledKFold'] as const;

/**
 * Build a split of `frame`'s rows. `labels` (from computeLabels) give each row's label interval
 * for purging and the leakage guard; without them pass `labelHorizon` in the spec. Refuses a leaky
 * split with ERR_LEAKAGE (see leakage-guard.ts) and bad specs with ERR_SPLIT_*.
 */
export function makeSplit(frame: Frame, spec: SplitSpec, labels?: LabelIntervals): Split {
  if (!spec || typeof spec !== 'object' || !KINDS.includes(spec.kind as (typeof KINDS)[number])) {
    throw new ValidationError('ERR_SPLIT_KIND', `unknown split kind ${JSON.stringify((spec as { kind?: unknown } | undefined)?.kind)}; use one of ${KINDS.join(', ')}`);
  }
  const axis = TimeAxis.of(frame);
  const declared = spec.labelHorizon === undefined ? undefined : specInt(spec.kind, 'labelHorizon', spec.labelHorizon, 0);
  let spans: LabelSpans | undefined;
  if (labels !== undefined) spans = LabelSpans.fromLabels(axis, labels);
  else if (declared !== undefined) spans = LabelSpans.fromHorizon(axis, declared);
  const leakageOptOut = guardLeakage(spec, spans?.horizon);
  spans ??= LabelSpans.fromHorizon(axis, 0);
  const ctx: SplitContext = { axis, spans, purge: spec.kind === 'shuffledKFold' ? false : spec.purge !== false, steps: spans.lastLabelledStep() + 1 };
  let parts: SplitParts;
  switch (spec.kind) {
    case 'holdout':
      parts = buildHoldout(ctx, spec);
      break;
    case 'walkForward':
      parts = buildWalkForward(ctx, spec);
      break;
    case 'purgedKFold':
      parts = buildPurgedKFold(ctx, spec);
      break;
    case 'cpcv':
      parts = buildCpcv(ctx, spec);
      break;
    case 'shuffledKFold':
      parts = buildShuffledKFold(ctx, spec);
      break;
  }
  const split: Split = { kind: spec.kind, folds: parts.folds, spec, steps: ctx.steps, horizon: spans.horizon };
  if (parts.test) split.test = parts.test;
  if (parts.paths) split.paths = parts.paths;
  if (leakageOptOut !== undefined) split.leakageOptOut = leakageOptOut;
  return split;
}

