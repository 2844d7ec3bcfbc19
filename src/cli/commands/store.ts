import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CryptotuneError } from '../../errors.js';
import { BackupManager, exportStudy, importStudy, listBackups, restoreBackup } from '../../storage/backup.js';
import { LmdbStorage } from '../../storage/lmdb.js';
import { openStorage } from '../../storage/open-storage.js';
import type { Command } from '../command.js';

const HELP = `usage: cryptotune store <action> [options]

Look after a study store (an LMDB directory by default, or any openStorage URL).

  studies  --storage URL                          list studies and their trial counts
  backup   --storage DIR --to DIR [--keep N]      take a compacted backup now, keep the newest N
  backups  --to DIR                               list backups, newest first
  restore  --from DIR --storage DIR               put a backup back (close every user of the store first)
  export   --storage URL --study NAME [--out F]   write a study as JSON (stdout without --out)
  import   --storage URL --file F [--name NAME]   create a study from an export

  --json   print JSON instead of text
URL: a directory, lmdb:<dir>, memory: or postgres://…; default CRYPTOTUNE_STORAGE or .cryptotune/store`;

function usage(message: string): never {
  throw new CryptotuneError('ERR_CLI_USAGE', `${message}; see 'cryptotune store --help'`);
}

function need(v: string | undefined, flag: string): string {
  if (!v) usage(`--${flag} is required`);
  return v;
}

export const storeCommand: Command = {
  name: 'store',
  summary: 'list, back up, restore, export and import studies of a store',
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: {
        storage: { type: 'string' },
        to: { type: 'string' },
        from: { type: 'string' },
        keep: { type: 'string' },
        study: { type: 'string' },
        out: { type: 'string' },
        file: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const out = (text: string, json: unknown): void => {
      process.stdout.write((values.json ? JSON.stringify(json) : text) + '\n');
    };
    switch (action) {
      case 'studies': {
        const s = await openStorage(values.storage);
        try {
          const all = await s.getAllStudies();
          out(all.map((x) => `${x.name}\t${x.nTrials} trials\t${x.directions.join(',')}`).join('\n') || '(no studies)', all);
        } finally {
          await s.close();
        }
        return 0;
      }
      case 'backup': {
        const storage = new LmdbStorage({ path: need(values.storage, 'storage') });
        try {
          const m = new BackupManager({ storage, dir: need(values.to, 'to'), keep: values.keep !== undefined ? Number(values.keep) : undefined });
          const info = await m.backupNow();
          out(`${info.path}\t${info.bytes} bytes`, info);
        } finally {
          await storage.close();
        }
        return 0;
      }
      case 'backups': {
        const list = listBackups(need(values.to, 'to'));
        out(list.map((b) => `${new Date(b.createdAt).toISOString()}\t${b.bytes} bytes\t${b.path}`).join('\n') || '(no backups)', list);
        return 0;
      }
      case 'restore': {
        await restoreBackup(need(values.from, 'from'), need(values.storage, 'storage'));
        out(`restored ${values.from} into ${values.storage}`, { restored: values.from, storage: values.storage });
        return 0;
      }
      case 'export': {
        const s = await openStorage(values.storage);
        try {
          const data = JSON.stringify(await exportStudy(s, need(values.study, 'study')));
          if (values.out) writeFileSync(values.out, data);
          else process.stdout.write(data + '\n');
        } finally {
          await s.close();
        }
        return 0;
      }
      case 'import': {
        const s = await openStorage(values.storage);
        try {
          const id = await importStudy(s, readFileSync(need(values.file, 'file'), 'utf8'), { name: values.name });
          out(`imported study ${await s.getStudyNameFromId(id)} (id ${id})`, { studyId: id });
        } finally {
          await s.close();
        }
        return 0;
      }
      default:
        usage(action ? `unknown store action '${action}'` : 'name an action');
    }
  },
};
