/**
 * Progress of a CryptoOptimizer as plain data: the same object is dispatched as an event (its
 * `type`) and yielded by `optimizer.progress()`, so a CLI can draw bars and an app can log JSON.
 */
import type { TrialState } from './study/trial-state.js';

export interface OptimizerProgress {
  type: 'family-start' | 'trial' | 'family-end';
  family: string;
  /** Trials finished by this call so far, and how many were asked for. */
  done: number;
  total: number;
  /** Best validation value so far (null before the first complete trial). */
  best: number | null;
  elapsedMs: number;
  trial?: number;
  state?: TrialState;
  value?: number | null;
}

/** Event of the optimizer's EventTarget; `detail` is the progress record (or a memory sample). */
export class OptimizerEvent<T = OptimizerProgress | Record<string, unknown>> extends Event {
  constructor(
    type: string,
    readonly detail: T,
  ) {
    super(type);
  }
}
