/**
 * The vitest side of test/support/postgres-server.ts: skip with a printed reason when this machine
 * has no PostgreSQL server, else one throwaway cluster per describe block.
 */
import { afterAll, beforeAll } from 'vitest';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgres-server.js';

/** Why the PostgreSQL tests of `file` must skip on this machine (printed), or null when they can run. */
export function postgresSkipReason(file: string): string | null {
  const found = findPostgresBin();
  if (!('reason' in found)) return null;
  console.warn(`${file}: PostgreSQL tests skipped: ${found.reason}`);
  return found.reason;
}

/** Inside a describe: a cluster started before its tests and removed after them. */
export function useThrowawayPostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the throwaway PostgreSQL server is not running (beforeAll failed?)');
    return server;
  };
}
