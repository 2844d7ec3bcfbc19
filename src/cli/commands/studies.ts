import { writeFile } from 'node:fs/promises';
import { CliError } from '../../errors.js';
import type { Storage, StudyInfo } from '../../storage/storage.js';
import type { FrozenTrial } from '../../study/frozen-trial.js';
import { defineCommand, defineGroup } from '../command.js';
import { STORAGE_OPTION, withStorage } from '../storage-option.js';
import { studyFileName } from '../study-option.js';
import { exportStudy, importStudy, readStudyFile } from '../study-file.js';
import { renderKeyValues, renderTable } from '../table.js';

const JSON_OPTION = { type: 'boolean', description: 'print JSON instead of a table' } as const;

interface StudySummary {
  name: string;
  directions: string[];
  trials: number;
  complete: number;
  pruned: number;
  failed: number;
  best: number | null;
  started: string | null;
}

async function summarise(storage: Storage, s: StudyInfo): Promise<StudySummary> {
  const [complete, pruned, failed] = await Promise.all(
    (['COMPLETE', 'PRUNED', 'FAIL'] as const).map((st) => storage.getNTrials(s.studyId, [st])),
  );
  let best: number | null = null;
  if (s.directions.length === 1 && complete! > 0) best = (await storage.getBestTrial(s.studyId)).values![0]!;
  return {
    name: s.name,
    directions: s.directions,
    trials: s.nTrials,
    complete: complete!,
    pruned: pruned!,
    failed: failed!,
    best,
    started: s.datetimeStart === null ? null : new Date(s.datetimeStart).toISOString(),
  };
}

const ls = defineCommand(
  { name: 'studies ls', summary: 'list the studies of a store', options: { storage: STORAGE_OPTION, json: JSON_OPTION } },
  async ({ options, print, printJson }) => {
    const rows = await withStorage(options.storage, {}, async (storage) => Promise.all((await storage.getAllStudies()).map((s) => summarise(storage, s))));
    if (options.json) return printJson(rows);
    if (rows.length === 0) return print('no studies');
    print(
      renderTable(
        ['study', 'directions', 'trials', 'complete', 'pruned', 'failed', 'best', 'started'],
        rows.map((r) => [r.name, r.directions.join(','), r.trials, r.complete, r.pruned, r.failed, r.best, r.started?.slice(0, 16).replace('T', ' ') ?? null]),
      ),
    );
  },
);

/** Completed trials best first (first objective). */
function leaderboard(trials: FrozenTrial[], direction: string): FrozenTrial[] {
  const s = direction === 'maximize' ? -1 : 1;
  return trials.filter((t) => t.state === 'COMPLETE' && t.values).sort((a, b) => s * (a.values![0]! - b.values![0]!) || a.number - b.number);
}

const show = defineCommand(
  {
    name: 'studies show',
    summary: "a study's facts and its best trials",
    positionals: [{ name: 'study', description: 'study name' }],
    options: {
      storage: STORAGE_OPTION,
      top: { type: 'integer', min: 1, default: 10, description: 'trials in the leaderboard' },
      json: JSON_OPTION,
    },
  },
  async ({ options, positionals, print, printJson }) => {
    const name = positionals[0]!;
    const { summary, top, attrs } = await withStorage(options.storage, {}, async (storage) => {
      const id = await storage.getStudyIdFromName(name);
      const info = (await storage.getAllStudies()).find((s) => s.studyId === id)!;
      const trials = await storage.getAllTrials(id);
      return { summary: await summarise(storage, info), top: leaderboard(trials, info.directions[0]!).slice(0, options.top), attrs: info.userAttrs };
    });
    if (options.json) return printJson({ ...summary, userAttrs: attrs, top });
    print(renderKeyValues({ study: summary.name, directions: summary.directions.join(', '), trials: summary.trials, complete: summary.complete, pruned: summary.pruned, failed: summary.failed, best: summary.best, started: summary.started }));
    if (top.length === 0) return print('no completed trials');
    const params = [...new Set(top.flatMap((t) => Object.keys(t.params)))];
    const objectives = summary.directions.map((d, k) => (summary.directions.length === 1 ? `value (${d})` : `value ${k} (${d})`));
    print(renderTable(['#', ...objectives, ...params], top.map((t) => [t.number, ...t.values!, ...params.map((p) => t.params[p])])));
  },
);

const rm = defineCommand(
  {
    name: 'studies rm',
    summary: 'delete a study and all its trials',
    positionals: [{ name: 'study', description: 'study name' }],
    options: { storage: STORAGE_OPTION, yes: { type: 'boolean', short: 'y', description: 'confirm the deletion (required: it cannot be undone)' }, json: JSON_OPTION },
  },
  async ({ options, positionals, print, printJson }) => {
    const name = positionals[0]!;
    if (!options.yes) throw new CliError('ERR_CLI_USAGE', `deleting study '${name}' cannot be undone; add --yes to confirm`);
    const trials = await withStorage(options.storage, { write: true }, async (storage) => {
      const id = await storage.getStudyIdFromName(name);
      const n = await storage.getNTrials(id);
      await storage.deleteStudy(id);
      return n;
    });
    if (options.json) printJson({ deleted: name, trials });
    else print(`deleted study ${name} (${trials} trials)`);
  },
);

const exportCmd = defineCommand(
  {
    name: 'studies export',
    summary: 'write a study (every trial) as a JSON study file',
    positionals: [{ name: 'study', description: 'study name' }],
    options: {
      storage: STORAGE_OPTION,
      out: { type: 'string', short: 'o', placeholder: 'FILE', description: "the file to write ('-' for stdout; default <study>.json)" },
      json: { type: 'boolean', description: 'print {"exported", "trials", "path"} as JSON' },
    },
  },
  async ({ options, positionals, print, printJson }) => {
    const name = positionals[0]!;
    const file = await withStorage(options.storage, {}, (storage) => exportStudy(storage, name));
    const text = JSON.stringify(file);
    if (options.out === '-') return print(text);
    const out = options.out ?? studyFileName(name, '.json');
    await writeFile(out, text + '\n');
    if (options.json) printJson({ exported: name, trials: file.trials.length, path: out });
    else print(`exported ${name} (${file.trials.length} trials) to ${out}`);
  },
);

const importCmd = defineCommand(
  {
    name: 'studies import',
    summary: 'add a study from a JSON study file to a store',
    positionals: [{ name: 'file', description: "a file written by 'studies export'" }],
    options: { storage: STORAGE_OPTION, name: { type: 'string', placeholder: 'NAME', description: "store it under this name (default: the file's)" }, json: JSON_OPTION },
  },
  async ({ options, positionals, print, printJson }) => {
    const file = await readStudyFile(positionals[0]!);
    const name = options.name ?? file.study.name;
    await withStorage(options.storage, { write: true }, (storage) => importStudy(storage, file, name));
    if (options.json) printJson({ imported: name, trials: file.trials.length });
    else print(`imported ${name} (${file.trials.length} trials)`);
  },
);

export const studiesCommand = defineGroup('studies', 'list, inspect, delete, export and import studies', [ls, show, rm, exportCmd, importCmd]);
