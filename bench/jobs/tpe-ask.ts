/**
 * One TPE ask (9 parameters) with `n` completed trials in a memory study, measured in a fresh
 * process (bench/harness/child-measure.ts) so the figure is not skewed by whatever ran before.
 */
import { createStudy, TPESampler, categoricalDistribution, floatDistribution, intDistribution, toExternal } from '../../src/index.js';
import { Rng } from '../../src/rng.js';
import { sampleUniform } from '../../src/study/samplers/random.js';

export const SPACE9 = {
  lr: floatDistribution(1e-4, 1, { log: true }),
  depth: intDistribution(2, 12),
  n_estimators: intDistribution(50, 1000, { step: 50 }),
  subsample: floatDistribution(0.5, 1),
  colsample: floatDistribution(0.5, 1),
  min_child_weight: intDistribution(1, 100, { log: true }),
  alpha: floatDistribution(1e-8, 10, { log: true }),
  lambda: floatDistribution(1e-8, 10, { log: true }),
  booster: categoricalDistribution(['gbtree', 'dart', 'gblinear']),
};

/**
 * Milliseconds of each of `repeats` asks (after a warm-up), each followed by a tell; default TPE
 * unless `multivariate` is given. `cpu` is the process CPU time of the same asks, which a loaded
 * machine (other processes preempting this one) inflates far less than the wall time.
 */
export async function askOverhead(args: { n: number; repeats: number; multivariate?: boolean }): Promise<{ wall: number[]; cpu: number[] }> {
  const sampler = (): TPESampler => new TPESampler(args.multivariate === undefined ? { seed: 3 } : { seed: 3, multivariate: args.multivariate });
  const rng = new Rng(5);
  // A study that reached n trials through the sampler has asked n times, so V8 has long compiled
  // the hot loops; this fresh process gets there on a throwaway study of 1 000 trials first, and
  // the measured study below still holds exactly n completed trials (+ 20 warm-up asks).
  const warm = await filled(sampler(), Math.min(args.n, 1000), new Rng(6));
  for (let i = 0; i < 100; i++) await warm.tell(await warm.ask(SPACE9), rng.float());
  const study = await filled(sampler(), args.n, rng);
  for (let i = 0; i < 20; i++) await study.tell(await study.ask(SPACE9), rng.float());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < args.repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const trial = await study.ask(SPACE9);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    await study.tell(trial, rng.float());
  }
  return { wall, cpu };
}

/** A memory study holding n completed random trials of SPACE9. */
async function filled(sampler: TPESampler, n: number, rng: Rng) {
  const study = await createStudy({ sampler });
  for (let i = 0; i < n; i++) {
    const params: Record<string, ReturnType<typeof toExternal>> = {};
    for (const [k, d] of Object.entries(SPACE9)) params[k] = toExternal(d, sampleUniform(d, rng));
    await study.storage.createTrial(study.studyId, { state: 'COMPLETE', values: [rng.float()], params, distributions: SPACE9 });
  }
  return study;
}
