/**
 * Wilcoxon rank-sum (Mann–Whitney U) test for two independent samples, as scipy.stats.mannwhitneyu
 * with method 'auto': the exact distribution when both samples have ≤ 8 values and no ties,
 * otherwise the normal approximation with tie correction and continuity correction. Used by the
 * benches to compare best values of two optimisers over seeds (runs are independent, not paired).
 */
import { averageRanks } from '../../src/study/wilcoxon-signed-rank.js';
import { normCdf } from '../../src/study/normal-distribution.js';

export interface RankSumResult {
  /** U statistic of the first sample. */
  u: number;
  /** p-value for H1: the first sample tends to be larger (alternative 'greater'). */
  pGreater: number;
  /** p-value for H1: the first sample tends to be smaller. */
  pLess: number;
  method: 'exact' | 'asymptotic';
}

/** Number of ways to get each U for samples of sizes n1, n2 (no ties). */
function exactCounts(n1: number, n2: number): Float64Array {
  // c[i][j][u]: arrangements of i from sample 1 and j from sample 2 with statistic u
  const maxU = n1 * n2;
  let prev: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1));
  for (let j = 0; j <= n2; j++) prev[j]![0] = 1;
  for (let i = 1; i <= n1; i++) {
    const cur: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1));
    cur[0]![0] = 1;
    for (let j = 1; j <= n2; j++) {
      for (let u = 0; u <= maxU; u++) {
        // the largest element is from sample 1 (adds j to U) or from sample 2
        cur[j]![u] = (u >= j ? prev[j]![u - j]! : 0) + cur[j - 1]![u]!;
      }
    }
    prev = cur;
  }
  return prev[n2]!;
}

export function rankSumTest(x: readonly number[], y: readonly number[]): RankSumResult {
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieCorrection } = averageRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  if (tieCorrection === 0 && n1 <= 8 && n2 <= 8) {
    const counts = exactCounts(n1, n2);
    const total = counts.reduce((a, b) => a + b, 0);
    let ge = 0;
    let le = 0;
    for (let k = 0; k < counts.length; k++) {
      if (k >= u) ge += counts[k]!;
      if (k <= u) le += counts[k]!;
    }
    return { u, pGreater: ge / total, pLess: le / total, method: 'exact' };
  }
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieCorrection / (n * (n - 1))));
  if (!(sigma > 0)) return { u, pGreater: 1, pLess: 1, method: 'asymptotic' };
  return {
    u,
    pGreater: normCdf(-(u - mu - 0.5) / sigma),
    pLess: normCdf((u - mu + 0.5) / sigma),
    method: 'asymptotic',
  };
}
