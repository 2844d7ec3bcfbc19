import { BackupManager, listBackups } from '../../storage/backup.js';
import { defineCommand } from '../command.js';
import { storageOption, withLmdbStorage } from '../storage-option.js';

export const backupCommand = defineCommand(
  {
    name: 'backup',
    summary: 'write a compacted copy of a store (studies, trials and cache)',
    description: 'The copy is consistent while other processes keep writing. With --keep, only the newest N\nbackups in the target directory are kept. With --list, nothing is written: the backups in --to are\nlisted, newest first.',
    options: {
      storage: storageOption('the store directory', 'DIR'),
      to: { type: 'string', placeholder: 'DIR', description: 'directory the backup is written into', required: true },
      keep: { type: 'integer', min: 1, description: 'keep only the newest N backups there (default 7)' },
      list: { type: 'boolean', description: 'list the backups in --to instead of writing one' },
      json: { type: 'boolean', description: 'print {"path", "createdAt", "bytes"} as JSON' },
    },
    examples: ['cryptotune backup --storage .cryptotune/store --to backups --keep 7', 'cryptotune backup --to backups --list'],
  },
  async ({ options, print, printJson }) => {
    if (options.list) {
      const all = listBackups(options.to);
      if (options.json) printJson(all);
      else print(all.map((b) => `${b.path}\t${new Date(b.createdAt).toISOString()}\t${(b.bytes / 1e6).toFixed(1)} MB`).join('\n') || `(no backups in ${options.to})`);
      return;
    }
    const info = await withLmdbStorage(options.storage, async (storage) => {
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
