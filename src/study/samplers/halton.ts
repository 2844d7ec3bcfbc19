/**
 * Halton points: dimension d is the radical inverse of the index in the d-th prime base. Scrambled
 * (default in QMCSampler) with an independent random permutation of the digits at every position
 * of every base, which removes the strong correlations between high dimensions of plain Halton.
 */
import { StudyError } from '../../errors.js';
import { Rng } from '../../rng.js';

function primes(count: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < count; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

export class HaltonSequence {
  private readonly bases: number[];
  /** per dimension, per digit position: a permutation of the base's digits (null = identity) */
  private readonly perms: (Uint16Array[] | null)[];

  constructor(
    readonly dim: number,
    options: { scramble?: boolean; seed?: number } = {},
  ) {
    if (!Number.isInteger(dim) || dim < 1 || dim > 1000) throw new StudyError('ERR_SAMPLER_QMC_DIM', `Halton points support 1..1000 dimensions, got ${dim}`);
    this.bases = primes(dim);
    const rng = new Rng(options.seed ?? 0);
    this.perms = this.bases.map((b) => {
      if (!options.scramble) return null;
      const digits = Math.ceil((53 * Math.LN2) / Math.log(b));
      return Array.from({ length: digits }, () => Uint16Array.from(rng.shuffle(Array.from({ length: b }, (_, i) => i))));
    });
  }

  /** Point number `index` (0-based) in [0, 1)^dim. */
  point(index: number): Float64Array {
    if (!Number.isInteger(index) || index < 0) throw new StudyError('ERR_SAMPLER_QMC_INDEX', `no Halton point at index ${index}`);
    const out = new Float64Array(this.dim);
    for (let d = 0; d < this.dim; d++) {
      const b = this.bases[d]!;
      const perm = this.perms[d];
      let i = index;
      let f = 1 / b;
      let x = 0;
      if (perm) {
        // every digit position is permuted, including the leading zeros of small indices
        for (let k = 0; k < perm.length; k++) {
          x += perm[k]![i % b]! * f;
          i = Math.floor(i / b);
          f /= b;
        }
      } else {
        while (i > 0) {
          x += (i % b) * f;
          i = Math.floor(i / b);
          f /= b;
        }
      }
      out[d] = Math.min(x, 1 - Number.EPSILON);
    }
    return out;
  }
}
