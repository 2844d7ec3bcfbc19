/**
 * The one storage interface behind every study: MemoryStorage here, LmdbStorage and PostgresStorage
 * elsewhere. Modelled on Optuna's BaseStorage, async throughout, JSON values only.
 *
 * Contract every implementation keeps (test/support/storage-contract.ts checks it):
 * - Ids: study ids and trial ids are unique within one storage; a trial's `number` is its position
 *   in its study (0, 1, 2, …), assigned atomically by `createTrial`.
 * - Finished trials (COMPLETE, PRUNED, FAIL) are immutable: setting a param, a value, an intermediate
 *   value or an attribute on one throws `ERR_TRIAL_FINISHED`, except `setTrialStateValues`, which
 *   returns false (so a second `tell` is detected without a race).
 * - `claimWaitingTrial` and `setTrialStateValues` are atomic: two workers never both claim one
 *   WAITING trial, and of two concurrent finishes exactly one returns true.
 * - Objects returned with `deepcopy: false` may be shared with the store: callers must not mutate
 *   them. Stores that serialise (LMDB, PostgreSQL) may ignore the flag.
 *
 * Error codes: ERR_STUDY_NOT_FOUND, ERR_STUDY_EXISTS, ERR_TRIAL_NOT_FOUND, ERR_TRIAL_FINISHED,
 * ERR_TRIAL_STEP_REPORTED, ERR_STUDY_NO_COMPLETE_TRIALS, ERR_STUDY_MULTI_OBJECTIVE (StudyError); an
 * unreachable or corrupt store uses ERR_STORAGE_* (StorageError).
 */
import type { Distribution } from '../study/distributions.js';
import type { FrozenTrial, JsonValue, TrialTemplate } from '../study/frozen-trial.js';
import type { TrialState } from '../study/trial-state.js';

/** Whether an objective is minimised or maximised. */
export type StudyDirection = 'minimize' | 'maximize';

/** What `getAllStudies` lists. */
export interface StudyInfo {
  readonly studyId: number;
  readonly name: string;
  readonly directions: StudyDirection[];
  readonly userAttrs: Record<string, JsonValue>;
  readonly systemAttrs: Record<string, JsonValue>;
  /** Trials in the study, any state. */
  readonly nTrials: number;
  /** Epoch ms of the first trial's start, or null. */
  readonly datetimeStart: number | null;
}

/** One change to an unfinished trial, as `updateTrial` applies it. */
export type TrialEdit =
  | { readonly kind: 'param'; readonly name: string; readonly internalValue: number; readonly distribution: Distribution }
  | { readonly kind: 'intermediate'; readonly step: number; readonly value: number }
  | { readonly kind: 'userAttr' | 'systemAttr'; readonly key: string; readonly value: JsonValue };

export interface GetTrialsOptions {
  /** Only trials in these states (all states when omitted). */
  states?: readonly TrialState[];
  /** Return copies the caller may mutate (default true). */
  deepcopy?: boolean;
  /** Only trials whose number is ≥ this (lets a cache fetch just the new ones). */
  fromNumber?: number;
}

export interface Storage {
  // ---- studies ----

  /** Create a study; throws ERR_STUDY_EXISTS when the name is taken. Returns the study id. */
  createStudy(name: string, directions: readonly StudyDirection[]): Promise<number>;
  /** Delete a study and all its trials; throws ERR_STUDY_NOT_FOUND. */
  deleteStudy(studyId: number): Promise<void>;
  /** Throws ERR_STUDY_NOT_FOUND. */
  getStudyIdFromName(name: string): Promise<number>;
  /** Throws ERR_STUDY_NOT_FOUND. */
  getStudyNameFromId(studyId: number): Promise<string>;
  getStudyDirections(studyId: number): Promise<StudyDirection[]>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>>;
  getStudySystemAttrs(studyId: number): Promise<Record<string, JsonValue>>;
  getAllStudies(): Promise<StudyInfo[]>;

  // ---- trials ----

  /**
   * Add a trial. Without a template it is RUNNING with `datetimeStart` = now. A template may set any
   * field but `number`/`trialId` (a WAITING trial from `enqueueTrial`, a finished one from `addTrial`,
   * a retry with `retryOf`). Returns the stored trial.
   */
  createTrial(studyId: number, template?: TrialTemplate): Promise<FrozenTrial>;
  /**
   * Atomically pick the WAITING trial with the lowest number, make it RUNNING (datetimeStart = now,
   * heartbeat = now when `heartbeat` is true) and return it; null when none waits.
   */
  claimWaitingTrial(studyId: number, options?: { heartbeat?: boolean }): Promise<FrozenTrial | null>;
  /** Record a parameter by its internal value; throws ERR_TRIAL_FINISHED on a finished trial. */
  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void>;
  /**
   * Move a trial to `state` (with `values` for COMPLETE, optionally for PRUNED). Returns false and
   * changes nothing when the trial had already finished, or when `state` is RUNNING and the trial is
   * not WAITING. Finishing sets `datetimeComplete`; RUNNING from WAITING sets `datetimeStart`.
   */
  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean>;
  /** Throws ERR_TRIAL_STEP_REPORTED when the step already has a value, ERR_TRIAL_FINISHED when finished. */
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /**
   * Apply `edits` in order to one unfinished trial as one write, with the errors of the single
   * calls above. A Trial sends what its objective did between two awaits this way (nine
   * suggestions are one commit, not nine: on LMDB with `sync: 'full'` each commit is an fsync).
   * ERR_TRIAL_FINISHED leaves the trial unchanged.
   */
  updateTrial(trialId: number, edits: readonly TrialEdit[]): Promise<void>;
  /** Throws ERR_TRIAL_NOT_FOUND. */
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** Throws ERR_TRIAL_NOT_FOUND (no trial with that number in the study). */
  getTrialIdFromNumber(studyId: number, number: number): Promise<number>;
  /** The study's trials ordered by number. */
  getAllTrials(studyId: number, options?: GetTrialsOptions): Promise<FrozenTrial[]>;
  getNTrials(studyId: number, states?: readonly TrialState[]): Promise<number>;
  /**
   * The best COMPLETE trial of a single-objective study (lowest number wins ties). Throws
   * ERR_STUDY_NO_COMPLETE_TRIALS or ERR_STUDY_MULTI_OBJECTIVE.
   */
  getBestTrial(studyId: number): Promise<FrozenTrial>;

  // ---- dead workers ----

  /** Set the trial's heartbeat to now (the worker running it is alive). */
  recordHeartbeat(trialId: number): Promise<void>;
  /**
   * FAIL every RUNNING trial of the study whose heartbeat is older than `graceMs` (trials without a
   * heartbeat are left alone), with system attr `fail_reason`. Atomic per trial; returns the trials
   * this call failed (so the caller can enqueue retries).
   */
  failStaleTrials(studyId: number, graceMs: number): Promise<FrozenTrial[]>;

  /** Release handles; further calls throw ERR_STORAGE_CLOSED. */
  close(): Promise<void>;
}
