import { describe, expect, it } from 'vitest';
import {
  createStudy,
  RandomSampler,
  MedianPruner,
  PercentilePruner,
  ThresholdPruner,
  PatientPruner,
  SuccessiveHalvingPruner,
  HyperbandPruner,
  WilcoxonPruner,
  NopPruner,
  floatDistribution,
  type Pruner,
  type StudyDirection,
} from '../src/index.js';

/** A study whose COMPLETE trials reported `curves[i]` (step → value) and ended with `finals[i]`. */
async function studyWith(pruner: Pruner, curves: Record<number, number>[], direction: StudyDirection = 'minimize', finals?: number[]) {
  const study = await createStudy({ direction, pruner, sampler: new RandomSampler({ seed: 1 }) });
  const d = { x: floatDistribution(0, 1) };
  for (let i = 0; i < curves.length; i++) {
    const steps = Object.keys(curves[i]!).map(Number);
    const last = curves[i]![Math.max(...steps)]!;
    await study.addTrial({ params: { x: 0.5 }, distributions: d, values: [finals?.[i] ?? last], intermediateValues: curves[i]! });
  }
  return study;
}

/** Report `values` (step → value) on a new trial and ask the pruner. */
async function decide(study: Awaited<ReturnType<typeof studyWith>>, values: Record<number, number>): Promise<boolean> {
  const t = await study.ask();
  for (const [s, v] of Object.entries(values)) t.report(v, Number(s));
  return t.shouldPrune();
}

const five = [1, 2, 3, 4, 5].map((v) => ({ 0: v + 10, 1: v }));

describe('MedianPruner', () => {
  it('prunes above the median of completed trials at the same step (minimize)', async () => {
    const study = await studyWith(new MedianPruner(), five);
    expect(await decide(study, { 0: 0, 1: 3.5 })).toBe(false); // best over steps is 0 (step 0)
    expect(await decide(study, { 0: 12.9, 1: 3.5 })).toBe(true); // median at step 1 is 3; best 3.5 > 3
    expect(await decide(study, { 0: 12.9, 1: 2.9 })).toBe(false);
  });

  it('mirrors for maximize', async () => {
    const study = await studyWith(new MedianPruner(), five, 'maximize');
    expect(await decide(study, { 1: 2.5 })).toBe(true);
    expect(await decide(study, { 1: 3.5 })).toBe(false);
  });

  it('waits for startup trials and warm-up steps, and checks only on interval steps', async () => {
    expect(await decide(await studyWith(new MedianPruner(), five.slice(0, 4)), { 1: 100 })).toBe(false);
    expect(await decide(await studyWith(new MedianPruner({ nWarmupSteps: 2 }), five), { 1: 100 })).toBe(false);
    const study = await studyWith(new MedianPruner({ intervalSteps: 2 }), five);
    const t = await study.ask();
    t.report(100, 0);
    expect(await t.shouldPrune()).toBe(true);
    t.report(100, 1); // step 1 is not a checkpoint when checking every 2 steps
    expect(await t.shouldPrune()).toBe(false);
  });
});

describe('PercentilePruner', () => {
  it('uses numpy-style linear percentiles and nMinTrials', async () => {
    const study = await studyWith(new PercentilePruner(25), five);
    expect(await decide(study, { 1: 2.5 })).toBe(true); // 25th percentile of 1..5 is 2
    expect(await decide(study, { 1: 1.9 })).toBe(false);
    const sparse = await studyWith(new PercentilePruner(25, { nMinTrials: 6 }), five);
    expect(await decide(sparse, { 1: 100 })).toBe(false);
  });

  it('refuses a percentile outside [0, 100]', () => {
    expect(() => new PercentilePruner(101)).toThrow(expect.objectContaining({ code: 'ERR_PRUNER_PERCENTILE' }));
  });
});

describe('ThresholdPruner', () => {
  it('prunes outside [lower, upper] after warm-up', async () => {
    const study = await studyWith(new ThresholdPruner({ lower: 0, upper: 1, nWarmupSteps: 1 }), []);
    expect(await decide(study, { 0: 5 })).toBe(false);
    expect(await decide(study, { 1: 1.5 })).toBe(true);
    expect(await decide(study, { 1: -0.1 })).toBe(true);
    expect(await decide(study, { 1: 0.5 })).toBe(false);
    expect(() => new ThresholdPruner({})).toThrow(expect.objectContaining({ code: 'ERR_PRUNER_OPTION' }));
  });
});

describe('PatientPruner', () => {
  it('prunes after `patience` steps without improvement, and asks the wrapped pruner then', async () => {
    const stalled = { 0: 5, 1: 4, 2: 4.5, 3: 4.2, 4: 4.1 };
    const improving = { 0: 5, 1: 4, 2: 4.5, 3: 3.9, 4: 4.1 };
    const alone = await studyWith(new PatientPruner(null, 2), []);
    expect(await decide(alone, stalled)).toBe(true);
    expect(await decide(alone, improving)).toBe(false);
    expect(await decide(alone, { 0: 5, 1: 6, 2: 7 })).toBe(false); // not enough steps yet
    const wrapped = await studyWith(new PatientPruner(new ThresholdPruner({ upper: 10 }), 2), []);
    expect(await decide(wrapped, stalled)).toBe(false);
    const tight = await studyWith(new PatientPruner(null, 2, 0.2), []);
    // minDelta tolerates: 4.1 is within 0.2 of the best before the window (4), so not pruned
    expect(await decide(tight, stalled)).toBe(false);
    expect(await decide(tight, { 0: 5, 1: 4, 2: 4.5, 3: 4.3, 4: 4.25 })).toBe(true);
  });
});

describe('SuccessiveHalvingPruner (asynchronous)', () => {
  it('promotes only the top 1/η at each rung, comparing with earlier trials at that rung', async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), []);
    const a = await study.ask();
    a.report(1.0, 1);
    expect(await a.shouldPrune()).toBe(false); // first at rung 0: promoted
    expect(a.systemAttrs.completed_rung_0).toBe(1.0);
    expect(await decide(study, { 1: 2.0 })).toBe(true); // [1, 2]: top 1/2 is 1
    expect(await decide(study, { 1: 0.5 })).toBe(false); // [1, 2, 0.5]: 0.5 is the best
    // rung 1 needs step 2: a reaches it with a value worse than nobody else there → promoted
    a.report(0.9, 2);
    expect(await a.shouldPrune()).toBe(false);
    expect(a.systemAttrs.completed_rung_1).toBe(0.9);
  });

  it("estimates minResource as 1/100 of the longest completed trial's steps", async () => {
    const long: Record<number, number> = {};
    for (let s = 0; s < 400; s++) long[s] = 1;
    const study = await studyWith(new SuccessiveHalvingPruner({ reductionFactor: 2 }), [long]);
    expect(await decide(study, { 2: 5 })).toBe(false); // step 2 < minResource 3
    expect(await decide(study, { 3: 5 })).toBe(false); // first at rung 0
    expect(await decide(study, { 3: 6 })).toBe(true);
  });
});

describe('HyperbandPruner', () => {
  it('builds floor(log_η(max/min)) + 1 brackets and assigns trials like Optuna (crc32 of name_number)', async () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    const study = await createStudy({ name: 'hb', pruner, sampler: new RandomSampler({ seed: 1 }) });
    const t = await study.ask();
    t.report(1, 0);
    await t.shouldPrune();
    expect(pruner.nBrackets).toBe(3);
    // expected ids computed with Optuna's formula in Python (binascii.crc32, budgets 9, 5, 3)
    expect(Array.from({ length: 12 }, (_, n) => pruner.bracketId('hb', n))).toEqual([0, 0, 2, 2, 1, 1, 1, 2, 1, 0, 1, 0]);
  });

  it('waits for a completed trial to size itself when maxResource is auto', async () => {
    const pruner = new HyperbandPruner();
    const study = await studyWith(pruner, []);
    expect(await decide(study, { 5: 1 })).toBe(false);
    expect(pruner.nBrackets).toBe(0);
    const long: Record<number, number> = {};
    for (let s = 0; s < 27; s++) long[s] = 1;
    const sized = await studyWith(pruner, [long]);
    await decide(sized, { 0: 1 });
    expect(pruner.nBrackets).toBe(4); // max 27, η 3: log3(27) + 1
  });
});

describe('WilcoxonPruner', () => {
  const folds = (vals: number[]) => Object.fromEntries(vals.map((v, i) => [i, v]));

  it('prunes a trial significantly worse than the best on shared folds', async () => {
    const study = await studyWith(new WilcoxonPruner({ pThreshold: 0.1 }), [folds([1, 1, 1, 1, 1, 1, 1, 1])], 'minimize', [1]);
    // 8 positive differences: exact one-sided p = 1/256
    expect(await decide(study, folds([2, 2.1, 1.9, 2.2, 2.05, 1.95, 2.3, 2.15]))).toBe(true);
    expect(await decide(study, folds([0.5, 0.6, 0.4, 0.7]))).toBe(false);
    expect(await decide(study, folds([5]))).toBe(false); // fewer than nStartupSteps shared folds
  });

  it('never prunes when no trial has completed', async () => {
    const study = await studyWith(new WilcoxonPruner(), []);
    expect(await decide(study, folds([1, 2, 3, 4, 5, 6]))).toBe(false);
  });
});

describe('NopPruner', () => {
  it('never prunes', async () => {
    expect(await decide(await studyWith(new NopPruner(), five), { 1: 1e9 })).toBe(false);
  });
});
