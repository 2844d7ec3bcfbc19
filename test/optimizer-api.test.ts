import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CryptoOptimizer } from '../src/optimizer.js';
import { MedianPruner } from '../src/study/pruners/median.js';
import { generateMarket } from '../src/data/synthetic.js';
import { filterByRange } from '../src/data/frame-filter.js';
import type { OptimizerProgress } from '../src/optimizer-events.js';

const market = () => generateMarket({ kind: 'panel', seed: 7, bars: 400, assets: 12 });
const small = { xgboost: [{ name: 'n_estimators', type: 'int' as const, low: 20, high: 60, step: 20 }] };

describe('CryptoOptimizer', () => {
  it('is exported from the package entry, as the README imports it', async () => {
    const pkg = await import('../src/index.js');
    expect(pkg.CryptoOptimizer).toBe(CryptoOptimizer);
  });

  it('refuses to start without data, with a coded error', () => {
    expect(() => new CryptoOptimizer({} as never)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_DATA' }));
  });

  it('refuses an unknown model family before any work', () => {
    expect(() => new CryptoOptimizer({ data: market(), models: ['forest' as never] })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_MODEL_FAMILY' }));
  });

  it('serves a re-run of the same study from the result cache: every trial a hit, same best value', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'ct-opt-')), 'store');
    const run = async (name: string) => {
      const o = new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: store, studyName: name, models: ['xgboost'], searchSpaces: small, parallel: { workers: 2 }, seed: 3 });
      try {
        const seen: OptimizerProgress[] = [];
        o.addEventListener('trial', (e) => seen.push((e as unknown as { detail: OptimizerProgress }).detail));
        const [r] = await o.optimizeAllModels({ nTrials: 5 });
        expect(seen).toHaveLength(5);
        return r!;
      } finally {
        await o.close();
      }
    };
    const cold = await run('a');
    const warm = await run('b');
    expect(cold.cacheHits).toBe(0);
    expect(warm.cacheHits).toBe(5);
    expect(warm.bestValue).toBe(cold.bestValue);
  });

  it('scores the same best value with one worker and with two (trials depend only on params and data)', async () => {
    const best = async (workers: number) => {
      const o = new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: 'memory:', cache: false, models: ['xgboost'], searchSpaces: small, parallel: { workers }, seed: 5 });
      try {
        const [r] = await o.optimizeAllModels({ nTrials: 4 });
        const s = await o.study('xgboost');
        return (await s.getTrials()).filter((t) => t.state === 'COMPLETE').map((t) => [JSON.stringify(t.params), t.values![0]] as const).sort();
      } finally {
        await o.close();
      }
    };
    const one = new Map(await best(1));
    const two = new Map(await best(2));
    for (const [params, value] of two) if (one.has(params)) expect(value).toBe(one.get(params));
  });

  it("reports each tree trial's best validation AUC so far to the pruner, ending at the trial's value", async () => {
    const o = new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: 'memory:', cache: false, models: ['xgboost'], searchSpaces: small, parallel: { workers: 1 }, seed: 5, reportEvery: 1, earlyStoppingRounds: 1000 });
    try {
      await o.optimizeModel('xgboost', { nTrials: 3 });
      const complete = (await (await o.study('xgboost')).getTrials()).filter((t) => t.state === 'COMPLETE');
      expect(complete.length).toBeGreaterThan(0);
      for (const t of complete) {
        const curve = Object.entries(t.intermediateValues).sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
        expect(curve.length).toBe(t.params.n_estimators);
        for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]!);
        // The value is the best round's AUC, which the running best reached at that round.
        expect(curve.at(-1)!).toBeCloseTo(t.values![0]!, 5);
        expect(t.userAttrs.trainedRounds).toBe(t.params.n_estimators);
      }
    } finally {
      await o.close();
    }
  });

  it('prunes no trial by default, so a fixed trial budget is spent on whole trials; a given pruner is used', async () => {
    const opts = { data: market(), target: { kind: 'highReturn' as const, horizon: 10, threshold: 0.1 }, storage: 'memory:', cache: false as const, models: ['xgboost' as const], searchSpaces: small, parallel: { workers: 1 }, seed: 5, reportEvery: 1 };
    const o = new CryptoOptimizer(opts);
    try {
      const r = await o.optimizeModel('xgboost', { nTrials: 12 });
      expect(r.pruned).toBe(0);
      expect((await o.study('xgboost')).pruner.name).toBe('NopPruner');
    } finally {
      await o.close();
    }
    const m = new CryptoOptimizer({ ...opts, pruner: () => new MedianPruner({ nStartupTrials: 1 }) });
    try {
      expect((await m.study('xgboost')).pruner.name).toBe('MedianPruner');
    } finally {
      await m.close();
    }
  });

  it('counts the trials of a worker that joins the study toward the nTrials target', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'ct-opt-')), 'store');
    const make = () => new CryptoOptimizer({ data: market(), target: { kind: 'highReturn', horizon: 10, threshold: 0.1 }, storage: store, studyName: 'joined', cache: false, models: ['xgboost'], searchSpaces: small, parallel: { workers: 1 }, seed: 3 });
    const first = make();
    const second = make();
    try {
      // Both start on an empty study: the first asks for 10 trials, the joiner for a total of 10.
      const [a, b] = await Promise.all([first.optimizeModel('xgboost', { nTrials: 10 }), second.optimizeModel('xgboost', { totalTrials: 10 })]);
      expect(a.trials).toBeGreaterThan(0);
      expect(b.trials).toBeGreaterThan(0);
      const all = (await (await first.study('xgboost')).getTrials()).filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING');
      // One trial per process may be in flight when the target is reached.
      expect(all.length).toBeGreaterThanOrEqual(10);
      expect(all.length).toBeLessThanOrEqual(11);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('filters rows by a metadata range and refuses a missing column', () => {
    const f = market();
    const caps = (f.metadata.market_cap as { values: Float64Array }).values;
    const sorted = Float64Array.from(caps).sort();
    const mid = sorted[Math.floor(sorted.length / 2)]!;
    const kept = filterByRange(f, 'market_cap', 0, mid);
    expect(kept.rows).toBeLessThan(f.rows);
    expect(Math.max(...(kept.metadata.market_cap as { values: Float64Array }).values)).toBeLessThanOrEqual(mid);
    expect(() => filterByRange(f, 'nope', 0, 1)).toThrow(expect.objectContaining({ code: 'ERR_DATA_COLUMN_MISSING' }));
  });

  it('closes idempotently and refuses work afterwards', async () => {
    const o = new CryptoOptimizer({ data: market(), storage: 'memory:' });
    await o.close();
    await o.close();
    await expect(o.loadAndPrepareData()).rejects.toMatchObject({ code: 'ERR_OPTIMIZER_CLOSED' });
  });
});
