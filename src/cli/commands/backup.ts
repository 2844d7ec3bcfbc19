import { loadCapability } from '../capability.js';
import { defineCommand } from '../command.js';
import { storageOption } from '../storage-option.js';

/** Provided by the persistence module (src/storage/backup.ts): a compacted copy of a store directory. */
type BackupStore = (storePath: string, options: { to: string; keep?: number }) => Promise<{ path: string; bytes?: number } | string>;

export const backupCommand = defineCommand(
  {
    name: 'backup',
    summary: 'write a compacted copy of a store (studies, trials and cache)',
    description: 'The copy is consistent while other processes keep writing. With --keep, only the newest N\nbackups in the target directory are kept.',
    options: {
      storage: storageOption('the store directory', 'DIR'),
      to: { type: 'string', placeholder: 'DIR', description: 'directory the backup is written into', required: true },
      keep: { type: 'integer', min: 1, description: 'keep only the newest N backups there' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    examples: ['cryptotune backup --storage .cryptotune/store --to backups --keep 7'],
  },
  async ({ options, print, printJson }) => {
    const backupStore = await loadCapability<BackupStore>('backupStore');
    const r = await backupStore(options.storage, { to: options.to, ...(options.keep !== undefined ? { keep: options.keep } : {}) });
    const path = typeof r === 'string' ? r : r.path;
    if (options.json) printJson(typeof r === 'string' ? { path } : r);
    else print(`backup of ${options.storage} written to ${path}`);
  },
);
