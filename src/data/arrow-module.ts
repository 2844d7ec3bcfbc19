/**
 * apache-arrow for the Frame's conversions. Importing it loads a few hundred ES modules — about
 * 150 ms of a fresh thread's start, paid again by every pool worker, which attach frames from
 * handles and never convert to or from Arrow. So `frame.ts` does not import it: the package
 * entry hands it over once (`provideArrow`), and the async file readers load it on demand.
 */
import type * as ArrowModule from 'apache-arrow';
import { DataError } from '../errors.js';

export type Arrow = typeof ArrowModule;

let arrow: Arrow | undefined;

/** @internal Called by the package entry, which imports apache-arrow statically. */
export function provideArrow(module: Arrow): void {
  arrow = module;
}

/** apache-arrow for a synchronous conversion; throws when this thread has not loaded it. */
export function arrowModule(): Arrow {
  if (!arrow) {
    throw new DataError('ERR_DATA_ARROW_UNAVAILABLE', "apache-arrow is not loaded in this thread: import from the 'cryptotune' package entry (it loads apache-arrow) before converting a Frame to or from Arrow");
  }
  return arrow;
}

/** apache-arrow, imported on first use. */
export async function loadArrow(): Promise<Arrow> {
  return (arrow ??= await import('apache-arrow'));
}

/** An Arrow Table from any copy of apache-arrow (no `instanceof`: an app may hold another copy). */
export function isArrowTable(x: unknown): x is ArrowModule.Table {
  const t = x as { schema?: { fields?: unknown }; getChildAt?: unknown; numRows?: unknown } | null;
  return typeof t === 'object' && t !== null && typeof t.getChildAt === 'function' && Array.isArray(t.schema?.fields) && typeof t.numRows === 'number';
}
