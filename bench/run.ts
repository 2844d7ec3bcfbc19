/**
 * `npm run bench -- [suite…] [--quick]`: runs the suites under bench/suites, each case printing one
 * JSON line with our figure, the peer's figure from the same run, and the ratio.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Suite } from './harness/suite.js';

const dir = fileURLToPath(new URL('./suites/', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));

const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .sort();
const unknown = wanted.filter((w) => !names.includes(w));
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${names.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : names) {
  const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { suite: Suite };
  process.stderr.write(`# suite ${name}${quick ? ' (quick)' : ''}: ${mod.suite.description}\n`);
  try {
    await mod.suite.run({ quick });
  } catch (err) {
    failed++;
    process.stderr.write(`# suite ${name} failed: ${(err as Error).stack ?? String(err)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
