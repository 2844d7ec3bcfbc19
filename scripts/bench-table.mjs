// Regenerate the README's benchmark table from bench JSON lines:
//   npm run bench -- gbdt features > bench.jsonl && node scripts/bench-table.mjs bench.jsonl
// Only the lines between the `bench:start` and `bench:end` markers are rewritten; cases are
// merged by (suite, case), so a run of one suite updates its rows and keeps the others.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node scripts/bench-table.mjs BENCH.jsonl [...]\n');
  process.exit(2);
}

const text = readFileSync(readme, 'utf8');
const a = text.indexOf(START);
const b = text.indexOf(END);
if (a < 0 || b < a) {
  process.stderr.write(`README.md has no ${START} … ${END} block\n`);
  process.exit(1);
}

// Rows already in the table survive unless a new run measured the same case.
const rows = new Map();
for (const line of text.slice(a + START.length, b).split('\n')) {
  const m = /^\| `([^`]+)` \| (.+?) \|/.exec(line);
  if (m) rows.set(`${m[1]}\u0000${m[2]}`, line);
}

const fmt = (x) => (x === null || x === undefined ? '—' : typeof x === 'number' ? x.toLocaleString('en-US', { maximumSignificantDigits: 4 }) : String(x));
for (const f of files) {
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (!r.suite || !r.case) continue;
    const ratio = r.ratio === null || r.ratio === undefined ? (r.skipped ? `skipped` : '—') : `${fmt(r.ratio)}×`;
    const cells = [`\`${r.suite}\``, r.case, `${fmt(r.ours)} ${r.unit}`, r.peer ?? '—', r.theirs === null ? '—' : `${fmt(r.theirs)}`, ratio, r.goal ?? ''];
    rows.set(`${r.suite}\u0000${r.case}`, `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`);
  }
}

const header = ['| suite | case | ours | peer | peer figure | ratio (× better) | goal |', '|---|---|---|---|---|---|---|'];
const body = [...rows.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([, l]) => l);
const next = `${text.slice(0, a + START.length)}\n${[...header, ...body].join('\n')}\n${text.slice(b)}`;
writeFileSync(readme, next);
process.stdout.write(`README.md: ${body.length} benchmark rows\n`);
