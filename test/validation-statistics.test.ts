import { describe, expect, it } from 'vitest';
import {
  createStudy,
  loadStudy,
  MemoryStorage,
  RandomSampler,
  WilcoxonPruner,
  Rng,
  makeSplit,
  deflatedSharpeRatio,
  deflatedSharpeFromTrials,
  probabilisticSharpeRatio,
  expectedMaxSharpe,
  returnMoments,
  probabilityOfBacktestOverfitting,
  pboFromTrials,
  evaluateFolds,
  foldObjective,
  foldStats,
  presetDirections,
  presetValues,
  FOLD_SCORES_ATTR,
  studyOverfitting,
  recordSplit,
  type FoldEvaluation,
} from '../src/index.js';
import { normCdf, normPpf } from '../src/study/normal-distribution.js';
import { randomPanel } from './support/validation-panel.js';

const EULER_GAMMA = 0.5772156649015329;

describe('deflated Sharpe ratio', () => {
  // Bailey & López de Prado (2014), "The Deflated Sharpe Ratio", J. Portfolio Management 40(5),
  // numerical example: N = 100 trials, T = 1250 daily returns, best annualised SR 2.5, variance of
  // the trials' annualised SRs 1/2, skewness −3, kurtosis 10 (250 trading days a year). The paper
  // reports SR₀ ≈ 0.1132 (per day) and DSR ≈ 0.9004.
  const N = 100;
  const T = 1250;
  const sharpe = 2.5 / Math.sqrt(250);
  const variance = 0.5 / 250;
  const skewness = -3;
  const kurtosis = 10;

  it("reproduces the paper's numerical example", () => {
    const sr0 = Math.sqrt(variance) * ((1 - EULER_GAMMA) * normPpf(1 - 1 / N) + EULER_GAMMA * normPpf(1 - 1 / (N * Math.E)));
    const dsr = normCdf(((sharpe - sr0) * Math.sqrt(T - 1)) / Math.sqrt(1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe));
    const r = deflatedSharpeRatio({ sharpe, observations: T, skewness, kurtosis, nTrials: N, sharpeVariance: variance });
    expect(r.benchmark).toBeCloseTo(sr0, 12);
    expect(r.dsr).toBeCloseTo(dsr, 12);
    expect(r.benchmark).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 4);
  });

  it('more trials deflate more; a single trial is the plain PSR against 0', () => {
    const m = { sharpe, observations: T, skewness, kurtosis, sharpeVariance: variance };
    const d10 = deflatedSharpeRatio({ ...m, nTrials: 10 }).dsr;
    const d1000 = deflatedSharpeRatio({ ...m, nTrials: 1000 }).dsr;
    expect(d10).toBeGreaterThan(deflatedSharpeRatio({ ...m, nTrials: 100 }).dsr);
    expect(d1000).toBeLessThan(deflatedSharpeRatio({ ...m, nTrials: 100 }).dsr);
    expect(expectedMaxSharpe(1, variance)).toBe(0);
    expect(deflatedSharpeRatio({ ...m, nTrials: 1 }).dsr).toBe(probabilisticSharpeRatio(m, 0));
  });

  it('moments of returns: Sharpe, skewness and kurtosis from population moments', () => {
    const x = [0.01, -0.02, 0.03, 0.0, 0.015, -0.005];
    const n = x.length;
    const mean = x.reduce((a, b) => a + b) / n;
    const c = (p: number) => x.reduce((a, v) => a + (v - mean) ** p, 0) / n;
    const m = returnMoments(x);
    expect(m.sharpe).toBeCloseTo(mean / Math.sqrt(c(2)), 12);
    expect(m.skewness).toBeCloseTo(c(3) / c(2) ** 1.5, 12);
    expect(m.kurtosis).toBeCloseTo(c(4) / c(2) ** 2, 12);
    expect(m.observations).toBe(n);
  });

  it("counts every trial that ran — earlier sessions and pruned ones too — and the trials' Sharpe variance", async () => {
    const storage = new MemoryStorage();
    const first = await createStudy({ name: 'dsr', direction: 'maximize', storage });
    const sharpes = [0.05, 0.02, -0.01, 0.08, 0.03];
    for (const s of sharpes) await first.addTrial({ values: [s], userAttrs: { sharpe: s } });
    await first.addTrial({ state: 'PRUNED', userAttrs: { sharpe: -0.04 } });
    await first.addTrial({ state: 'PRUNED' });
    await first.addTrial({ state: 'FAIL' });
    // a second session resumes the study from the same storage and runs more trials
    const resumed = await loadStudy({ name: 'dsr', storage });
    for (const s of [0.06, 0.01]) await resumed.addTrial({ values: [s], userAttrs: { sharpe: s } });
    await resumed.ask(); // still RUNNING: not counted
    const all = [...sharpes, -0.04, 0.06, 0.01];
    const mean = all.reduce((a, b) => a + b) / all.length;
    const v = all.reduce((a, s) => a + (s - mean) ** 2, 0) / (all.length - 1);
    const returns = Array.from({ length: 500 }, (_, i) => 0.001 + 0.01 * Math.sin(i * 1.7));
    const r = deflatedSharpeFromTrials(await resumed.getTrials(), { returns });
    expect(r.nTrials).toBe(5 + 2 + 2);
    expect(r.sharpeVariance).toBeCloseTo(v, 14);
    expect(r.dsr).toBeCloseTo(deflatedSharpeRatio({ ...returnMoments(returns), nTrials: 9, sharpeVariance: v }).dsr, 14);
  });

  it('bad input gets ERR_OVERFIT_INPUT', () => {
    expect(() => returnMoments([1])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => returnMoments([1, 1, 1])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => returnMoments([1, NaN])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => expectedMaxSharpe(0, 1)).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => deflatedSharpeFromTrials([], { returns: [1, 2] })).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
  });
});

/** CSCV straight from the definition in Bailey, Borwein, López de Prado & Zhu (2017), §2: row by row, no block sums. */
function cscvByDefinition(series: number[][], S: number, metric: (xs: number[]) => number): number[] {
  const T = series[0]!.length;
  const N = series.length;
  const size = T / S;
  const out: number[] = [];
  const pick = (k: number, from: number, acc: number[]): void => {
    if (acc.length === k) {
      const isRows: number[] = [];
      const oosRows: number[] = [];
      for (let t = 0; t < T; t++) (acc.includes(Math.floor(t / size)) ? isRows : oosRows).push(t);
      const is = series.map((s) => metric(isRows.map((t) => s[t]!)));
      const oos = series.map((s) => metric(oosRows.map((t) => s[t]!)));
      const star = is.indexOf(Math.max(...is));
      const rank = 1 + oos.filter((v) => v < oos[star]!).length + oos.filter((v, n) => n !== star && v === oos[star]).length / 2;
      const w = rank / (N + 1);
      out.push(Math.log(w / (1 - w)));
      return;
    }
    for (let b = from; b < S; b++) pick(k, b + 1, [...acc, b]);
  };
  pick(S / 2, 0, []);
  return out;
}

const sharpeOf = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b) / xs.length;
  return m / Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / xs.length);
};

describe('probability of backtest overfitting (CSCV)', () => {
  it('hand example: two strategies that swap places between halves are always overfit', () => {
    // IS = block 0: A (1) beats B (−1); OOS = block 1: A (−1) ranks 1 of 2 → ω̄ = 1/3, λ = ln(1/2). Symmetrically for IS = block 1.
    const r = probabilityOfBacktestOverfitting([[1, -1], [-1, 1]], { blocks: 2, metric: 'mean' });
    expect(r.pbo).toBe(1);
    r.logits.forEach((l) => expect(l).toBeCloseTo(Math.log(1 / 2), 14));
    expect(r.logits).toHaveLength(2);
    expect(r.probabilityOfLoss).toBe(1);
  });

  it('matches CSCV computed from the definition on random performance matrices', () => {
    const rng = new Rng(5);
    for (let rep = 0; rep < 5; rep++) {
      const series = Array.from({ length: 6 }, () => Array.from({ length: 24 }, () => rng.normal() * 0.01 + 0.001));
      const r = probabilityOfBacktestOverfitting(series, { blocks: 6, metric: 'sharpe' });
      const ref = cscvByDefinition(series, 6, sharpeOf);
      expect(r.combinations).toBe(20);
      ref.forEach((l, i) => expect(r.logits[i]!).toBeCloseTo(l, 9));
      expect(r.pbo).toBe(ref.filter((l) => l <= 0).length / ref.length);
    }
  });

  it('a strategy with a real edge is not overfit; pure noise is overfit about half the time', () => {
    const rng = new Rng(9);
    const edge = Array.from({ length: 8 }, (_, n) => Array.from({ length: 160 }, () => rng.normal() * 0.01 + (n === 3 ? 0.01 : 0)));
    expect(probabilityOfBacktestOverfitting(edge, { blocks: 8 }).pbo).toBe(0);
    let sum = 0;
    const reps = 30;
    for (let rep = 0; rep < reps; rep++) {
      const noise = Array.from({ length: 10 }, () => Array.from({ length: 160 }, () => rng.normal() * 0.01));
      sum += probabilityOfBacktestOverfitting(noise, { blocks: 8 }).pbo;
    }
    expect(sum / reps).toBeGreaterThan(0.35);
    expect(sum / reps).toBeLessThan(0.65);
  });

  it('bad input gets ERR_OVERFIT_INPUT', () => {
    expect(() => probabilityOfBacktestOverfitting([[1, 2]])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1]])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3, 4], [4, 3, 2, 1]], { blocks: 3 })).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
    expect(() => probabilityOfBacktestOverfitting([[1, NaN], [1, 2]])).toThrow(expect.objectContaining({ code: 'ERR_OVERFIT_INPUT' }));
  });
});

describe('fold objectives', () => {
  const panel = randomPanel(21, { assets: 2, bars: 90 });
  const split = makeSplit(panel.frame, { kind: 'purgedKFold', k: 8, embargo: 1 }, panel.labels);

  it('mean and dispersion across folds', () => {
    const s = foldStats([0.6, 0.7, 0.8, 0.5]);
    expect(s.mean).toBeCloseTo(0.65, 14);
    expect(s.std).toBeCloseTo(Math.sqrt((0.05 ** 2 + 0.05 ** 2 + 0.15 ** 2 + 0.15 ** 2) / 4), 14);
    expect([s.min, s.max, s.n]).toEqual([0.5, 0.8, 4]);
  });

  it('the Wilcoxon pruner works fold by fold: a trial worse on every fold stops once the one-sided exact test reaches p < 0.1', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 1 }), pruner: new WilcoxonPruner({ pThreshold: 0.1, nStartupSteps: 2 }) });
    const trained: number[][] = [];
    const objective = foldObjective(split, (trial, _fold, i) => {
      const q = trial.suggestFloat('q', 0, 1);
      (trained[trial.number] ??= []).push(i);
      return { valid: 0.5 + 0.04 * i * q + 0.2 * q, train: 0.9 };
    });
    await study.enqueueTrial({ q: 1 });
    await study.enqueueTrial({ q: 0 });
    await study.optimize(objective, { nTrials: 2 });
    const [best, worse] = await study.getTrials();
    expect(best!.state).toBe('COMPLETE');
    expect(Object.keys(best!.intermediateValues).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(best!.values![0]).toBeCloseTo(foldStats(Object.values(best!.intermediateValues)).mean, 14);
    // all differences negative: exact one-sided p = 2^-n, first below 0.1 at n = 4 folds
    const n = [1, 2, 3, 4, 5, 6, 7, 8].find((m) => 0.5 ** m < 0.1)!;
    expect(worse!.state).toBe('PRUNED');
    expect(trained[1]).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(worse!.userAttrs[FOLD_SCORES_ATTR]).toHaveLength(n);
  });

  it('multi-objective presets: mean AUC, overfitting gap train − valid, std across folds', async () => {
    const directions = presetDirections('auc-gap-stability');
    expect(directions).toEqual(['maximize', 'minimize', 'minimize']);
    const study = await createStudy({ directions, sampler: new RandomSampler({ seed: 2 }) });
    const valid = [0.7, 0.6, 0.65, 0.72, 0.58, 0.61, 0.69, 0.66];
    await study.optimize(foldObjective(split, (_t, _f, i) => ({ valid: valid[i]!, train: 0.9 - i * 0.01 }), { preset: 'auc-gap-stability' }), { nTrials: 1 });
    const [t] = await study.getTrials();
    const v = foldStats(valid);
    const train = foldStats(valid.map((_, i) => 0.9 - i * 0.01));
    expect(t!.values![0]).toBeCloseTo(v.mean, 14);
    expect(t!.values![1]).toBeCloseTo(train.mean - v.mean, 14);
    expect(t!.values![2]).toBeCloseTo(v.std, 14);
  });

  it('bad fold scores and presets get ERR_SPLIT_OBJECTIVE', async () => {
    await expect(evaluateFolds(null, split, () => NaN)).rejects.toMatchObject({ code: 'ERR_SPLIT_OBJECTIVE' });
    const e: FoldEvaluation = await evaluateFolds(null, split, () => 0.5);
    expect(() => presetValues('auc-gap', e)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_OBJECTIVE' }));
    expect(() => presetDirections('f1' as never)).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_OBJECTIVE' }));
  });

  it("PBO from a study's trials uses each trial's stored fold scores", async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }) });
    const rng = new Rng(4);
    const scores: number[][] = [];
    await study.optimize(
      foldObjective(split, (trial) => {
        trial.suggestFloat('q', 0, 1);
        const s = 0.5 + rng.normal() * 0.02;
        (scores[trial.number] ??= []).push(s);
        return s;
      }),
      { nTrials: 12 },
    );
    const r = pboFromTrials(await study.getTrials());
    // trials the (default median) pruner stopped early have fewer fold scores and are left out
    const complete = scores.filter((s) => s.length === 8);
    expect(complete.length).toBeGreaterThan(2);
    const direct = probabilityOfBacktestOverfitting(complete, { metric: 'mean' });
    expect(r.strategies).toBe(complete.length);
    expect(r.blocks).toBe(8);
    expect(Array.from(r.logits)).toEqual(Array.from(direct.logits));
  });
});

describe('studyOverfitting', () => {
  it("gives the report DSR with every trial that ran, PBO of the fold scores, and the split's leakage opt-out", async () => {
    const panel = randomPanel(8, { assets: 2, bars: 60 });
    const split = makeSplit(panel.frame, { kind: 'shuffledKFold', k: 4, allowLeakage: 'inflation demo' }, panel.labels);
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 6 }), pruner: new WilcoxonPruner({ nStartupSteps: 99 }) });
    await recordSplit(study, split);
    const rng = new Rng(12);
    await study.optimize(
      foldObjective(split, (trial) => {
        trial.setUserAttr('sharpe', rng.normal() * 0.05);
        return 0.5 + 0.01 * trial.suggestFloat('q', 0, 1) + rng.normal() * 0.01;
      }),
      { nTrials: 10 },
    );
    const returns = Array.from({ length: 300 }, () => rng.normal() * 0.01 + 0.002);
    const trials = await study.getTrials();
    const o = await studyOverfitting(study, { returns });
    expect(o.nTrials).toBe(10);
    expect(o.leakageOptOut).toBe('inflation demo');
    expect(o.deflatedSharpe!.dsr).toBe(deflatedSharpeFromTrials(trials, { returns }).dsr);
    expect(o.pbo!.pbo).toBe(pboFromTrials(trials).pbo);
    const bare = await studyOverfitting(await createStudy());
    expect(bare.deflatedSharpeSkipped).toMatch(/returns/);
    expect(bare.pboSkipped).toMatch(/at least 2/);
  });
});
