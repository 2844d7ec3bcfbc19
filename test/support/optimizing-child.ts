/**
 * A real optimizing process for the crash tests: opens a store (an LMDB directory or any openStorage
 * URL), resumes (or creates) a study with heartbeats and runs a cheap synthetic objective with a
 * short sleep. Bundled by esbuild and run
 * as a child process or a worker thread; configuration comes as JSON in argv[2] or workerData.
 *
 * It appends `start <number> <pid>` before evaluating a trial and `done <number>` after the trial
 * is stored COMPLETE, so the test can tell which trials ran and which were acknowledged.
 */
import { appendFileSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { openStorage } from '../../src/storage/open-storage.js';
import { NopPruner } from '../../src/study/pruners/nop.js';
import { RandomSampler } from '../../src/study/samplers/random.js';
import { createStudy } from '../../src/study/study.js';

export interface ChildConfig {
  /** Store directory (LMDB) or URL. */
  dir: string;
  study: string;
  /** 'until': run until the study has `target` COMPLETE trials; 'count': run `target` trials. */
  mode: 'until' | 'count';
  target: number;
  sleepMs: number;
  heartbeatMs: number;
  graceMs: number;
  maxRetry: number;
  log: string;
  seed: number;
  concurrency?: number;
}

const config: ChildConfig = JSON.parse(isMainThread ? process.argv[2]! : (workerData as string));
const tag = isMainThread ? `${process.pid}` : `${process.pid}.t${Math.random().toString(36).slice(2, 6)}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const storage = await openStorage(config.dir);
const study = await createStudy({
  storage,
  name: config.study,
  direction: 'minimize',
  sampler: new RandomSampler({ seed: config.seed }),
  pruner: new NopPruner(),
  loadIfExists: true,
  heartbeat: { intervalMs: config.heartbeatMs, graceMs: config.graceMs, maxRetry: config.maxRetry },
});

const objective = async (trial: import('../../src/study/trial.js').Trial): Promise<number> => {
  const x = trial.suggestFloat('x', -5, 5);
  const y = trial.suggestInt('y', 0, 10);
  await trial.flush(); // params stored: a retry of this trial will get them
  appendFileSync(config.log, `start ${trial.number} ${tag}\n`);
  await sleep(config.sleepMs * (0.5 + Math.random()));
  trial.report((x - 1) ** 2, 0);
  await sleep(config.sleepMs * 0.5);
  return (x - 1) ** 2 + y;
};
const callbacks = [(_s: unknown, t: { number: number; state: string }): void => {
  if (t.state === 'COMPLETE') appendFileSync(config.log, `done ${t.number} ${tag}\n`);
}];

if (config.mode === 'count') {
  await study.optimize(objective, { nTrials: config.target, concurrency: config.concurrency ?? 1, callbacks });
} else {
  while ((await storage.getNTrials(study.studyId, ['COMPLETE'])) < config.target) {
    await study.optimize(objective, { nTrials: 1, callbacks });
  }
  // Trials of killed predecessors that no ask has failed yet: wait out their grace, then fail them.
  const running = await storage.getAllTrials(study.studyId, { states: ['RUNNING'] });
  if (running.length > 0) {
    const newest = Math.max(...running.map((t) => t.heartbeat ?? 0));
    await sleep(Math.max(0, newest + config.graceMs + 5 - Date.now()));
    await storage.failStaleTrials(study.studyId, config.graceMs);
  }
}
await storage.close();
