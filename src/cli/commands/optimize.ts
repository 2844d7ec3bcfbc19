import { defineCommand } from '../command.js';
import { FAMILIES, loadOptimizer, RUN_OPTIONS, runConfig, runOptimizer } from '../optimizer-run.js';

export const optimizeCommand = defineCommand(
  {
    name: 'optimize',
    summary: 'tune model families on market data (progress per family, then the leaderboard)',
    description:
      'Ingests the data, computes features and labels, splits by time and runs one study per model\n' +
      'family, all families at once on one worker pool. Studies are stored, so an interrupted run\n' +
      "continues with 'cryptotune resume'.",
    options: {
      data: { type: 'string', short: 'd', placeholder: 'FILE', description: 'market data: CSV, CSV.GZ or Arrow IPC', required: true },
      target: { type: 'string', short: 't', placeholder: 'SPEC', description: 'label, kind:horizon[:threshold], e.g. highReturn:30:1.0', default: 'highReturn:30:1.0' },
      features: { type: 'string', placeholder: 'PRESET', description: 'feature preset', choices: ['seed', 'intraday', 'minimal'], default: 'seed' },
      split: { type: 'string', placeholder: 'SPEC', description: 'time split train/valid/test fractions', default: '0.6,0.2,0.2' },
      models: { type: 'list', short: 'm', description: 'model families', choices: FAMILIES, default: ['xgboost', 'lightgbm', 'catboost'] },
      study: { type: 'string', placeholder: 'PREFIX', description: 'study name prefix (one study per family: PREFIX-family)', default: 'cryptotune' },
      seed: { type: 'integer', description: 'sampler seed', default: 42 },
      ...RUN_OPTIONS,
    },
    examples: [
      'cryptotune optimize --data panel.csv.gz --models xgboost,lightgbm --trials 100 --workers 2',
      'cryptotune optimize -d btc_1d.csv -t direction:1 --timeout 600 --json > results.json',
    ],
  },
  async (ctx) => {
    const o = ctx.options;
    const CryptoOptimizer = await loadOptimizer();
    const [kind, horizon, threshold] = o.target.split(':');
    const split = o.split.split(',').map(Number);
    const optimizer = new CryptoOptimizer({
      data: { path: o.data },
      target: { kind, horizon: Number(horizon ?? 1), ...(threshold !== undefined ? { threshold: Number(threshold) } : {}) },
      features: o.features,
      split: { kind: 'holdout', train: split[0], valid: split[1], test: split[2] },
      models: o.models,
      study: o.study,
      seed: o.seed,
      ...runConfig(o),
    });
    return runOptimizer(optimizer, ctx);
  },
);
