/**
 * Measure a job in a fresh Node process so peak RSS belongs to that job alone. The child runs
 * `bench/harness/child-entry.ts <module> <export> <json-args>` and prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface ChildResult<T> {
  value: T;
  /** Peak resident set size of the child, bytes. */
  maxRssBytes: number;
}

export function measureInChild<T>(modulePath: string, exportName: string, args: unknown, nodeArgs: string[] = []): ChildResult<T> {
  const r = spawnSync(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', resolve(root, 'bench/harness/child-entry.ts'), resolve(root, modulePath), exportName, JSON.stringify(args)],
    { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`bench child ${modulePath}#${exportName} failed: ${r.stderr.slice(-1000)}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult<T>;
}
