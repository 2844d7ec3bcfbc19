/**
 * LMDB studies under real crashes: optimizing child processes are killed with SIGKILL at random
 * moments and resumed; several processes and threads optimize one study at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmdbStorage } from '../src/storage/lmdb.js';
import type { FrozenTrial } from '../src/study/frozen-trial.js';
import type { ChildConfig } from './support/optimizing-child.js';

const root = mkdtempSync(join(tmpdir(), 'ct-crash-'));
const bundle = resolve('.cryptotune/test-bundles/optimizing-child.mjs');

beforeAll(async () => {
  mkdirSync(resolve('.cryptotune/test-bundles'), { recursive: true });
  // A bundled child starts in ~0.2 s instead of ~1 s through tsx, which is what keeps 20 runs short.
  await build({ entryPoints: ['test/support/optimizing-child.ts'], bundle: true, platform: 'node', format: 'esm', external: ['lmdb', 'pg'], outfile: bundle, logLevel: 'warning' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function config(dir: string, over: Partial<ChildConfig> = {}): ChildConfig {
  return { dir, study: 'crash', mode: 'until', target: 8, sleepMs: 12, heartbeatMs: 40, graceMs: 150, maxRetry: 2, log: join(dir, '..', `${dir.split('/').pop()}.log`), seed: 7, ...over };
}

function startChild(cfg: ChildConfig): { proc: ChildProcess; exit: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const proc = spawn(process.execPath, [bundle, JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const exit = new Promise<{ code: number | null; signal: string | null; stderr: string }>((r) => proc.on('exit', (code, signal) => r({ code, signal, stderr })));
  return { proc, exit };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface LogFacts {
  started: Map<number, number>;
  done: Set<number>;
}

function readLog(path: string): LogFacts {
  const started = new Map<number, number>();
  const done = new Set<number>();
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    /* no trial started */
  }
  for (const line of text.split('\n')) {
    const [kind, n] = line.split(' ');
    if (kind === 'start') started.set(Number(n), (started.get(Number(n)) ?? 0) + 1);
    if (kind === 'done') done.add(Number(n));
  }
  return { started, done };
}

function startedCount(log: string): number {
  let n = 0;
  for (const c of readLog(log).started.values()) n += c;
  return n;
}

async function readStudy(dir: string, name: string): Promise<FrozenTrial[]> {
  // Opening must work as is: no repair step exists.
  const s = new LmdbStorage({ path: dir });
  try {
    const id = await s.getStudyIdFromName(name);
    const trials = await s.getAllTrials(id);
    expect(await s.getNTrials(id)).toBe(trials.length);
    return trials;
  } finally {
    await s.close();
  }
}

function checkNumbering(trials: FrozenTrial[]): void {
  expect(trials.map((t) => t.number)).toEqual(trials.map((_, i) => i));
  expect(new Set(trials.map((t) => t.trialId)).size).toBe(trials.length);
}

/** One crash run: kill the optimizer `kills` times at random moments, then resume to the end. */
async function crashRun(run: number): Promise<number> {
  const dir = join(root, `run${run}`);
  const cfg = config(dir, { seed: run });
  const kills = 1 + (run % 3);
  for (let k = 0; k < kills; k++) {
    const before = startedCount(cfg.log);
    const child = startChild(cfg);
    let exited = false;
    void child.exit.then(() => (exited = true));
    if (run % 5 === 4) {
      await sleep(Math.random() * 400); // anywhere, start-up included
    } else {
      // Somewhere inside optimization: after this process started a trial, at a random offset.
      while (!exited && startedCount(cfg.log) <= before) await sleep(5);
      await sleep(Math.random() * 4 * cfg.sleepMs);
    }
    child.proc.kill('SIGKILL');
    const end = await child.exit;
    expect(end.code === 0 || end.signal === 'SIGKILL', end.stderr).toBe(true);
  }
  const last = await startChild(cfg).exit;
  expect(last.code, last.stderr).toBe(0);

  const trials = await readStudy(dir, cfg.study);
  const log = readLog(cfg.log);
  checkNumbering(trials);
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  expect(complete).toHaveLength(cfg.target);
  expect(trials.filter((t) => t.state === 'RUNNING')).toEqual([]);
  // No completed trial lost: every trial a process saw stored COMPLETE is still COMPLETE.
  for (const n of log.done) expect(trials[n]!.state).toBe('COMPLETE');
  // Each trial number was evaluated by at most one process, once; completed trials never reran.
  for (const [, count] of log.started) expect(count).toBe(1);
  for (const t of complete) expect(t.values![0]).toBeCloseTo(((t.params['x'] as number) - 1) ** 2 + (t.params['y'] as number), 12);
  // Retries carry the failed trial's params and the chain of numbers before them.
  for (const t of trials.filter((x) => x.retryOf !== null)) {
    const prev = trials[t.retryHistory[t.retryHistory.length - 1]!]!;
    expect(prev.state).toBe('FAIL');
    expect(t.retryHistory.length).toBeLessThanOrEqual(cfg.maxRetry);
    expect(t.retryOf).toBe(t.retryHistory[0]);
    // The params the dead trial had stored are kept (it may have died between two suggestions).
    if (t.state === 'COMPLETE') expect(t.params).toMatchObject(prev.params);
  }
  return trials.filter((t) => t.state === 'FAIL').length;
}

describe('LMDB study under kill -9', () => {
  it('twenty killed-and-resumed runs each end with exactly the requested COMPLETE trials, none duplicated or lost', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => i);
    // Four runs at a time: the children mostly sleep, so this keeps the file short on 2 cores.
    let killedMidTrial = 0;
    for (let i = 0; i < runs.length; i += 4) for (const f of await Promise.all(runs.slice(i, i + 4).map(crashRun))) killedMidTrial += f;
    // The kills landed inside trials (not only before the first one started).
    expect(killedMidTrial).toBeGreaterThan(0);
  }, 120_000);

  it('re-queues the params of a trial whose process died, keeps the retry count, and never reruns completed trials', async () => {
    const dir = join(root, 'retry');
    const cfg = config(dir, { target: 4, sleepMs: 400, maxRetry: 1 });
    const child = startChild(cfg);
    // Kill once the first trial has started (its params are stored, it is RUNNING).
    for (let i = 0; i < 200 && !readLog(cfg.log).started.has(0); i++) await sleep(20);
    child.proc.kill('SIGKILL');
    await child.exit;
    const resumed = await startChild({ ...cfg, sleepMs: 10 }).exit;
    expect(resumed.code, resumed.stderr).toBe(0);
    const trials = await readStudy(dir, cfg.study);
    checkNumbering(trials);
    expect(trials[0]!.state).toBe('FAIL');
    expect(String(trials[0]!.systemAttrs['fail_reason'])).toMatch(/heartbeat/);
    const retry = trials.find((t) => t.retryOf === 0)!;
    expect(retry.retryHistory).toEqual([0]);
    expect(retry.state).toBe('COMPLETE');
    expect(retry.params).toEqual(trials[0]!.params);
    expect(trials.filter((t) => t.state === 'COMPLETE')).toHaveLength(4);
  }, 30_000);

  it('two processes optimizing one study get distinct trial numbers and lose nothing', async () => {
    const dir = join(root, 'two');
    // Nobody dies here: a long grace keeps a loaded machine's late heartbeat from failing a live trial.
    const cfg = config(dir, { mode: 'count', target: 15, sleepMs: 5, concurrency: 2, graceMs: 10_000 });
    const [a, b] = await Promise.all([startChild(cfg).exit, startChild({ ...cfg, seed: 8 }).exit]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const trials = await readStudy(dir, cfg.study);
    checkNumbering(trials);
    expect(trials).toHaveLength(30);
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    const log = readFileSync(cfg.log, 'utf8');
    const owners = new Set(log.split('\n').filter((l) => l.startsWith('start')).map((l) => l.split(' ')[2]));
    expect(owners.size).toBe(2);
  }, 30_000);

  it('two worker threads of one process share the store', async () => {
    const dir = join(root, 'threads');
    const cfg = config(dir, { mode: 'count', target: 10, sleepMs: 5, graceMs: 10_000 });
    writeFileSync(cfg.log, '');
    const run = (seed: number): Promise<void> =>
      new Promise((res, rej) => {
        const w = new Worker(bundle, { workerData: JSON.stringify({ ...cfg, seed }) });
        w.on('error', rej);
        w.on('exit', (code) => (code === 0 ? res() : rej(new Error(`worker exited ${code}`))));
      });
    await Promise.all([run(1), run(2)]);
    const trials = await readStudy(dir, cfg.study);
    checkNumbering(trials);
    expect(trials).toHaveLength(20);
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
  }, 30_000);
});
