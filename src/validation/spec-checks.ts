/** Checks of split-spec numbers, each failing with ERR_SPLIT_SPEC and the field at fault. */
import { ValidationError } from '../errors.js';

/** An integer ≥ `min` (or the default when the field is absent). */
export function specInt(kind: string, field: string, value: unknown, min: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError('ERR_SPLIT_SPEC', `${kind}: ${field} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`, { field });
  }
  return value;
}

/** A fraction in [0, 1]. */
export function specFraction(kind: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValidationError('ERR_SPLIT_SPEC', `${kind}: ${field} must be a fraction in [0, 1], got ${JSON.stringify(value)}`, { field });
  }
  return value;
}

/** Throw ERR_SPLIT_TOO_FEW_STEPS unless the condition holds. */
export function needSteps(ok: boolean, kind: string, message: string): void {
  if (!ok) throw new ValidationError('ERR_SPLIT_TOO_FEW_STEPS', `${kind}: ${message}`);
}

/** Throw ERR_SPLIT_EMPTY when a fold part ended up with no rows (after purging and unlabelled rows). */
export function nonEmpty(rows: Uint32Array, kind: string, what: string): Uint32Array {
  if (rows.length === 0) {
    throw new ValidationError('ERR_SPLIT_EMPTY', `${kind}: ${what} has no rows left (after dropping unlabelled and purged rows); use fewer folds, a smaller gap/embargo or more data`);
  }
  return rows;
}
