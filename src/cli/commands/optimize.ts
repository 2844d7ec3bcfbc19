import { CliError } from '../../errors.js';
import { defineCommand } from '../command.js';
import { FAMILIES, RUN_OPTIONS, runConfig, runOptimizer } from '../optimizer-run.js';
import { CryptoOptimizer } from '../../optimizer.js';
import type { LabelSpec } from '../../features/labels.js';
import type { PresetName } from '../../features/presets.js';
import type { ModelFamilyName } from '../../models/search-space.js';

const LABEL_KINDS = ['forwardReturn', 'highReturn', 'direction', 'returnBins', 'tripleBarrier'];

/** `kind:horizon[:threshold]` → a LabelSpec. */
export function parseTarget(spec: string): { kind: string; horizon: number; threshold?: number } {
  const [kind, horizon = '1', threshold, ...rest] = spec.split(':');
  const h = Number(horizon);
  const t = threshold === undefined ? undefined : Number(threshold);
  if (!LABEL_KINDS.includes(kind!) || !Number.isInteger(h) || h < 1 || (t !== undefined && !Number.isFinite(t)) || rest.length) {
    throw new CliError('ERR_CLI_USAGE', `--target must be kind:horizon[:threshold] with kind one of ${LABEL_KINDS.join(', ')} and an integer horizon ≥ 1, got '${spec}'`);
  }
  return { kind: kind!, horizon: h, ...(t !== undefined ? { threshold: t } : {}) };
}

/** `train,valid,test` fractions → a time holdout split. */
export function parseSplit(spec: string): { kind: 'holdout'; train: number; valid: number; test: number } {
  const f = spec.split(',').map(Number);
  if (f.length !== 3 || !f.every((x) => Number.isFinite(x) && x > 0) || f[0]! + f[1]! + f[2]! > 1 + 1e-9) {
    throw new CliError('ERR_CLI_USAGE', `--split must be three positive fractions train,valid,test summing to at most 1, got '${spec}'`);
  }
  return { kind: 'holdout', train: f[0]!, valid: f[1]!, test: f[2]! };
}

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
      models: { type: 'list', short: 'm', description: 'model families', choices: FAMILIES, default: ['xgboost', 'lightgbm', 'catboost', 'linear'] },
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
    const target = parseTarget(o.target);
    const split = parseSplit(o.split);
    const optimizer = new CryptoOptimizer({
      data: o.data,
      target: target as LabelSpec,
      features: o.features as PresetName,
      split,
      models: o.models as ModelFamilyName[],
      studyName: o.study,
      seed: o.seed,
      ...runConfig(o),
    });
    return runOptimizer(optimizer, ctx);
  },
);
