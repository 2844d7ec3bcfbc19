/**
 * The `cryptotune` CLI run in-process through `main` with captured streams: help for every command,
 * usage errors → exit 2, coded failures → exit 1, interruption → 130, `report` writing an HTML file
 * from a real study, and parseable `--json` output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.js';
import { COMMANDS, exitCodeOf } from '../src/cli/main.js';
import { ProgressView, rateAndEta } from '../src/cli/progress.js';
import { exportStudy } from '../src/cli/study-file.js';
import { renderTable } from '../src/cli/table.js';
import { AbortError, CliError, StudyError } from '../src/errors.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { runParetoStudy, runTuningStudy } from './support/report-studies.js';
import { runCli } from './support/run-cli.js';

const cli = runCli;

const dir = mkdtempSync(join(tmpdir(), 'cryptotune-cli-'));
const studyFile = join(dir, 'seed-xgb.json');
const twoStudies = join(dir, 'zdt.json');

beforeAll(async () => {
  const storage = new MemoryStorage();
  await runTuningStudy(storage, 'seed-xgb', 40);
  writeFileSync(studyFile, JSON.stringify(await exportStudy(storage, 'seed-xgb')));
  const s2 = new MemoryStorage();
  await runParetoStudy(s2, 'zdt1', 24);
  writeFileSync(twoStudies, JSON.stringify(await exportStudy(s2, 'zdt1')));
});

describe('help', () => {
  const subcommands: Record<string, string[]> = { studies: ['ls', 'show', 'rm', 'export', 'import'], cache: ['stats', 'clear'] };
  it('lists every command on --help (exit 0) and on no arguments (exit 2, on stderr)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['optimize', 'resume', 'worker', 'report', 'studies', 'cache', 'backup', 'restore', 'demo']) expect(help.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('usage: cryptotune <command>');
  });

  for (const c of COMMANDS) {
    it(`cryptotune ${c.name} --help prints its usage and exits 0`, async () => {
      const r = await cli([c.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`usage: cryptotune ${c.name}`);
      for (const sub of subcommands[c.name] ?? []) {
        const s = await cli([c.name, sub, '--help']);
        expect(s.code, `${c.name} ${sub} --help`).toBe(0);
        expect(s.out).toContain(`usage: cryptotune ${c.name} ${sub}`);
        expect(s.out).toContain('--help');
      }
    });
  }

  it('documents each option with its default and environment variable', async () => {
    const r = await cli(['optimize', '--help']);
    expect(r.out).toMatch(/-n, --trials N\s+trials per model family \(env CRYPTOTUNE_TRIALS\)/);
    expect(r.out).toMatch(/--memory-limit MB/);
    expect(r.out).toMatch(/-m, --models A,B .*one of xgboost\|lightgbm\|catboost\|linear/);
    expect(r.out).toContain('exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted');
  });
});

describe('exit codes', () => {
  const usageCases: Array<[string, string[], RegExp]> = [
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['report', '--storage', 'x.json', '--colour'], /unknown option '--colour'/],
    ['a missing required option', ['optimize'], /--data is required/],
    ['a non-number', ['optimize', '--data', 'x.csv', '--trials', 'many'], /--trials expects a number/],
    ['a fraction for an integer', ['optimize', '--data', 'x.csv', '--trials', '2.5'], /--trials expects an integer/],
    ['a value below the minimum', ['optimize', '--data', 'x.csv', '--workers', '0'], /--workers must be ≥ 1/],
    ['a value outside the choices', ['optimize', '--data', 'x.csv', '--models', 'xgboost,randomforest'], /--models must be one of/],
    ['a bad target spec', ['optimize', '--data', 'x.csv', '--target', 'moonshot:30'], /--target must be kind:horizon/],
    ['a split over 100 %', ['optimize', '--data', 'x.csv', '--split', '0.7,0.2,0.2'], /--split must be three positive fractions/],
    ['an option without its value', ['report', '--out'], /--out needs a value/],
    ['a missing positional', ['studies', 'show', '--storage', 'x.json'], /missing <study>/],
    ['an extra positional', ['studies', 'ls', 'extra'], /unexpected argument 'extra'/],
    ['an unknown subcommand', ['studies', 'list'], /unknown subcommand 'studies list'/],
    ['rm without --yes', ['studies', 'rm', 'seed-xgb', '--storage', 'x.json'], /add --yes/],
  ];
  for (const [what, argv, message] of usageCases) {
    it(`${what} is a usage error: exit 2 with a message`, async () => {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    });
  }

  it('a coded failure exits 1 and prints the code; with --json the error is JSON on stderr', async () => {
    const r = await cli(['studies', 'show', 'nope', '--storage', studyFile]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[ERR_STUDY_NOT_FOUND]');
    const j = await cli(['studies', 'ls', '--storage', join(dir, 'missing.json'), '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.err)).toMatchObject({ error: { code: 'ERR_CLI_STUDY_FILE', exitCode: 1 } });
  });

  it('a study file with trials out of order is refused; RUNNING trials read back as FAIL', async () => {
    const doc = JSON.parse(readFileSync(studyFile, 'utf8'));
    const shuffled = join(dir, 'shuffled.json');
    writeFileSync(shuffled, JSON.stringify({ ...doc, trials: [doc.trials[1], doc.trials[0], ...doc.trials.slice(2)] }));
    const r = await cli(['studies', 'ls', '--storage', shuffled]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/trial at position 0 has number 1.*\[ERR_CLI_STUDY_FILE\]/);
    const running = join(dir, 'running.json');
    const trials = doc.trials.map((t: { number: number }) => (t.number === 0 ? { ...t, state: 'RUNNING', values: null, datetimeComplete: null } : t));
    writeFileSync(running, JSON.stringify({ ...doc, trials }));
    const show = JSON.parse((await cli(['studies', 'export', 'seed-xgb', '--storage', running, '-o', '-'])).out);
    expect(show.trials[0]).toMatchObject({ state: 'FAIL', systemAttrs: { fail_reason: 'was RUNNING when the study was exported' } });
  });

  it('a study file is read only: import and rm into it exit 1 with ERR_CLI_STORAGE_READONLY', async () => {
    const r = await cli(['studies', 'import', studyFile, '--storage', twoStudies]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('ERR_CLI_STORAGE_READONLY');
    expect((await cli(['studies', 'rm', 'zdt1', '--yes', '--storage', twoStudies])).err).toContain('ERR_CLI_STORAGE_READONLY');
  });

  it('a command that fails after Ctrl-C exits 130; AbortError maps to 130, usage and config errors to 2', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await cli(['studies', 'ls', '--storage', join(dir, 'missing.json')], { signal: ac.signal });
    expect(r.code).toBe(130);
    expect(exitCodeOf(new AbortError())).toBe(130);
    expect(exitCodeOf(new CliError('ERR_CLI_USAGE', 'x'))).toBe(2);
    expect(exitCodeOf(new StudyError('ERR_STUDY_NOT_FOUND', 'x'))).toBe(1);
    expect(exitCodeOf(new Error('boom'))).toBe(1);
  });

  it('backup and cache commands on a store that is not LMDB exit 2 with ERR_CLI_USAGE', async () => {
    for (const args of [['cache', 'stats'], ['backup', '--to', join(dir, 'b')]]) {
      const r = await cli([...args, '--storage', 'memory:', '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.err).error.code).toBe('ERR_CLI_USAGE');
    }
  });
});

describe('commands on a real study', () => {
  it('report writes a self-contained HTML file of the study', async () => {
    const out = join(dir, 'out', 'seed.html');
    const r = await cli(['report', '--storage', studyFile, '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`written to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h1>seed-xgb</h1>');
    expect((html.match(/<svg class="plot"/g) ?? []).length).toBeGreaterThan(8);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('report --json prints path, study, trial count and size', async () => {
    const out = join(dir, 'zdt.html');
    const r = await cli(['report', '--storage', twoStudies, '--out', out, '--json', '--objectives', 'drawdown,turnover']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toEqual({ path: out, study: 'zdt1', trials: 24, bytes: readFileSync(out).length });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="pareto"');
    expect(html).toContain('Optimization history — turnover');
  });

  it('studies ls / show --json describe the stored study', async () => {
    const ls = await cli(['studies', 'ls', '--storage', studyFile, '--json']);
    expect(ls.code, ls.err).toBe(0);
    const [s] = JSON.parse(ls.out);
    expect(s).toMatchObject({ name: 'seed-xgb', directions: ['maximize'], trials: 40 });
    expect(s.complete + s.pruned + s.failed).toBe(40);
    const show = await cli(['studies', 'show', 'seed-xgb', '--storage', studyFile, '--top', '3', '--json']);
    const j = JSON.parse(show.out);
    expect(j.top).toHaveLength(3);
    expect(j.top[0].values[0]).toBe(s.best);
    expect(j.top[0].values[0]).toBeGreaterThanOrEqual(j.top[2].values[0]);
  });

  it('studies ls and show print tables', async () => {
    const ls = await cli(['studies', 'ls', '--storage', studyFile]);
    expect(ls.out).toMatch(/^study\s+directions\s+trials\s+complete\s+pruned\s+failed\s+best\s+started\n─+/);
    expect(ls.out).toMatch(/seed-xgb\s+maximize\s+40 /);
    const show = await cli(['studies', 'show', 'seed-xgb', '--storage', studyFile]);
    expect(show.out).toMatch(/#\s+value \(maximize\)\s+learning_rate\s+max_depth\s+subsample\s+booster/);
  });

  it('studies export writes a study file that reads back with the same trials', async () => {
    const out = join(dir, 'again.json');
    const r = await cli(['studies', 'export', 'seed-xgb', '--storage', studyFile, '-o', out, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ exported: 'seed-xgb', trials: 40, path: out });
    const a = JSON.parse(readFileSync(studyFile, 'utf8'));
    const b = JSON.parse(readFileSync(out, 'utf8'));
    expect(b.trials).toEqual(a.trials);
    const toStdout = await cli(['studies', 'export', 'seed-xgb', '--storage', out, '-o', '-']);
    expect(JSON.parse(toStdout.out).trials).toHaveLength(40);
  });

  it('the store comes from CRYPTOTUNE_STORAGE when --storage is absent', async () => {
    const r = await cli(['studies', 'ls', '--json'], { env: { CRYPTOTUNE_STORAGE: studyFile } });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)[0].name).toBe('seed-xgb');
  });
});

describe('argument parser', () => {
  const spec = {
    name: 't',
    summary: 's',
    options: {
      n: { type: 'integer', short: 'n', description: '', default: 3 },
      cache: { type: 'boolean', default: true, description: '' },
      models: { type: 'list', description: '' },
      path: { type: 'string', description: '', env: 'T_PATH' },
    },
    positionals: [{ name: 'x', description: '', required: false }],
  } as const;

  it('accepts --k=v, short flags, --no-flag, repeated and comma lists, and -- before a dash value', () => {
    const r = parseArgs(spec, ['-n', '7', '--no-cache', '--models=a,b', '--models', 'c', '--path=p', '--', '-x']);
    expect(r.options).toEqual({ n: 7, cache: false, models: ['a', 'b', 'c'], path: 'p' });
    expect(r.positionals).toEqual(['-x']);
  });

  it('fills defaults, then the environment, and leaves unset options undefined', () => {
    expect(parseArgs(spec, [], {}).options).toEqual({ n: 3, cache: true, models: undefined, path: undefined });
    expect(parseArgs(spec, [], { T_PATH: '/env' }).options.path).toBe('/env');
    expect(parseArgs(spec, ['--path', '/opt'], { T_PATH: '/env' }).options.path).toBe('/opt');
  });

  it('refuses a value on a boolean flag', () => {
    expect(() => parseArgs(spec, ['--cache=maybe'])).toThrow(/takes no value/);
  });
});

describe('terminal output', () => {
  it('renderTable right-aligns numeric columns and pads to the widest cell', () => {
    const t = renderTable(['family', 'best'], [
      ['xgboost', 0.71234],
      ['linear', 0.5],
    ]);
    expect(t).toBe('family     best\n───────  ──────\nxgboost  0.7123\nlinear      0.5\n');
  });

  it('plain progress prints at most one line per family per interval, with trials/s and ETA, and a final line', () => {
    let now = 0;
    let out = '';
    const p = new ProgressView({ stream: { write: (s: string) => (out += s) }, intervalMs: 1000, now: () => now });
    p.start('xgboost', 100);
    for (let i = 1; i <= 30; i++) {
      now = i * 100; // 10 trials/s
      p.update('xgboost', { trials: i, best: 0.6 + i / 1000 });
    }
    p.finish('xgboost', { trials: 30 });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('xgboost  trials 1/100  best 0.601  10.00 trials/s  ETA 9.9 s');
    expect(lines[3]).toMatch(/^xgboost  done 30\/100  best 0\.63  10\.00 trials\/s/);
    expect(rateAndEta({ trials: 50, total: 100, best: null }, 10_000)).toEqual({ rate: 5, etaMs: 10_000 });
    expect(rateAndEta({ trials: 5, total: null, best: null }, 1000).etaMs).toBeNull();
  });
});
