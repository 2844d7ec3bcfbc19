/**
 * Parameter specifications per tree family, in each family's own names, and their validation.
 * A bad value throws a coded `ModelError` naming the parameter and its allowed range:
 * `ERR_PARAM_UNKNOWN` (not a parameter of the family), `ERR_PARAM_TYPE` (wrong type or not an
 * integer), `ERR_PARAM_RANGE` (outside the range), `ERR_PARAM_CHOICE` (not one of the choices).
 */
import { ModelError } from '../errors.js';

export type ParamValue = number | string | boolean;

export type ParamSpec =
  | { kind: 'int'; default: number; min: number; max: number; note?: string }
  | { kind: 'float'; default: number; min: number; max: number; minOpen?: boolean; note?: string }
  | { kind: 'choice'; default: string; choices: readonly string[] };

export type ParamSpecs = Record<string, ParamSpec>;

const METRIC: ParamSpec = { kind: 'choice', default: 'auto', choices: ['auto', 'logloss', 'auc', 'l2'] };

export const XGBOOST_PARAMS: ParamSpecs = {
  n_estimators: { kind: 'int', default: 100, min: 1, max: 100_000 },
  max_depth: { kind: 'int', default: 6, min: 0, max: 64, note: '0 = no limit (lossguide only)' },
  max_leaves: { kind: 'int', default: 0, min: 0, max: 131_072, note: '0 = no limit' },
  grow_policy: { kind: 'choice', default: 'depthwise', choices: ['depthwise', 'lossguide'] },
  learning_rate: { kind: 'float', default: 0.3, min: 0, max: 1, minOpen: true },
  subsample: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true },
  colsample_bytree: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true },
  colsample_bylevel: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true },
  reg_alpha: { kind: 'float', default: 0, min: 0, max: 1e6 },
  reg_lambda: { kind: 'float', default: 1, min: 0, max: 1e6 },
  min_child_weight: { kind: 'float', default: 1, min: 0, max: 1e6 },
  gamma: { kind: 'float', default: 0, min: 0, max: 1e6 },
  scale_pos_weight: { kind: 'float', default: 1, min: 0, max: 1e6, minOpen: true },
  metric: METRIC,
};

export const LIGHTGBM_PARAMS: ParamSpecs = {
  n_estimators: { kind: 'int', default: 100, min: 1, max: 100_000 },
  num_leaves: { kind: 'int', default: 31, min: 2, max: 131_072 },
  max_depth: { kind: 'int', default: -1, min: -1, max: 64, note: '-1 or 0 = no limit' },
  learning_rate: { kind: 'float', default: 0.1, min: 0, max: 1, minOpen: true },
  subsample: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true, note: 'bagging every round when < 1' },
  colsample_bytree: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true },
  reg_alpha: { kind: 'float', default: 0, min: 0, max: 1e6 },
  reg_lambda: { kind: 'float', default: 0, min: 0, max: 1e6 },
  min_child_samples: { kind: 'int', default: 20, min: 0, max: 1e9 },
  min_child_weight: { kind: 'float', default: 1e-3, min: 0, max: 1e6 },
  min_split_gain: { kind: 'float', default: 0, min: 0, max: 1e6 },
  scale_pos_weight: { kind: 'float', default: 1, min: 0, max: 1e6, minOpen: true },
  metric: METRIC,
};

export const CATBOOST_PARAMS: ParamSpecs = {
  iterations: { kind: 'int', default: 1000, min: 1, max: 100_000 },
  depth: { kind: 'int', default: 6, min: 1, max: 12 },
  learning_rate: { kind: 'float', default: 0.03, min: 0, max: 1, minOpen: true },
  l2_leaf_reg: { kind: 'float', default: 3, min: 0, max: 1e6 },
  bootstrap_type: { kind: 'choice', default: 'Bayesian', choices: ['Bayesian', 'Bernoulli', 'No'] },
  bagging_temperature: { kind: 'float', default: 1, min: 0, max: 100 },
  subsample: { kind: 'float', default: 0.8, min: 0, max: 1, minOpen: true, note: 'Bernoulli only' },
  colsample_bylevel: { kind: 'float', default: 1, min: 0, max: 1, minOpen: true },
  min_data_in_leaf: { kind: 'int', default: 1, min: 0, max: 1e9 },
  scale_pos_weight: { kind: 'float', default: 1, min: 0, max: 1e6, minOpen: true },
  metric: METRIC,
};

function rangeText(s: { min: number; max: number; minOpen?: boolean }): string {
  return `${s.minOpen ? '(' : '['}${s.min}, ${s.max}]`;
}

/** Check `params` against `specs` and fill defaults; throws the first problem found. */
export function resolveParams(family: string, specs: ParamSpecs, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const name of Object.keys(params)) {
    if (!(name in specs)) {
      throw new ModelError('ERR_PARAM_UNKNOWN', `'${name}' is not a ${family} parameter; allowed: ${Object.keys(specs).join(', ')}`, {
        param: name,
        allowed: Object.keys(specs),
      });
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const v = params[name] ?? spec.default;
    if (spec.kind === 'choice') {
      if (typeof v !== 'string' || !spec.choices.includes(v)) {
        throw new ModelError('ERR_PARAM_CHOICE', `${family} ${name} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(v)}`, {
          param: name,
          allowed: spec.choices,
        });
      }
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v) || (spec.kind === 'int' && !Number.isInteger(v))) {
        throw new ModelError('ERR_PARAM_TYPE', `${family} ${name} must be ${spec.kind === 'int' ? 'an integer' : 'a finite number'} in ${rangeText(spec)}, got ${JSON.stringify(v)}`, {
          param: name,
          allowed: [spec.min, spec.max],
        });
      }
      const low = spec.kind === 'float' && spec.minOpen ? v <= spec.min : v < spec.min;
      if (low || v > spec.max) {
        throw new ModelError('ERR_PARAM_RANGE', `${family} ${name} must be in ${rangeText(spec)}${spec.note ? ` (${spec.note})` : ''}, got ${v}`, {
          param: name,
          allowed: [spec.min, spec.max],
        });
      }
    }
    out[name] = v;
  }
  return out;
}
