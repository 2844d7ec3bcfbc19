import { describe, expect, it } from 'vitest';
import {
  createStudy,
  loadStudy,
  deleteStudy,
  MemoryStorage,
  RandomSampler,
  TPESampler,
  NopPruner,
  TrialPruned,
  floatDistribution,
  intDistribution,
  categoricalDistribution,
  type FrozenTrial,
  type TrialEvent,
} from '../src/index.js';

const quadratic = (x: number, y: number): number => (x - 1) ** 2 + (y + 2) ** 2;

describe('createStudy / loadStudy', () => {
  it('creates a named study, refuses a duplicate name, and loads it with loadIfExists or loadStudy', async () => {
    const storage = new MemoryStorage();
    const a = await createStudy({ name: 's', storage, direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
    expect(a.direction).toBe('maximize');
    await a.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    await expect(createStudy({ name: 's', storage, direction: 'maximize' })).rejects.toMatchObject({ code: 'ERR_STUDY_EXISTS' });
    const again = await createStudy({ name: 's', storage, direction: 'maximize', loadIfExists: true });
    expect((await again.getTrials()).length).toBe(3);
    await expect(createStudy({ name: 's', storage, direction: 'minimize', loadIfExists: true })).rejects.toMatchObject({ code: 'ERR_STUDY_DIRECTION_MISMATCH' });
    const loaded = await loadStudy({ name: 's', storage });
    expect(loaded.directions).toEqual(['maximize']);
    await expect(loadStudy({ name: 'nope', storage })).rejects.toMatchObject({ code: 'ERR_STUDY_NOT_FOUND' });
    await deleteStudy({ name: 's', storage });
    await expect(loadStudy({ name: 's', storage })).rejects.toMatchObject({ code: 'ERR_STUDY_NOT_FOUND' });
  });

  it('validates directions', async () => {
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toMatchObject({ code: 'ERR_STUDY_DIRECTIONS' });
    await expect(createStudy({ directions: [] })).rejects.toMatchObject({ code: 'ERR_STUDY_DIRECTIONS' });
    await expect(createStudy({ direction: 'up' as never })).rejects.toMatchObject({ code: 'ERR_STUDY_DIRECTIONS' });
    const mo = await createStudy({ directions: ['minimize', 'maximize'] });
    expect(() => mo.direction).toThrow(expect.objectContaining({ code: 'ERR_STUDY_MULTI_OBJECTIVE' }));
  });
});

describe('optimize', () => {
  it('finds the minimum of a quadratic and reports best trial, value and params', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 7 }) });
    await study.optimize((t) => quadratic(t.suggestFloat('x', -5, 5), t.suggestFloat('y', -5, 5)), { nTrials: 80 });
    const best = await study.bestTrial();
    expect(best.state).toBe('COMPLETE');
    expect(await study.bestValue()).toBe(best.values![0]);
    expect(await study.bestValue()).toBeLessThan(0.5);
    const p = await study.bestParams();
    expect(Math.abs((p.x as number) - 1)).toBeLessThan(0.8);
  });

  it('runs objectives concurrently up to the given concurrency', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    let inFlight = 0;
    let peak = 0;
    await study.optimize(
      async (t) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return t.suggestFloat('x', 0, 1);
      },
      { nTrials: 12, concurrency: 4 },
    );
    expect(peak).toBe(4);
    expect(await study.getTrials({ states: ['COMPLETE'] })).toHaveLength(12);
  });

  it('stops on timeout, on stop() from a callback, and after nTrials', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const t0 = Date.now();
    await study.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 10));
      return t.suggestFloat('x', 0, 1);
    }, { timeout: 60 });
    expect(Date.now() - t0).toBeLessThan(1000);
    const n1 = (await study.getTrials()).length;
    expect(n1).toBeGreaterThan(0);
    expect(n1).toBeLessThan(20);
    const seen: number[] = [];
    await study.optimize((t) => t.suggestFloat('x', 0, 1), {
      nTrials: 50,
      callbacks: [
        (s, trial) => {
          seen.push(trial.number);
          if (seen.length === 3) s.stop();
        },
      ],
    });
    expect(seen).toHaveLength(3);
  });

  it('rejects with ERR_ABORTED on abort and fails the running trials with reason "aborted"', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(
      study.optimize(async (t) => {
        t.suggestFloat('x', 0, 1);
        await new Promise((r) => setTimeout(r, 1000));
        return 1;
      }, { signal: ac.signal, concurrency: 2 }),
    ).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    const trials = await study.getTrials();
    expect(trials).toHaveLength(2);
    for (const t of trials) {
      expect(t.state).toBe('FAIL');
      expect(t.systemAttrs.fail_reason).toBe('aborted');
    }
  });

  it('records a throwing objective or NaN/Infinity as FAIL with the reason and goes on', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    let i = 0;
    await study.optimize(
      (t) => {
        t.suggestFloat('x', 0, 1);
        const k = i++;
        if (k === 0) throw new Error('boom');
        if (k === 1) return NaN;
        if (k === 2) return Infinity;
        if (k === 3) return [1, 2];
        return k;
      },
      { nTrials: 6 },
    );
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'COMPLETE', 'COMPLETE']);
    expect(trials[0]!.systemAttrs.fail_reason).toContain('boom');
    expect(trials[1]!.systemAttrs.fail_reason).toContain('NaN');
    expect(trials[2]!.systemAttrs.fail_reason).toContain('Infinity');
    expect(trials[3]!.systemAttrs.fail_reason).toContain('2 value(s) for 1 direction');
  });

  it('rethrows objective errors that the catch policy does not accept, after recording the FAIL', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await expect(
      study.optimize(
        (t) => {
          t.suggestFloat('x', 0, 1);
          throw new TypeError('fatal');
        },
        { nTrials: 5, catch: (e) => !(e instanceof TypeError) },
      ),
    ).rejects.toThrow('fatal');
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['FAIL']);
  });

  it('records TrialPruned as PRUNED with the last reported value', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
    await study.optimize(
      (t) => {
        t.suggestFloat('x', 0, 1);
        t.report(0.7, 0);
        t.report(0.4, 1);
        throw new TrialPruned();
      },
      { nTrials: 1 },
    );
    const [t] = await study.getTrials();
    expect(t!.state).toBe('PRUNED');
    expect(t!.values).toEqual([0.4]);
    expect(t!.intermediateValues).toEqual({ 0: 0.7, 1: 0.4 });
  });

  it('emits trialstart / trialcomplete / trialprune / trialfail events', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const log: string[] = [];
    for (const type of ['trialstart', 'trialcomplete', 'trialprune', 'trialfail']) {
      study.addEventListener(type, (e) => log.push(`${e.type}:${(e as TrialEvent).trial.number}`));
    }
    let i = 0;
    await study.optimize(
      (t) => {
        t.suggestFloat('x', 0, 1);
        const k = i++;
        if (k === 1) throw new TrialPruned();
        if (k === 2) throw new Error('x');
        return 1;
      },
      { nTrials: 3 },
    );
    expect(log).toEqual(['trialstart:0', 'trialcomplete:0', 'trialstart:1', 'trialprune:1', 'trialstart:2', 'trialfail:2']);
  });
});

describe('ask / tell', () => {
  it('asks with fixed distributions and tells values, states and reasons', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const t = await study.ask({ x: floatDistribution(0, 1), n: intDistribution(1, 5), c: categoricalDistribution(['a', 'b']) });
    expect(Object.keys(t.params).sort()).toEqual(['c', 'n', 'x']);
    expect(t.suggestFloat('x', 0, 1)).toBe(t.params.x);
    const done = await study.tell(t, 0.25);
    expect(done.state).toBe('COMPLETE');
    expect(done.values).toEqual([0.25]);
    const t2 = await study.ask();
    const failed = await study.tell(t2.number, { state: 'FAIL', failReason: 'out of memory' });
    expect(failed.systemAttrs.fail_reason).toBe('out of memory');
    const t3 = await study.ask();
    expect((await study.tell(t3, 'PRUNED')).state).toBe('PRUNED');
  });

  it('refuses to tell twice, to tell an unknown trial, and to tell RUNNING', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const t = await study.ask();
    await study.tell(t, 1);
    await expect(study.tell(t, 2)).rejects.toMatchObject({ code: 'ERR_TRIAL_ALREADY_FINISHED' });
    await expect(study.tell(t.number, 2)).rejects.toMatchObject({ code: 'ERR_TRIAL_ALREADY_FINISHED' });
    expect((await study.tell(t, { values: 3, skipIfFinished: true })).values).toEqual([1]);
    await expect(study.tell(99, 1)).rejects.toMatchObject({ code: 'ERR_TRIAL_NOT_FOUND' });
    await expect(study.tell(-1, 1)).rejects.toMatchObject({ code: 'ERR_TRIAL_NOT_FOUND' });
    const other = await createStudy();
    const foreign = await other.ask();
    await expect(study.tell(foreign, 1)).rejects.toMatchObject({ code: 'ERR_TRIAL_NOT_FOUND' });
    const t2 = await study.ask();
    await expect(study.tell(t2, 'RUNNING')).rejects.toMatchObject({ code: 'ERR_TRIAL_TELL' });
  });

  it('makes a tell with NaN, Infinity or the wrong count a FAIL with the reason', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new RandomSampler({ seed: 3 }) });
    const a = await study.tell(await study.ask(), [1, NaN]);
    expect(a.state).toBe('FAIL');
    expect(a.systemAttrs.fail_reason).toContain('NaN');
    const b = await study.tell(await study.ask(), [1]);
    expect(b.systemAttrs.fail_reason).toContain('1 value(s) for 2 direction(s)');
  });
});

describe('enqueue, addTrial, fixed params', () => {
  it('runs enqueued params first, marks them fixed, keeps user attrs, and skips exact repeats', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    expect(await study.enqueueTrial({ x: 0.125, k: 'b' }, { userAttrs: { src: 'warm start' } })).toBe(0);
    expect(await study.enqueueTrial({ x: 0.125, k: 'b' }, { skipIfExists: true })).toBeNull();
    expect(await study.enqueueTrial({ x: 0.5, k: 'a' }, { skipIfExists: true })).toBe(1);
    await study.optimize((t) => t.suggestFloat('x', 0, 1) + (t.suggestCategorical('k', ['a', 'b']) === 'a' ? 1 : 0), { nTrials: 3 });
    const trials = await study.getTrials();
    expect(trials[0]!.params).toEqual({ x: 0.125, k: 'b' });
    expect(trials[0]!.userAttrs).toEqual({ src: 'warm start' });
    expect(trials[1]!.params).toEqual({ x: 0.5, k: 'a' });
    expect(trials[2]!.systemAttrs.fixed_params).toBeUndefined();
  });

  it('adds finished trials from elsewhere and uses them as the best', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const added = await study.addTrial({ params: { x: 0.3 }, distributions: { x: floatDistribution(0, 1) }, values: [-5], intermediateValues: { 0: 1 } });
    expect(added.state).toBe('COMPLETE');
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    expect(await study.bestValue()).toBe(-5);
    await expect(study.addTrial({ params: { x: 3 }, distributions: { x: floatDistribution(0, 1) }, values: [1] })).rejects.toMatchObject({ code: 'ERR_SPACE_VALUE_OUTSIDE' });
    await expect(study.addTrial({ params: { x: 0.1 }, distributions: { x: floatDistribution(0, 1) } })).rejects.toMatchObject({ code: 'ERR_TRIAL_VALUES' });
    await expect(study.addTrial({ state: 'RUNNING', params: {}, distributions: {} })).rejects.toMatchObject({ code: 'ERR_TRIAL_STATE' });
    await expect(study.addTrial({ params: { x: 1 }, distributions: { x: intDistribution(0, 1) }, values: [1] })).rejects.toMatchObject({ code: 'ERR_SPACE_DISTRIBUTION_CONFLICT' });
  });
});

describe('define-by-run and conditional spaces', () => {
  it('suggests only the branch a trial takes, and a relative sampler still models each branch', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 11, multivariate: true, group: true, nStartupTrials: 8 }) });
    await study.optimize(
      (t) => {
        const model = t.suggestCategorical('model', ['linear', 'tree']);
        if (model === 'linear') return (t.suggestFloat('alpha', 1e-4, 1, { log: true }) - 0.01) ** 2 + 1;
        return (t.suggestInt('depth', 1, 12) - 6) ** 2 / 10 + t.suggestFloat('eta', 0, 1);
      },
      { nTrials: 60 },
    );
    const trials = await study.getTrials({ states: ['COMPLETE'] });
    for (const t of trials) {
      const keys = Object.keys(t.params).sort();
      expect(keys).toEqual(t.params.model === 'linear' ? ['alpha', 'model'] : ['depth', 'eta', 'model']);
    }
    expect(await study.bestValue()).toBeLessThan(0.3);
  });

  it('returns the same value when a name is suggested twice with the same distribution', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const t = await study.ask();
    const a = t.suggestInt('n', 1, 10);
    expect(t.suggestInt('n', 1, 10)).toBe(a);
  });
});

describe('results', () => {
  it('returns the Pareto set of a two-objective study', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    const points: [number, number][] = [
      [1, 1],
      [2, 3],
      [3, 3],
      [0.5, 0.2],
      [2, 2],
      [4, 5],
    ];
    for (const [a, b] of points) await study.tell(await study.ask(), [a, b]);
    const front = (await study.bestTrials()).map((t) => t.values);
    expect(front).toEqual([
      [1, 1],
      [2, 3],
      [0.5, 0.2],
      [4, 5],
    ]);
    await expect(study.bestTrial()).rejects.toMatchObject({ code: 'ERR_STUDY_MULTI_OBJECTIVE' });
  });

  it('iterates trials and follows new ones as they finish', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    const all: number[] = [];
    for await (const t of study.trials()) all.push(t.number);
    expect(all).toEqual([0, 1, 2]);
    const ac = new AbortController();
    const followed: FrozenTrial[] = [];
    const reader = (async () => {
      for await (const t of study.trials({ follow: true, signal: ac.signal, states: ['COMPLETE'] })) {
        followed.push(t);
        if (followed.length === 5) ac.abort();
      }
    })();
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 2 });
    await reader;
    expect(followed.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps study and trial user attributes', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.setUserAttr('dataset', { name: 'btc', rows: 10 });
    expect(await study.userAttrs()).toEqual({ dataset: { name: 'btc', rows: 10 } });
    await study.optimize(
      (t) => {
        t.setUserAttr('auc', 0.7);
        return t.suggestFloat('x', 0, 1);
      },
      { nTrials: 1 },
    );
    expect((await study.getTrials())[0]!.userAttrs).toEqual({ auc: 0.7 });
  });
});

describe('dead workers', () => {
  it('fails a RUNNING trial whose heartbeat went stale and re-enqueues it as a retry', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 'hb', storage, sampler: new RandomSampler({ seed: 1 }), heartbeat: { intervalMs: 10, graceMs: 30, maxRetry: 1 } });
    const dead = await study.ask();
    dead.suggestFloat('x', 0, 1);
    await dead.flush();
    await new Promise((r) => setTimeout(r, 60));
    const fails: number[] = [];
    study.addEventListener('trialfail', (e) => fails.push((e as TrialEvent).trial.number));
    const next = await study.ask();
    expect(fails).toEqual([0]);
    expect(next.number).toBe(1);
    expect(next.fixedParams).toEqual({ x: dead.params.x });
    const frozen = await study.tell(next, 1);
    expect(frozen.retryOf).toBe(0);
    expect(frozen.retryHistory).toEqual([0]);
    expect((await storage.getTrial(dead.trialId)).state).toBe('FAIL');
  });
});

describe('a store shared with other processes', () => {
  it('waits for a trial that is not visible yet instead of leaving a hole before the next one', async () => {
    // Another process's trial 1 committed before its trial 0: one read sees 1 without 0.
    class Racing extends MemoryStorage {
      hide = true;
      override async getAllTrials(...args: Parameters<MemoryStorage['getAllTrials']>): Promise<FrozenTrial[]> {
        const all = await super.getAllTrials(...args);
        return this.hide ? all.filter((t) => t.number !== 0) : all;
      }
    }
    const storage = new Racing();
    const d = { x: floatDistribution(0, 1) };
    const first = await createStudy({ storage, name: 'race', direction: 'minimize' });
    for (const x of [0.2, 0.4]) await first.addTrial({ params: { x }, distributions: d, values: [x] });
    const study = await loadStudy({ storage, name: 'race', sampler: new TPESampler({ seed: 1, nStartupTrials: 1 }) });
    const t = await study.ask(d);
    await study.tell(t, 0.5);
    storage.hide = false;
    const numbers = (await study.getTrials()).map((x) => x.number);
    expect(numbers).toEqual([0, 1, 2]);
  });
});
