/**
 * The overfitting statistics of a whole study, for the report to show next to the best result:
 * the deflated Sharpe ratio of the selected (best) trial with N = every trial that ran in the
 * study's storage, and the PBO of the trials' per-fold (or per-period) scores. Either is left out,
 * with the reason, when the study does not carry what it needs.
 */
import type { FrozenTrial, JsonValue } from '../study/frozen-trial.js';
import type { TrialState } from '../study/trial-state.js';
import { deflatedSharpeFromTrials, TRIALS_RUN_STATES, type DeflatedSharpe, type TrialsDeflatedSharpeOptions } from './deflated-sharpe.js';
import { pboFromTrials, type PboResult, type TrialsPboOptions } from './pbo.js';
import { LEAKAGE_OPT_OUT_ATTR } from './leakage-guard.js';
import { ValidationError } from '../errors.js';

export interface StudyOverfitting {
  /** Trials that ran (COMPLETE and PRUNED), across every session and worker of the storage. */
  nTrials: number;
  deflatedSharpe?: DeflatedSharpe;
  /** Why there is no DSR (no returns given, too few trials with a Sharpe ratio, …). */
  deflatedSharpeSkipped?: string;
  pbo?: Omit<PboResult, 'logits'> & { logits: number[] };
  pboSkipped?: string;
  /** The reason recorded when the study's split was allowed to leak. */
  leakageOptOut?: string;
}

/** What `studyOverfitting` needs from a study (a Study fits). */
export interface OverfittingSource {
  getTrials(options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]>;
  systemAttrs(): Promise<Record<string, JsonValue>>;
}

/**
 * DSR (when `returns` of the selected strategy are given) and PBO (from the trials' stored fold
 * scores, or `seriesOf`) of a study. Reads the trials fresh from storage, so a resumed or
 * distributed study counts every trial.
 */
export async function studyOverfitting(
  study: OverfittingSource,
  options: Partial<TrialsDeflatedSharpeOptions> & TrialsPboOptions = {},
): Promise<StudyOverfitting> {
  const trials = await study.getTrials();
  const out: StudyOverfitting = { nTrials: trials.filter((t) => TRIALS_RUN_STATES.includes(t.state)).length };
  const optOut = (await study.systemAttrs())[LEAKAGE_OPT_OUT_ATTR];
  if (typeof optOut === 'string') out.leakageOptOut = optOut;
  if (options.returns) {
    try {
      out.deflatedSharpe = deflatedSharpeFromTrials(trials, { returns: options.returns, ...(options.sharpeOf ? { sharpeOf: options.sharpeOf } : {}) });
    } catch (e) {
      out.deflatedSharpeSkipped = skipReason(e);
    }
  } else out.deflatedSharpeSkipped = "no returns of the selected strategy were given (pass { returns })";
  try {
    const { sharpeOf: _s, returns: _r, ...pboOptions } = options;
    const pbo = pboFromTrials(trials, pboOptions);
    out.pbo = { ...pbo, logits: Array.from(pbo.logits) };
  } catch (e) {
    out.pboSkipped = skipReason(e);
  }
  return out;
}

/** Input the statistics cannot use becomes a reason; anything else (a storage failure) is thrown. */
function skipReason(e: unknown): string {
  if (e instanceof ValidationError && e.code === 'ERR_OVERFIT_INPUT') return e.message;
  throw e;
}
