/**
 * Runs a Python snippet in the bench virtualenv (.bench/venv) with scikit-learn, for parity
 * tests. When the virtualenv or scikit-learn is missing, `sklearnSkipReason` says why and the
 * test skips with that printed reason; the reference values are always computed live.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const python = join(root, '.bench', 'venv', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

function probe(): string | undefined {
  if (!existsSync(python)) return `skipped: no Python virtualenv at ${python} (run npm run bench once to create it)`;
  const r = spawnSync(python, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (r.status !== 0) return `skipped: scikit-learn is not importable in ${python}: ${(r.stderr || '').trim().slice(-200)}`;
  return undefined;
}

/** Why sklearn parity tests cannot run here (printed once), or undefined when they can. */
export const sklearnSkipReason: string | undefined = probe();
if (sklearnSkipReason) console.warn(sklearnSkipReason);

/**
 * Run `code` with `data` (JSON on stdin, bound to the variable `data`, numpy imported as np);
 * the snippet assigns `result`, which comes back parsed.
 */
export function runSklearn<T>(code: string, data: unknown): T {
  const script = `import json, sys\nimport numpy as np\ndata = json.load(sys.stdin)\n${code}\nprint(json.dumps(result))\n`;
  const r = spawnSync(python, ['-c', script], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
