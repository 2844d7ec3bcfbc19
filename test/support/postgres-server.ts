/**
 * A throwaway PostgreSQL cluster for tests and benches: `initdb` into a temporary directory, then
 * `pg_ctl start` on a free TCP port of 127.0.0.1 with its unix socket in the same directory, and
 * `stop()` removes it all. PostgreSQL refuses to run as root, so under uid 0 the server binaries run
 * as the `postgres` user (runuser, else su) in a directory that user owns.
 *
 * `findPostgresBin()` returns the binaries' directory (PG_BIN, /usr/lib/postgresql/<newest>/bin, or
 * `initdb` on PATH) or why there is none, so callers can skip with that reason.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PostgresServer {
  /** Port on 127.0.0.1. */
  port: number;
  /** URL of the `postgres` database (superuser, no password). */
  url: string;
  /** Create a fresh empty database and return its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stop the server and delete its directory. */
  stop(): Promise<void>;
}

/** The directory holding initdb/pg_ctl/postgres, or `{ reason }` when this machine has none. */
export function findPostgresBin(): { bin: string } | { reason: string } {
  const has = (d: string): boolean => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(d, b)));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? { bin: process.env.PG_BIN } : { reason: `PG_BIN=${process.env.PG_BIN} has no initdb, pg_ctl and postgres` };
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => has(join(root, v, 'bin'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return { bin: join(root, versions[0]!, 'bin') };
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const onPath = which.status === 0 ? dirname(which.stdout.trim()) : '';
  if (onPath && has(onPath)) return { bin: onPath };
  return { reason: 'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found under /usr/lib/postgresql/*/bin, PG_BIN or PATH; install the postgresql package' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** uid/gid of the `postgres` user, when it exists. */
function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

let counter = 0;

/** Start a cluster (a few seconds: initdb, then start with fsync off since it is thrown away). */
export async function startPostgres(): Promise<PostgresServer> {
  const found = findPostgresBin();
  if ('reason' in found) throw new Error(found.reason);
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresUser() : null;
  if (asRoot && !user) throw new Error('running as root and there is no postgres user to run the server as');
  const dir = mkdtempSync(join(tmpdir(), 'ct-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const useRunuser = existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser');
  const run = (cmd: string, args: string[]): void => {
    const exe = join(found.bin, cmd);
    const r = !user
      ? spawnSync(exe, args, { encoding: 'utf8' })
      : useRunuser
        ? spawnSync('runuser', ['-u', 'postgres', '--', exe, ...args], { encoding: 'utf8' })
        : spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [exe, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.error?.message}): ${(r.stderr || r.stdout || '').trim().slice(-600)}`);
  };
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pg = (await import('pg')).default;
  return {
    port,
    url,
    async createDatabase(name = `ct_${process.pid}_${++counter}`) {
      const c = new pg.Pool({ connectionString: url, max: 1 });
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
