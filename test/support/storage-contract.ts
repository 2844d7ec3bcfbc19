/**
 * The behaviour every `Storage` must show, as a reusable vitest suite. Each storage's test file
 * calls `describeStorageContract('LmdbStorage', async () => ({ storage, cleanup }))`.
 * `makeStorage` must return an empty storage; `advance` (optional) moves the storage's clock so the
 * heartbeat test does not depend on how fast a store answers (a networked one may need more than
 * its 30 ms window under load); without it that test waits in real time.
 */
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../src/study/distributions.js';

export interface StorageFixture {
  storage: Storage;
  cleanup?: () => Promise<void>;
  /** Move the storage's clock forward by `ms`. */
  advance?: (ms: number) => void;
}

async function withStorage(make: () => Promise<StorageFixture>, body: (s: Storage, f: StorageFixture) => Promise<void>): Promise<void> {
  const f = await make();
  try {
    await body(f.storage, f);
  } finally {
    await f.storage.close().catch(() => undefined);
    await f.cleanup?.();
  }
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

export function describeStorageContract(label: string, make: () => Promise<StorageFixture>): void {
  describe(`${label} storage contract`, () => {
    it('creates, names, lists and deletes studies', async () =>
      withStorage(make, async (s) => {
        const a = await s.createStudy('a', ['minimize']);
        const b = await s.createStudy('b', ['minimize', 'maximize']);
        expect(a).not.toBe(b);
        expect(await s.getStudyIdFromName('b')).toBe(b);
        expect(await s.getStudyNameFromId(a)).toBe('a');
        expect(await s.getStudyDirections(b)).toEqual(['minimize', 'maximize']);
        expect(await codeOf(s.createStudy('a', ['minimize']))).toBe('ERR_STUDY_EXISTS');
        expect(await codeOf(s.getStudyIdFromName('nope'))).toBe('ERR_STUDY_NOT_FOUND');
        await s.setStudyUserAttr(a, 'k', { x: [1, 'two', null] });
        await s.setStudySystemAttr(a, 'sys', 3);
        expect(await s.getStudyUserAttrs(a)).toEqual({ k: { x: [1, 'two', null] } });
        expect(await s.getStudySystemAttrs(a)).toEqual({ sys: 3 });
        await s.createTrial(a);
        const all = await s.getAllStudies();
        expect(all.map((x) => x.name).sort()).toEqual(['a', 'b']);
        expect(all.find((x) => x.name === 'a')!.nTrials).toBe(1);
        await s.deleteStudy(a);
        expect(await codeOf(s.getStudyIdFromName('a'))).toBe('ERR_STUDY_NOT_FOUND');
        expect((await s.getAllStudies()).map((x) => x.name)).toEqual(['b']);
        // A deleted study's name can be reused.
        await s.createStudy('a', ['maximize']);
      }));

    it('numbers trials per study and round-trips params, values, attrs and intermediate values', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('t', ['minimize']);
        const other = await s.createStudy('o', ['minimize']);
        const t0 = await s.createTrial(st);
        await s.createTrial(other);
        const t1 = await s.createTrial(st);
        expect([t0.number, t1.number]).toEqual([0, 1]);
        expect(t0.trialId).not.toBe(t1.trialId);
        expect(t0.state).toBe('RUNNING');
        expect(t0.datetimeStart).not.toBeNull();
        const fd = floatDistribution(1e-3, 1, { log: true });
        const cd = categoricalDistribution(['gbtree', 'dart', null]);
        const id = intDistribution(1, 9, { step: 2 });
        await s.setTrialParam(t0.trialId, 'lr', 0.01, fd);
        await s.setTrialParam(t0.trialId, 'booster', 1, cd);
        await s.setTrialParam(t0.trialId, 'depth', 5, id);
        await s.setTrialIntermediateValue(t0.trialId, 0, 0.5);
        await s.setTrialIntermediateValue(t0.trialId, 3, 0.25);
        expect(await codeOf(s.setTrialIntermediateValue(t0.trialId, 3, 0.2))).toBe('ERR_TRIAL_STEP_REPORTED');
        await s.setTrialUserAttr(t0.trialId, 'note', 'hi');
        await s.setTrialSystemAttr(t0.trialId, 'sys', [1, 2]);
        expect(await s.setTrialStateValues(t0.trialId, 'COMPLETE', [0.125])).toBe(true);
        const got = await s.getTrial(t0.trialId);
        expect(got.params).toEqual({ lr: 0.01, booster: 'dart', depth: 5 });
        expect(got.distributions).toEqual({ lr: fd, booster: cd, depth: id });
        expect(got.values).toEqual([0.125]);
        expect(got.intermediateValues[3]).toBe(0.25);
        expect(got.intermediateValues[0]).toBe(0.5);
        expect(got.userAttrs).toEqual({ note: 'hi' });
        expect(got.systemAttrs).toEqual({ sys: [1, 2] });
        expect(got.datetimeComplete).not.toBeNull();
        expect(await s.getTrialIdFromNumber(st, 1)).toBe(t1.trialId);
        expect(await codeOf(s.getTrialIdFromNumber(st, 7))).toBe('ERR_TRIAL_NOT_FOUND');
        expect(await codeOf(s.getTrial(987654))).toBe('ERR_TRIAL_NOT_FOUND');
        // JSON round trip keeps everything.
        expect(JSON.parse(JSON.stringify(got))).toEqual(got);
      }));

    it('applies a batch of edits with updateTrial in order, and none of it to a finished trial', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('u', ['minimize']);
        const t = await s.createTrial(st);
        const fd = floatDistribution(0, 2);
        await s.updateTrial(t.trialId, [
          { kind: 'param', name: 'x', internalValue: 1.5, distribution: fd },
          { kind: 'intermediate', step: 0, value: 0.75 },
          { kind: 'userAttr', key: 'note', value: 'first' },
          { kind: 'userAttr', key: 'note', value: 'second' },
          { kind: 'systemAttr', key: 'sys', value: { a: 1 } },
        ]);
        await s.updateTrial(t.trialId, []);
        const got = await s.getTrial(t.trialId);
        expect(got.params).toEqual({ x: 1.5 });
        expect(got.distributions).toEqual({ x: fd });
        expect(got.intermediateValues).toEqual({ 0: 0.75 });
        expect(got.userAttrs).toEqual({ note: 'second' });
        expect(got.systemAttrs).toEqual({ sys: { a: 1 } });
        expect(await codeOf(s.updateTrial(t.trialId, [{ kind: 'intermediate', step: 0, value: 1 }]))).toBe('ERR_TRIAL_STEP_REPORTED');
        expect(await s.setTrialStateValues(t.trialId, 'COMPLETE', [1])).toBe(true);
        expect(await codeOf(s.updateTrial(t.trialId, [{ kind: 'userAttr', key: 'late', value: 1 }]))).toBe('ERR_TRIAL_FINISHED');
        expect((await s.getTrial(t.trialId)).userAttrs).toEqual({ note: 'second' });
        expect(await codeOf(s.updateTrial(987654, [{ kind: 'userAttr', key: 'k', value: 1 }]))).toBe('ERR_TRIAL_NOT_FOUND');
      }));

    it('treats finished trials as immutable and tells twice as false', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('f', ['minimize']);
        const t = await s.createTrial(st);
        expect(await s.setTrialStateValues(t.trialId, 'PRUNED', [3])).toBe(true);
        expect(await s.setTrialStateValues(t.trialId, 'COMPLETE', [1])).toBe(false);
        expect(await s.setTrialStateValues(t.trialId, 'FAIL')).toBe(false);
        expect((await s.getTrial(t.trialId)).state).toBe('PRUNED');
        expect(await codeOf(s.setTrialParam(t.trialId, 'x', 1, floatDistribution(0, 2)))).toBe('ERR_TRIAL_FINISHED');
        expect(await codeOf(s.setTrialIntermediateValue(t.trialId, 1, 1))).toBe('ERR_TRIAL_FINISHED');
        expect(await codeOf(s.setTrialUserAttr(t.trialId, 'a', 1))).toBe('ERR_TRIAL_FINISHED');
        // RUNNING only from WAITING.
        const r = await s.createTrial(st);
        expect(await s.setTrialStateValues(r.trialId, 'RUNNING')).toBe(false);
      }));

    it('filters trials by state and number, counts them, and finds the best', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('q', ['maximize']);
        expect(await codeOf(s.getBestTrial(st))).toBe('ERR_STUDY_NO_COMPLETE_TRIALS');
        const vals = [1, 5, 3, 5];
        for (const v of vals) {
          const t = await s.createTrial(st);
          await s.setTrialStateValues(t.trialId, 'COMPLETE', [v]);
        }
        const f = await s.createTrial(st);
        await s.setTrialStateValues(f.trialId, 'FAIL');
        await s.createTrial(st, { state: 'WAITING', params: { x: 1 }, distributions: { x: floatDistribution(0, 2) } });
        expect(await s.getNTrials(st)).toBe(6);
        expect(await s.getNTrials(st, ['COMPLETE'])).toBe(4);
        expect((await s.getAllTrials(st, { states: ['FAIL', 'WAITING'] })).map((t) => t.number)).toEqual([4, 5]);
        expect((await s.getAllTrials(st, { fromNumber: 3 })).map((t) => t.number)).toEqual([3, 4, 5]);
        expect((await s.getAllTrials(st, { deepcopy: false })).map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
        const best = await s.getBestTrial(st);
        expect(best.values).toEqual([5]);
        expect(best.number).toBe(1);
        const mo = await s.createStudy('mo', ['minimize', 'minimize']);
        expect(await codeOf(s.getBestTrial(mo))).toBe('ERR_STUDY_MULTI_OBJECTIVE');
      }));

    it('creates trials from templates (enqueued WAITING, finished, retries)', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('tmpl', ['minimize']);
        const fd = floatDistribution(0, 1);
        const w = await s.createTrial(st, { state: 'WAITING', params: { x: 0.5 }, distributions: { x: fd }, userAttrs: { src: 'enqueue' } });
        expect(w.state).toBe('WAITING');
        expect(w.datetimeStart).toBeNull();
        const done = await s.createTrial(st, { state: 'COMPLETE', values: [0.1], params: { x: 0.2 }, distributions: { x: fd }, intermediateValues: { 1: 0.3 } });
        expect(done.datetimeComplete).not.toBeNull();
        expect((await s.getBestTrial(st)).number).toBe(done.number);
        const retry = await s.createTrial(st, { state: 'WAITING', retryOf: 0, retryHistory: [0] });
        const back = await s.getTrial(retry.trialId);
        expect(back.retryOf).toBe(0);
        expect(back.retryHistory).toEqual([0]);
      }));

    it('hands each WAITING trial to exactly one claimer', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('claim', ['minimize']);
        for (let i = 0; i < 5; i++) await s.createTrial(st, { state: 'WAITING', params: { i }, distributions: { i: intDistribution(0, 9) } });
        const claims = await Promise.all(Array.from({ length: 8 }, () => s.claimWaitingTrial(st, { heartbeat: true })));
        const got = claims.filter((c) => c !== null).map((c) => c!.number).sort();
        expect(got).toEqual([0, 1, 2, 3, 4]);
        for (const c of claims) if (c) {
          expect(c.state).toBe('RUNNING');
          expect(c.datetimeStart).not.toBeNull();
          expect(c.heartbeat).not.toBeNull();
        }
        expect(await s.claimWaitingTrial(st)).toBeNull();
      }));

    it('lets exactly one of two concurrent finishes win', async () =>
      withStorage(make, async (s) => {
        const st = await s.createStudy('race', ['minimize']);
        const t = await s.createTrial(st);
        const r = await Promise.all([s.setTrialStateValues(t.trialId, 'COMPLETE', [1]), s.setTrialStateValues(t.trialId, 'COMPLETE', [2])]);
        expect(r.filter(Boolean)).toHaveLength(1);
      }));

    it('fails RUNNING trials whose heartbeat is stale and leaves the rest', async () =>
      withStorage(make, async (s, f) => {
        const st = await s.createStudy('hb', ['minimize']);
        const stale = await s.createTrial(st);
        const alive = await s.createTrial(st);
        const quiet = await s.createTrial(st); // heartbeats off
        await s.recordHeartbeat(stale.trialId);
        if (f.advance) f.advance(60);
        else await new Promise((r) => setTimeout(r, 60));
        await s.recordHeartbeat(alive.trialId);
        const failed = await s.failStaleTrials(st, 30);
        expect(failed.map((t) => t.number)).toEqual([stale.number]);
        expect(failed[0]!.state).toBe('FAIL');
        expect(typeof failed[0]!.systemAttrs['fail_reason']).toBe('string');
        expect((await s.getTrial(alive.trialId)).state).toBe('RUNNING');
        expect((await s.getTrial(quiet.trialId)).state).toBe('RUNNING');
        expect(await s.failStaleTrials(st, 30)).toEqual([]);
      }));

    it('refuses use after close', async () => {
      const f = await make();
      await f.storage.close();
      expect(await codeOf(f.storage.getAllStudies())).toBe('ERR_STORAGE_CLOSED');
      await f.cleanup?.();
    });
  });
}
