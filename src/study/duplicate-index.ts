/**
 * Which all-discrete parameter configurations have already been evaluated, so a trial does not
 * spend its budget re-running one (see `Trial` for how a duplicate is avoided). Continuous floats
 * never repeat in practice and are not indexed; a configuration with one is never a duplicate.
 *
 * `exhausted(prefix)` answers, from the evaluated trials alone, whether every configuration that
 * extends a partial one has been evaluated: the trials matching the prefix must all have the same
 * remaining parameters and together cover every combination of their values. With conditional
 * parameters below the prefix the answer is conservatively "no".
 */
import { cardinality, type Distribution, type ParamValue } from './distributions.js';
import { FinishedTrialScanner } from './finished-trial-scanner.js';
import type { FrozenTrial } from './frozen-trial.js';

export function isDiscrete(d: Distribution): boolean {
  return Number.isFinite(cardinality(d));
}

function pairKey(name: string, value: ParamValue): string {
  return `${name}\u0000${JSON.stringify(value)}`;
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out;
}

export class DuplicateIndex {
  private readonly scanner = new FinishedTrialScanner();
  private readonly trials: FrozenTrial[] = [];
  /** "name\0value" → indices into `trials`, ascending */
  private readonly postings = new Map<string, number[]>();

  /** Index COMPLETE and PRUNED trials whose parameters are all discrete. */
  update(trials: readonly FrozenTrial[]): void {
    this.scanner.scan(trials, (t) => {
      if (t.state !== 'COMPLETE' && t.state !== 'PRUNED') return;
      for (const n in t.distributions) if (!isDiscrete(t.distributions[n]!)) return;
      const idx = this.trials.length;
      this.trials.push(t);
      for (const n in t.params) {
        const k = pairKey(n, t.params[n]!);
        let list = this.postings.get(k);
        if (!list) this.postings.set(k, (list = []));
        list.push(idx);
      }
    });
  }

  get size(): number {
    return this.trials.length;
  }

  /** Whether every configuration extending `params` plus `name = value` has been evaluated. */
  exhausted(params: Record<string, ParamValue>, name: string, value: ParamValue): boolean {
    const lists: number[][] = [];
    const prefix = new Set<string>([name]);
    const first = this.postings.get(pairKey(name, value));
    if (!first) return false;
    lists.push(first);
    for (const n in params) {
      if (n === name) continue;
      prefix.add(n);
      const l = this.postings.get(pairKey(n, params[n]!));
      if (!l) return false;
      lists.push(l);
    }
    lists.sort((a, b) => a.length - b.length);
    let match = lists[0]!;
    for (let i = 1; i < lists.length && match.length; i++) match = intersect(match, lists[i]!);
    if (match.length === 0) return false;
    // Remaining parameters must be the same for every matching trial.
    const t0 = this.trials[match[0]!]!;
    const rest = Object.keys(t0.params).filter((n) => !prefix.has(n)).sort();
    if (rest.length === 0) return true; // the prefix is itself an evaluated configuration
    let total = 1;
    for (const n of rest) total *= cardinality(t0.distributions[n]!);
    if (match.length < total) return false;
    const seen = new Set<string>();
    for (const i of match) {
      const t = this.trials[i]!;
      if (Object.keys(t.params).length !== prefix.size + rest.length) return false;
      let key = '';
      for (const n of rest) {
        if (!(n in t.params)) return false;
        key += JSON.stringify(t.params[n]) + ',';
      }
      seen.add(key);
    }
    return seen.size >= total;
  }
}
