import { describe, expect, it } from 'vitest';
import {
  createStudy,
  RandomSampler,
  floatDistribution,
  intDistribution,
  categoricalDistribution,
  parseDistribution,
  StudyError,
  type Trial,
} from '../src/index.js';

/** Run `body` as the objective of one trial and return the stored trial. */
async function oneTrial(body: (t: Trial) => number) {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
  await study.optimize(body, { nTrials: 1 });
  return { study, trial: (await study.getTrials())[0]! };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StudyError);
    return (e as StudyError).code;
  }
  return undefined;
}

describe('bad search spaces get coded errors', () => {
  it('low > high', () => {
    expect(codeOf(() => floatDistribution(2, 1))).toBe('ERR_SPACE_LOW_GT_HIGH');
    expect(codeOf(() => intDistribution(5, 1))).toBe('ERR_SPACE_LOW_GT_HIGH');
  });

  it('log scale with low ≤ 0', () => {
    expect(codeOf(() => floatDistribution(0, 1, { log: true }))).toBe('ERR_SPACE_LOG_LOW');
    expect(codeOf(() => floatDistribution(-1, 1, { log: true }))).toBe('ERR_SPACE_LOG_LOW');
    expect(codeOf(() => intDistribution(0, 10, { log: true }))).toBe('ERR_SPACE_LOG_LOW');
  });

  it('a step that does not divide the range', () => {
    expect(codeOf(() => floatDistribution(0, 1, { step: 0.3 }))).toBe('ERR_SPACE_STEP');
    expect(codeOf(() => intDistribution(0, 10, { step: 3 }))).toBe('ERR_SPACE_STEP');
    expect(codeOf(() => intDistribution(0, 10, { step: 0 }))).toBe('ERR_SPACE_STEP');
    // decimal steps that do divide are accepted despite binary rounding
    expect(floatDistribution(0, 1, { step: 0.1 }).step).toBe(0.1);
    expect(codeOf(() => floatDistribution(1e-3, 1, { log: true, step: 0.1 }))).toBe('ERR_SPACE_LOG_STEP');
  });

  it('a categorical with no choices, or with non-scalar choices', () => {
    expect(codeOf(() => categoricalDistribution([]))).toBe('ERR_SPACE_EMPTY_CHOICES');
    expect(codeOf(() => categoricalDistribution([{} as never]))).toBe('ERR_SPACE_CHOICE_TYPE');
    expect(codeOf(() => parseDistribution({ type: 'gaussian' }))).toBe('ERR_SPACE_DISTRIBUTION');
  });

  it('non-finite bounds', () => {
    expect(codeOf(() => floatDistribution(0, Infinity))).toBe('ERR_SPACE_NOT_FINITE');
    expect(codeOf(() => intDistribution(0.5, 3))).toBe('ERR_SPACE_NOT_INTEGER');
  });

  it('the same name suggested with a different distribution fails the trial with the reason', async () => {
    const { trial } = await oneTrial((t) => {
      t.suggestFloat('x', 0, 1);
      return t.suggestFloat('x', 0, 2);
    });
    expect(trial.state).toBe('FAIL');
    expect(trial.systemAttrs.fail_reason).toContain('ERR_SPACE_DISTRIBUTION_CONFLICT');
  });

  it('a name that changes kind between trials fails the later trial', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    let k = 0;
    await study.optimize((t) => (k++ === 0 ? t.suggestFloat('x', 0, 1) : t.suggestInt('x', 0, 1)), { nTrials: 2 });
    const [a, b] = await study.getTrials();
    expect(a!.state).toBe('COMPLETE');
    expect(b!.state).toBe('FAIL');
    expect(b!.systemAttrs.fail_reason).toContain('ERR_SPACE_DISTRIBUTION_CONFLICT');
  });

  it('a bad suggestion inside the objective fails that trial only', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    let k = 0;
    await study.optimize((t) => (k++ === 0 ? t.suggestFloat('lr', 0, 1, { log: true }) : t.suggestFloat('lr', 1e-3, 1, { log: true })), { nTrials: 3 });
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['FAIL', 'COMPLETE', 'COMPLETE']);
  });
});

describe('bad reports and tells', () => {
  it('reporting the same step twice throws ERR_TRIAL_STEP_REPORTED', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    const t = await study.ask();
    t.report(0.5, 3);
    expect(() => t.report(0.4, 3)).toThrow(expect.objectContaining({ code: 'ERR_TRIAL_STEP_REPORTED' }));
    expect(() => t.report(NaN, 4)).toThrow(expect.objectContaining({ code: 'ERR_TRIAL_REPORT_VALUE' }));
    expect(() => t.report(1, -1)).toThrow(expect.objectContaining({ code: 'ERR_TRIAL_REPORT_STEP' }));
    expect(() => t.report(1, 1.5)).toThrow(expect.objectContaining({ code: 'ERR_TRIAL_REPORT_STEP' }));
    await study.tell(t, 1);
    expect((await study.getTrials())[0]!.intermediateValues).toEqual({ 3: 0.5 });
  });

  it('report and shouldPrune are refused in multi-objective studies', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'] });
    const t = await study.ask();
    expect(() => t.report(1, 0)).toThrow(expect.objectContaining({ code: 'ERR_TRIAL_REPORT_MULTI_OBJECTIVE' }));
    await expect(t.shouldPrune()).rejects.toMatchObject({ code: 'ERR_TRIAL_PRUNE_MULTI_OBJECTIVE' });
  });

  it('optimize refuses a bad concurrency or nTrials', async () => {
    const study = await createStudy();
    await expect(study.optimize(() => 1, { concurrency: 0 })).rejects.toMatchObject({ code: 'ERR_STUDY_CONCURRENCY' });
    await expect(study.optimize(() => 1, { nTrials: -2 })).rejects.toMatchObject({ code: 'ERR_STUDY_N_TRIALS' });
  });
});

describe('bad enqueues', () => {
  it('enqueueing params outside the space the study uses is refused', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize((t) => t.suggestFloat('x', 0, 1) + (t.suggestCategorical('c', ['a', 'b']) === 'a' ? 0 : 1), { nTrials: 2 });
    await expect(study.enqueueTrial({ x: 3 })).rejects.toMatchObject({ code: 'ERR_SPACE_VALUE_OUTSIDE' });
    await expect(study.enqueueTrial({ c: 'z' })).rejects.toMatchObject({ code: 'ERR_SPACE_VALUE_OUTSIDE' });
    await expect(study.enqueueTrial({ x: NaN })).rejects.toMatchObject({ code: 'ERR_SPACE_VALUE' });
    await expect(study.enqueueTrial({ x: { a: 1 } as never })).rejects.toMatchObject({ code: 'ERR_SPACE_VALUE' });
  });

  it('an enqueued value outside the distribution the objective suggests fails that trial with the reason', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.enqueueTrial({ depth: 40 });
    await study.optimize((t) => t.suggestInt('depth', 1, 12), { nTrials: 2 });
    const [a, b] = await study.getTrials();
    expect(a!.state).toBe('FAIL');
    expect(a!.systemAttrs.fail_reason).toContain('ERR_SPACE_VALUE_OUTSIDE');
    expect(b!.state).toBe('COMPLETE');
  });
});
