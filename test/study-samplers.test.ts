import { describe, expect, it } from 'vitest';
import {
  createStudy,
  RandomSampler,
  TPESampler,
  CmaEsSampler,
  QMCSampler,
  GridSampler,
  NSGAIISampler,
  SobolSequence,
  HaltonSequence,
  floatDistribution,
  intDistribution,
  categoricalDistribution,
  type Sampler,
  type Trial,
} from '../src/index.js';
import { KernelBoxes, NumericMixture, kernelLogZ, kernelLogPdf, univariateSigmas, maxSigma, defaultWeights, categoricalProbs, type NumericBounds } from '../src/study/samplers/parzen-estimator.js';
import { categoricalFromRanks, categoricalFromWeights, pickBest, pickBestBounded } from '../src/study/samplers/tpe.js';
import { GridMasses } from '../src/study/samplers/grid-masses.js';
import { readFileSync } from 'node:fs';
import { Rng } from '../src/rng.js';

const sphere = (d: number) => (t: Trial) => {
  let s = 0;
  for (let i = 0; i < d; i++) s += t.suggestFloat(`x${i}`, -5, 5) ** 2;
  return s;
};

async function run(sampler: Sampler, objective: (t: Trial) => number, nTrials: number) {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study;
}

const samplers: [string, (seed: number) => Sampler][] = [
  ['random', (seed) => new RandomSampler({ seed })],
  ['tpe', (seed) => new TPESampler({ seed })],
  ['tpe multivariate', (seed) => new TPESampler({ seed, multivariate: true })],
  ['cmaes', (seed) => new CmaEsSampler({ seed })],
  ['qmc sobol', (seed) => new QMCSampler({ seed })],
  ['qmc halton', (seed) => new QMCSampler({ seed, qmcType: 'halton' })],
  ['nsga2', (seed) => new NSGAIISampler({ seed, populationSize: 10 })],
];

describe('determinism', () => {
  for (const [name, make] of samplers) {
    it(`${name}: same seed gives the same trials, another seed does not`, async () => {
      const obj = (t: Trial) => sphere(2)(t) + (t.suggestCategorical('c', ['a', 'b', 'c']) === 'b' ? 0 : 1) + t.suggestInt('n', 1, 9);
      const a = await run(make(42), obj, 40);
      const b = await run(make(42), obj, 40);
      const c = await run(make(43), obj, 40);
      const params = async (s: Awaited<ReturnType<typeof run>>) => (await s.getTrials()).map((t) => t.params);
      expect(await params(a)).toEqual(await params(b));
      expect(await params(a)).not.toEqual(await params(c));
    });
  }
});

describe('convergence on simple functions', () => {
  it('random search gets within reach on a 2-D sphere', async () => {
    const s = await run(new RandomSampler({ seed: 1 }), sphere(2), 200);
    expect(await s.bestValue()).toBeLessThan(1);
  });

  it('TPE beats random search on a 5-D sphere at 150 trials', async () => {
    const tpe = await run(new TPESampler({ seed: 1 }), sphere(5), 150);
    const rnd = await run(new RandomSampler({ seed: 1 }), sphere(5), 150);
    expect(await tpe.bestValue()).toBeLessThan((await rnd.bestValue()) / 3);
  });

  it('multivariate TPE and TPE with constant liar (4 in flight) converge', async () => {
    const mv = await run(new TPESampler({ seed: 2, multivariate: true }), sphere(3), 120);
    expect(await mv.bestValue()).toBeLessThan(1.5);
    const study = await createStudy({ sampler: new TPESampler({ seed: 2, constantLiar: true }) });
    await study.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 0));
      return sphere(3)(t);
    }, { nTrials: 120, concurrency: 4 });
    expect(await study.bestValue()).toBeLessThan(1.5);
  });

  it('CMA-ES converges tightly on a 5-D sphere', async () => {
    const s = await run(new CmaEsSampler({ seed: 3 }), sphere(5), 300);
    expect(await s.bestValue()).toBeLessThan(1e-2);
  });

  it('CMA-ES with margin finds the integer optimum', async () => {
    const s = await run(new CmaEsSampler({ seed: 2, withMargin: true }), (t) => (t.suggestInt('i', -10, 10) - 3) ** 2 + (t.suggestInt('j', 0, 20) - 7) ** 2 + t.suggestFloat('x', -1, 1) ** 2, 150);
    const p = await s.bestParams();
    expect([p.i, p.j]).toEqual([3, 7]);
  });

  it('CMA-ES restarts with a doubled population (IPOP) once it has converged', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 5, popsize: 4 }) });
    await study.optimize((t) => Math.round(t.suggestFloat('x', -1, 1) * 2) + Math.round(t.suggestFloat('y', -1, 1) * 2), { nTrials: 300 });
    const restarts = new Set((await study.getTrials()).map((t) => t.systemAttrs['cma:restart']));
    expect(restarts.size).toBeGreaterThan(1);
  });

  it('CMA-ES resumes from the state stored with the trials', async () => {
    const { MemoryStorage } = await import('../src/index.js');
    const storage = new MemoryStorage();
    const s1 = await createStudy({ name: 'c', storage, sampler: new CmaEsSampler({ seed: 9 }) });
    await s1.optimize(sphere(3), { nTrials: 40 });
    const before = (await s1.getTrials()).at(-1)!.systemAttrs['cma:generation'] as number;
    const s2 = await createStudy({ name: 'c', storage, loadIfExists: true, sampler: new CmaEsSampler({ seed: 9 }) });
    await s2.optimize(sphere(3), { nTrials: 10 });
    const after = (await s2.getTrials()).at(-1)!.systemAttrs['cma:generation'] as number;
    expect(after).toBeGreaterThanOrEqual(before);
    expect(before).toBeGreaterThan(2);
  });

  it('QMC covers the space more evenly than random points', async () => {
    const spread = async (sampler: Sampler) => {
      const s = await run(sampler, (t) => t.suggestFloat('x', 0, 1) + t.suggestFloat('y', 0, 1), 64);
      const cells = new Set<string>();
      for (const t of await s.getTrials()) cells.add(`${Math.floor((t.params.x as number) * 8)},${Math.floor((t.params.y as number) * 8)}`);
      return cells.size;
    };
    // 64 Sobol' points from a fresh sequence: the first point is taken by trial 0 (random),
    // the rest still fill far more of the 8×8 cells than random points do.
    expect(await spread(new QMCSampler({ seed: 1 }))).toBeGreaterThan(await spread(new RandomSampler({ seed: 1 })));
  });

  it('NSGA-II improves a two-objective front and respects constraints', async () => {
    const study = await createStudy({
      directions: ['minimize', 'minimize'],
      sampler: new NSGAIISampler({ seed: 4, populationSize: 20, constraints: (t) => [0.2 - (t.params.x as number)] }),
    });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        const y = t.suggestFloat('y', 0, 1);
        return [x, (1 + 9 * y) * (1 - Math.sqrt(x / (1 + 9 * y)))];
      },
      { nTrials: 200 },
    );
    const front = await study.bestTrials();
    expect(front.length).toBeGreaterThan(5);
    for (const t of front) expect(t.params.x as number).toBeGreaterThanOrEqual(0.2);
    const generations = new Set((await study.getTrials()).map((t) => t.systemAttrs['nsga2:generation']));
    expect(generations.size).toBeGreaterThan(5);
    const meanY = front.reduce((a, t) => a + (t.params.y as number), 0) / front.length;
    expect(meanY).toBeLessThan(0.2);
  });
});

describe('grid', () => {
  it('visits every grid point once and stops by itself', async () => {
    const study = await createStudy({ sampler: new GridSampler({ a: [1, 2, 3], b: ['x', 'y'] }, { seed: 1 }) });
    await study.optimize((t) => t.suggestInt('a', 1, 3) * (t.suggestCategorical('b', ['x', 'y']) === 'x' ? 1 : -1), { nTrials: 100 });
    const points = (await study.getTrials()).map((t) => `${t.params.a}${t.params.b}`).sort();
    expect(points).toEqual(['1x', '1y', '2x', '2y', '3x', '3y']);
  });

  it('fails a trial that suggests a parameter the grid does not have', async () => {
    const study = await createStudy({ sampler: new GridSampler({ a: [1] }) });
    await study.optimize((t) => t.suggestInt('a', 1, 3) + t.suggestFloat('z', 0, 1), { nTrials: 1 });
    expect((await study.getTrials())[0]!.systemAttrs.fail_reason).toContain('ERR_SAMPLER_GRID_PARAM');
  });
});

describe('no duplicate discrete configurations', () => {
  for (const [name, make] of [
    ['random', (s: number) => new RandomSampler({ seed: s })],
    ['tpe', (s: number) => new TPESampler({ seed: s, nStartupTrials: 3 })],
    ['nsga2', (s: number) => new NSGAIISampler({ seed: s, populationSize: 4 })],
  ] as const) {
    it(`${name}: evaluates all 12 configurations of a 3×4 space in 12 trials, then repeats`, async () => {
      const study = await createStudy({ sampler: make(1) });
      await study.optimize((t) => t.suggestInt('a', 0, 2) * 10 + t.suggestCategorical('b', [0, 1, 2, 3]), { nTrials: 14 });
      const keys = (await study.getTrials()).map((t) => `${t.params.a}/${t.params.b}`);
      expect(new Set(keys.slice(0, 12)).size).toBe(12);
      expect(keys).toHaveLength(14);
    });
  }
});

describe('sequences', () => {
  it("unscrambled Sobol' points are the standard ones and each 2^m block is a net", () => {
    const s = new SobolSequence(3);
    expect([...s.point(0)]).toEqual([0, 0, 0]);
    expect([...s.point(1)]).toEqual([0.5, 0.5, 0.5]);
    // natural (not Gray-code) order
    expect([...s.point(2)]).toEqual([0.25, 0.75, 0.75]);
    expect([...s.point(3)]).toEqual([0.75, 0.25, 0.25]);
    const scrambled = new SobolSequence(2, { scramble: true, seed: 3 });
    for (let d = 0; d < 2; d++) {
      const cells = new Set<number>();
      for (let i = 0; i < 16; i++) cells.add(Math.floor(scrambled.point(i)[d]! * 16));
      expect(cells.size).toBe(16); // one point per 1/16 interval in each coordinate
    }
  });

  it('Halton points are radical inverses in prime bases', () => {
    const h = new HaltonSequence(2);
    expect([...h.point(1)]).toEqual([0.5, 1 / 3]);
    expect(h.point(5)[0]).toBeCloseTo(0.625, 12);
    expect(h.point(5)[1]).toBeCloseTo(7 / 9, 12);
    const s = new HaltonSequence(2, { scramble: true, seed: 1 });
    const xs = Array.from({ length: 9 }, (_, i) => Math.floor(s.point(i)[1]! * 9));
    expect(new Set(xs).size).toBe(9);
  });
});

describe('Parzen estimator', () => {
  // Log densities from Optuna 4.9's _ParzenEstimator for the same observations (univariate,
  // defaults), generated by test/fixtures/optuna-parzen-reference.py.
  const reference = JSON.parse(readFileSync(new URL('./fixtures/optuna-parzen-reference.json', import.meta.url), 'utf8')) as { kind: string; obs: number[]; xs: number[]; logpdf: number[] }[];
  const boundsOf: Record<string, [NumericBounds, boolean]> = {
    float: [{ low: -5, high: 5, step: 0 }, false],
    log: [{ low: Math.log(1e-3), high: Math.log(10), step: 0 }, true],
    step: [{ low: 0, high: 1, step: 0.1 }, false],
    int: [{ low: 0, high: 10, step: 1 }, false],
    intlog: [{ low: Math.log(0.5), high: Math.log(100.5), step: 0, logGrid: { low: 1, high: 100, step: 1 } }, true],
  };
  for (const c of reference) {
    it(`matches Optuna's univariate estimator (${c.kind}, ${c.obs.length} observations)`, () => {
      const [b, log] = boundsOf[c.kind]!;
      const n = c.obs.length;
      const w = defaultWeights(n);
      const order = c.obs.map((v, i) => [log ? Math.log(v) : v, w[i]!] as const).sort((x, y) => x[0] - y[0]);
      const mus = new Float64Array(n + 1);
      const ws = new Float64Array(n + 1);
      order.forEach(([v, wi], i) => {
        mus[i] = v;
        ws[i] = wi;
      });
      const sig = new Float64Array(n + 1);
      univariateSigmas(mus, n, b, { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights }, sig);
      mus[n] = (b.low + b.high) / 2;
      sig[n] = maxSigma(b);
      ws[n] = 1;
      const got = new NumericMixture(b, mus, sig, ws, n + 1).logPdf(Float64Array.from(c.xs, (x) => (log ? Math.log(x) : x)));
      c.logpdf.forEach((v, i) => expect(got[i]!).toBeCloseTo(v, 10));
    });
  }

  it('box sums equal the explicit mixture density to 1e-9', () => {
    const rng = new Rng(3);
    const b = { low: 0, high: 1, step: 0 };
    const n = 3000;
    const sigma = 0.01;
    const mus = Float64Array.from({ length: n }, () => rng.float() ** 2);
    const sigmas = new Float64Array(n).fill(sigma);
    const w = Float64Array.from({ length: n }, () => 0.1 + rng.float());
    const explicit = new NumericMixture(b, mus, sigmas, w);
    const boxes = new KernelBoxes(b.low - 9 * sigma, sigma, Math.ceil((1 + 18 * sigma) / (0.25 * sigma)) + 1);
    for (let i = 0; i < n; i++) {
      const box = boxes.boxOf(mus[i]!);
      const u = boxes.offset(mus[i]!, box);
      boxes.add(box, u, w[i]! * Math.exp(-kernelLogZ(mus[i]!, sigma, b) - 0.5 * u * u), w[i]!);
    }
    const boxed = new NumericMixture(b, new Float64Array(0), new Float64Array(0), new Float64Array(0), 0, new Float64Array(0), boxes);
    const xs = Float64Array.from({ length: 50 }, () => rng.float());
    const e = explicit.logPdf(xs);
    const f = boxed.logPdf(xs);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(e[i]! - f[i]!)).toBeLessThan(1e-9);
  });

  it('the categorical bad-group table from age ranks equals the observation-by-observation one', () => {
    const n = 60;
    const rng = new Rng(4);
    const vals = Float64Array.from({ length: n }, () => rng.int(0, 3));
    const below = new Set([3, 17, 40]);
    const rank = new Int32Array(n);
    let na = 0;
    const obs: number[] = [];
    for (let i = 0; i < n; i++) {
      rank[i] = below.has(i) ? -1 : na++;
      if (!below.has(i)) obs.push(vals[i]!);
    }
    const fast = categoricalFromRanks(vals, rank, n, na, new Map(), null, 4, 1);
    const slow = categoricalProbs(obs, defaultWeights(obs.length), obs.length, 4, 1);
    for (let c = 0; c < 4; c++) expect(fast[c]!).toBeCloseTo(slow[c]!, 14);
  });

  it('fast discrete masses (per-σ tables, windows) equal kernel-by-kernel sums', () => {
    const rng = new Rng(9);
    const check = (b: NumericBounds, cells: number[], sigmaOf: () => number) => {
      const n = 400;
      const pairs = Array.from({ length: n }, () => [cells[rng.int(0, cells.length - 1)]!, sigmaOf(), 0.2 + rng.float()] as const).sort((x, y) => x[0] - y[0]);
      const mus = Float64Array.from(pairs, (p) => p[0]);
      const sig = Float64Array.from(pairs, (p) => p[1]);
      const w = Float64Array.from(pairs, (p) => p[2]);
      const m = new NumericMixture(b, mus, sig, w);
      const xs = Float64Array.from(cells.filter((_, i) => i % 3 === 0));
      const got = m.logPdf(xs);
      const total = w.reduce((a, x) => a + x, 0);
      xs.forEach((x, i) => {
        let p = 0;
        for (let k = 0; k < n; k++) p += (w[k]! / total) * Math.exp(kernelLogPdf(x, mus[k]!, sig[k]!, kernelLogZ(mus[k]!, sig[k]!, b), b));
        expect(got[i]!).toBeCloseTo(Math.log(p), 10);
      });
    };
    const grid = Array.from({ length: 41 }, (_, i) => i);
    check({ low: 0, high: 40, step: 1 }, grid, () => (rng.float() < 0.8 ? 0.4 : 0.4 + rng.float() * 5)); // tables
    check({ low: 0, high: 40, step: 1 }, grid, () => 0.3 + rng.float() * 5); // many σ: windows
    const logCells = Array.from({ length: 100 }, (_, i) => Math.log(i + 1));
    check({ low: Math.log(0.5), high: Math.log(100.5), step: 0, logGrid: { low: 1, high: 100, step: 1 } }, logCells, () => (rng.float() < 0.8 ? 0.05 : 0.05 + rng.float())); // log grid: windows
  });

  it('cell masses kept across mixtures (grid-masses.ts) give bit-identical densities, also for kernels and candidates off the grid', () => {
    const rng = new Rng(11);
    const cases: [NumericBounds, number[]][] = [
      [{ low: Math.log(0.5), high: Math.log(100.5), step: 0, logGrid: { low: 1, high: 100, step: 1 } }, Array.from({ length: 100 }, (_, i) => Math.log(i + 1))],
      [{ low: 0, high: 40, step: 1 }, Array.from({ length: 41 }, (_, i) => i)],
      [{ low: 0, high: 1, step: 0.1 }, Array.from({ length: 11 }, (_, i) => i * 0.1)],
    ];
    for (const [b, cells] of cases) {
      const cache = new GridMasses(b);
      for (let round = 0; round < 4; round++) {
        // a few bandwidths shared between rounds (so later rounds read what earlier ones cached), one kernel off the grid
        const n = 150;
        const pairs = Array.from({ length: n }, (_, k) => [k === 7 ? cells[3]! + 0.37 * (cells[1]! - cells[0]!) : cells[rng.int(0, cells.length - 1)]!, [0.05, 0.3, 1.5][rng.int(0, 2)]! * (round + 1 > 2 ? 1 : 1.25), 0.2 + rng.float()] as const).sort((x, y) => x[0] - y[0]);
        const mus = Float64Array.from(pairs, (p) => p[0]);
        const sig = Float64Array.from(pairs, (p) => p[1]);
        const w = Float64Array.from(pairs, (p) => p[2]);
        const xs = Float64Array.from({ length: 30 }, (_, i) => (i === 5 ? cells[2]! + 1e-7 : cells[rng.int(0, cells.length - 1)]!));
        const plain = new NumericMixture(b, mus, sig, w).logPdf(xs);
        const cached = new NumericMixture(b, mus, sig, w, n, undefined, undefined, cache).logPdf(xs);
        expect(Array.from(cached)).toEqual(Array.from(plain));
      }
    }
  });

  it('the near-box lower bound of a boxed density is below the density and not far below it', () => {
    const rng = new Rng(13);
    const b = { low: 0, high: 1, step: 0 };
    const sigma = 0.01;
    const boxes = new KernelBoxes(b.low - 9 * sigma, sigma, Math.ceil((1 + 18 * sigma) / (0.25 * sigma)) + 1);
    for (let i = 0; i < 2000; i++) {
      const mu = rng.float() ** 2;
      const box = boxes.boxOf(mu);
      const u = boxes.offset(mu, box);
      const w = 0.1 + rng.float();
      boxes.add(box, u, w * Math.exp(-kernelLogZ(mu, sigma, b) - 0.5 * u * u), w);
    }
    const m = new NumericMixture(b, Float64Array.of(0.5), Float64Array.of(1), Float64Array.of(1), 1, undefined, boxes);
    const xs = Float64Array.from({ length: 200 }, () => rng.float());
    const exact = m.logPdf(xs);
    const lower = m.logPdfBelow(xs);
    let strict = 0;
    for (let i = 0; i < xs.length; i++) {
      expect(lower[i]!).toBeLessThanOrEqual(exact[i]! + 1e-12);
      expect(lower[i]!).toBeGreaterThan(exact[i]! - 1);
      if (lower[i]! < exact[i]! - 1e-6) strict++;
    }
    expect(strict).toBeGreaterThan(0);
  });

  it('screening candidates by the near-box bound picks exactly the candidate that scoring all of them picks', () => {
    const b = { low: 0, high: 1, step: 0 };
    const sigma = 0.01;
    for (let seed = 0; seed < 40; seed++) {
      const rng = new Rng(100 + seed);
      const boxes = new KernelBoxes(b.low - 9 * sigma, sigma, Math.ceil((1 + 18 * sigma) / (0.25 * sigma)) + 1);
      for (let i = 0; i < 1000; i++) {
        const mu = rng.float() ** (1 + (seed % 3));
        const box = boxes.boxOf(mu);
        const u = boxes.offset(mu, box);
        const w = 0.1 + rng.float();
        boxes.add(box, u, w * Math.exp(-kernelLogZ(mu, sigma, b) - 0.5 * u * u), w);
      }
      const g = new NumericMixture(b, Float64Array.of(0.5, rng.float()), Float64Array.of(1, 0.2), Float64Array.of(1, 0.5), 2, undefined, boxes);
      const goodMus = Float64Array.from({ length: 25 }, () => rng.float());
      const l = new NumericMixture(b, goodMus, new Float64Array(25).fill(0.05), new Float64Array(25).fill(1));
      const cands = l.sample(rng, 24);
      const ll = l.logPdf(cands);
      expect(pickBestBounded(cands, ll, g)).toBe(pickBest(cands, ll, g.logPdf(cands)));
    }
  });

  it('deferred box moments (filled on first use) evaluate exactly as boxes written up front', () => {
    const rng = new Rng(12);
    const sigma = 0.01;
    const make = () => new KernelBoxes(-9 * sigma, sigma, Math.ceil((1 + 18 * sigma) / (0.25 * sigma)) + 1);
    const eager = make();
    const lazy = make();
    const A = new Float64Array(eager.moments.length);
    for (let i = 0; i < A.length; i++) A[i] = rng.float() < 0.3 ? 0 : rng.float();
    const alpha = 0.37;
    for (let i = 0; i < A.length; i++) eager.moments[i] = alpha * A[i]!;
    let filled = 0;
    lazy.defer((box) => {
      filled++;
      for (let j = 0; j < 8; j++) lazy.moments[box * 8 + j] = alpha * A[box * 8 + j]!;
    });
    for (let i = 0; i < 40; i++) {
      const x = rng.float();
      expect(lazy.evaluate(x)).toBe(eager.evaluate(x));
    }
    expect(filled).toBeGreaterThan(0);
    expect(filled).toBeLessThan(eager.nBoxes);
  });

  it('a discrete grid mixture gives the same masses as kernel-by-kernel sums', () => {
    const b = { low: 0, high: 9, step: 1 };
    const mus = Float64Array.from([0, 3, 3, 7, 9, 4.5]);
    const sigmas = Float64Array.from([1, 0.5, 2, 1, 3, 9]);
    const w = Float64Array.from([1, 1, 0.5, 2, 1, 1]);
    const m = new NumericMixture(b, mus, sigmas, w);
    const xs = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const lp = m.logPdf(xs);
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      let p = 0;
      for (let k = 0; k < mus.length; k++) {
        const z = Math.exp(kernelLogZ(mus[k]!, sigmas[k]!, b));
        const cdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
        p += (w[k]! / 6.5) * (cdf((xs[i]! + 0.5 - mus[k]!) / sigmas[k]!) - cdf((xs[i]! - 0.5 - mus[k]!) / sigmas[k]!)) / z;
      }
      expect(Math.exp(lp[i]!)).toBeCloseTo(p, 6);
      total += Math.exp(lp[i]!);
    }
    expect(total).toBeCloseTo(1, 12);
  });

  it('the incrementally updated bad-group estimator equals a full rebuild after every trial', async () => {
    const inc = new TPESampler({ seed: 1 });
    const full = new TPESampler({ seed: 1 });
    (full as unknown as { _fullRebuild: boolean })._fullRebuild = true;
    const study = await createStudy({ sampler: inc });
    const rng = new Rng(2);
    const space = { x: floatDistribution(-5, 5), y: floatDistribution(1e-3, 10, { log: true }) };
    for (let i = 0; i < 420; i++) await study.addTrial({ params: { x: rng.uniform(-5, 5), y: Math.exp(rng.uniform(Math.log(1e-3), Math.log(10))) }, distributions: space, values: [rng.float()] });
    type Internals = { store(s: unknown): any; split(s: unknown, o: unknown): { below: Uint8Array; belowList: number[] }; badNumeric(...a: unknown[]): NumericMixture };
    const density = (s: TPESampler, name: 'x' | 'y', xs: Float64Array) => {
      const t = s as unknown as Internals;
      const obs = t.store(study);
      const { below, belowList } = t.split(study, obs);
      const col = obs.column(name);
      const log = name === 'y';
      const b = log ? { low: Math.log(1e-3), high: Math.log(10), step: 0 } : { low: -5, high: 5, step: 0 };
      return t.badNumeric(col, col.transformed(log), obs, below, belowList, [], name, log, b).logPdf(xs);
    };
    let worst = 0;
    for (let step = 0; step < 120; step++) {
      const trial = await study.ask(space);
      for (const name of ['x', 'y'] as const) {
        const xs = Float64Array.from({ length: 6 }, () => (name === 'x' ? rng.uniform(-5, 5) : rng.uniform(Math.log(1e-3), Math.log(10))));
        const a = density(inc, name, xs);
        const f = density(full, name, xs);
        for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(a[i]! - f[i]!));
      }
      // small x is good, so the good group changes now and then (forcing rebuilds in between)
      await study.tell(trial, (trial.params.x as number) ** 2 + rng.float());
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('per-value records of discrete and categorical bad groups equal a full rebuild', async () => {
    const inc = new TPESampler({ seed: 1 });
    const full = new TPESampler({ seed: 1 });
    (full as unknown as { _fullRebuild: boolean })._fullRebuild = true;
    const study = await createStudy({ sampler: inc });
    const rng = new Rng(2);
    const space = { i: intDistribution(2, 12), s: intDistribution(50, 1000, { step: 50 }), l: intDistribution(1, 100, { log: true }), c: categoricalDistribution(['a', 'b', 'c']) };
    const gen = () => ({ i: rng.int(2, 12), s: 50 * rng.int(1, 20), l: Math.round(Math.exp(rng.uniform(0, Math.log(100)))), c: ['a', 'b', 'c'][rng.int(0, 2)]! });
    for (let i = 0; i < 420; i++) await study.addTrial({ params: gen(), distributions: space, values: [rng.float()] });
    const bounds: Record<string, NumericBounds> = {
      i: { low: 2, high: 12, step: 1 },
      s: { low: 50, high: 1000, step: 50 },
      l: { low: Math.log(0.5), high: Math.log(100.5), step: 0, logGrid: { low: 1, high: 100, step: 1 } },
    };
    type Internals = any;
    let worst = 0;
    for (let step = 0; step < 60; step++) {
      const trial = await study.ask();
      for (const name of ['i', 's', 'l'] as const) {
        const log = name === 'l';
        const xs = Float64Array.from(name === 'i' ? [2, 5, 9, 12] : name === 's' ? [50, 400, 1000] : [0, Math.log(3), Math.log(50), Math.log(100)]);
        const g = (sampler: Internals) => {
          const obs = sampler.store(study);
          const { below, belowList } = sampler.split(study, obs);
          const col = obs.column(name);
          return sampler.badNumeric(col, col.transformed(log), obs, below, belowList, [], name, log, bounds[name]) as NumericMixture;
        };
        const a = g(inc).logPdf(xs);
        const f = g(full).logPdf(xs);
        for (let k = 0; k < xs.length; k++) worst = Math.max(worst, Math.abs(a[k]! - f[k]!));
      }
      const fast = (() => {
        const t: Internals = inc;
        const obs = t.store(study);
        const { below, belowList } = t.split(study, obs);
        const col = obs.column('c');
        const groups = t.valueGroups(col, col.values, obs, below, belowList, 'categorical');
        const { byChoice, total } = groups.choiceWeights(col.values, 3);
        return categoricalFromWeights(byChoice, total, groups.members, 3, 1);
      })();
      const slow = (() => {
        const t: Internals = full;
        const obs = t.store(study);
        const { below } = t.split(study, obs);
        return t.categoricalBadFull(obs.column('c'), obs.column('c').values, obs, below, [], 'c', 3) as Float64Array;
      })();
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(Math.log(fast[k]!) - Math.log(slow[k]!)));
      for (const [k, d] of Object.entries(space)) trial.suggest(k, d);
      await study.tell(trial, (trial.params.i as number) + rng.float());
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('TPE ask time stays flat-ish as trials grow (typed arrays, incremental index)', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 1 }) });
    const space = { a: floatDistribution(0, 1), b: floatDistribution(1e-3, 1, { log: true }) };
    for (let i = 0; i < 1500; i++) await study.addTrial({ params: { a: (i * 0.618) % 1, b: 1e-3 + ((i * 0.37) % 0.99) }, distributions: space, values: [i % 17] });
    const t = await study.ask(space);
    expect(Object.keys(t.params)).toEqual(['a', 'b']);
  });
});

/** Abramowitz–Stegun 7.1.26-free reference erf by series (slow, exact enough for a test oracle). */
function erf(x: number): number {
  // erf(x) = 2/√π · e^{-x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1))
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}
