/**
 * One axis per search-space parameter: floats and ints over their distribution's range (log scale
 * when the distribution is log), categoricals as one band per choice. Plots use it for slices,
 * parallel coordinates and the contour so a parameter reads the same everywhere.
 */
import type { Distribution, ParamValue } from '../study/distributions.js';
import type { FrozenTrial } from '../study/frozen-trial.js';
import { bandScale, extent, linearScale, logScale, type Scale } from './scale.js';

export interface ParamAxis {
  name: string;
  categorical: boolean;
  scale: Scale;
  /** Parameter value → [0, 1] on the axis; NaN when the value does not fit. */
  unit(value: ParamValue): number;
}

/** The axis of `name`, from the distribution of the last trial that has it. */
export function paramAxis(name: string, trials: readonly FrozenTrial[]): ParamAxis | null {
  let d: Distribution | undefined;
  for (let i = trials.length - 1; i >= 0 && !d; i--) d = trials[i]!.distributions[name];
  if (!d) return null;
  if (d.type === 'categorical') {
    const labels = d.choices.map((c) => String(c));
    const scale = bandScale(labels);
    const choices = d.choices;
    return { name, categorical: true, scale, unit: (v) => scale.map(choices.findIndex((c) => c === v)) };
  }
  let [lo, hi] = [d.low, d.high];
  if (lo === hi) {
    // A fixed parameter: show the values actually seen.
    [lo, hi] = extent(trials.map((t) => t.params[name] as number));
  }
  const scale = d.log && lo > 0 ? logScale(lo, hi) : linearScale(lo, hi);
  return { name, categorical: false, scale, unit: (v) => (typeof v === 'number' ? scale.map(v) : NaN) };
}

/** Deterministic jitter in [−0.5, 0.5) from a trial number (spreads points of one category). */
export function jitter(n: number): number {
  let x = (n + 1) * 0x9e3779b1;
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  x ^= x >>> 13;
  return ((x >>> 0) % 1000) / 1000 - 0.5;
}
