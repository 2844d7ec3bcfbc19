/**
 * Sampler quality and overhead against Optuna (pip, same run).
 *
 * Quality: for TPE, CMA-ES and random search on Branin, Hartmann6, 10-D sphere, 4-D Rosenbrock and
 * a 9-parameter mixed int/float/log/categorical space, the best value after 50/100/200 trials over
 * ≥ 10 seeds, as regret (value − known minimum). Ours vs Optuna's same sampler: Wilcoxon rank-sum
 * tests (runs are independent), "not worse" = no significant evidence ours is worse (p ≥ 0.05).
 *
 * Overhead: one TPE ask (9 parameters) with 1 000 and 10 000 completed trials in memory.
 *
 * "tpe" is each library's default TPESampler: ours is multivariate (narrow Scott-like bandwidth),
 * Optuna's is univariate. The overhead is also measured for our univariate mode (Optuna's algorithm).
 */
import { createStudy, CmaEsSampler, RandomSampler, TPESampler, type Sampler } from '../../src/index.js';
import { measureInChild } from '../harness/child-measure.js';
import { rankSumTest } from '../harness/rank-sum.js';
import { runPythonPeer } from '../harness/python-peer.js';
import { report } from '../harness/result.js';
import type { Suite } from '../harness/suite.js';
import { TEST_FUNCTIONS } from '../jobs/test-functions.js';

type Kind = 'tpe' | 'cmaes' | 'random';

function makeSampler(kind: Kind, seed: number): Sampler {
  if (kind === 'tpe') return new TPESampler({ seed });
  if (kind === 'cmaes') return new CmaEsSampler({ seed });
  return new RandomSampler({ seed });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Holm–Bonferroni adjusted p-values (nulls stay null). */
function holm(ps: (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null).sort((a, b) => a[0] - b[0]);
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  idx.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (idx.length - k) * p));
    out[i] = running;
  });
  return out;
}

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1))];
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toExponential(2));

export const suite: Suite = {
  name: 'samplers',
  description: 'TPE / CMA-ES / random quality on 5 functions and TPE ask overhead, against Optuna in the same run',
  async run({ quick }) {
    const seeds = Array.from({ length: quick ? 2 : 20 }, (_, i) => i + 1);
    const checkpoints = quick ? [50] : [50, 100, 200];
    const kinds: Kind[] = ['tpe', 'cmaes', 'random'];
    const rows: string[] = [];
    let version: string | null = null;
    const pending: { input: Parameters<typeof report>[0]; pWorse: number | null; pBetter: number | null; row: string[] }[] = [];
    for (const kind of kinds) {
      for (const fn of TEST_FUNCTIONS) {
        // ours
        const oursBest: number[][] = [];
        const t0 = performance.now();
        for (const seed of seeds) {
          const study = await createStudy({ sampler: makeSampler(kind, seed) });
          await study.optimize(fn.objective, { nTrials: Math.max(...checkpoints) });
          const values = (await study.getTrials()).map((t) => (t.state === 'COMPLETE' ? t.values![0]! : Infinity));
          oursBest.push(checkpoints.map((c) => Math.min(...values.slice(0, c))));
        }
        const oursSeconds = (performance.now() - t0) / 1000;
        // Optuna
        const peer = runPythonPeer<{ best: number[][]; seconds: number; version: string }>('samplers_optuna.py', {
          mode: 'quality',
          sampler: kind,
          function: fn.name,
          seeds,
          checkpoints,
        });
        if (peer.ok) version = peer.value.version;
        checkpoints.forEach((c, ci) => {
          const ours = oursBest.map((b) => b[ci]! - fn.optimum);
          const theirs = peer.ok ? peer.value.best.map((b) => b[ci]! - fn.optimum) : null;
          const test = theirs ? rankSumTest(ours, theirs) : null;
          const [om, os] = meanStd(ours);
          const [tm, ts] = theirs ? meanStd(theirs) : [NaN, NaN];
          const goal = kind === 'tpe' && fn.name === 'sphere10' ? 'better than Optuna TPE (rank-sum p < 0.05)' : 'not worse than Optuna (rank-sum p ≥ 0.05)';
          pending.push({
            pWorse: test ? test.pGreater : null,
            pBetter: test ? test.pLess : null,
            row: [
              `${fn.name.padEnd(12)} ${kind.padEnd(7)} @${String(c).padEnd(4)} ours ${fmt(om).padStart(9)} ± ${fmt(os).padEnd(9)} optuna ${theirs ? `${fmt(tm).padStart(9)} ± ${fmt(ts).padEnd(9)}` : 'skipped'.padEnd(21)}`,
            ],
            input: {
              suite: 'samplers',
              case: `${fn.name} ${kind} @${c}`,
              unit: 'regret (median over seeds)',
              ours: median(ours),
              peer: peer.ok ? `optuna ${peer.value.version} ${kind}${kind === 'tpe' ? ' (default TPESampler, univariate)' : ''}` : `optuna ${kind}`,
              theirs: theirs ? median(theirs) : null,
              higherIsBetter: false,
              goal,
              ...(peer.ok ? {} : { skipped: peer.reason }),
              extra: {
                ...(kind === 'tpe' ? { oursSampler: 'default TPESampler (multivariate)' } : {}),
                seeds: seeds.length,
                oursMean: Number(om.toPrecision(6)),
                oursStd: Number(os.toPrecision(6)),
                theirsMean: theirs ? Number(tm.toPrecision(6)) : null,
                theirsStd: theirs ? Number(ts.toPrecision(6)) : null,
                pOursWorse: test ? Number(test.pGreater.toPrecision(4)) : null,
                pOursBetter: test ? Number(test.pLess.toPrecision(4)) : null,
                oursSeconds: Number(oursSeconds.toFixed(2)),
                theirsSeconds: peer.ok ? Number(peer.value.seconds.toFixed(2)) : null,
              },
            },
          });
        });
      }
    }
    // Many comparisons at once: the verdict uses Holm-adjusted p-values (raw ones are reported too).
    const holmWorse = holm(pending.map((c) => c.pWorse));
    const holmBetter = holm(pending.map((c) => c.pBetter));
    pending.forEach((c, i) => {
      const pw = holmWorse[i]!;
      const pb = holmBetter[i]!;
      const verdict = pw === null || pb === null ? 'skipped' : pb < 0.05 ? 'better' : pw < 0.05 ? 'worse' : 'not worse';
      report({ ...c.input, extra: { ...c.input.extra, pOursWorseHolm: pw === null ? null : Number(pw.toPrecision(4)), pOursBetterHolm: pb === null ? null : Number(pb.toPrecision(4)), verdict } });
      rows.push(`${c.row[0]} p(worse)=${c.pWorse === null ? '  -  ' : c.pWorse.toFixed(3)} p(better)=${c.pBetter === null ? '  -  ' : c.pBetter.toFixed(3)} ${verdict}`);
    });
    process.stderr.write(`\n# sampler quality: mean ± sd of regret (best − optimum) over ${seeds.length} seeds; Optuna ${version ?? 'not run'}; raw p-values, verdict on Holm-adjusted ones (${pending.length} comparisons); tpe = each library's default TPESampler (ours multivariate, Optuna's univariate)\n${rows.join('\n')}\n\n`);

    // overhead: our default (multivariate) and our univariate mode, both against Optuna's default
    for (const n of quick ? [1000] : [1000, 10000]) {
      const repeats = quick ? 20 : 40;
      const peer = runPythonPeer<{ ms: number[]; version: string }>('samplers_optuna.py', { mode: 'overhead', n, repeats: quick ? 5 : 10 });
      const theirs = peer.ok ? median(peer.value.ms) : null;
      for (const mode of ['default', 'univariate'] as const) {
        const measured = measureInChild<{ wall: number[]; cpu: number[] }>('bench/jobs/tpe-ask.ts', 'askOverhead', mode === 'default' ? { n, repeats } : { n, repeats, multivariate: false }).value;
        const ours = median(measured.wall);
        const oursCpu = median(measured.cpu);
        const label = mode === 'default' ? 'tpe ask overhead' : 'tpe univariate ask overhead';
        report({
          suite: 'samplers',
          case: `${label} ${n} trials 9 params`,
          unit: 'ms',
          ours,
          peer: peer.ok ? `optuna ${peer.value.version} TPESampler (default, univariate)` : 'optuna TPESampler',
          theirs,
          higherIsBetter: false,
          goal: n === 1000 ? 'ours <= 0.5 ms' : 'ours <= 2 ms',
          ...(peer.ok ? {} : { skipped: peer.reason }),
          extra: { trials: n, oursCpuMs: Number(oursCpu.toFixed(3)), oursSampler: mode === 'default' ? 'default TPESampler (multivariate)' : 'TPESampler({ multivariate: false })' },
        });
        process.stderr.write(`# ${label} with ${n} trials: ours ${ours.toFixed(3)} ms (cpu ${oursCpu.toFixed(3)} ms), optuna ${theirs === null ? 'skipped' : theirs.toFixed(1) + ' ms'}\n`);
      }
    }
  },
};
