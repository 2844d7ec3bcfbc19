import { describe, expect, it } from 'vitest';
import { describeStorageContract } from './support/storage-contract.js';
import { MemoryStorage } from '../src/storage/memory.js';

describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));

describe('MemoryStorage WAITING queue', () => {
  it('claims the lowest-numbered WAITING trial, whatever order trials start and stop waiting in', async () => {
    const s = new MemoryStorage();
    const st = await s.createStudy('queue', ['minimize']);
    const waiting = async () => (await s.createTrial(st, { state: 'WAITING' })).trialId;
    const w0 = await waiting(); // 0
    await s.createTrial(st); // 1 RUNNING
    await waiting(); // 2
    const w3 = await waiting(); // 3
    // a WAITING trial finished without being claimed is not handed out
    expect(await s.setTrialStateValues(w0, 'FAIL')).toBe(true);
    expect((await s.claimWaitingTrial(st))!.number).toBe(2);
    // trial 1 goes back to WAITING: it is now the lowest
    expect(await s.setTrialStateValues(await s.getTrialIdFromNumber(st, 1), 'WAITING')).toBe(true);
    await waiting(); // 4
    expect((await s.claimWaitingTrial(st))!.number).toBe(1);
    expect((await s.claimWaitingTrial(st))!.number).toBe(3);
    expect((await s.getTrial(w3)).state).toBe('RUNNING');
    expect((await s.claimWaitingTrial(st))!.number).toBe(4);
    expect(await s.claimWaitingTrial(st)).toBeNull();
    // after the queue ran dry, new WAITING trials are still found
    await s.createTrial(st); // 5 RUNNING
    await waiting(); // 6
    expect((await s.claimWaitingTrial(st))!.number).toBe(6);
    expect(await s.claimWaitingTrial(st)).toBeNull();
  });

  it('keeps claim order over thousands of trials with WAITING ones spread among them', async () => {
    const s = new MemoryStorage();
    const st = await s.createStudy('many', ['minimize']);
    const expected: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const waiting = i % 7 === 3;
      await s.createTrial(st, waiting ? { state: 'WAITING' } : { state: 'COMPLETE', values: [i] });
      if (waiting) expected.push(i);
    }
    const got: number[] = [];
    for (let t = await s.claimWaitingTrial(st); t !== null; t = await s.claimWaitingTrial(st)) got.push(t.number);
    expect(got).toEqual(expected);
  });
});
