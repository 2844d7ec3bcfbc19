/**
 * The study file: one study as the persistence module's JSON export (`exportStudy` /
 * `importStudy` in src/storage/backup.ts, `format: "cryptotune-study"`), used by
 * `studies export` / `studies import` and to read a study without a store (`report -s FILE.json`).
 * Here: reading such a file with a CLI error that says what is wrong, and opening it as a store.
 */
import { readFile } from 'node:fs/promises';
import { CliError, CryptotuneError } from '../errors.js';
import { importStudy, type StudyExport } from '../storage/backup.js';
import { MemoryStorage } from '../storage/memory.js';

export { exportStudy, importStudy } from '../storage/backup.js';
export type StudyFile = StudyExport;

/** Parse and check a study file (ERR_CLI_STUDY_FILE when it cannot be read or is not one). */
export async function readStudyFile(path: string): Promise<StudyFile> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError('ERR_CLI_STUDY_FILE', `cannot read study file ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  const f = doc as Partial<StudyFile>;
  if (!f || f.format !== 'cryptotune-study' || typeof f.study?.name !== 'string' || !Array.isArray(f.trials)) {
    throw new CliError('ERR_CLI_STUDY_FILE', `${path} is not a cryptotune study file (write one with 'cryptotune studies export')`, { path });
  }
  return f as StudyFile;
}

/** A MemoryStorage holding just the study of a file (what `--storage FILE.json` opens). */
export async function storageFromStudyFile(path: string): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  try {
    await importStudy(storage, await readStudyFile(path));
  } catch (e) {
    // A file that parses but does not import (trials out of order, bad states) is a bad study file.
    if (e instanceof CryptotuneError && e.code === 'ERR_STORAGE_IMPORT') throw new CliError('ERR_CLI_STUDY_FILE', `${path}: ${e.message}`, { path }, { cause: e });
    throw e;
  }
  return storage;
}
