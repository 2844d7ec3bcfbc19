import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../data/frame.js';
import { generateMarket } from '../../data/synthetic.js';
import { CryptoOptimizer } from '../../optimizer.js';
import { defineCommand } from '../command.js';
import { runOptimizer } from '../optimizer-run.js';

export const demoCommand = defineCommand(
  {
    name: 'demo',
    summary: 'run the main job on a synthetic market (or --data FILE): every family, small budget',
    description:
      'Generates a seeded synthetic daily panel (40 assets, 2 years; or reads --data), computes the seed\n' +
      'features and a 30-day high-return label, splits by time 60/20/20, tunes every model family at\n' +
      'once on one worker pool, scores the best of each on the untouched test split and writes the HTML\n' +
      'report. The studies go to a fresh LMDB store in a temporary directory.',
    options: {
      data: { type: 'string', placeholder: 'FILE', description: 'a CSV / CSV.GZ / Arrow file instead of the synthetic market' },
      seed: { type: 'integer', description: 'seed of the synthetic market and the samplers', default: 42 },
      trials: { type: 'integer', short: 'n', min: 1, description: 'trials per model family', default: 12 },
      workers: { type: 'integer', short: 'w', min: 1, description: 'worker threads', default: 2 },
      storage: { type: 'string', placeholder: 'DIR', description: 'store directory (default: a new temporary one)' },
      report: { type: 'string', placeholder: 'FILE', description: 'where to write the HTML report (default: beside the store)' },
      json: { type: 'boolean', description: 'no progress bars; print the results as one JSON object' },
    },
  },
  async (ctx) => {
    const o = ctx.options;
    const dir = o.storage ?? join(mkdtempSync(join(tmpdir(), 'cryptotune-demo-')), 'store');
    const data = o.data ? await Frame.fromFile(o.data) : generateMarket({ kind: 'panel', seed: o.seed, bars: 730, assets: 40 });
    const optimizer = new CryptoOptimizer({
      data,
      // The synthetic panel is calmer than the seed's meme coins: +20 % in 30 days is its rare event.
      target: { kind: 'highReturn', horizon: 30, threshold: o.data ? 1 : 0.2 },
      storage: dir,
      studyName: 'demo',
      seed: o.seed,
      parallel: { workers: o.workers },
      // A small budget: fewer rounds than the default space so the demo stays under two minutes.
      searchSpaces: {
        xgboost: [{ name: 'n_estimators', type: 'int', low: 50, high: 300, step: 50 }],
        lightgbm: [{ name: 'n_estimators', type: 'int', low: 50, high: 300, step: 50 }],
        catboost: [{ name: 'iterations', type: 'int', low: 50, high: 300, step: 50 }],
      },
    });
    const report = o.report ?? join(dir, '..', 'report.html');
    const code = await runOptimizer(optimizer, {
      ...ctx,
      options: { trials: o.trials, report, json: o.json ?? false, cache: true, storage: dir } as Parameters<typeof runOptimizer>[1]['options'],
    });
    if (!o.json) ctx.print(`store: ${dir}`);
    return code;
  },
);
