import { StudyError } from '../errors.js';

/**
 * Throw this from an objective to end the trial as PRUNED (usually right after
 * `await trial.shouldPrune()` returned true). `optimize` records it; it is not a failure.
 */
export class TrialPruned extends StudyError {
  constructor(message = 'trial was pruned') {
    super('ERR_TRIAL_PRUNED', message);
  }
}
