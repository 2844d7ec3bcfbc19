/**
 * The study file: one study (name, directions, attributes, every trial) as a JSON document, for
 * `studies export` / `studies import` and for reading a study without a store (`report -s FILE.json`).
 * Same document as the persistence module's StudyExport (`format: "cryptotune-study"`, version 1):
 * trials keep their numbers, states, values, params with distributions, intermediate values and
 * times, so an imported study resumes where the exported one stopped.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { MemoryStorage } from '../storage/memory.js';
import type { Storage, StudyDirection } from '../storage/storage.js';
import { FAIL_REASON_ATTR, type FrozenTrial, type JsonValue, type TrialTemplate } from '../study/frozen-trial.js';

export interface StudyFile {
  format: 'cryptotune-study';
  version: 1;
  exportedAt: number;
  study: { name: string; directions: StudyDirection[]; userAttrs: Record<string, JsonValue>; systemAttrs: Record<string, JsonValue> };
  /** Trials in number order, without storage ids. */
  trials: Array<Omit<FrozenTrial, 'trialId'>>;
}

/** Read a study out of a store. */
export async function exportStudy(storage: Storage, name: string): Promise<StudyFile> {
  const id = await storage.getStudyIdFromName(name);
  const [directions, userAttrs, systemAttrs, trials] = await Promise.all([
    storage.getStudyDirections(id),
    storage.getStudyUserAttrs(id),
    storage.getStudySystemAttrs(id),
    storage.getAllTrials(id),
  ]);
  return {
    format: 'cryptotune-study',
    version: 1,
    exportedAt: Date.now(),
    study: { name, directions, userAttrs, systemAttrs },
    trials: trials.map(({ trialId: _id, ...rest }) => rest),
  };
}

/**
 * Write a study file into a store under `name` (default: the file's); ERR_STUDY_EXISTS when taken.
 * Trials RUNNING at export become FAIL: nobody runs them any more.
 */
export async function importStudy(storage: Storage, file: StudyFile, name = file.study.name): Promise<number> {
  const id = await storage.createStudy(name, file.study.directions);
  for (const [k, v] of Object.entries(file.study.userAttrs ?? {})) await storage.setStudyUserAttr(id, k, v);
  for (const [k, v] of Object.entries(file.study.systemAttrs ?? {})) await storage.setStudySystemAttr(id, k, v);
  for (const { number: _n, ...t } of file.trials) {
    const template: TrialTemplate =
      t.state === 'RUNNING' ? { ...t, state: 'FAIL', datetimeComplete: t.datetimeStart, systemAttrs: { ...t.systemAttrs, [FAIL_REASON_ATTR]: 'was RUNNING when the study was exported' } } : t;
    await storage.createTrial(id, template);
  }
  return id;
}

/** Parse and check a study file (ERR_CLI_STUDY_FILE when it is not one). */
export async function readStudyFile(path: string): Promise<StudyFile> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError('ERR_CLI_STUDY_FILE', `cannot read study file ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  const f = doc as Partial<StudyFile>;
  if (!f || f.format !== 'cryptotune-study' || typeof f.study?.name !== 'string' || !Array.isArray(f.study.directions) || !Array.isArray(f.trials)) {
    throw new CliError('ERR_CLI_STUDY_FILE', `${path} is not a cryptotune study file (write one with 'cryptotune studies export')`, { path });
  }
  if (f.version !== 1) throw new CliError('ERR_CLI_STUDY_FILE', `${path} is study file version ${f.version}; this cryptotune reads version 1`, { path });
  f.trials.forEach((t, i) => {
    if (t?.number !== i) throw new CliError('ERR_CLI_STUDY_FILE', `${path}: trial at position ${i} has number ${t?.number}; trials must be listed 0, 1, 2, … in order`, { path });
  });
  return f as StudyFile;
}

/** A MemoryStorage holding just the study of a file (what `--storage FILE.json` opens). */
export async function storageFromStudyFile(path: string): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  await importStudy(storage, await readStudyFile(path));
  return storage;
}
