/**
 * The study file: one study (name, directions, attributes, every trial) as a JSON document, for
 * `studies export` / `studies import` and for reading a study without a store (`report FILE.json`).
 * Trials keep their numbers, states, values, params with distributions, intermediate values and
 * times, so an imported study resumes where the exported one stopped.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { MemoryStorage } from '../storage/memory.js';
import type { Storage, StudyDirection } from '../storage/storage.js';
import type { FrozenTrial, JsonValue } from '../study/frozen-trial.js';

export const STUDY_FILE_FORMAT = 'cryptotune-study';
export const STUDY_FILE_VERSION = 1;

export interface StudyFile {
  format: typeof STUDY_FILE_FORMAT;
  version: number;
  name: string;
  directions: StudyDirection[];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  trials: FrozenTrial[];
  exportedAt: number;
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
  return { format: STUDY_FILE_FORMAT, version: STUDY_FILE_VERSION, name, directions, userAttrs, systemAttrs, trials, exportedAt: Date.now() };
}

/** Write a study file into a store under `name` (default: the file's name); ERR_STUDY_EXISTS when taken. */
export async function importStudy(storage: Storage, file: StudyFile, name = file.name): Promise<number> {
  const id = await storage.createStudy(name, file.directions);
  for (const [k, v] of Object.entries(file.userAttrs)) await storage.setStudyUserAttr(id, k, v);
  for (const [k, v] of Object.entries(file.systemAttrs)) await storage.setStudySystemAttr(id, k, v);
  for (const t of [...file.trials].sort((a, b) => a.number - b.number)) {
    const { number: _n, trialId: _id, ...template } = t;
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
  if (!f || f.format !== STUDY_FILE_FORMAT || typeof f.name !== 'string' || !Array.isArray(f.directions) || !Array.isArray(f.trials)) {
    throw new CliError('ERR_CLI_STUDY_FILE', `${path} is not a cryptotune study file (write one with 'cryptotune studies export')`, { path });
  }
  if ((f.version ?? 0) > STUDY_FILE_VERSION) {
    throw new CliError('ERR_CLI_STUDY_FILE', `${path} is study file version ${f.version}; this cryptotune reads up to ${STUDY_FILE_VERSION}, so upgrade it`, { path });
  }
  return { userAttrs: {}, systemAttrs: {}, exportedAt: 0, ...f } as StudyFile;
}

/** A MemoryStorage holding just the study of a file (what `--storage FILE.json` opens). */
export async function storageFromStudyFile(path: string): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  await importStudy(storage, await readStudyFile(path));
  return storage;
}
