/**
 * Numeric search space ↔ unit hypercube, for samplers that work in a continuous box (CMA-ES, QMC).
 * Log-scale parameters are mapped through log; stepped and integer ones are widened by half a step
 * on each side so every grid value gets an equal share of the box, and snapped back on the way out.
 */
import { StudyError } from '../errors.js';
import type { Distribution } from './distributions.js';

export interface TransformOptions {
  /** Widen stepped/integer ranges by ±step/2 (default true; false for CMA-ES with margin). */
  transformStep?: boolean;
}

export class SearchSpaceTransform {
  readonly names: string[];
  readonly dims: number;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly dists: Distribution[];

  constructor(space: Record<string, Distribution>, options: TransformOptions = {}) {
    const widen = options.transformStep ?? true;
    this.names = Object.keys(space);
    this.dims = this.names.length;
    this.dists = this.names.map((n) => space[n]!);
    this.lo = new Float64Array(this.dims);
    this.hi = new Float64Array(this.dims);
    this.dists.forEach((d, i) => {
      if (d.type === 'categorical') throw new StudyError('ERR_SAMPLER_CATEGORICAL', `"${this.names[i]}" is categorical; this sampler only transforms numeric parameters`);
      const step = d.type === 'int' ? d.step : (d.step ?? 0);
      const half = widen ? step / 2 : 0;
      if (d.log) {
        this.lo[i] = Math.log(d.type === 'int' && widen ? d.low - 0.5 : d.low);
        this.hi[i] = Math.log(d.type === 'int' && widen ? d.high + 0.5 : d.high);
      } else {
        this.lo[i] = d.low - half;
        this.hi[i] = d.high + half;
      }
    });
  }

  /** Internal values → point in [0, 1]^d. */
  transform(params: Record<string, number>): Float64Array {
    const x = new Float64Array(this.dims);
    this.dists.forEach((d, i) => {
      let v = params[this.names[i]!]!;
      if (d.type !== 'categorical' && d.log) v = Math.log(v);
      const w = this.hi[i]! - this.lo[i]!;
      x[i] = w > 0 ? (v - this.lo[i]!) / w : 0.5;
    });
    return x;
  }

  /** Point in [0, 1]^d (clipped) → internal values on each parameter's grid. */
  untransform(x: ArrayLike<number>): Record<string, number> {
    const out: Record<string, number> = {};
    this.dists.forEach((d, i) => {
      if (d.type === 'categorical') return;
      const u = Math.min(1, Math.max(0, x[i]!));
      let v = this.lo[i]! + u * (this.hi[i]! - this.lo[i]!);
      if (d.log) v = Math.exp(v);
      const step = d.type === 'int' ? d.step : d.step;
      if (step !== null && step > 0) v = d.low + Math.round((v - d.low) / step) * step;
      if (d.type === 'int') v = Math.round(v);
      out[this.names[i]!] = Math.min(d.high, Math.max(d.low, v));
    });
    return out;
  }
}
