/**
 * A snapshot of one trial as a storage keeps it. Plain JSON data (no classes, no Dates, no NaN), so
 * the memory, LMDB and PostgreSQL storages can all store and return it unchanged.
 */
import { StudyError } from '../errors.js';
import type { Distribution, ParamValue } from './distributions.js';
import type { TrialState } from './trial-state.js';

/** Any value that survives JSON.stringify → JSON.parse unchanged (finite numbers only). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FrozenTrial {
  /** Position of the trial in its study, 0, 1, 2, … in creation order. */
  readonly number: number;
  /** Storage-wide id (unique across studies of one storage). */
  readonly trialId: number;
  readonly state: TrialState;
  /** One finite value per objective direction once COMPLETE; may hold the last reported value when PRUNED; else null. */
  readonly values: number[] | null;
  /** External parameter values by name. */
  readonly params: Record<string, ParamValue>;
  /** The distribution each parameter was drawn from (same keys as `params`). */
  readonly distributions: Record<string, Distribution>;
  /** Reported intermediate values by step (JSON keys are strings; look up with a number). */
  readonly intermediateValues: Record<number, number>;
  readonly userAttrs: Record<string, JsonValue>;
  /** Attributes the library itself keeps (`fail_reason`, `fixed_params`, sampler state, …). */
  readonly systemAttrs: Record<string, JsonValue>;
  /** Epoch ms when the trial started RUNNING, or null while WAITING. */
  readonly datetimeStart: number | null;
  /** Epoch ms when the trial finished, or null. */
  readonly datetimeComplete: number | null;
  /** Epoch ms of the last heartbeat of the worker running it, or null when heartbeats are off. */
  readonly heartbeat: number | null;
  /** Number of the trial this one retries (after its worker died), or null. */
  readonly retryOf: number | null;
  /** Numbers of the whole retry chain, oldest first (empty when this is not a retry). */
  readonly retryHistory: number[];
}

/** What `Storage.createTrial` accepts: any subset of a trial; number and id are always assigned by the storage. */
export type TrialTemplate = Partial<Omit<FrozenTrial, 'number' | 'trialId'>>;

/** System attribute holding why a trial FAILed (an error message, "objective returned NaN", …). */
export const FAIL_REASON_ATTR = 'fail_reason';
/** System attribute holding the params an enqueued trial must use. */
export const FIXED_PARAMS_ATTR = 'fixed_params';

/** The single objective value of a COMPLETE trial (throws when the study has several objectives). */
export function trialValue(trial: FrozenTrial): number | null {
  if (trial.values === null) return null;
  if (trial.values.length !== 1) {
    throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'trialValue() is for single-objective trials; read trial.values instead');
  }
  return trial.values[0]!;
}

/** Duration in ms, or null while unfinished. */
export function trialDuration(trial: FrozenTrial): number | null {
  return trial.datetimeStart !== null && trial.datetimeComplete !== null ? trial.datetimeComplete - trial.datetimeStart : null;
}

/** The last reported (highest) step, or null when nothing was reported. */
export function lastStep(trial: FrozenTrial): number | null {
  let best: number | null = null;
  for (const k in trial.intermediateValues) {
    const s = Number(k);
    if (best === null || s > best) best = s;
  }
  return best;
}

/** A fresh deep copy (storages hand these out when the caller asked for `deepcopy`). */
export function cloneTrial(trial: FrozenTrial): FrozenTrial {
  // Distributions are immutable values and may be shared; everything mutable is copied.
  const attrs = (a: Record<string, JsonValue>): Record<string, JsonValue> => {
    for (const k in a) return structuredClone(a);
    return {};
  };
  return {
    ...trial,
    values: trial.values ? [...trial.values] : null,
    params: { ...trial.params },
    distributions: { ...trial.distributions },
    intermediateValues: { ...trial.intermediateValues },
    userAttrs: attrs(trial.userAttrs),
    systemAttrs: attrs(trial.systemAttrs),
    retryHistory: [...trial.retryHistory],
  };
}
