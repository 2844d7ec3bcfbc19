import { describe, expect, it } from 'vitest';
import {
  createStudy,
  RandomSampler,
  TPESampler,
  CmaEsSampler,
  MedianPruner,
  HyperbandPruner,
  EarlyStopping,
  fanovaImportance,
  paramImportances,
  selectStrategy,
  wilcoxonSignedRank,
  floatDistribution,
  intDistribution,
  RegressionForest,
} from '../src/index.js';
import { logNormCdf, normCdf, normPpf, truncNormPpf } from '../src/study/normal-distribution.js';
import { symmetricEigen, fromEigen } from '../src/study/dense-linear-algebra.js';
import { linearFit } from '../src/study/early-stopping.js';

// Reference values below were computed with SciPy 1.17 (scipy.special / scipy.stats).
describe('normal distribution', () => {
  it('matches scipy ndtr, log_ndtr, ndtri and truncnorm.ppf', () => {
    const cdf: [number, number][] = [
      [-7.5, 3.1908916729108844e-14],
      [-2, 0.022750131948179195],
      [-0.3, 0.3820885778110474],
      [0, 0.5],
      [0.4, 0.6554217416103242],
      [1.7, 0.955434537241457],
    ];
    for (const [x, p] of cdf) expect(normCdf(x)).toBeCloseTo(p, 14);
    expect(normCdf(-7.5) / 3.1908916729108844e-14).toBeCloseTo(1, 12);
    const lcdf: [number, number][] = [
      [-40, -804.6084420137539],
      [-10, -53.23128515051248],
      [-3, -6.60772622151035],
      [0.5, -0.36894641528865635],
      [6, -9.86587645524372e-10],
    ];
    for (const [x, l] of lcdf) expect(logNormCdf(x) / l).toBeCloseTo(1, 12);
    const ppf: [number, number][] = [
      [1e-200, -30.20559417957964],
      [1e-9, -5.9978070150076865],
      [0.025, -1.9599639845400545],
      [0.5, 0],
      [0.8, 0.8416212335729143],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, x] of ppf) expect(normPpf(p)).toBeCloseTo(x, 12);
    expect(truncNormPpf(0.3, -1, 2)).toBeCloseTo(-0.2424038178892269, 12);
    expect(truncNormPpf(0.9, 3, 5)).toBeCloseTo(3.642030914652575, 12);
    expect(truncNormPpf(0.1, -10, -8)).toBeCloseTo(-8.278803328561837, 12);
    expect(truncNormPpf(0.5, -0.5, 0.5)).toBeCloseTo(0, 12);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('matches scipy.stats.wilcoxon (zero_method zsplit) in its exact, permutation and normal regimes', () => {
    const a = [1.5, 2.1, -0.3, 0.8, 1.1, 2.4, 0.6, -0.2];
    expect(wilcoxonSignedRank(a, { alternative: 'greater' })).toMatchObject({ statistic: 33, pValue: 0.01953125, method: 'exact' });
    expect(wilcoxonSignedRank(a).pValue).toBeCloseTo(0.0390625, 15);
    const ties = [0.5, -1.2, 0.3, 0.0, 0.9, 1.4, 0.3, 2.0, -0.4, 1.1];
    expect(wilcoxonSignedRank(ties, { alternative: 'greater' })).toMatchObject({ statistic: 42.5, pValue: 0.068359375, method: 'permutation' });
    expect(wilcoxonSignedRank([-0.5, -1.0, -0.25, -2.0, 0.1], { alternative: 'less' }).pValue).toBeCloseTo(0.0625, 15);
    const big = [0.5, -1.2, 0.3, 0.0, 0.9, 1.4, 0.3, 2.0, -0.4, 1.1, 0.7, 0.7, -0.1, 1.6, 0.2, 0.9, -0.6, 1.3, 0.4, 0.8];
    const r = wilcoxonSignedRank(big, { alternative: 'greater' });
    expect(r.method).toBe('approx');
    expect(r.statistic).toBe(176);
    expect(r.pValue).toBeCloseTo(0.004006238500875141, 14);
    expect(wilcoxonSignedRank(big).pValue).toBeCloseTo(0.008012477001750283, 14);
    expect(() => wilcoxonSignedRank([1, NaN])).toThrow(expect.objectContaining({ code: 'ERR_STUDY_STATS_INPUT' }));
  });
});

describe('symmetric eigendecomposition', () => {
  it('reconstructs the matrix and finds known eigenvalues', () => {
    const m = Float64Array.from([4, 1, 2, 1, 3, 0.5, 2, 0.5, 5]);
    const { values, vectors } = symmetricEigen(m, 3);
    const back = fromEigen(vectors, values, 3);
    for (let i = 0; i < 9; i++) expect(back[i]!).toBeCloseTo(m[i]!, 12);
    expect(values[0]! + values[1]! + values[2]!).toBeCloseTo(12, 12); // trace
    const diag = symmetricEigen(Float64Array.from([2, 0, 0, 3]), 2);
    expect([...diag.values]).toEqual([2, 3]);
  });
});

describe('regression forest and fANOVA importance', () => {
  it('fits a step function', () => {
    const n = 200;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = i / n;
      x[2 * i + 1] = ((i * 7919) % n) / n;
      y[i] = x[2 * i]! > 0.5 ? 10 : 0;
    }
    const f = new RegressionForest(x, y, 2, { nTrees: 16, seed: 1 });
    expect(f.predict([0.9, 0.3])).toBeGreaterThan(9);
    expect(f.predict([0.1, 0.3])).toBeLessThan(1);
  });

  it('rates a parameter that drives the objective far above one that does not', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize((t) => 10 * t.suggestFloat('lr', 1e-4, 1, { log: true }) ** 0.5 + 0.1 * t.suggestInt('depth', 1, 10) + 0 * t.suggestFloat('noise', 0, 1), { nTrials: 150 });
    const imp = await paramImportances(study, { seed: 1, nTrees: 32 });
    expect(Object.keys(imp)[0]).toBe('lr');
    expect(imp.lr!).toBeGreaterThan(0.7);
    expect(imp.noise!).toBeLessThan(0.1);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('needs completed trials', () => {
    expect(() => fanovaImportance([])).not.toThrow();
    expect(fanovaImportance([])).toEqual({});
  });
});

describe('adaptive early stopping', () => {
  it('grows patience on each improvement and stops after that many trials without one', () => {
    const es = new EarlyStopping({ patience: 4, patienceFactor: 1.5, maxPatience: 9, warmupTrials: 0, convergenceThreshold: 2, plateauThreshold: -1 });
    expect(es.update(0, 1)).toBe(false); // improvement: patience 4 → 6
    expect(es.state.currentPatience).toBe(6);
    expect(es.update(1, 2)).toBe(false); // 6 → 9
    expect(es.update(2, 3)).toBe(false); // capped at 9
    expect(es.state.currentPatience).toBe(9);
    let stoppedAt = -1;
    for (let i = 3; i < 30 && stoppedAt < 0; i++) if (es.update(i, 0)) stoppedAt = i;
    expect(stoppedAt).toBe(11); // 9 trials without improvement: 3..11
    expect(es.state.reason).toContain('patience');
  });

  it('detects a plateau and a converged trend, but not during warm-up', () => {
    const plateau = new EarlyStopping({ warmupTrials: 12, patience: 100, convergenceWindow: 5, plateauThreshold: 1e-3, convergenceThreshold: 2 });
    let at = -1;
    for (let i = 0; i < 20 && at < 0; i++) if (plateau.update(i, i < 3 ? i : 3 + (i % 2) * 1e-4)) at = i;
    expect(at).toBe(12);
    expect(plateau.state.reason).toContain('plateau');
    const fit = linearFit([1, 2, 3, 4]);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.slope).toBeCloseTo(1, 12);
    const conv = new EarlyStopping({ warmupTrials: 0, patience: 100, convergenceWindow: 5, plateauThreshold: -1, convergenceThreshold: 0.9 });
    let c = -1;
    for (let i = 0; i < 20 && c < 0; i++) if (conv.update(i, 1e-5 * i)) c = i; // straight, nearly flat line
    expect(c).toBe(4);
    expect(conv.state.reason).toContain('converged');
  });

  it('stops optimize as a callback', async () => {
    const es = new EarlyStopping({ patience: 5, warmupTrials: 10, maxPatience: 5 });
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(() => 1, { nTrials: 200, callbacks: [es.callback] });
    expect((await study.getTrials()).length).toBe(11);
    expect(es.state.stopped).toBe(true);
  });
});

describe('strategy selector', () => {
  it('follows the Python system: random+median < 100, TPE+median < 300, TPE+Hyperband above', () => {
    const q = selectStrategy({ nTrials: 50, seed: 1 });
    expect(q.name).toBe('quick-exploration');
    expect(q.sampler).toBeInstanceOf(RandomSampler);
    expect(q.pruner).toBeInstanceOf(MedianPruner);
    const b = selectStrategy({ nTrials: 150 });
    expect(b.sampler).toBeInstanceOf(TPESampler);
    expect(b.pruner).toBeInstanceOf(MedianPruner);
    const t = selectStrategy({ nTrials: 500 });
    expect(t.name).toBe('thorough-search');
    expect(t.pruner).toBeInstanceOf(HyperbandPruner);
    expect(selectStrategy({ nTrials: 500, timeoutMs: 60_000 }).name).toBe('quick-exploration');
    const c = selectStrategy({ nTrials: 200, space: { a: floatDistribution(0, 1), b: floatDistribution(0, 1, { log: false }) } });
    expect(c.sampler).toBeInstanceOf(CmaEsSampler);
    expect(selectStrategy({ nTrials: 200, space: { a: floatDistribution(0, 1), n: intDistribution(1, 9) } }).name).toBe('balanced-optimization');
  });

  it('is overridable', () => {
    const mine = new RandomSampler({ seed: 3 });
    expect(selectStrategy({ nTrials: 500, sampler: mine }).sampler).toBe(mine);
    expect(selectStrategy({ nTrials: 10, rules: () => 'thorough-search' }).name).toBe('thorough-search');
    expect(() => selectStrategy({ nTrials: 0 })).toThrow(expect.objectContaining({ code: 'ERR_STUDY_STRATEGY' }));
  });
});
