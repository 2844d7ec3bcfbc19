import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { open } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedObjective } from '../src/cache/cached-objective.js';
import { canonicalJson, datasetFingerprint, generateKey } from '../src/cache/generate-key.js';
import { ResultCache } from '../src/cache/result-cache.js';
import { LmdbStorage, LMDB_DATA_FILE } from '../src/storage/lmdb.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { createStudy } from '../src/study/study.js';
import { VERSION } from '../src/version.js';

const root = mkdtempSync(join(tmpdir(), 'ct-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `c${n++}`);

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const parts = { dataset: 'sha256:abc', featurePlan: { hash: 'plan1' }, split: { kind: 'holdout', train: 0.6, valid: 0.2, test: 0.2 }, family: 'xgboost', params: { max_depth: 6, learning_rate: 0.1 } };

describe('generateKey', () => {
  it('is stable under key order, -0 and integral floats, and names the library version', () => {
    const a = generateKey(parts);
    expect(a).toMatch(/^ct1-[0-9a-f]{64}$/);
    expect(generateKey({ ...parts, params: { learning_rate: 0.1, max_depth: 6.0 } })).toBe(a);
    expect(generateKey({ ...parts, split: { test: 0.2, valid: 0.2, train: 0.6, kind: 'holdout' } })).toBe(a);
    expect(canonicalJson({ x: -0, y: [1, { b: 2, a: NaN }] })).toBe('{"x":0,"y":[1,{"a":"NaN","b":2}]}');
    expect(generateKey({ ...parts, version: VERSION })).toBe(a);
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('changes when any part changes', () => {
    const a = generateKey(parts);
    const variants = [
      { ...parts, dataset: 'sha256:abd' },
      { ...parts, featurePlan: { hash: 'plan2' } },
      { ...parts, split: { ...parts.split, train: 0.5 } },
      { ...parts, family: 'lightgbm' },
      { ...parts, params: { ...parts.params, learning_rate: 0.1000001 } },
      { ...parts, version: '9.9.9' },
    ];
    const keys = new Set(variants.map(generateKey));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(a)).toBe(false);
  });

  it('fingerprints raw data by content and type', () => {
    const x = new Float64Array([1, 2, 3]);
    const f = datasetFingerprint([x]);
    expect(datasetFingerprint([new Float64Array([1, 2, 3])])).toBe(f);
    expect(datasetFingerprint([new Float64Array([1, 2, 4])])).not.toBe(f);
    expect(datasetFingerprint([new Uint8Array(x.buffer)])).not.toBe(f);
    expect(generateKey({ ...parts, dataset: [x] })).toBe(generateKey({ ...parts, dataset: f }));
  });

  it('refuses missing parts with ERR_CACHE_KEY', () => {
    expect(() => generateKey({ ...parts, family: '' })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_KEY' }));
    expect(() => generateKey({ ...parts, params: undefined as never })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_KEY' }));
    const circ: Record<string, unknown> = {};
    circ['self'] = circ;
    expect(() => generateKey({ ...parts, params: circ })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_KEY' }));
  });
});

describe('ResultCache', () => {
  it('round-trips metrics, timings and model bytes and counts hits and misses', async () => {
    const cache = ResultCache.open({ path: fresh() });
    const model = new Uint8Array([1, 2, 3, 250]);
    cache.set('k1', { values: [0.7], metrics: { auc: 0.7, f1: 0.5 }, timings: { trainMs: 12 }, model });
    expect(cache.get('nope')).toBeUndefined();
    const got = cache.get('k1')!;
    expect(got.values).toEqual([0.7]);
    expect(got.metrics).toEqual({ auc: 0.7, f1: 0.5 });
    expect([...got.model!]).toEqual([1, 2, 3, 250]);
    const s = cache.stats();
    expect(s).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, entries: 1 });
    expect(s.bytes).toBeGreaterThan(4 + 20);
    await cache.close();
    // Persisted: a new instance reads it from LMDB, not from memory.
    const again = ResultCache.open({ path: cache.path });
    expect(again.get('k1')!.metrics).toEqual({ auc: 0.7, f1: 0.5 });
    expect(again.stats().memoryHits).toBe(0);
    expect(again.get('k1')).toBeDefined();
    expect(again.stats().memoryHits).toBe(1);
    await again.close();
  });

  it('never serves an expired entry, and sweeps it', async () => {
    const c = clock();
    const cache = ResultCache.open({ path: fresh(), ttlSeconds: 10, now: c.now, sweepIntervalMs: 0 });
    cache.set('a', { values: [1] });
    cache.set('b', { values: [2] }, { ttlSeconds: 100 });
    expect(cache.get('a')).toBeDefined(); // now also in the memory LRU
    c.advance(10_001);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.has('a')).toBe(false);
    expect(cache.get('b')).toBeDefined();
    expect(cache.stats().entries).toBe(2);
    expect(cache.sweep()).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, expirations: 1 });
    c.advance(100_000);
    // A set sweeps what has expired before it writes.
    cache.set('c', { values: [3] });
    expect(cache.stats()).toMatchObject({ entries: 1, expirations: 2 });
    await cache.close();
  });

  it('evicts the least recently used entries to stay under maxBytes', async () => {
    const c = clock();
    const payload = 'p'.repeat(1000);
    const probe = ResultCache.open({ path: fresh(), now: c.now });
    probe.set('x', { values: [0], note: payload });
    const one = probe.stats().bytes;
    await probe.close();
    const cache = ResultCache.open({ path: fresh(), maxBytes: one * 4 + 10, now: c.now, memoryEntries: 0 });
    for (const k of ['a', 'b', 'c', 'd']) {
      c.advance(1);
      cache.set(k, { values: [0], note: payload });
    }
    c.advance(1);
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    c.advance(1);
    cache.set('e', { values: [0], note: payload });
    expect(cache.has('b')).toBe(false);
    for (const k of ['a', 'c', 'd', 'e']) expect(cache.has(k)).toBe(true);
    const s = cache.stats();
    expect(s.evictions).toBe(1);
    expect(s.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(s.entries).toBe(4);
    expect(() => cache.set('huge', { values: [0], note: payload.repeat(10) })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_VALUE_TOO_LARGE' }));
    await cache.close();
  });

  it('treats a corrupted value as a miss and removes it', async () => {
    const path = fresh();
    const cache = ResultCache.open({ path });
    cache.set('good', { values: [1] });
    cache.set('bad', { values: [2], metrics: { auc: 0.9 } });
    await cache.close();
    // Flip one byte of the stored record, as a disk or a stray writer would.
    const env = open({ path: join(path, LMDB_DATA_FILE) });
    const db = env.openDB({ name: 'cacheEntries', encoding: 'binary' });
    const rec = Buffer.from(db.getBinary('bad')!);
    rec[rec.length - 3] ^= 0xff;
    await db.put('bad', rec);
    await env.close();
    const again = ResultCache.open({ path });
    expect(again.get('bad')).toBeUndefined();
    expect(again.stats()).toMatchObject({ corrupt: 1, misses: 1, entries: 1 });
    expect(again.get('good')!.values).toEqual([1]);
    await again.close();
    const env2 = open({ path: join(path, LMDB_DATA_FILE) });
    expect(env2.openDB({ name: 'cacheEntries', encoding: 'binary' }).getBinary('bad')).toBeUndefined();
    await env2.close();
  });

  it('refuses bad options, keys and values with coded errors', async () => {
    expect(() => ResultCache.open({})).toThrow(expect.objectContaining({ code: 'ERR_CACHE_OPTION' }));
    expect(() => ResultCache.open({ path: fresh(), ttlHours: -1 })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_OPTION' }));
    const cache = ResultCache.open({ path: fresh() });
    expect(() => cache.set('', { values: [1] })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_KEY' }));
    expect(() => cache.set('k', 5 as never)).toThrow(expect.objectContaining({ code: 'ERR_CACHE_VALUE' }));
    expect(() => cache.set('k', { values: [1], model: [1, 2] as never })).toThrow(expect.objectContaining({ code: 'ERR_CACHE_VALUE' }));
    await cache.close();
    expect(() => cache.get('k')).toThrow(expect.objectContaining({ code: 'ERR_CACHE_CLOSED' }));
  });

  it('refuses to reopen a store directory of this process with other sync settings', async () => {
    const storage = new LmdbStorage({ path: fresh() });
    expect(() => ResultCache.open({ path: storage.path })).toThrow(expect.objectContaining({ code: 'ERR_STORAGE_OPTIONS_CONFLICT' }));
    const same = ResultCache.open({ path: storage.path, sync: 'full' });
    same.set('k', { values: [1] });
    await same.close();
    await storage.close();
  });

  it('is shared by worker threads: what one thread stores another reads', async () => {
    const path = fresh();
    const cache = ResultCache.open({ path });
    // The worker runs the real ResultCache, bundled (worker threads do not load .ts).
    const bundle = resolve('.cryptotune/test-bundles/cache-writer.mjs');
    await build({ entryPoints: ['test/support/cache-writer.ts'], bundle: true, platform: 'node', format: 'esm', external: ['lmdb'], outfile: bundle, logLevel: 'warning' });
    await new Promise<void>((res, rej) => {
      const w = new Worker(bundle, { workerData: { path, n: 50 } });
      w.on('error', rej);
      w.on('exit', (c) => (c === 0 ? res() : rej(new Error(`worker exit ${c}`))));
    });
    for (let i = 0; i < 50; i++) expect(cache.get(`w${i}`)?.values).toEqual([i]);
    expect(cache.stats().entries).toBe(50);
    await cache.close();
  });

  it('shares one directory with an LmdbStorage', async () => {
    const storage = new LmdbStorage({ path: fresh() });
    const cache = ResultCache.open({ storage });
    const id = await storage.createStudy('s', ['minimize']);
    cache.set('k', { values: [1] });
    expect(cache.path).toBe(storage.path);
    expect(await storage.getStudyNameFromId(id)).toBe('s');
    await cache.close();
    expect(cache.path).toBe(storage.path);
    expect(await storage.getNTrials(id)).toBe(0); // the storage stays open
    await storage.close();
  });
});

describe('cachedObjective', () => {
  it('serves re-runs and duplicate suggestions from the cache without evaluating', async () => {
    const cache = ResultCache.open({ path: fresh() });
    let evaluations = 0;
    const objective = cachedObjective(
      cache,
      { dataset: 'd1', featurePlan: 'minimal', split: { kind: 'holdout', train: 0.7, valid: 0.3, test: 0 }, family: 'xgboost', params: (t) => ({ depth: t.suggestInt('depth', 1, 4), lr: t.suggestCategorical('lr', [0.1, 0.3]) }) },
      (p) => {
        evaluations++;
        return { values: [(p['depth'] as number) * (p['lr'] as number)], metrics: { auc: 0.5 } };
      },
    );
    const first = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    await first.optimize(objective, { nTrials: 30 });
    const distinct = new Set((await first.getTrials()).map((t) => `${t.params['depth']}/${t.params['lr']}`)).size;
    // Duplicates within the study cost nothing: one evaluation per distinct configuration.
    expect(evaluations).toBe(distinct);
    expect(distinct).toBeLessThanOrEqual(8);
    const rerun = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    await rerun.optimize(objective, { nTrials: 30 });
    expect(evaluations).toBe(distinct);
    const trials = await rerun.getTrials();
    expect(trials.every((t) => t.userAttrs['cache'] === 'hit' && t.state === 'COMPLETE')).toBe(true);
    expect(trials.map((t) => t.values)).toEqual((await first.getTrials()).map((t) => t.values));
    expect(trials[0]!.userAttrs['metrics']).toEqual({ auc: 0.5 });
    await cache.close();
  });
});
