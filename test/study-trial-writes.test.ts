import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../src/storage/memory.js';
import type { TrialEdit } from '../src/storage/storage.js';
import { createStudy } from '../src/study/study.js';

/** A MemoryStorage that records every trial write it receives. */
class RecordingStorage extends MemoryStorage {
  readonly batches: TrialEdit[][] = [];
  override async updateTrial(trialId: number, edits: readonly TrialEdit[]): Promise<void> {
    this.batches.push([...edits]);
    return super.updateTrial(trialId, edits);
  }
}

describe('trial writes', () => {
  it('sends the suggestions and attributes made between two awaits as one updateTrial call', async () => {
    const storage = new RecordingStorage();
    const study = await createStudy({ storage });
    const trial = await study.ask();
    for (let i = 0; i < 9; i++) trial.suggestFloat(`x${i}`, 0, 1);
    trial.setUserAttr('note', 'a');
    trial.report(0.5, 0);
    await trial.shouldPrune();
    trial.setUserAttr('fitMs', 12);
    trial.setSystemAttr('attempts', [1]);
    await study.tell(trial, 0.25);
    expect(storage.batches.map((b) => b.map((e) => e.kind))).toEqual([
      [...Array(9).fill('param'), 'userAttr', 'intermediate'],
      ['userAttr', 'systemAttr'],
    ]);
    const [stored] = await study.getTrials();
    expect(Object.keys(stored!.params)).toHaveLength(9);
    expect(stored!.userAttrs).toEqual({ note: 'a', fitMs: 12 });
    expect(stored!.intermediateValues).toEqual({ 0: 0.5 });
  });

  it('keeps writing in order after a write that waits: edits made meanwhile form the next batch', async () => {
    const storage = new RecordingStorage();
    const study = await createStudy({ storage });
    const trial = await study.ask();
    trial.suggestInt('a', 0, 9);
    await Promise.resolve();
    trial.suggestInt('b', 0, 9);
    trial.suggestInt('c', 0, 9);
    await trial.flush();
    expect(storage.batches.flat().map((e) => (e.kind === 'param' ? e.name : e.kind))).toEqual(['a', 'b', 'c']);
  });
});
