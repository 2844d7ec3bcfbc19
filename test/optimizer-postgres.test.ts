// CryptoOptimizer, createStudy and the CLI reach a PostgreSQL store through a postgres:// URL
// (openStorage), and a run on it resumes where it stopped. Skipped with the reason when this
// machine has no PostgreSQL server binaries.
import { describe, expect, it } from 'vitest';
import { generateMarket } from '../src/data/synthetic.js';
import { CryptoOptimizer } from '../src/optimizer.js';
import { openStorage } from '../src/storage/open-storage.js';
import { PostgresStorage } from '../src/storage/postgres.js';
import { createStudy } from '../src/study/study.js';
import { postgresSkipReason, useThrowawayPostgres } from './support/postgres-fixture.js';
import { runCli } from './support/run-cli.js';

const skipReason = postgresSkipReason('optimizer-postgres.test.ts');

const market = () => generateMarket({ kind: 'panel', seed: 7, bars: 400, assets: 12 });
const small = { xgboost: [{ name: 'n_estimators', type: 'int' as const, low: 20, high: 60, step: 20 }] };

describe.skipIf(skipReason !== null)('a postgres:// store behind CryptoOptimizer, createStudy and the CLI', () => {
  const cluster = useThrowawayPostgres();

  it('runs a CryptoOptimizer on postgres://…, then a second one resumes the study to a larger total', async () => {
    const url = await cluster().createDatabase();
    const run = async (budget: { nTrials?: number; totalTrials?: number }) => {
      const o = new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: url, studyName: 'pg', models: ['xgboost'], searchSpaces: small, parallel: { workers: 1 }, seed: 3 });
      try {
        const [r] = await o.optimizeAllModels(budget);
        return r!;
      } finally {
        await o.close();
      }
    };
    const first = await run({ nTrials: 3 });
    expect(first.complete).toBe(3);
    const storage = await openStorage(url);
    expect(storage).toBeInstanceOf(PostgresStorage);
    const id = await storage.getStudyIdFromName('pg/xgboost');
    const before = await storage.getAllTrials(id);
    await storage.close();

    const second = await run({ totalTrials: 5 });
    expect(second.trials).toBe(5);
    const again = await PostgresStorage.open(url);
    try {
      const after = await again.getAllTrials(id);
      expect(after.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
      expect(after.filter((t) => t.state === 'COMPLETE')).toHaveLength(5);
      // The first run's trials are kept as they were, not rerun.
      expect(after.slice(0, 3).map((t) => [t.params, t.values, t.datetimeComplete])).toEqual(before.map((t) => [t.params, t.values, t.datetimeComplete]));
    } finally {
      await again.close();
    }

    const ls = await runCli(['studies', 'ls', '--storage', url, '--json']);
    expect(ls.code, ls.err).toBe(0);
    expect(JSON.parse(ls.out)).toEqual([expect.objectContaining({ name: 'pg/xgboost', trials: 5, complete: 5 })]);
    const show = await runCli(['studies', 'show', 'pg/xgboost', '--storage', url, '--json']);
    expect(show.code, show.err).toBe(0);
    expect(JSON.parse(show.out).top[0].values).toEqual([second.bestValue]);
  });

  it('passes heartbeat to its studies, so trials on a shared store carry heartbeats', async () => {
    const url = await cluster().createDatabase();
    const o = new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: url, studyName: 'hb', models: ['xgboost'], searchSpaces: small, parallel: { workers: 1 }, seed: 3, heartbeat: { intervalMs: 1000, maxRetry: 1 } });
    try {
      await o.optimizeAllModels({ nTrials: 2 });
      const trials = await (await o.study('xgboost')).getTrials();
      expect(trials).toHaveLength(2);
      for (const t of trials) expect(t.heartbeat).toEqual(expect.any(Number));
    } finally {
      await o.close();
    }
  });

  it('createStudy takes the URL as storage and resumes: numbers continue, nothing replayed', async () => {
    const url = await cluster().createDatabase();
    const first = await createStudy({ storage: url, name: 'resume', direction: 'maximize' });
    await first.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    await first.storage.close();
    const again = await createStudy({ storage: url, name: 'resume', direction: 'maximize', loadIfExists: true });
    await again.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 2 });
    const trials = await again.getTrials();
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(trials.map((t) => t.params['x'])).size).toBe(5);
    expect(await again.bestValue()).toBe(Math.max(...trials.map((t) => t.values![0]!)));
    await again.storage.close();
  });

  it('the CLI names an unreachable server with ERR_STORAGE_CONNECT', async () => {
    const r = await runCli(['studies', 'ls', '--storage', `postgres://postgres@127.0.0.1:1/none`]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('ERR_STORAGE_CONNECT');
  });
});
