/**
 * Parameter distributions: what a trial may suggest for one parameter. They are plain JSON objects
 * (a `type` tag plus bounds or choices) so every storage can keep them as they are.
 *
 * Each distribution maps an external value (what the objective sees) to an internal number that
 * samplers and storages work with: floats and ints are themselves, a categorical value is the index
 * of its choice. Bad bounds are refused with a coded `StudyError` rather than silently adjusted, so
 * a typo in a search space shows up on the first trial.
 */
import { StudyError } from '../errors.js';

/** A categorical choice: any JSON scalar. */
export type CategoricalChoice = string | number | boolean | null;
/** The external value of a parameter as the objective sees it. */
export type ParamValue = number | string | boolean | null;

/** A float in [low, high]; `log` samples in log space; `step` makes it discrete (low + k·step). */
export interface FloatDistribution {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

/** An integer in [low, high] on the grid low + k·step; `log` (step 1 only) samples in log space. */
export interface IntDistribution {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

/** One of a fixed list of choices; the internal value is the choice's index. */
export interface CategoricalDistribution {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

export interface FloatOptions {
  log?: boolean;
  step?: number | null;
}

export interface IntOptions {
  log?: boolean;
  step?: number;
}

/** Relative tolerance for "step divides the range" on floats (decimal steps such as 0.1 are inexact). */
const STEP_TOL = 1e-8;

function fail(code: string, message: string, details: Record<string, unknown> = {}): never {
  throw new StudyError(code, message, details);
}

function checkBounds(name: string | undefined, low: number, high: number, log: boolean, isInt: boolean): void {
  const where = name ? ` for "${name}"` : '';
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high)) {
    fail('ERR_SPACE_NOT_FINITE', `bounds${where} must be finite numbers, got low=${low}, high=${high}`, { param: name, low, high });
  }
  if (isInt && (!Number.isInteger(low) || !Number.isInteger(high))) {
    fail('ERR_SPACE_NOT_INTEGER', `integer bounds${where} must be integers, got low=${low}, high=${high}`, { param: name, low, high });
  }
  if (low > high) fail('ERR_SPACE_LOW_GT_HIGH', `low (${low}) must be ≤ high (${high})${where}; swap them`, { param: name, low, high });
  if (log && (isInt ? low < 1 : low <= 0)) {
    fail('ERR_SPACE_LOG_LOW', `a log-scale range${where} needs low ${isInt ? '≥ 1' : '> 0'}, got ${low}; shift the range or drop log`, { param: name, low, high });
  }
}

/** Build and validate a float distribution. */
export function floatDistribution(low: number, high: number, options: FloatOptions = {}, name?: string): FloatDistribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  checkBounds(name, low, high, log, false);
  const where = name ? ` for "${name}"` : '';
  if (step !== null) {
    if (log) fail('ERR_SPACE_LOG_STEP', `step and log cannot be combined${where}; choose one`, { param: name });
    if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) fail('ERR_SPACE_STEP', `step${where} must be a positive number, got ${step}`, { param: name, step });
    const k = (high - low) / step;
    if (Math.abs(k - Math.round(k)) > STEP_TOL * Math.max(1, Math.abs(k))) {
      fail('ERR_SPACE_STEP', `step ${step} does not divide the range [${low}, ${high}]${where}; make high = low + k·step`, { param: name, low, high, step });
    }
  }
  return { type: 'float', low, high, log, step };
}

/** Build and validate an integer distribution. */
export function intDistribution(low: number, high: number, options: IntOptions = {}, name?: string): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  checkBounds(name, low, high, log, true);
  const where = name ? ` for "${name}"` : '';
  if (typeof step !== 'number' || !Number.isInteger(step) || step <= 0) fail('ERR_SPACE_STEP', `step${where} must be a positive integer, got ${step}`, { param: name, step });
  if (log && step !== 1) fail('ERR_SPACE_LOG_STEP', `a log-scale integer range${where} needs step 1, got ${step}`, { param: name, step });
  if ((high - low) % step !== 0) {
    fail('ERR_SPACE_STEP', `step ${step} does not divide the range [${low}, ${high}]${where}; make high = low + k·step`, { param: name, low, high, step });
  }
  return { type: 'int', low, high, log, step };
}

/** Build and validate a categorical distribution. */
export function categoricalDistribution(choices: readonly CategoricalChoice[], name?: string): CategoricalDistribution {
  const where = name ? ` for "${name}"` : '';
  if (!Array.isArray(choices) || choices.length === 0) fail('ERR_SPACE_EMPTY_CHOICES', `a categorical parameter${where} needs at least one choice`, { param: name });
  for (const c of choices) {
    const t = typeof c;
    if (!(c === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(c)))) {
      fail('ERR_SPACE_CHOICE_TYPE', `categorical choices${where} must be strings, finite numbers, booleans or null; got ${String(c)}`, { param: name });
    }
  }
  return { type: 'categorical', choices: [...choices] };
}

/** Validate a distribution read from JSON (a store, a file) and return a clean copy. */
export function parseDistribution(value: unknown, name?: string): Distribution {
  const d = value as Partial<Record<string, unknown>> | null;
  if (d && d.type === 'float') return floatDistribution(d.low as number, d.high as number, { log: Boolean(d.log), step: (d.step as number | null) ?? null }, name);
  if (d && d.type === 'int') return intDistribution(d.low as number, d.high as number, { log: Boolean(d.log), step: (d.step as number) ?? 1 }, name);
  if (d && d.type === 'categorical') return categoricalDistribution(d.choices as CategoricalChoice[], name);
  return fail('ERR_SPACE_DISTRIBUTION', `not a distribution${name ? ` for "${name}"` : ''}: ${JSON.stringify(value)}`, { param: name });
}

/** Index of a categorical choice, or -1 (numbers compare by value, so 1 and 1.0 are the same choice). */
export function choiceIndex(d: CategoricalDistribution, value: unknown): number {
  for (let i = 0; i < d.choices.length; i++) if (d.choices[i] === value) return i;
  return -1;
}

/** External value → internal number. Throws ERR_SPACE_VALUE when the value cannot belong to `d`. */
export function toInternal(d: Distribution, value: unknown, name?: string): number {
  if (d.type === 'categorical') {
    const i = choiceIndex(d, value);
    if (i < 0) fail('ERR_SPACE_VALUE', `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(d.choices)}${name ? ` of "${name}"` : ''}`, { param: name });
    return i;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail('ERR_SPACE_VALUE', `${JSON.stringify(value)} is not a finite number${name ? ` for "${name}"` : ''}`, { param: name });
  }
  return value;
}

/** Internal number → external value. */
export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.type === 'categorical') return d.choices[Math.round(internal)] as CategoricalChoice;
  if (d.type === 'int') return Math.round(internal);
  return internal;
}

/** Whether an internal value lies in the distribution (on its step grid, inside its bounds). */
export function containsInternal(d: Distribution, internal: number): boolean {
  if (!Number.isFinite(internal)) return false;
  if (d.type === 'categorical') return Number.isInteger(internal) && internal >= 0 && internal < d.choices.length;
  if (internal < d.low || internal > d.high) {
    const tol = d.type === 'float' ? 1e-12 * Math.max(1, Math.abs(d.low), Math.abs(d.high)) : 0;
    if (internal < d.low - tol || internal > d.high + tol) return false;
  }
  if (d.type === 'int') return Number.isInteger(internal) && (internal - d.low) % d.step === 0;
  if (d.step !== null) {
    const k = (internal - d.low) / d.step;
    return Math.abs(k - Math.round(k)) <= STEP_TOL * Math.max(1, Math.abs(k));
  }
  return true;
}

/** Whether an external value belongs to the distribution. */
export function containsValue(d: Distribution, value: unknown): boolean {
  if (d.type === 'categorical') return choiceIndex(d, value) >= 0;
  return typeof value === 'number' && containsInternal(d, value);
}

/** Whether the distribution has exactly one possible value (samplers skip such parameters). */
export function isSingle(d: Distribution): boolean {
  if (d.type === 'categorical') return d.choices.length === 1;
  if (d.low === d.high) return true;
  if (d.type === 'float') return d.step !== null && d.high - d.low < d.step;
  return false;
}

/** Number of distinct values, or Infinity for a continuous float. */
export function cardinality(d: Distribution): number {
  if (d.type === 'categorical') return d.choices.length;
  if (d.type === 'int') return Math.floor((d.high - d.low) / d.step) + 1;
  if (d.step !== null) return Math.round((d.high - d.low) / d.step) + 1;
  return d.low === d.high ? 1 : Infinity;
}

/** Structural equality (same type, bounds, scale, step, choices). */
export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'categorical') {
    const bc = (b as CategoricalDistribution).choices;
    return a.choices.length === bc.length && a.choices.every((c, i) => c === bc[i]);
  }
  const bb = b as FloatDistribution | IntDistribution;
  return a.low === bb.low && a.high === bb.high && a.log === bb.log && a.step === bb.step;
}

/**
 * Across trials a parameter may change its range (dynamic spaces) but not its kind: a float stays a
 * float, and a categorical keeps its choices. Throws ERR_SPACE_DISTRIBUTION_CONFLICT otherwise.
 */
export function assertCompatible(name: string, previous: Distribution, next: Distribution): void {
  const sameKind =
    previous.type === next.type &&
    (previous.type !== 'categorical' || distributionsEqual(previous, next));
  if (!sameKind) {
    fail(
      'ERR_SPACE_DISTRIBUTION_CONFLICT',
      `"${name}" was suggested as ${describe(previous)} earlier in this study and now as ${describe(next)}; use a new name for a different kind of parameter`,
      { param: name },
    );
  }
}

/** A short human description such as `float [0.001, 1] log`. */
export function describe(d: Distribution): string {
  if (d.type === 'categorical') return `categorical ${JSON.stringify(d.choices)}`;
  const extra = d.log ? ' log' : d.step !== null && d.step !== 1 ? ` step ${d.step}` : '';
  return `${d.type} [${d.low}, ${d.high}]${extra}`;
}
