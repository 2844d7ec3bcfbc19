import { loadCapability } from '../capability.js';
import { defineCommand } from '../command.js';
import { storageOption } from '../storage-option.js';

/** Provided by the persistence module (src/storage/backup.ts): replace a store with a backup. */
type RestoreStore = (from: string, storePath: string, options: { force?: boolean }) => Promise<unknown>;

export const restoreCommand = defineCommand(
  {
    name: 'restore',
    summary: 'replace a store with one of its backups',
    positionals: [{ name: 'backup', description: "a backup written by 'cryptotune backup'" }],
    options: {
      storage: storageOption('the store directory to restore into', 'DIR'),
      force: { type: 'boolean', description: 'overwrite a store that already holds data' },
      json: { type: 'boolean', description: 'print JSON' },
    },
  },
  async ({ options, positionals, print, printJson }) => {
    const restoreStore = await loadCapability<RestoreStore>('restoreStore');
    await restoreStore(positionals[0]!, options.storage, { force: options.force });
    if (options.json) printJson({ restored: options.storage, from: positionals[0] });
    else print(`restored ${options.storage} from ${positionals[0]}`);
  },
);
