/** The `--study` option: a study name, or — when the store holds exactly one study — that one. */
import { CliError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import type { OptionSpec } from './args.js';

export const STUDY_OPTION = {
  type: 'string',
  placeholder: 'NAME',
  description: 'the study (may be omitted when the store holds only one)',
  env: 'CRYPTOTUNE_STUDY',
} as const satisfies OptionSpec;

/** The study name to use: `name`, or the store's only study (ERR_CLI_USAGE when that is ambiguous). */
export async function resolveStudyName(storage: Storage, name: string | undefined): Promise<string> {
  if (name !== undefined) return name;
  const all = await storage.getAllStudies();
  if (all.length === 1) return all[0]!.name;
  throw new CliError(
    'ERR_CLI_USAGE',
    all.length === 0 ? 'the store holds no studies' : `the store holds ${all.length} studies; pick one with --study (${all.map((s) => s.name).join(', ')})`,
  );
}

/** A file name derived from a study name (characters unsafe in paths become `_`). */
export function studyFileName(study: string, suffix: string): string {
  return `${study.replace(/[^A-Za-z0-9._-]+/g, '_')}${suffix}`;
}
