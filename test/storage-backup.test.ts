import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupManager, exportStudy, importStudy, listBackups, restoreBackup } from '../src/storage/backup.js';
import { LMDB_DATA_FILE, LmdbStorage } from '../src/storage/lmdb.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { floatDistribution } from '../src/study/distributions.js';

const root = mkdtempSync(join(tmpdir(), 'ct-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `d${n++}`);

async function fill(s: LmdbStorage, name: string, trials: number, blob = ''): Promise<number> {
  const id = await s.createStudy(name, ['minimize']);
  for (let i = 0; i < trials; i++) {
    await s.createTrial(id, { state: 'COMPLETE', values: [i], params: { x: i / trials }, distributions: { x: floatDistribution(0, 1) }, userAttrs: blob ? { blob } : {} });
  }
  return id;
}

describe('BackupManager', () => {
  it('takes a compacted copy that opens as the same store', async () => {
    const s = new LmdbStorage({ path: fresh() });
    const gone = await fill(s, 'gone', 40, 'z'.repeat(4000));
    const kept = await fill(s, 'kept', 5);
    await s.deleteStudy(gone); // leaves free pages that a compacted copy drops
    const m = new BackupManager({ storage: s, dir: fresh() });
    const info = await m.backupNow();
    expect(info.bytes).toBeLessThan(statSync(join(s.path, LMDB_DATA_FILE)).size);
    const copy = new LmdbStorage({ path: info.path });
    expect((await copy.getAllStudies()).map((x) => x.name)).toEqual(['kept']);
    expect(await copy.getAllTrials(kept)).toEqual(await s.getAllTrials(kept));
    await copy.close();
    await s.close();
  });

  it('backs up on an interval and keeps the newest N', async () => {
    const s = new LmdbStorage({ path: fresh() });
    await fill(s, 'a', 3);
    const taken: number[] = [];
    const m = new BackupManager({ storage: s, dir: fresh(), backupIntervalSeconds: 0.15, keep: 2, onBackup: (b) => taken.push(b.createdAt) });
    m.start();
    while (taken.length < 4) await new Promise((r) => setTimeout(r, 50));
    await m.stop();
    const list = m.list();
    expect(list).toHaveLength(2);
    expect(list.map((b) => b.createdAt)).toEqual([...taken].sort((a, b) => b - a).slice(0, 2));
    await s.close();
  });

  it('drops backups older than the max age', async () => {
    let now = 1_700_000_000_000;
    const s = new LmdbStorage({ path: fresh() });
    await fill(s, 'a', 2);
    const m = new BackupManager({ storage: s, dir: fresh(), maxAgeSeconds: 60, keep: 10, now: () => now });
    const old = await m.backupNow();
    now += 30_000;
    await m.backupNow();
    now += 45_000; // the first is now 75 s old
    const fresh3 = await m.backupNow();
    const left = m.list().map((b) => b.path);
    expect(left).not.toContain(old.path);
    expect(left[0]).toBe(fresh3.path);
    expect(left).toHaveLength(2);
    await s.close();
  });

  it('refuses bad options with coded errors', () => {
    const s = new MemoryStorage();
    expect(() => new BackupManager({ storage: s as never, dir: fresh() })).toThrow(expect.objectContaining({ code: 'ERR_STORAGE_BACKUP_OPTION' }));
  });
});

describe('restoreBackup', () => {
  it('puts the newest backup back over a changed store', async () => {
    const path = fresh();
    const dir = fresh();
    const s = new LmdbStorage({ path });
    const id = await fill(s, 'a', 3);
    await new BackupManager({ storage: s, dir }).backupNow();
    await fill(s, 'later', 2);
    await s.createTrial(id);
    await s.close();
    await restoreBackup(dir, path);
    const back = new LmdbStorage({ path });
    expect((await back.getAllStudies()).map((x) => x.name)).toEqual(['a']);
    expect(await back.getNTrials(id)).toBe(3);
    // The restored store takes writes and keeps numbering.
    expect((await back.createTrial(id)).number).toBe(3);
    await back.close();
    expect(listBackups(dir)).toHaveLength(1);
  });

  it('refuses a missing or broken backup and leaves the store alone', async () => {
    const path = fresh();
    const s = new LmdbStorage({ path });
    await fill(s, 'a', 1);
    await s.close();
    await expect(restoreBackup(fresh(), path)).rejects.toMatchObject({ code: 'ERR_STORAGE_BACKUP_NOT_FOUND' });
    const broken = join(root, 'broken', 'backup-001700000000000-0000');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, LMDB_DATA_FILE), 'not an lmdb file at all'.repeat(300));
    await expect(restoreBackup(broken, path)).rejects.toMatchObject({ code: 'ERR_STORAGE_BACKUP_INVALID' });
    const again = new LmdbStorage({ path });
    expect((await again.getAllStudies()).map((x) => x.name)).toEqual(['a']);
    await again.close();
  });
});

describe('exportStudy / importStudy', () => {
  it('moves a study between stores as JSON, keeping numbers, attrs and finished trials', async () => {
    const s = new LmdbStorage({ path: fresh() });
    const id = await fill(s, 'src', 4);
    await s.setStudyUserAttr(id, 'note', { a: [1, 2] });
    const t = await s.createTrial(id, { state: 'PRUNED', intermediateValues: { 0: 0.5, 3: 0.25 } });
    await s.setTrialUserAttr((await s.createTrial(id)).trialId, 'who', 'me'); // RUNNING at export time
    const text = JSON.stringify(await exportStudy(s, 'src'));
    const mem = new MemoryStorage();
    const copy = await importStudy(mem, text, { name: 'copy' });
    const a = await s.getAllTrials(id);
    const b = await mem.getAllTrials(copy);
    expect(b.map((x) => x.number)).toEqual(a.map((x) => x.number));
    const strip = ({ trialId: _t, ...r }: (typeof a)[number]): object => r;
    expect(b.slice(0, 5).map(strip)).toEqual(a.slice(0, 5).map(strip));
    expect(b[t.number]!.intermediateValues[3]).toBe(0.25);
    expect(b[5]!.state).toBe('FAIL');
    expect(b[5]!.userAttrs).toEqual({ who: 'me' });
    expect(await mem.getStudyUserAttrs(copy)).toEqual({ note: { a: [1, 2] } });
    expect((await mem.getBestTrial(copy)).values).toEqual([0]);
    await s.close();
  });

  it('refuses what is not an export with ERR_STORAGE_IMPORT', async () => {
    const mem = new MemoryStorage();
    await expect(importStudy(mem, '{nope')).rejects.toMatchObject({ code: 'ERR_STORAGE_IMPORT' });
    await expect(importStudy(mem, { format: 'other' } as never)).rejects.toMatchObject({ code: 'ERR_STORAGE_IMPORT' });
    const gap = { format: 'cryptotune-study', version: 1, exportedAt: 0, study: { name: 'g', directions: ['minimize'], userAttrs: {}, systemAttrs: {} }, trials: [{ number: 1, state: 'COMPLETE' }] };
    await expect(importStudy(mem, gap as never)).rejects.toMatchObject({ code: 'ERR_STORAGE_IMPORT' });
    expect(await mem.getAllStudies()).toEqual([]);
  });
});
