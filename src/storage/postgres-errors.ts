/**
 * What a node-postgres failure means for the user of a PostgreSQL store, as a coded StorageError.
 * Messages name the server by a URL with the password removed.
 */
import { CryptotuneError, StorageError } from '../errors.js';

/** The URL with any password replaced by `***` (for messages and error details). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT', 'ECONNRESET']);

/** Map a `pg` error (or a coded error, passed through) to a coded StorageError. */
export function postgresStorageError(e: unknown, url: string, action: string): CryptotuneError {
  if (e instanceof CryptotuneError) return e;
  const err = e as { code?: string; message?: string };
  const code = typeof err?.code === 'string' ? err.code : '';
  const msg = String(err?.message ?? e);
  const where = redactUrl(url);
  const details = { url: where, ...(code ? { cause: code } : {}) };
  if (UNREACHABLE.has(code) || /timeout expired|Connection terminated|connect ECONNREFUSED/i.test(msg)) {
    return new StorageError('ERR_STORAGE_CONNECT', `cannot reach the PostgreSQL server of ${where} to ${action} (${msg}); check the host and port in the URL and that the server is running and accepts connections from this machine`, details, { cause: e });
  }
  if (code === '28P01' || code === '28000') {
    return new StorageError('ERR_STORAGE_AUTH', `the PostgreSQL server of ${where} refused the login (${msg}); check the user and password in the URL`, details, { cause: e });
  }
  if (code === '3D000') {
    return new StorageError('ERR_STORAGE_DATABASE_MISSING', `the database named in ${where} does not exist (${msg}); create it (createdb NAME) or fix the URL`, details, { cause: e });
  }
  if (code === '42501') {
    return new StorageError('ERR_STORAGE_NOT_WRITABLE', `the PostgreSQL user of ${where} may not ${action} the cryptotune tables (${msg}); grant it CREATE and write access on the database`, details, { cause: e });
  }
  if (code === '53300' || code === '57P03') {
    return new StorageError('ERR_STORAGE_CONNECT', `the PostgreSQL server of ${where} accepts no more connections now (${msg}); lower the pool size (?max=) or raise max_connections`, details, { cause: e });
  }
  return new StorageError('ERR_STORAGE_IO', `could not ${action} the PostgreSQL store ${where}: ${msg}`, details, { cause: e });
}
