/**
 * The Wilcoxon signed-rank test for paired differences, deciding its method as scipy.stats.wilcoxon
 * (1.17, method 'auto') does: statistic = sum of the ranks of the positive differences; the exact
 * null distribution for up to 50 differences without ties or zeros; with ties or zeros, all 2^n sign
 * flips for up to 13 differences (a deterministic permutation test); otherwise the normal
 * approximation with the tie correction. Zeros are handled by `zeroMethod`: 'wilcox' drops them,
 * 'zsplit' (default here, as WilcoxonPruner uses) ranks them and splits their ranks between the
 * two sides.
 */
import { StudyError } from '../errors.js';
import { normCdf } from './normal-distribution.js';

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface WilcoxonResult {
  /** Sum of ranks of positive differences (half of the zeros' ranks with 'zsplit'). */
  statistic: number;
  pValue: number;
  method: 'exact' | 'permutation' | 'approx';
  n: number;
}

/** Average ranks (1-based) of values, ties sharing their mean rank. */
export function averageRanks(values: readonly number[]): { ranks: Float64Array; tieCorrection: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieCorrection = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    const t = j - i + 1;
    if (t > 1) tieCorrection += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieCorrection };
}

/** Exact P(W+ ≥ w) or P(W+ ≤ w) for n untied, non-zero differences. */
function exactTail(n: number, w: number, upper: boolean): number {
  const max = (n * (n + 1)) / 2;
  let counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = Float64Array.from(counts);
    for (let s = r; s <= max; s++) next[s]! += counts[s - r]!;
    counts = next;
  }
  const total = 2 ** n;
  let p = 0;
  if (upper) for (let s = Math.ceil(w); s <= max; s++) p += counts[s]!;
  else for (let s = 0; s <= Math.floor(w); s++) p += counts[s]!;
  return p / total;
}

export function wilcoxonSignedRank(differences: readonly number[], options: { alternative?: Alternative; zeroMethod?: 'zsplit' | 'wilcox' } = {}): WilcoxonResult {
  const alternative = options.alternative ?? 'two-sided';
  const zeroMethod = options.zeroMethod ?? 'zsplit';
  for (const d of differences) {
    if (typeof d !== 'number' || !Number.isFinite(d)) throw new StudyError('ERR_STUDY_STATS_INPUT', `differences must be finite numbers, got ${d}`);
  }
  const d = zeroMethod === 'wilcox' ? differences.filter((x) => x !== 0) : [...differences];
  const n = d.length;
  if (n === 0) return { statistic: 0, pValue: 1, method: 'exact', n };
  const { ranks, tieCorrection } = averageRanks(d.map(Math.abs));
  let rPlus = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    if (d[i]! > 0) rPlus += ranks[i]!;
    else if (d[i] === 0) {
      rPlus += ranks[i]! / 2;
      zeros++;
    }
  }
  const nZeroInput = differences.filter((x) => x === 0).length;
  if ((tieCorrection > 0 || nZeroInput > 0) && differences.length <= 13) {
    // every assignment of signs to the non-zero differences, ranks fixed
    const signed: number[] = [];
    let base = 0;
    for (let i = 0; i < n; i++) {
      if (d[i] === 0) base += ranks[i]! / 2;
      else signed.push(ranks[i]!);
    }
    const m = signed.length;
    let ge = 0;
    let le = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      let w = base;
      for (let k = 0; k < m; k++) if (mask & (1 << k)) w += signed[k]!;
      if (w >= rPlus - 1e-9) ge++;
      if (w <= rPlus + 1e-9) le++;
    }
    const total = 2 ** m;
    const p = alternative === 'greater' ? ge / total : alternative === 'less' ? le / total : Math.min(1, (2 * Math.min(ge, le)) / total);
    return { statistic: rPlus, pValue: p, method: 'permutation', n };
  }
  if (n <= 50 && tieCorrection === 0 && zeros === 0) {
    let p: number;
    if (alternative === 'greater') p = exactTail(n, rPlus, true);
    else if (alternative === 'less') p = exactTail(n, rPlus, false);
    else p = Math.min(1, 2 * Math.min(exactTail(n, rPlus, true), exactTail(n, rPlus, false)));
    return { statistic: rPlus, pValue: p, method: 'exact', n };
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection / 48;
  if (!(variance > 0)) return { statistic: rPlus, pValue: 1, method: 'approx', n };
  const z = (rPlus - mean) / Math.sqrt(variance);
  const p = alternative === 'greater' ? normCdf(-z) : alternative === 'less' ? normCdf(z) : Math.min(1, 2 * normCdf(-Math.abs(z)));
  return { statistic: rPlus, pValue: p, method: 'approx', n };
}
