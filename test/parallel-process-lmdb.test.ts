import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudyProcesses } from '../src/parallel/study-processes.js';
import { LmdbStorage } from '../src/storage/lmdb.js';

describe('process workers on one persistent study', () => {
  it('two OS processes, each with its own pool, share one LMDB study: every trial once, numbers unique, both contribute', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ct-proc-')), 'store');
    const results = await runStudyProcesses({ processes: 2, module: new URL('./fixtures/study-work-lmdb.ts', import.meta.url), args: { path, name: 'shared', trials: 6 } });
    expect(results.map((r) => r.state)).toEqual(['COMPLETE', 'COMPLETE']);
    const storage = new LmdbStorage({ path });
    try {
      const id = await storage.getStudyIdFromName('shared');
      const trials = await storage.getAllTrials(id);
      expect(trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(12);
      expect(new Set(trials.map((t) => t.number)).size).toBe(trials.length);
      const pids = new Set(trials.map((t) => t.userAttrs.pid));
      expect(pids).toEqual(new Set(results.map((r) => (r.value as { pid: number }).pid)));
    } finally {
      await storage.close();
    }
  });
});
