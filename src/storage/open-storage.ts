/**
 * One way to name a store: `openStorage(url)` maps a string to a Storage so studies, the CLI and
 * configuration files can all say where trials live.
 *
 * - `memory:`                         a fresh MemoryStorage
 * - `lmdb:<dir>` / `lmdb://<dir>`     an LmdbStorage in that directory
 * - `postgres://…` / `postgresql://…` a PostgresStorage (`PostgresStorage.open(url)`)
 * - anything else                     a directory path → LmdbStorage (the default store)
 * - nothing                           `CRYPTOTUNE_STORAGE`, else `.cryptotune/store` in the working directory
 */
import { StorageError } from '../errors.js';
import { LmdbStorage, type LmdbStorageOptions } from './lmdb.js';
import { MemoryStorage } from './memory.js';
import type { Storage } from './storage.js';

/** Where a store lives when nothing names one. */
export const DEFAULT_STORAGE_PATH = '.cryptotune/store';

export interface OpenStorageOptions extends Omit<LmdbStorageOptions, 'path'> {
  /** Environment to read `CRYPTOTUNE_STORAGE` from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Open the store a URL or path names (see the module comment for the forms). */
export async function openStorage(url?: string, options: OpenStorageOptions = {}): Promise<Storage> {
  const { env = process.env, ...lmdb } = options;
  const target = url ?? env['CRYPTOTUNE_STORAGE'] ?? DEFAULT_STORAGE_PATH;
  if (typeof target !== 'string' || target.trim() === '') {
    throw new StorageError('ERR_STORAGE_URL', `a storage URL must be a non-empty string such as "memory:", "lmdb:./store" or a directory, got ${JSON.stringify(target)}`);
  }
  if (target === 'memory:' || target === 'memory://') return new MemoryStorage();
  if (/^postgres(ql)?:\/\//i.test(target)) return openPostgres(target);
  const m = /^lmdb:(\/\/)?(.*)$/i.exec(target);
  const path = m ? m[2]! : target;
  if (path === '') throw new StorageError('ERR_STORAGE_URL', `"${target}" names no directory; write lmdb:<directory>`);
  if (!m && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new StorageError('ERR_STORAGE_URL', `unknown storage scheme in "${target}"; use memory:, lmdb:<dir>, postgres://… or a directory path`);
  }
  return new LmdbStorage({ ...lmdb, path });
}

async function openPostgres(url: string): Promise<Storage> {
  // The PostgreSQL backend is a separate module, loaded only when a postgres URL is used. The
  // specifier is a literal so the CommonJS bundle carries the module too.
  let mod: typeof import('./postgres.js');
  try {
    mod = await import('./postgres.js');
  } catch (e) {
    throw new StorageError('ERR_STORAGE_BACKEND_MISSING', 'this build has no PostgreSQL storage, so a postgres:// URL cannot be opened; use an LMDB directory instead', {}, { cause: e });
  }
  return mod.PostgresStorage.open(url);
}
