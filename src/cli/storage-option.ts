/**
 * The `--storage` option every store-reading command shares: a study file (`*.json`, read only), or
 * any URL `openStorage` understands (`lmdb:<dir>`, a directory, `postgres://…`, `memory:`);
 * `CRYPTOTUNE_STORAGE` when the option is absent.
 */
import { CliError } from '../errors.js';
import { LmdbStorage } from '../storage/lmdb.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/storage.js';
import type { OptionSpec } from './args.js';
import { storageFromStudyFile } from './study-file.js';

/** The store used when neither `--storage` nor CRYPTOTUNE_STORAGE names one. */
export const DEFAULT_STORAGE = '.cryptotune/store';

/** A `--storage` option (`-s`, env CRYPTOTUNE_STORAGE, default .cryptotune/store) with its own description. */
export function storageOption<D extends string>(description: D, placeholder: 'URL' | 'DIR' = 'URL') {
  return { type: 'string', short: 's', placeholder, description, env: 'CRYPTOTUNE_STORAGE', default: DEFAULT_STORAGE } as const satisfies OptionSpec;
}

export const STORAGE_OPTION = storageOption('the store: a directory or lmdb:<dir> (LMDB), postgres://…, or a study file FILE.json (read only)');

/** Open the store `url` names; `write` refuses study files, which are read-only. */
export async function openCliStorage(url: string, options: { write?: boolean } = {}): Promise<Storage> {
  if (/\.json$/i.test(url)) {
    if (options.write) throw new CliError('ERR_CLI_STORAGE_READONLY', `${url} is a study file and read only here; name a store directory (or postgres://…) to change studies`, { storage: url });
    return storageFromStudyFile(url);
  }
  return openStorage(url);
}

/** Run `fn` with the store open, closing it afterwards whatever happens. */
export async function withStorage<T>(url: string, options: { write?: boolean }, fn: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openCliStorage(url, options);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

/** Run `fn` with an LMDB store open for writing: backups and the result cache live in LMDB directories only. */
export async function withLmdbStorage<T>(url: string, fn: (s: LmdbStorage) => Promise<T>): Promise<T> {
  return withStorage(url, { write: true }, async (storage) => {
    if (!(storage instanceof LmdbStorage)) {
      throw new CliError('ERR_CLI_USAGE', `${url} is not an LMDB store; backups and the result cache need one, so name a store directory with --storage`, { storage: url });
    }
    return fn(storage);
  });
}
