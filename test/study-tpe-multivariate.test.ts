import { describe, expect, it } from 'vitest';
import { createStudy, TPESampler, floatDistribution, intDistribution, categoricalDistribution, type Trial } from '../src/index.js';
import { GridTables, JointKernelStore, JointParzenEstimator, usesGridTables, type JointDimension } from '../src/study/samplers/tpe-joint-estimator.js';
import { kernelLogPdf, kernelLogZ, type NumericBounds } from '../src/study/samplers/parzen-estimator.js';
import { normCdf, truncNormPpf } from '../src/study/normal-distribution.js';
import { Rng } from '../src/rng.js';

const sphere = (d: number) => (t: Trial) => {
  let s = 0;
  for (let i = 0; i < d; i++) s += t.suggestFloat(`x${i}`, -5, 5) ** 2;
  return s;
};

/** Kernel-by-kernel log density of a joint estimator, no pruning, no tables. */
function bruteLogPdf(dims: JointDimension[], centres: number[][], sigmas: number[], weights: number[], priorWeight: number, x: number[]): number {
  const n = centres.length;
  const total = weights.reduce((a, b) => a + b, 0) + priorWeight;
  const extra = priorWeight / (n + 1);
  const terms: number[] = [];
  for (let k = 0; k <= n; k++) {
    const prior = k === n;
    let t = Math.log((prior ? priorWeight : weights[k]!) / total);
    dims.forEach((d, j) => {
      if (d.kind === 'categorical') {
        const nc = d.nChoices;
        t += prior ? -Math.log(nc) : Math.log((extra + (x[j] === centres[k]![j] ? 1 : 0)) / (nc * extra + 1));
      } else {
        const b = d.bounds;
        const mu = prior ? 0.5 * (b.low + b.high) : centres[k]![j]!;
        const s = prior ? b.high - b.low + b.step : sigmas[j]!;
        t += kernelLogPdf(x[j]!, mu, s, kernelLogZ(mu, s, b), b);
      }
    });
    terms.push(t);
  }
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((a, t) => a + Math.exp(t - m), 0));
}

describe('multivariate TPE (the default)', () => {
  const bounds: NumericBounds[] = [
    { low: -5, high: 5, step: 0 },
    { low: Math.log(1e-4), high: 0, step: 0 },
    { low: 2, high: 12, step: 1 },
    { low: Math.log(0.5), high: Math.log(100.5), step: 0, logGrid: { low: 1, high: 100, step: 1 } },
    { low: 0, high: 1, step: 0 },
  ];
  const dims: JointDimension[] = [...bounds.map((b) => ({ kind: 'numeric' as const, bounds: b })), { kind: 'categorical', nChoices: 3 }];

  function draw(rng: Rng): number[] {
    return [rng.uniform(-5, 5), rng.uniform(Math.log(1e-4), 0), rng.int(2, 12), Math.log(rng.int(1, 100)), rng.float(), rng.int(0, 2)];
  }

  it('the pruned, tabled joint density equals a kernel-by-kernel sum (600 kernels, mixed dimensions)', () => {
    const rng = new Rng(4);
    const grids = bounds.map((b) => (usesGridTables(b) ? new GridTables(b) : null));
    const store = new JointKernelStore(dims, [...grids, null]);
    const centres: number[][] = [];
    for (let k = 0; k < 600; k++) {
      const c = draw(rng);
      centres.push(c);
      store.push(k, c);
    }
    const sigmas = [0.3, 0.25, 0.4, 0.15, 0.03, NaN];
    sigmas.forEach((s, j) => {
      if (dims[j]!.kind === 'numeric') store.setSigma(j, s);
    });
    const weights = Float64Array.from({ length: 600 }, (_, k) => 0.2 + (0.8 * k) / 599);
    const est = new JointParzenEstimator(store, weights, 1);
    const count = 30;
    const xs = dims.map(() => new Float64Array(count));
    for (let i = 0; i < count; i++) {
      // half the points next to a kernel (where pruning has most to drop), half anywhere
      const p = i % 2 === 0 ? centres[rng.int(0, 599)]!.map((v, j) => (j === 0 || j === 1 || j === 4 ? v + 0.01 : v)) : draw(rng);
      p.forEach((v, j) => (xs[j]![i] = v));
    }
    const got = est.logPdf(xs, count);
    for (let i = 0; i < count; i++) {
      const want = bruteLogPdf(dims, centres, sigmas, [...weights], 1, xs.map((a) => a[i]!));
      expect(Math.abs(got[i]! - want)).toBeLessThan(1e-9);
    }
  });

  it('the k-d tree walk gives bit for bit the linear pass\'s density, through appends, rebuilds and bandwidth changes', () => {
    const rng = new Rng(21);
    const make = () => new JointKernelStore(dims, [...bounds.map((b) => (usesGridTables(b) ? new GridTables(b) : null)), null]);
    const tree = make();
    const linear = make();
    linear._indexed = false;
    const centres: number[][] = [];
    const push = (count: number) => {
      for (let i = 0; i < count; i++) {
        const c = draw(rng);
        centres.push(c);
        tree.push(centres.length - 1, c);
        linear.push(centres.length - 1, c);
      }
    };
    const check = (sigmas: number[]) => {
      for (const st of [tree, linear]) sigmas.forEach((sg, j) => dims[j]!.kind === 'numeric' && st.setSigma(j, sg));
      const n = centres.length;
      const weights = Float64Array.from({ length: n }, (_, k) => (k >= n - 25 ? 1 : 0.1 + (0.9 * k) / n));
      const count = 24;
      const xs = dims.map(() => new Float64Array(count));
      for (let i = 0; i < count; i++) {
        const p = i % 3 === 2 ? draw(rng) : centres[rng.int(0, n - 1)]!.map((v, j) => (j === 0 || j === 1 || j === 4 ? v + 0.02 * sigmas[j]! * rng.normal() : v));
        p.forEach((v, j) => (xs[j]![i] = v));
      }
      // the first call after a reset stays linear (no build for a store that may not outlive the ask)
      const first = new JointParzenEstimator(tree, weights, 1).logPdf(xs, count);
      const got = new JointParzenEstimator(tree, weights, 1).logPdf(xs, count);
      const want = new JointParzenEstimator(linear, weights, 1).logPdf(xs, count);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(Array.from(first)).toEqual(Array.from(want));
      for (let i = 0; i < count; i += 6) expect(Math.abs(got[i]! - bruteLogPdf(dims, centres, sigmas, [...weights], 1, xs.map((a) => a[i]!)))).toBeLessThan(1e-9);
    };
    const narrow = [0.3, 0.25, 0.3, 0.12, 0.02, NaN];
    push(3000);
    check(narrow);
    push(50); // an unindexed tail
    check(narrow);
    push(400); // past 1/32 of the indexed kernels: rebuilt
    check(narrow);
    check([0.5, 0.4, 0.6, 0.2, 0.05, NaN]); // new bandwidths: constants refreshed
  });

  it('keeps the bad group across asks exactly as a rebuild would', async () => {
    const inc = new TPESampler({ seed: 5 });
    const full = new TPESampler({ seed: 5 });
    (full as unknown as { _fullRebuild: boolean })._fullRebuild = true;
    const space = { x: floatDistribution(-5, 5), lr: floatDistribution(1e-4, 1, { log: true }), d: intDistribution(2, 12), c: categoricalDistribution(['a', 'b', 'c']) };
    const a = await createStudy({ sampler: inc });
    const b = await createStudy({ sampler: full });
    const rng = new Rng(3);
    for (let i = 0; i < 60; i++) {
      const ta = await a.ask(space);
      const tb = await b.ask(space);
      expect(ta.params).toEqual(tb.params);
      const v = (ta.params.x as number) ** 2 + rng.float();
      await a.tell(ta, v);
      await b.tell(tb, v);
    }
  });

  it('is the default, and beats univariate TPE on a 10-D sphere at 100 trials', async () => {
    const best = async (multivariate: boolean | undefined, seed: number) => {
      const study = await createStudy({ sampler: new TPESampler(multivariate === undefined ? { seed } : { seed, multivariate }) });
      await study.optimize(sphere(10), { nTrials: 100 });
      return (await study.bestValue())!;
    };
    const seeds = [1, 2, 3];
    const dflt = await Promise.all(seeds.map((s) => best(undefined, s)));
    const mv = await Promise.all(seeds.map((s) => best(true, s)));
    const uni = await Promise.all(seeds.map((s) => best(false, s)));
    expect(dflt).toEqual(mv);
    const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[1]!;
    expect(med(mv)).toBeLessThan(med(uni) / 2);
  }, 60_000);

  it("minBandwidthFactor: null and bandwidthFactor 0.2 give Optuna's multivariate bandwidth (a different search)", async () => {
    const run = async (opts: ConstructorParameters<typeof TPESampler>[0]) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 8, nStartupTrials: 5, ...opts }) });
      await study.optimize(sphere(3), { nTrials: 25 });
      return (await study.getTrials()).map((t) => t.params);
    };
    const ours = await run({});
    const optunaLike = await run({ bandwidthFactor: 0.2, minBandwidthFactor: null });
    expect(ours.slice(0, 5)).toEqual(optunaLike.slice(0, 5));
    expect(ours.slice(5)).not.toEqual(optunaLike.slice(5));
  });

  it('rejects bad bandwidth options with ERR_SAMPLER_OPTION', () => {
    expect(() => new TPESampler({ bandwidthFactor: 0 })).toThrow(expect.objectContaining({ code: 'ERR_SAMPLER_OPTION' }));
    expect(() => new TPESampler({ minBandwidthFactor: 2 })).toThrow(expect.objectContaining({ code: 'ERR_SAMPLER_OPTION' }));
    expect(() => new TPESampler({ minBandwidthFactor: -0.1 })).toThrow(expect.objectContaining({ code: 'ERR_SAMPLER_OPTION' }));
  });
});

describe('truncated normal quantile', () => {
  it('inverts the truncated CDF to 1e-12 across ordinary and tail ranges', () => {
    const rng = new Rng(11);
    const ranges: [number, number][] = [[-9, 9], [-2, 0.5], [-0.3, 4], [-40, -0.1], [0.2, 3], [-1e-3, 1e-3], [-7, -6]];
    for (const [a, b] of ranges) {
      for (let i = 0; i < 200; i++) {
        const q = rng.float();
        const x = truncNormPpf(q, a, b);
        expect(x).toBeGreaterThanOrEqual(a);
        expect(x).toBeLessThanOrEqual(b);
        // Φ(x) − Φ(a) = q · (Φ(b) − Φ(a)), checked in the lower tail where Φ keeps its digits
        const lhs = a >= 0 ? normCdf(-a) - normCdf(-x) : normCdf(x) - normCdf(a);
        const mass = a >= 0 ? normCdf(-a) - normCdf(-b) : normCdf(b) - normCdf(a);
        expect(Math.abs(lhs - q * mass)).toBeLessThanOrEqual(1e-12 * mass + 1e-300);
      }
    }
  });
});
