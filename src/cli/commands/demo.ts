import { Frame } from '../../data/frame.js';
import { generateMarket } from '../../data/synthetic.js';
import { defineCommand } from '../command.js';

export const demoCommand = defineCommand(
  {
    name: 'demo',
    summary: 'run the main job on a synthetic market (or --data FILE)',
    description: 'Runs the main job on the bundled synthetic market (or on FILE): ingest, then a summary of what was loaded.',
    options: {
      data: { type: 'string', placeholder: 'FILE', description: 'a CSV / CSV.GZ / Arrow file instead of the synthetic market' },
      seed: { type: 'integer', description: 'seed of the synthetic market', default: 42 },
      json: { type: 'boolean', description: 'print one JSON object instead of a table' },
    },
  },
  async ({ options, print, printJson }) => {
    const t0 = performance.now();
    const frame = options.data ? await Frame.fromFile(options.data) : generateMarket({ kind: 'panel', seed: options.seed, bars: 730, assets: 40 });
    const summary = frame.summary();
    const ms = performance.now() - t0;
    if (options.json) return printJson({ summary: { ...summary, perAsset: undefined }, ms });
    print(
      [
        `cryptotune demo — ${options.data ?? 'synthetic daily panel'}`,
        `  rows        ${summary.rows.toLocaleString('en-US')}`,
        `  assets      ${summary.assets}`,
        `  range       ${summary.startIso} → ${summary.endIso}`,
        `  interval    ${summary.intervalMs / 60_000} min`,
        `  gaps        ${summary.gaps} (${summary.missingBars} missing bars)`,
        `  columns     ${summary.columns.join(', ')}`,
        `  memory      ${(summary.bytes / 1e6).toFixed(1)} MB in shared buffers`,
        `  took        ${ms.toFixed(0)} ms`,
      ].join('\n'),
    );
  },
);
