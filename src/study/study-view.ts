/**
 * What samplers and pruners see of a study: its directions and a synchronous, cached list of its
 * trials. The study refreshes the cache from storage before each ask and each `shouldPrune`, so the
 * sampling hot path never waits on storage and never copies trials.
 */
import type { StudyDirection } from '../storage/storage.js';
import type { FrozenTrial, JsonValue } from './frozen-trial.js';
import type { TrialState } from './trial-state.js';

export interface StudyView {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /**
   * All trials by number (index = number). Finished trials are as stored and never change; trials
   * running in this process are as they are now (params suggested so far). Do not mutate.
   */
  cachedTrials(): readonly FrozenTrial[];
  /** The trials in the given states, by number. */
  cachedTrialsIn(states: readonly TrialState[]): FrozenTrial[];
  /** Set a system attribute on a trial running in this process (sampler or pruner state). */
  setTrialSystemAttr(trialNumber: number, key: string, value: JsonValue): void;
  /** Ask `optimize` to start no new trial (a grid sampler that ran out of points calls this). */
  stop(): void;
}
