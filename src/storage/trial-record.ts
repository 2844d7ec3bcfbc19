/**
 * The trial edits every storage applies the same way (memory, LMDB, PostgreSQL): building a new
 * trial from a template, and the field changes behind each Storage call. Each storage decides how
 * to find, lock and write the record; what the record becomes is decided here, once.
 */
import { StudyError } from '../errors.js';
import { toExternal, type Distribution } from '../study/distributions.js';
import { FAIL_REASON_ATTR, type FrozenTrial, type JsonValue, type TrialTemplate } from '../study/frozen-trial.js';
import { isFinishedState, type TrialState } from '../study/trial-state.js';
import type { StudyDirection, TrialEdit } from './storage.js';

export type MutableTrial = { -readonly [K in keyof FrozenTrial]: FrozenTrial[K] };

/** A new trial record: template fields, else RUNNING started now (WAITING has no start). */
export function buildTrial(template: TrialTemplate, number: number, trialId: number, now: number): FrozenTrial {
  const state = template.state ?? 'RUNNING';
  return {
    number,
    trialId,
    state,
    values: template.values ? [...template.values] : null,
    params: { ...(template.params ?? {}) },
    distributions: { ...(template.distributions ?? {}) },
    intermediateValues: { ...(template.intermediateValues ?? {}) },
    userAttrs: structuredClone(template.userAttrs ?? {}),
    systemAttrs: structuredClone(template.systemAttrs ?? {}),
    datetimeStart: template.datetimeStart !== undefined ? template.datetimeStart : state === 'WAITING' ? null : now,
    datetimeComplete: template.datetimeComplete !== undefined ? template.datetimeComplete : isFinishedState(state) ? now : null,
    heartbeat: template.heartbeat ?? null,
    retryOf: template.retryOf ?? null,
    retryHistory: [...(template.retryHistory ?? [])],
  };
}

/** Throw ERR_TRIAL_FINISHED when the trial may no longer change. */
export function assertUnfinished(t: FrozenTrial): void {
  if (isFinishedState(t.state)) {
    throw new StudyError('ERR_TRIAL_FINISHED', `trial ${t.number} is already ${t.state} and cannot be changed`, { trialId: t.trialId, number: t.number });
  }
}

export function editParam(name: string, internalValue: number, distribution: Distribution): (t: MutableTrial) => void {
  return (t) => {
    t.params = { ...t.params, [name]: toExternal(distribution, internalValue) };
    t.distributions = { ...t.distributions, [name]: distribution };
  };
}

export function editIntermediate(step: number, value: number): (t: MutableTrial) => void {
  return (t) => {
    if (Object.prototype.hasOwnProperty.call(t.intermediateValues, step)) {
      throw new StudyError('ERR_TRIAL_STEP_REPORTED', `trial ${t.number} already reported a value at step ${step}; report each step once`, { trialId: t.trialId, number: t.number, step });
    }
    t.intermediateValues = { ...t.intermediateValues, [step]: value };
  };
}

export function editAttr(field: 'userAttrs' | 'systemAttrs', key: string, value: JsonValue): (t: MutableTrial) => void {
  const v = structuredClone(value);
  return (t) => {
    t[field] = { ...t[field], [key]: v };
  };
}

/** Every edit of an `updateTrial` call, applied in order. */
export function editAll(edits: readonly TrialEdit[]): (t: MutableTrial) => void {
  const steps = edits.map((e) => {
    switch (e.kind) {
      case 'param':
        return editParam(e.name, e.internalValue, e.distribution);
      case 'intermediate':
        return editIntermediate(e.step, e.value);
      case 'userAttr':
        return editAttr('userAttrs', e.key, e.value);
      case 'systemAttr':
        return editAttr('systemAttrs', e.key, e.value);
    }
  });
  return (t) => {
    for (const step of steps) step(t);
  };
}

/**
 * Whether `setTrialStateValues(to)` may move a trial in state `from` (not when it has finished,
 * nor to RUNNING unless it is WAITING).
 */
export function canMove(from: TrialState, to: TrialState): boolean {
  return !isFinishedState(from) && !(to === 'RUNNING' && from !== 'WAITING');
}

export function editStateValues(state: TrialState, values: readonly number[] | null | undefined, now: number): (t: MutableTrial) => void {
  return (t) => {
    t.state = state;
    if (values !== undefined) t.values = values === null ? null : [...values];
    if (state === 'RUNNING') t.datetimeStart = now;
    if (isFinishedState(state)) t.datetimeComplete = now;
  };
}

/** WAITING → RUNNING for a claimer. */
export function editClaim(now: number, heartbeat: boolean): (t: MutableTrial) => void {
  return (t) => {
    t.state = 'RUNNING';
    t.datetimeStart = now;
    if (heartbeat) t.heartbeat = now;
  };
}

/** Whether a RUNNING trial's worker is presumed dead (trials without heartbeat never are). */
export function isStale(t: FrozenTrial, now: number, graceMs: number): boolean {
  return t.state === 'RUNNING' && t.heartbeat !== null && now - t.heartbeat > graceMs;
}

export function editStaleFail(now: number, graceMs: number): (t: MutableTrial) => void {
  return (t) => {
    t.state = 'FAIL';
    t.datetimeComplete = now;
    t.systemAttrs = { ...t.systemAttrs, [FAIL_REASON_ATTR]: `no heartbeat for ${now - t.heartbeat!} ms (grace ${graceMs} ms): the worker running it is presumed dead` };
  };
}

/** Whether COMPLETE trial `t` beats the current best (single objective; lower number wins ties). */
export function beatsBest(directions: readonly StudyDirection[], t: FrozenTrial, best: FrozenTrial | null): boolean {
  if (directions.length !== 1 || !t.values || t.values.length !== 1) return false;
  if (best === null) return true;
  const a = t.values[0]!;
  const b = best.values![0]!;
  return (directions[0] === 'minimize' ? a < b : a > b) || (a === b && t.number < best.number);
}
