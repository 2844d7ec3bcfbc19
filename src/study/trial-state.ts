/**
 * The life cycle of a trial. A trial is created RUNNING (asked) or WAITING (enqueued, or a retry of a
 * failed trial) and ends in exactly one of COMPLETE, PRUNED or FAIL; a finished trial never changes
 * again, which is what lets storages and caches treat finished trials as immutable.
 */
export const TrialState = {
  /** Enqueued with fixed params; waits for a worker to claim it. */
  WAITING: 'WAITING',
  /** Claimed or asked; the objective is running. */
  RUNNING: 'RUNNING',
  /** The objective returned finite values. */
  COMPLETE: 'COMPLETE',
  /** Stopped early by a pruner. */
  PRUNED: 'PRUNED',
  /** The objective threw, returned NaN/Infinity, or its worker died (stale heartbeat). */
  FAIL: 'FAIL',
} as const;

export type TrialState = (typeof TrialState)[keyof typeof TrialState];

/** All states, in life-cycle order. */
export const TRIAL_STATES: readonly TrialState[] = ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'];

/** The states a trial ends in. */
export const FINISHED_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

/** Whether the trial has ended (COMPLETE, PRUNED or FAIL) and may no longer be updated. */
export function isFinishedState(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** Type guard for values read from a store or from user input. */
export function isTrialState(value: unknown): value is TrialState {
  return typeof value === 'string' && (TRIAL_STATES as readonly string[]).includes(value);
}
