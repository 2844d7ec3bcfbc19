/**
 * Which all-discrete parameter configurations have already been evaluated, so a trial does not
 * spend its budget re-running one (see `Trial` for how a duplicate is avoided). Continuous floats
 * never repeat in practice and are not indexed; a configuration with one is never a duplicate.
 */
import { cardinality, type Distribution, type ParamValue } from './distributions.js';
import { FinishedTrialScanner } from './finished-trial-scanner.js';
import type { FrozenTrial } from './frozen-trial.js';

export function isDiscrete(d: Distribution): boolean {
  return Number.isFinite(cardinality(d));
}

function keyOf(params: Record<string, ParamValue>, extraName?: string, extraValue?: ParamValue): string {
  const names = Object.keys(params);
  if (extraName !== undefined && !(extraName in params)) names.push(extraName);
  names.sort();
  let key = '';
  for (const n of names) key += JSON.stringify(n) + ':' + JSON.stringify(n === extraName ? extraValue : params[n]) + ',';
  return key;
}

export class DuplicateIndex {
  private readonly scanner = new FinishedTrialScanner();
  private readonly keys = new Set<string>();

  /** Index COMPLETE and PRUNED trials whose parameters are all discrete. */
  update(trials: readonly FrozenTrial[]): void {
    this.scanner.scan(trials, (t) => {
      if (t.state !== 'COMPLETE' && t.state !== 'PRUNED') return;
      for (const n in t.distributions) if (!isDiscrete(t.distributions[n]!)) return;
      this.keys.add(keyOf(t.params));
    });
  }

  get size(): number {
    return this.keys.size;
  }

  /** Whether `params` plus `name = value` is exactly an evaluated configuration. */
  has(params: Record<string, ParamValue>, name: string, value: ParamValue): boolean {
    return this.keys.has(keyOf(params, name, value));
  }
}
