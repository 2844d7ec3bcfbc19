import { loadCapability } from '../capability.js';
import { defineCommand } from '../command.js';
import { storageOption, withStorage } from '../storage-option.js';
import type { Storage } from '../../storage/storage.js';

/** The persistence module's backup manager (src/storage/backup.ts), as far as this command uses it. */
interface BackupManagerClass {
  new (o: { storage: Storage; dir: string; keep?: number }): { backupNow(): Promise<{ path: string; createdAt: number; bytes: number }>; stop(): Promise<void> };
}

export const backupCommand = defineCommand(
  {
    name: 'backup',
    summary: 'write a compacted copy of a store (studies, trials and cache)',
    description: 'The copy is consistent while other processes keep writing. With --keep, only the newest N\nbackups in the target directory are kept.',
    options: {
      storage: storageOption('the store directory', 'DIR'),
      to: { type: 'string', placeholder: 'DIR', description: 'directory the backup is written into', required: true },
      keep: { type: 'integer', min: 1, description: 'keep only the newest N backups there (default 7)' },
      json: { type: 'boolean', description: 'print {"path", "createdAt", "bytes"} as JSON' },
    },
    examples: ['cryptotune backup --storage .cryptotune/store --to backups --keep 7'],
  },
  async ({ options, print, printJson }) => {
    const BackupManager = await loadCapability<BackupManagerClass>('BackupManager');
    const info = await withStorage(options.storage, { write: true }, async (storage) => {
      const manager = new BackupManager({ storage, dir: options.to, ...(options.keep !== undefined ? { keep: options.keep } : {}) });
      try {
        return await manager.backupNow();
      } finally {
        await manager.stop();
      }
    });
    if (options.json) printJson(info);
    else print(`backup of ${options.storage} written to ${info.path} (${(info.bytes / 1e6).toFixed(1)} MB)`);
  },
);
