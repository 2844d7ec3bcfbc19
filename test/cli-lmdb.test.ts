/**
 * The store commands on a real LMDB store: import a study file, list, show, report, cache stats and
 * clear, backup, restore (refused on a store with data unless --force), rm, export.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportStudy } from '../src/cli/study-file.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { runTuningStudy } from './support/report-studies.js';
import { runCli } from './support/run-cli.js';


const cli = runCli;

describe('store commands on LMDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptotune-cli-lmdb-'));
  const file = join(dir, 'seed.json');
  const store = join(dir, 'store');
  const restored = join(dir, 'restored');
  const backups = join(dir, 'backups');

  beforeAll(async () => {
    const s = new MemoryStorage();
    await runTuningStudy(s, 'seed', 30);
    writeFileSync(file, JSON.stringify(await exportStudy(s, 'seed')));
  });

  it('import, ls, show and report read the same study back from the store', async () => {
    expect((await cli(['studies', 'import', file, '--storage', store])).code).toBe(0);
    expect(JSON.parse((await cli(['studies', 'import', file, '--storage', store, '--name', 'copy', '--json'])).out)).toEqual({ imported: 'copy', trials: 30 });
    const again = await cli(['studies', 'import', file, '--storage', store]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('ERR_STUDY_EXISTS');
    const ls = JSON.parse((await cli(['studies', 'ls', '--storage', store, '--json'])).out);
    expect(ls.map((s: { name: string }) => s.name).sort()).toEqual(['copy', 'seed']);
    expect(ls[0].trials).toBe(30);
    const fromFile = JSON.parse((await cli(['studies', 'show', 'seed', '--storage', file, '--json'])).out);
    const fromStore = JSON.parse((await cli(['studies', 'show', 'copy', '--storage', store, '--json'])).out);
    expect(fromStore.top).toEqual(fromFile.top.map((t: object) => ({ ...t, trialId: expect.any(Number) })));
    const report = await cli(['report', '--storage', store, '--study', 'seed', '-o', join(dir, 'r.html'), '--json']);
    expect(report.code, report.err).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('<h1>seed</h1>');
  });

  it('cache stats prints the cache counters; clear needs --yes', async () => {
    const stats = await cli(['cache', 'stats', '--storage', store, '--json']);
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ hits: 0, misses: 0, entries: 0 });
    expect((await cli(['cache', 'clear', '--storage', store])).code).toBe(2);
    expect((await cli(['cache', 'clear', '--storage', store, '--yes'])).code).toBe(0);
  });

  it('backup then restore gives a store with the same studies; restoring over data needs --force', async () => {
    const b = await cli(['backup', '--storage', store, '--to', backups, '--json']);
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out).bytes).toBeGreaterThan(0);
    const listed = JSON.parse((await cli(['backup', '--to', backups, '--list', '--json'])).out);
    expect(listed.map((x: { path: string }) => x.path)).toEqual([JSON.parse(b.out).path]);
    expect((await cli(['restore', backups, '--storage', restored])).code).toBe(0);
    const over = await cli(['restore', backups, '--storage', restored]);
    expect(over.code).toBe(2);
    expect(over.err).toContain('--force');
    expect((await cli(['restore', backups, '--storage', restored, '--force'])).code).toBe(0);
    expect((await cli(['studies', 'rm', 'copy', '--storage', restored, '--yes'])).code).toBe(0);
    const ls = JSON.parse((await cli(['studies', 'ls', '--storage', restored, '--json'])).out);
    expect(ls.map((s: { name: string }) => s.name)).toEqual(['seed']);
    const out = join(dir, 'back.json');
    expect((await cli(['studies', 'export', 'seed', '--storage', restored, '-o', out])).code).toBe(0);
    const a = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.parse(readFileSync(out, 'utf8')).trials).toEqual(a.trials);
  });
});
