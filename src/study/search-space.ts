/**
 * Search spaces for relative samplers, computed incrementally from finished trials.
 *
 * - IntersectionSearchSpace: the parameters every finished trial has, with one and the same
 *   distribution (Optuna's `IntersectionSearchSpace`). Multivariate TPE and CMA-ES sample it jointly.
 * - GroupDecomposedSearchSpace: for conditional spaces, splits the parameters into groups that
 *   always appear together (Optuna's `_GroupDecomposedSearchSpace`); TPE with `group: true` models
 *   each group jointly.
 */
import { distributionsEqual, type Distribution } from './distributions.js';
import { FinishedTrialScanner } from './finished-trial-scanner.js';
import type { FrozenTrial } from './frozen-trial.js';
import type { TrialState } from './trial-state.js';

export type SearchSpace = Record<string, Distribution>;

function sortedSpace(entries: Iterable<[string, Distribution]>): SearchSpace {
  const out: SearchSpace = {};
  for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

function statesOfInterest(includePruned: boolean): readonly TrialState[] {
  return includePruned ? ['COMPLETE', 'PRUNED'] : ['COMPLETE'];
}

export class IntersectionSearchSpace {
  private readonly scanner = new FinishedTrialScanner();
  private space: Map<string, Distribution> | null = null;
  /** `space` as returned, until it changes */
  private result: SearchSpace | null = null;
  private readonly states: readonly TrialState[];

  constructor(options: { includePruned?: boolean } = {}) {
    this.states = statesOfInterest(options.includePruned ?? false);
  }

  /**
   * The intersection over the finished trials seen so far, sorted by parameter name. While it does
   * not change the same frozen object is returned, so callers can key caches on it.
   */
  calculate(trials: readonly FrozenTrial[]): SearchSpace {
    this.scanner.scan(trials, (t) => {
      if (!this.states.includes(t.state)) return;
      if (this.space === null) {
        this.space = new Map(Object.entries(t.distributions));
        this.result = null;
        return;
      }
      for (const [name, d] of this.space) {
        const other = t.distributions[name];
        if (!other || !distributionsEqual(d, other)) {
          this.space.delete(name);
          this.result = null;
        }
      }
    });
    if (!this.space) return {};
    return (this.result ??= Object.freeze(sortedSpace(this.space)));
  }
}

export class GroupDecomposedSearchSpace {
  private readonly scanner = new FinishedTrialScanner();
  private groups: Map<string, Distribution>[] = [];
  private readonly states: readonly TrialState[];

  constructor(options: { includePruned?: boolean } = {}) {
    this.states = statesOfInterest(options.includePruned ?? false);
  }

  /** Disjoint groups of parameters; parameters of one group always occurred together. */
  calculate(trials: readonly FrozenTrial[]): SearchSpace[] {
    this.scanner.scan(trials, (t) => {
      if (this.states.includes(t.state)) this.add(t.distributions);
    });
    return this.groups.map((g) => sortedSpace(g));
  }

  private add(distributions: Record<string, Distribution>): void {
    let rest = new Set(Object.keys(distributions));
    const next: Map<string, Distribution>[] = [];
    for (const group of this.groups) {
      const inter = new Map<string, Distribution>();
      const diff = new Map<string, Distribution>();
      for (const [k, d] of group) (rest.has(k) ? inter : diff).set(k, d);
      next.push(inter, diff);
      const remaining = new Set<string>();
      for (const k of rest) if (!group.has(k)) remaining.add(k);
      rest = remaining;
    }
    const fresh = new Map<string, Distribution>();
    for (const k of rest) fresh.set(k, distributions[k]!);
    next.push(fresh);
    this.groups = next.filter((g) => g.size > 0);
  }
}
