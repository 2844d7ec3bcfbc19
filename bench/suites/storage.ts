/**
 * Storage for studies spread over several machines: trial write throughput of PostgresStorage
 * against Optuna's RDBStorage (SQLAlchemy + psycopg2) on the same throwaway PostgreSQL server, with
 * the same storage calls per trial as the LMDB case in cache.ts. Skipped with the reason when this
 * machine has no PostgreSQL server binaries.
 */
import { PostgresStorage } from '../../src/storage/postgres.js';
import { findPostgresBin, startPostgres } from '../../test/support/postgres-server.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';
import { writeTrials } from './cache.js';

const SUITE = 'storage';

export const suite: Suite = {
  name: SUITE,
  description: 'trial writes on PostgreSQL: PostgresStorage vs Optuna RDBStorage on the same server',
  async run({ quick }) {
    const n = quick ? 30 : 300;
    const shape = { n_trials: n, n_params: 5, n_steps: 3 };
    const base = { suite: SUITE, case: 'trial-writes postgres vs optuna rdb postgres', unit: 'trials/s', peer: 'optuna RDBStorage postgresql+psycopg2', higherIsBetter: true };
    const found = findPostgresBin();
    if ('reason' in found) {
      report({ ...base, ours: 0, skipped: found.reason });
      return;
    }
    const server = await startPostgres();
    try {
      const [oursUrl, peerUrl] = [await server.createDatabase('bench_ours'), await server.createDatabase('bench_optuna')];
      const storage = await PostgresStorage.open(oursUrl);
      let ms: number;
      try {
        ms = await writeTrials(storage, n, shape.n_params, shape.n_steps);
      } finally {
        await storage.close();
      }
      const peer = runPythonPeer<{ postgres_ms: number; optuna: string }>('storage_optuna.py', { ...shape, backends: ['postgres'], postgres_url: peerUrl });
      report({
        ...base,
        ours: n / (ms / 1000),
        theirs: peer.ok ? n / (peer.value.postgres_ms / 1000) : null,
        ...(peer.ok ? {} : { skipped: peer.reason }),
        extra: { trials: n, callsPerTrial: 2 + shape.n_params + shape.n_steps + 1, server: 'local throwaway cluster, TCP 127.0.0.1, fsync off', ...(peer.ok ? { optuna: peer.value.optuna } : {}) },
      });
    } finally {
      await server.stop();
    }
  },
};
