/**
 * The default search space of each model family, as data, taken from the Python system's
 * optimizer so that studies carry over. A space is a list of parameter definitions; `suggestParams`
 * walks it with a define-by-run Trial, so conditional parameters (CatBoost's bootstrap) only
 * exist in the trials that use them.
 */
import { ConfigError } from '../errors.js';
import type { Trial } from '../study/trial.js';
import type { CategoricalChoice, Distribution, ParamValue } from '../study/distributions.js';
import { linearFamily } from './linear-family.js';

/** A float parameter (`log` for scale parameters such as learning rates). */
export interface FloatParam {
  name: string;
  type: 'float';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
}

/** An integer parameter. */
export interface IntParam {
  name: string;
  type: 'int';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
}

/** A categorical parameter; `when` maps a choice to the parameters that exist only under it. */
export interface CategoricalParam {
  name: string;
  type: 'categorical';
  choices: readonly CategoricalChoice[];
  when?: Record<string, readonly ParamDef[]>;
}

/** A fixed value: passed to the model, never searched. */
export interface FixedParam {
  name: string;
  type: 'fixed';
  value: ParamValue;
}

export type ParamDef = FloatParam | IntParam | CategoricalParam | FixedParam;
export type SearchSpaceDef = readonly ParamDef[];

/** Model families cryptotune tunes. */
export type ModelFamilyName = 'xgboost' | 'lightgbm' | 'catboost' | 'linear';
export const MODEL_FAMILIES: readonly ModelFamilyName[] = ['xgboost', 'lightgbm', 'catboost', 'linear'];

function fromDistribution(name: string, d: Distribution): ParamDef {
  if (d.type === 'categorical') return { name, type: 'categorical', choices: d.choices };
  return { name, type: d.type, low: d.low, high: d.high, log: d.log, ...(d.step ? { step: d.step } : {}) };
}

const SHARED_TREE: SearchSpaceDef = [
  { name: 'n_estimators', type: 'int', low: 100, high: 1000, step: 50 },
  { name: 'max_depth', type: 'int', low: 3, high: 12 },
  { name: 'learning_rate', type: 'float', low: 0.01, high: 0.3, log: true },
  { name: 'subsample', type: 'float', low: 0.6, high: 1.0 },
  { name: 'colsample_bytree', type: 'float', low: 0.6, high: 1.0 },
  { name: 'reg_alpha', type: 'float', low: 0, high: 10 },
  { name: 'reg_lambda', type: 'float', low: 0, high: 10 },
];

const SPACES: Record<ModelFamilyName, SearchSpaceDef> = {
  xgboost: [
    ...SHARED_TREE,
    { name: 'min_child_weight', type: 'float', low: 1, high: 10 },
    { name: 'gamma', type: 'float', low: 0, high: 5 },
  ],
  lightgbm: [
    ...SHARED_TREE,
    { name: 'min_child_samples', type: 'int', low: 5, high: 100 },
    { name: 'num_leaves', type: 'int', low: 10, high: 300 },
  ],
  catboost: [
    { name: 'iterations', type: 'int', low: 100, high: 1000, step: 50 },
    { name: 'depth', type: 'int', low: 3, high: 10 },
    { name: 'learning_rate', type: 'float', low: 0.01, high: 0.3, log: true },
    { name: 'colsample_bylevel', type: 'float', low: 0.6, high: 1.0 },
    { name: 'l2_leaf_reg', type: 'float', low: 1, high: 10 },
    { name: 'min_data_in_leaf', type: 'int', low: 1, high: 100 },
    {
      name: 'bootstrap_type',
      type: 'categorical',
      choices: ['Bayesian', 'Bernoulli'],
      when: {
        Bayesian: [{ name: 'bagging_temperature', type: 'float', low: 0, high: 10 }],
        Bernoulli: [{ name: 'subsample', type: 'float', low: 0.6, high: 1.0 }],
      },
    },
  ],
  // The linear family declares its space once (linear-family.ts); logistic is the binary kind.
  linear: [{ name: 'kind', type: 'fixed', value: 'logistic' }, ...Object.entries(linearFamily.space('logistic')).map(([name, d]) => fromDistribution(name, d))],
};

/** The default search space of a family (a fresh copy the caller may edit). */
export function defaultSearchSpace(family: ModelFamilyName): ParamDef[] {
  const space = SPACES[family];
  if (!space) {
    throw new ConfigError('ERR_CONFIG_MODEL_FAMILY', `unknown model family '${String(family)}'; use one of ${MODEL_FAMILIES.join(', ')}`, {
      family,
    });
  }
  return space.map((p) => ({ ...p }));
}

/**
 * Replace or add parameter definitions by name (`overrides` wins), keeping the default order.
 * A definition with `type: 'fixed'` pins a parameter.
 */
export function mergeSearchSpace(base: SearchSpaceDef, overrides: SearchSpaceDef = []): ParamDef[] {
  const byName = new Map(overrides.map((p) => [p.name, p]));
  const out = base.map((p) => byName.get(p.name) ?? p);
  for (const p of overrides) if (!base.some((b) => b.name === p.name)) out.push(p);
  return out;
}

/** Draw one configuration from a space through a define-by-run trial. */
export function suggestParams(trial: Trial, space: SearchSpaceDef): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  const walk = (defs: SearchSpaceDef) => {
    for (const p of defs) {
      switch (p.type) {
        case 'fixed':
          params[p.name] = p.value;
          break;
        case 'float':
          params[p.name] = trial.suggestFloat(p.name, p.low, p.high, { log: p.log ?? false, ...(p.step ? { step: p.step } : {}) });
          break;
        case 'int':
          params[p.name] = trial.suggestInt(p.name, p.low, p.high, { log: p.log ?? false, ...(p.step ? { step: p.step } : {}) });
          break;
        case 'categorical': {
          const choice = trial.suggestCategorical(p.name, p.choices);
          params[p.name] = choice;
          const sub = p.when?.[String(choice)];
          if (sub) walk(sub);
          break;
        }
      }
    }
  };
  walk(space);
  return params;
}
