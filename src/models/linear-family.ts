/**
 * The `linear` model family: which linear model fits an objective, and its default search
 * space written as data (distributions a study samples from), so a study, a report or the CLI
 * can read the space without running code.
 */
import { categoricalDistribution, floatDistribution, type Distribution } from '../study/distributions.js';
import { trainLinear, type LinearKind, type LinearParams } from './linear.js';

/** One searchable parameter; `kinds` lists the linear kinds that take it. */
export interface LinearSearchParam {
  name: 'penalty' | 'C' | 'alpha';
  distribution: Distribution;
  kinds: readonly LinearKind[];
}

export const linearFamily = {
  name: 'linear' as const,
  description: 'logistic regression (binary) or ridge / lasso (regression) on train-standardised features',
  /** The kind used for each objective unless the params name one. */
  defaultKind: { binary: 'logistic', regression: 'ridge' } as const satisfies Record<'binary' | 'regression', LinearKind>,
  kinds: ['logistic', 'ridge', 'lasso'] as const satisfies readonly LinearKind[],
  /** Default search space: penalty ∈ {l1, l2}, C log-uniform 1e-4..1e2; alpha log-uniform 1e-4..1e2. */
  searchSpace: [
    { name: 'penalty', distribution: categoricalDistribution(['l1', 'l2']), kinds: ['logistic'] },
    { name: 'C', distribution: floatDistribution(1e-4, 1e2, { log: true }), kinds: ['logistic'] },
    { name: 'alpha', distribution: floatDistribution(1e-4, 1e2, { log: true }), kinds: ['ridge', 'lasso'] },
  ] as const satisfies readonly LinearSearchParam[],
  /** The search space of one kind, as name → distribution. */
  space(kind: LinearKind): Record<string, Distribution> {
    return Object.fromEntries(
      linearFamily.searchSpace.filter((p) => (p.kinds as readonly LinearKind[]).includes(kind)).map((p) => [p.name, p.distribution]),
    );
  },
  /** Default parameters: the values scikit-learn defaults to. */
  defaults(kind: LinearKind): LinearParams {
    return kind === 'logistic' ? { kind, C: 1, penalty: 'l2' } : { kind, alpha: 1 };
  },
  train: trainLinear,
};

export type LinearFamily = typeof linearFamily;
