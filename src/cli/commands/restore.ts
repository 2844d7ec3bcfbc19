import { existsSync, readdirSync } from 'node:fs';
import { CliError } from '../../errors.js';
import { defineCommand } from '../command.js';
import { storageOption } from '../storage-option.js';
import { restoreBackup } from '../../storage/backup.js';

export const restoreCommand = defineCommand(
  {
    name: 'restore',
    summary: 'replace a store with one of its backups',
    description: 'BACKUP is a backup directory, or a directory of backups (the newest is used). Every process\nusing the store must have closed it first.',
    positionals: [{ name: 'backup', description: "a backup written by 'cryptotune backup' (or the directory holding them)" }],
    options: {
      storage: storageOption('the store directory to restore into', 'DIR'),
      force: { type: 'boolean', description: 'replace a store that already holds data' },
      json: { type: 'boolean', description: 'print JSON' },
    },
  },
  async ({ options, positionals, print, printJson }) => {
    const dir = options.storage.replace(/^lmdb:(\/\/)?/i, '');
    if (!options.force && existsSync(dir) && readdirSync(dir).length > 0) {
      throw new CliError('ERR_CLI_USAGE', `${dir} already holds a store; add --force to replace it with the backup`);
    }
    await restoreBackup(positionals[0]!, dir);
    if (options.json) printJson({ restored: dir, from: positionals[0] });
    else print(`restored ${dir} from ${positionals[0]}`);
  },
);
