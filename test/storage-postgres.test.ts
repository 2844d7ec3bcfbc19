// PostgresStorage against a real throwaway PostgreSQL cluster (test/support/postgres-server.ts):
// the shared storage contract, several workers with separate pools or processes on one study, a
// dead worker's trial failed and retried, and coded errors for bad URLs and newer schemas.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { runStudyProcesses } from '../src/parallel/study-processes.js';
import { openStorage } from '../src/storage/open-storage.js';
import { PostgresStorage } from '../src/storage/postgres.js';
import { POSTGRES_SCHEMA_VERSION } from '../src/storage/postgres-schema.js';
import { FAIL_REASON_ATTR } from '../src/study/frozen-trial.js';
import { NopPruner } from '../src/study/pruners/nop.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { createStudy } from '../src/study/study.js';
import type { ChildConfig } from './support/optimizing-child.js';
import { describeStorageContract } from './support/storage-contract.js';
import { postgresSkipReason, useThrowawayPostgres } from './support/postgres-fixture.js';

const skipReason = postgresSkipReason('storage-postgres.test.ts');

describe.skipIf(skipReason !== null)('PostgresStorage on a throwaway cluster', () => {
  const cluster = useThrowawayPostgres();

  describeStorageContract('PostgresStorage', async () => {
    // A clock the heartbeat test moves: a round trip to the server may take milliseconds under load.
    let now = Date.now();
    const storage = await PostgresStorage.open(await cluster().createDatabase(), { now: () => now });
    return { storage, advance: (ms) => (now += ms) };
  });

  it('creates the schema once and records its version in one cryptotune_schema row', async () => {
    const url = await cluster().createDatabase();
    const [a, b] = await Promise.all([PostgresStorage.open(url), PostgresStorage.open(url)]);
    await a.close();
    await b.close();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const rows = (await pool.query<{ version: number }>('SELECT version FROM cryptotune_schema')).rows;
      expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
    } finally {
      await pool.end();
    }
  });

  it('refuses a database written by a newer schema with ERR_STORAGE_SCHEMA', async () => {
    const url = await cluster().createDatabase();
    await (await PostgresStorage.open(url)).close();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query('UPDATE cryptotune_schema SET version = $1', [POSTGRES_SCHEMA_VERSION + 1]);
    await pool.end();
    await expect(PostgresStorage.open(url)).rejects.toMatchObject({ code: 'ERR_STORAGE_SCHEMA' });
  });

  it('names a missing database with ERR_STORAGE_DATABASE_MISSING', async () => {
    await expect(PostgresStorage.open(`postgres://postgres@127.0.0.1:${cluster().port}/no_such_db`)).rejects.toMatchObject({ code: 'ERR_STORAGE_DATABASE_MISSING' });
  });

  it('a user without CREATE on the database gets ERR_STORAGE_NOT_WRITABLE on first use', async () => {
    const url = await cluster().createDatabase();
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query('DROP ROLE IF EXISTS ct_reader');
    await admin.query('CREATE ROLE ct_reader LOGIN');
    await admin.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC'); // the default from PostgreSQL 15 on
    await admin.end();
    await expect(PostgresStorage.open(url.replace('postgres@', 'ct_reader@'))).rejects.toMatchObject({ code: 'ERR_STORAGE_NOT_WRITABLE' });
  });

  it('two storages with separate pools optimizing one study concurrently: numbers unique, exactly N complete', async () => {
    const url = await cluster().createDatabase();
    const stores = await Promise.all([PostgresStorage.open(url, { max: 3 }), PostgresStorage.open(url, { max: 3 })]);
    try {
      const studies = [];
      for (const [i, storage] of stores.entries()) studies.push(await createStudy({ storage, name: 'shared', direction: 'minimize', loadIfExists: true, sampler: new RandomSampler({ seed: i }), pruner: new NopPruner() }));
      const perStudy = 15;
      await Promise.all(
        studies.map((s, i) =>
          s.optimize(
            async (t) => {
              t.setUserAttr('worker', i);
              const x = t.suggestFloat('x', -2, 2);
              await new Promise((r) => setTimeout(r, 1));
              return x * x;
            },
            { nTrials: perStudy, concurrency: 3 },
          ),
        ),
      );
      const id = await stores[0]!.getStudyIdFromName('shared');
      const trials = await stores[1]!.getAllTrials(id);
      expect(trials.map((t) => t.number)).toEqual([...Array(2 * perStudy).keys()]);
      expect(trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(2 * perStudy);
      expect(new Set(trials.map((t) => t.trialId)).size).toBe(trials.length);
      expect(new Set(trials.map((t) => t.userAttrs['worker']))).toEqual(new Set([0, 1]));
      const best = await stores[0]!.getBestTrial(id);
      expect(best.values![0]).toBe(Math.min(...trials.map((t) => t.values![0]!)));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('two OS processes, each with its own pool and workers, share one study: every trial once', async () => {
    const url = await cluster().createDatabase();
    const results = await runStudyProcesses({ processes: 2, module: new URL('./fixtures/study-work-lmdb.ts', import.meta.url), args: { path: url, name: 'procs', trials: 5 } });
    expect(results.map((r) => r.state)).toEqual(['COMPLETE', 'COMPLETE']);
    const storage = await PostgresStorage.open(url);
    try {
      const trials = await storage.getAllTrials(await storage.getStudyIdFromName('procs'));
      expect(trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(10);
      expect(trials.map((t) => t.number)).toEqual([...Array(10).keys()]);
      expect(new Set(trials.map((t) => t.userAttrs['pid']))).toEqual(new Set(results.map((r) => (r.value as { pid: number }).pid)));
    } finally {
      await storage.close();
    }
  });

  it('hands WAITING trials from two pools to exactly one claimer each', async () => {
    const url = await cluster().createDatabase();
    const [a, b] = await Promise.all([PostgresStorage.open(url), PostgresStorage.open(url)]);
    try {
      const id = await a.createStudy('claims', ['minimize']);
      for (let i = 0; i < 20; i++) await a.createTrial(id, { state: 'WAITING' });
      const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).claimWaitingTrial(id)));
      const numbers = claims.filter((c) => c !== null).map((c) => c!.number);
      expect(numbers.sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
      expect(await b.getNTrials(id, ['WAITING'])).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("fails a dead worker's RUNNING trial and retries its params on another machine's storage", async () => {
    const url = await cluster().createDatabase();
    const heartbeat = { intervalMs: 40, graceMs: 150, maxRetry: 1 };
    const dying = await PostgresStorage.open(url);
    const a = await createStudy({ storage: dying, name: 'hb', direction: 'minimize', heartbeat, sampler: new RandomSampler({ seed: 1 }) });
    const trial = await a.ask();
    const x = trial.suggestFloat('x', 0, 1);
    await trial.flush();
    await dying.close(); // the worker dies with its trial RUNNING
    await new Promise((r) => setTimeout(r, heartbeat.graceMs + 50));

    const alive = await PostgresStorage.open(url);
    try {
      const b = await createStudy({ storage: alive, name: 'hb', direction: 'minimize', heartbeat, loadIfExists: true, sampler: new RandomSampler({ seed: 2 }) });
      const seen: number[] = [];
      await b.optimize((t) => {
        const v = t.suggestFloat('x', 0, 1);
        seen.push(v);
        return v;
      }, { nTrials: 1 });
      const trials = await alive.getAllTrials(b.studyId);
      expect(trials.map((t) => t.state)).toEqual(['FAIL', 'COMPLETE']);
      expect(String(trials[0]!.systemAttrs[FAIL_REASON_ATTR])).toMatch(/heartbeat/);
      expect(trials[1]!.retryOf).toBe(0);
      expect(trials[1]!.retryHistory).toEqual([0]);
      expect(seen).toEqual([x]);
      expect(trials[1]!.params['x']).toBe(x);
      // A second sweep finds nothing more to fail (a fractional grace is fine too).
      expect(await alive.failStaleTrials(b.studyId, heartbeat.graceMs + 0.5)).toEqual([]);
    } finally {
      await alive.close();
    }
  });
});

/** Run test/support/optimizing-child.ts as a process; resolves with its exit code or signal. */
function optimizingChild(cfg: ChildConfig): { kill: () => void; exited: Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/optimizing-child.ts', JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<string>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? (code === 0 ? 'ok' : `code ${code}: ${err.slice(-400)}`))));
  return { kill: () => proc.kill('SIGKILL'), exited };
}

describe.skipIf(skipReason !== null)('a worker process killed mid-trial on a PostgreSQL study', () => {
  const cluster = useThrowawayPostgres();

  it("fails the killed worker's trial and a second process runs its params again as a retry", async () => {
    const url = await cluster().createDatabase();
    const logDir = mkdtempSync(join(tmpdir(), 'ct-pg-kill-'));
    const log = join(logDir, 'log');
    const base = { dir: url, study: 'killed', sleepMs: 400, heartbeatMs: 50, graceMs: 300, maxRetry: 1, log, seed: 3 };
    const first = optimizingChild({ ...base, mode: 'count', target: 20 });
    const deadline = Date.now() + 60_000;
    while (!(existsSync(log) && readFileSync(log, 'utf8').includes('start')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.kill();
    expect(await first.exited).toBe('SIGKILL');
    const killed = Number(/start (\d+)/.exec(readFileSync(log, 'utf8'))![1]);
    await new Promise((r) => setTimeout(r, base.graceMs + 100));

    const second = optimizingChild({ ...base, mode: 'until', target: killed + 3, sleepMs: 20 });
    expect(await second.exited).toBe('ok');
    const storage = await PostgresStorage.open(url);
    try {
      const trials = await storage.getAllTrials(await storage.getStudyIdFromName('killed'));
      expect(trials.map((t) => t.number)).toEqual([...Array(trials.length).keys()]);
      const dead = trials[killed]!;
      expect(dead.state).toBe('FAIL');
      expect(String(dead.systemAttrs['fail_reason'])).toMatch(/heartbeat/);
      const retry = trials.find((t) => t.retryOf === killed)!;
      expect(retry.state).toBe('COMPLETE');
      expect(retry.retryHistory).toEqual([killed]);
      expect(retry.params).toEqual(dead.params);
      expect(trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(killed + 3);
      expect(trials.filter((t) => t.state === 'RUNNING')).toEqual([]);
    } finally {
      await storage.close();
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe('PostgresStorage bad URLs', () => {
  it('a server that is not there gives ERR_STORAGE_CONNECT with a message about the URL and server', async () => {
    const err = (await PostgresStorage.open('postgres://u:secret@127.0.0.1:1/db').catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'ERR_STORAGE_CONNECT' });
    expect(err.message).toMatch(/check the host and port in the URL/);
    expect(err.message).not.toContain('secret');
  });

  it('openStorage routes postgres:// and postgresql:// to PostgresStorage', async () => {
    await expect(openStorage('postgresql://127.0.0.1:1/db')).rejects.toMatchObject({ code: 'ERR_STORAGE_CONNECT' });
    await expect(PostgresStorage.open('mysql://127.0.0.1/db')).rejects.toMatchObject({ code: 'ERR_STORAGE_URL' });
    await expect(PostgresStorage.open('postgres://127.0.0.1:1/db', { max: 0 })).rejects.toMatchObject({ code: 'ERR_STORAGE_OPTION' });
    await expect(PostgresStorage.open('postgres://127.0.0.1:1/db?max=lots')).rejects.toMatchObject({ code: 'ERR_STORAGE_URL' });
  });
});
