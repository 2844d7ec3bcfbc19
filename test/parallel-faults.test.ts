import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateMarket } from '../src/data/synthetic.js';
import { WorkerPool } from '../src/parallel/worker-pool.js';
import { optimizeOnPool, ATTEMPTS_ATTR } from '../src/parallel/parallel-objective.js';
import { createStudy } from '../src/study/study.js';
import { RandomSampler } from '../src/study/samplers/random.js';
import { NopPruner } from '../src/study/pruners/nop.js';
import { FAIL_REASON_ATTR } from '../src/study/frozen-trial.js';
import type { AttemptRecord } from '../src/parallel/worker-pool.js';
import { FIXTURE_RUNNERS, fixtureRunner } from './support/runner-fixtures.js';

const frame = generateMarket({ bars: 5_000, seed: 11 });
const shared = { frame: frame.toHandle() };
const sgd = { runner: 'sgd-logistic', params: { epochs: 2, learning_rate: 0.01 } };

describe('faults on thread workers', () => {
  it('an objective that throws fails its trial once (errors are not retried by default) and the study goes on', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
    let n = 0;
    await optimizeOnPool(study, () => (n++ === 1 ? { runner: 'throws', params: {} } : sgd), { nTrials: 3, poolOptions: { size: 2, shared, runners: FIXTURE_RUNNERS } });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state).sort()).toEqual(['COMPLETE', 'COMPLETE', 'FAIL']);
    const failed = trials.find((t) => t.state === 'FAIL')!;
    expect(String(failed.systemAttrs[FAIL_REASON_ATTR])).toContain('objective exploded on purpose');
    expect((failed.systemAttrs[ATTEMPTS_ATTR] as unknown as AttemptRecord[]).length).toBe(1);
  });

  it('with retryOn error, a throwing runner is attempted 1 + maxRetries times, each attempt recorded', async () => {
    const pool = new WorkerPool({ size: 1, shared, runners: FIXTURE_RUNNERS, retryOn: ['error'], maxRetries: 2 });
    try {
      const [out] = await pool.runBatch([{ runner: 'throws', params: {} }]);
      expect(out!.state).toBe('FAIL');
      expect(out!.error?.code).toBe('ERR_WORKER_TASK_FAILED');
      expect(out!.attempts.map((a) => [a.attempt, a.state, a.kind])).toEqual([[0, 'FAIL', 'error'], [1, 'FAIL', 'error'], [2, 'FAIL', 'error']]);
      expect(pool.stats().retries).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a hung trial times out, its worker is terminated and replaced, and the next trial runs', async () => {
    const pool = new WorkerPool({ size: 1, shared, runners: FIXTURE_RUNNERS, timeoutMs: 400, maxRetries: 1 });
    try {
      const [hung, after] = await pool.runBatch([{ runner: 'hang', params: {} }, sgd]);
      expect(hung!.state).toBe('FAIL');
      expect(hung!.error?.code).toBe('ERR_WORKER_TIMEOUT');
      expect(hung!.attempts.map((a) => a.kind)).toEqual(['timeout', 'timeout']);
      expect(after!.state).toBe('COMPLETE');
      const s = pool.stats();
      expect(s.timeouts).toBe(2);
      expect(s.retries).toBe(1);
      // The worker that hung was terminated: the next trial ran on its replacement.
      expect(after!.worker).not.toBe(hung!.attempts[0]!.worker);
    } finally {
      await pool.close();
    }
  });

  it('a long native loop stops at the timeout through the cancel slot it polls', async () => {
    const pool = new WorkerPool({ size: 1, runners: FIXTURE_RUNNERS, timeoutMs: 300, maxRetries: 0 });
    try {
      const t0 = Date.now();
      const [out] = await pool.runBatch([{ runner: 'native-spin', params: { maxMs: 60_000 } }]);
      expect(out!.state).toBe('FAIL');
      expect(out!.error?.code).toBe('ERR_WORKER_TIMEOUT');
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await pool.close();
    }
  });

  it('a worker past its heap limit dies with ERR_WORKER_OUT_OF_MEMORY, is retried, and the pool recovers', async () => {
    const pool = new WorkerPool({ size: 1, shared, runners: FIXTURE_RUNNERS, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }, maxRetries: 1 });
    try {
      const [oom, after] = await pool.runBatch([{ runner: 'heap-hog', params: {} }, sgd]);
      expect(oom!.state).toBe('FAIL');
      expect(oom!.error?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
      expect(oom!.attempts.map((a) => a.kind)).toEqual(['crash', 'crash']);
      expect(after!.state).toBe('COMPLETE');
      expect(pool.stats().crashes).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('aborting optimize stops hung trials within one second and releases every worker', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
    const pool = new WorkerPool({ size: 2, shared, runners: FIXTURE_RUNNERS });
    await pool.runBatch([sgd, sgd]); // workers up before the clock starts
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 300);
    const t0 = Date.now();
    let abortedAt = 0;
    ctl.signal.addEventListener('abort', () => (abortedAt = Date.now()));
    await expect(optimizeOnPool(study, () => ({ runner: 'hang', params: {} }), { nTrials: 10, pool, signal: ctl.signal })).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    await pool.close();
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(pool.liveWorkers).toBe(0);
    const trials = await study.getTrials();
    expect(trials.length).toBe(2);
    expect(trials.every((t) => t.state === 'FAIL')).toBe(true);
  });
});

describe('faults on process workers', () => {
  it('a native abort kills one worker process: the attempt fails ERR_WORKER_CRASHED, the retry in a fresh process completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-abort-'));
    const pool = new WorkerPool({ type: 'process', size: 1, runners: { 'native-abort': fixtureRunner('native-abort') }, maxRetries: 1 });
    try {
      const [once, always] = await pool.runBatch([
        { runner: 'native-abort', params: {}, extra: { marker: join(dir, 'm') } },
        { runner: 'native-abort', params: {} },
      ]);
      expect(once!.state).toBe('COMPLETE');
      expect(once!.value).toBe(42);
      expect(once!.attempts.map((a) => a.kind ?? a.state)).toEqual(['crash', 'COMPLETE']);
      expect(once!.attempts[0]!.code).toBe('ERR_WORKER_CRASHED');
      expect(always!.state).toBe('FAIL');
      expect(always!.error?.code).toBe('ERR_WORKER_CRASHED');
      expect(always!.error?.message).toContain('SIGABRT');
      const s = pool.stats();
      expect(s.type).toBe('process');
      expect(s.crashes).toBe(3);
      expect(Object.keys(s.perWorker).every((w) => w.startsWith('process:'))).toBe(true);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pool.liveWorkers).toBe(0);
  });

  it('process workers build their own data with processSetup and give the same scores as threads', async () => {
    const setup = new URL('./fixtures/process-setup.ts', import.meta.url).href;
    const tasks = [0.01, 0.05].map((lr) => ({ runner: 'sgd-logistic', params: { epochs: 2, learning_rate: lr } }));
    const procs = new WorkerPool({ type: 'process', size: 2, processSetup: setup });
    const threads = new WorkerPool({ size: 1, shared: { frame: generateMarket({ bars: 5_000, seed: 11 }).toHandle() } });
    try {
      const [a, b] = await Promise.all([procs.runBatch(tasks), threads.runBatch(tasks)]);
      expect(a.map((o) => o.value)).toEqual(b.map((o) => o.value));
    } finally {
      await Promise.all([procs.close(), threads.close()]);
    }
  });
});

describe('no handle left behind', () => {
  it('a study with a throwing, a hung, a heap-hogging and a native-aborting trial completes and its process exits on its own', () => {
    const script = fileURLToPath(new URL('./fixtures/fault-study.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 90_000 });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { states: Record<string, string>; liveWorkers: number };
    expect(summary.states).toEqual({ ok: 'COMPLETE', throws: 'FAIL', hang: 'FAIL', 'heap-hog': 'FAIL', 'native-abort': 'FAIL', ok2: 'COMPLETE' });
    expect(summary.liveWorkers).toBe(0);
  });
});

describe('study processes', () => {
  const work = new URL('./fixtures/study-work.ts', import.meta.url);

  it('runs one process per slot, each with its own pool; a native abort in one is reported and the others complete', async () => {
    const { runStudyProcesses } = await import('../src/parallel/study-processes.js');
    const results = await runStudyProcesses({ processes: 3, module: work, args: { crashIndex: 1 } });
    expect(results.map((r) => r.state)).toEqual(['COMPLETE', 'FAIL', 'COMPLETE']);
    expect(results[1]!.signal).toBe('SIGABRT');
    expect(results[1]!.error?.code).toBe('ERR_WORKER_CRASHED');
    const a = results[0]!.value as { pid: number; values: number[] };
    const c = results[2]!.value as { pid: number; values: number[] };
    expect(a.pid).not.toBe(c.pid);
    expect(a.values).toEqual(c.values); // same seed, same data: same scores in every process
  });

  it('aborting stops every process within about a second', async () => {
    const { runStudyProcesses } = await import('../src/parallel/study-processes.js');
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 1500);
    const t0 = Date.now();
    const results = await runStudyProcesses({ processes: 2, module: work, args: { hang: true }, signal: ctl.signal });
    expect(Date.now() - t0).toBeLessThan(1500 + 2500);
    expect(results.every((r) => r.state === 'FAIL')).toBe(true);
  });
});
