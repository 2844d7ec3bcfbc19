/**
 * The CLI's late-bound capabilities: modules other parts of cryptotune provide (stores, cache,
 * backups, the optimizer). Each is loaded on first use by module path and export name, so a
 * command whose capability is not part of this build fails with CliError `ERR_CLI_UNAVAILABLE`
 * (exit 1) and says what is missing, instead of printing made-up output.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CliError } from '../errors.js';

/** Where each capability lives (paths relative to this file; `.ts` is tried when running from source). */
export const CAPABILITIES = {
  openStorage: { module: '../storage/open-storage.js', export: 'openStorage', what: 'opening an LMDB or PostgreSQL store' },
  ResultCache: { module: '../cache/result-cache.js', export: 'ResultCache', what: 'the result cache' },
  BackupManager: { module: '../storage/backup.js', export: 'BackupManager', what: 'store backups' },
  restoreBackup: { module: '../storage/backup.js', export: 'restoreBackup', what: 'restoring a store from a backup' },
  CryptoOptimizer: { module: '../optimizer.js', export: 'CryptoOptimizer', what: 'the optimizer (CryptoOptimizer)' },
} as const;

export type CapabilityName = keyof typeof CAPABILITIES;

/** The file of a capability's module in this build, or undefined when it is not there. */
export function capabilityFile(name: CapabilityName): string | undefined {
  const js = fileURLToPath(new URL(CAPABILITIES[name].module, import.meta.url));
  return [js, js.replace(/\.js$/, '.ts')].find((p) => existsSync(p));
}

/** The export behind a capability, or ERR_CLI_UNAVAILABLE when this build does not have it. */
export async function loadCapability<T>(name: CapabilityName): Promise<T> {
  const c = CAPABILITIES[name];
  const file = capabilityFile(name);
  const unavailable = (why: string): CliError =>
    new CliError('ERR_CLI_UNAVAILABLE', `${c.what} is not available in this build yet (${why}); update cryptotune to a version that includes it`, { capability: name });
  if (!file) throw unavailable(`module ${c.module} is missing`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  if (mod[c.export] === undefined) throw unavailable(`${c.module} has no export ${c.export}`);
  return mod[c.export] as T;
}
