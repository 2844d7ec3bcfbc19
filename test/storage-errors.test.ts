import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStorage } from '../src/storage/lmdb.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { openStorage } from '../src/storage/open-storage.js';
import { createStudy, loadStudy } from '../src/study/study.js';
import { StorageError } from '../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'ct-store-err-'));
afterAll(() => {
  chmodSync(join(root, 'ro'), 0o755);
  rmSync(root, { recursive: true, force: true });
});
mkdirSync(join(root, 'ro'), { mode: 0o555 });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describe('LMDB store errors', () => {
  it('refuses a path under a regular file with ERR_STORAGE_NOT_WRITABLE', () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    expect(codeOf(() => new LmdbStorage({ path: join(file, 'store') }))).toBe('ERR_STORAGE_NOT_WRITABLE');
  });

  // root may write anywhere, so a read-only directory only stops other users.
  it.skipIf(process.getuid?.() === 0)('refuses a read-only directory with ERR_STORAGE_NOT_WRITABLE', () => {
    expect(codeOf(() => new LmdbStorage({ path: join(root, 'ro', 'store') }))).toBe('ERR_STORAGE_NOT_WRITABLE');
  });

  it('refuses a foreign data file with ERR_STORAGE_CORRUPT instead of mapping it', () => {
    const dir = join(root, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'store.mdb'), 'definitely not lmdb '.repeat(500));
    expect(codeOf(() => new LmdbStorage({ path: dir }))).toBe('ERR_STORAGE_CORRUPT');
  });

  it('refuses bad options with coded errors', () => {
    expect(codeOf(() => new LmdbStorage({ path: '' }))).toBe('ERR_STORAGE_PATH');
    expect(codeOf(() => new LmdbStorage({ path: join(root, 'm'), mapSizeMb: 0 }))).toBe('ERR_STORAGE_MAP_SIZE');
  });

  it('stops at the map size cap with ERR_STORAGE_MAP_FULL and loses nothing already written', async () => {
    const dir = join(root, 'full');
    const s = new LmdbStorage({ path: dir, mapSizeMb: 1, sync: 'none' });
    const id = await s.createStudy('full', ['minimize']);
    const acknowledged: number[] = [];
    let error: unknown;
    const blob = 'x'.repeat(8 * 1024);
    try {
      for (let i = 0; i < 1000; i++) {
        const t = await s.createTrial(id, { state: 'COMPLETE', values: [i], userAttrs: { blob } });
        acknowledged.push(t.number);
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('ERR_STORAGE_MAP_FULL');
    expect(acknowledged.length).toBeGreaterThan(10);
    // The refused write left no half trial; reads still work on the full store.
    expect(await s.getNTrials(id)).toBe(acknowledged.length);
    await s.close();
    const again = new LmdbStorage({ path: dir });
    const trials = await again.getAllTrials(id);
    expect(trials.map((t) => t.number)).toEqual(acknowledged);
    expect(trials.every((t) => t.userAttrs['blob'] === blob)).toBe(true);
    expect((await again.getBestTrial(id)).values).toEqual([0]);
    // Without the cap the same store takes more trials.
    await again.createTrial(id);
    await again.close();
  });

  it('surfaces ERR_STORAGE_MAP_FULL from optimize as a coded error', async () => {
    const dir = join(root, 'full-study');
    const storage = new LmdbStorage({ path: dir, mapSizeMb: 0.5, sync: 'none' });
    const study = await createStudy({ storage, name: 's' });
    const blob = 'y'.repeat(16 * 1024);
    await expect(
      study.optimize((t) => {
        t.setUserAttr('blob', blob);
        return t.suggestFloat('x', 0, 1);
      }, { nTrials: 500 }),
    ).rejects.toMatchObject({ code: 'ERR_STORAGE_MAP_FULL' });
    const done = await storage.getNTrials(study.studyId, ['COMPLETE']);
    expect(done).toBeGreaterThan(0);
    await storage.close();
  });
});

describe('openStorage', () => {
  it('maps memory:, lmdb:, plain paths and the environment to stores', async () => {
    expect(await openStorage('memory:')).toBeInstanceOf(MemoryStorage);
    const a = await openStorage(`lmdb:${join(root, 'u1')}`);
    expect(a).toBeInstanceOf(LmdbStorage);
    expect((a as LmdbStorage).path).toBe(join(root, 'u1'));
    await a.close();
    const b = await openStorage(join(root, 'u2'));
    expect((b as LmdbStorage).path).toBe(join(root, 'u2'));
    await b.close();
    const c = await openStorage(undefined, { env: { CRYPTOTUNE_STORAGE: `lmdb://${join(root, 'u3')}` } });
    expect((c as LmdbStorage).path).toBe(join(root, 'u3'));
    await c.close();
  });

  it('refuses unknown schemes, empty names and missing backends with coded errors', async () => {
    await expect(openStorage('redis://x')).rejects.toMatchObject({ code: 'ERR_STORAGE_URL' });
    await expect(openStorage('lmdb:')).rejects.toMatchObject({ code: 'ERR_STORAGE_URL' });
    await expect(openStorage('  ')).rejects.toMatchObject({ code: 'ERR_STORAGE_URL' });
    const pg = openStorage('postgres://localhost/none');
    await expect(pg).rejects.toBeInstanceOf(StorageError);
  });

  it('lets createStudy and loadStudy take a directory and resume the study there', async () => {
    const dir = join(root, 'by-path');
    const first = await createStudy({ storage: dir, name: 'resume', direction: 'maximize' });
    await first.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    await first.storage.close();
    const again = await createStudy({ storage: dir, name: 'resume', direction: 'maximize', loadIfExists: true });
    await again.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 2 });
    const trials = await again.getTrials();
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
    // The resumed study does not replay the first trials' samples.
    expect(new Set(trials.map((t) => t.params['x'])).size).toBe(5);
    await again.storage.close();
    const loaded = await loadStudy({ storage: dir, name: 'resume' });
    expect(await loaded.bestValue()).toBe(Math.max(...trials.map((t) => t.values![0]!)));
    await loaded.storage.close();
  });
});
