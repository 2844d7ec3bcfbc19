import { defineCommand } from '../command.js';
import { RUN_OPTIONS, runConfig, runOptimizer } from '../optimizer-run.js';
import { CryptoOptimizer } from '../../optimizer.js';

export const resumeCommand = defineCommand(
  {
    name: 'resume',
    summary: 'continue an interrupted optimize run from its stored studies',
    description: 'Completed trials are never rerun; trials of a dead run are failed and their parameters re-queued.',
    options: { study: { type: 'string', placeholder: 'PREFIX', description: 'study name prefix given to optimize', default: 'cryptotune' }, ...RUN_OPTIONS },
  },
  async (ctx) => {
    const c = runConfig(ctx.options);
    return runOptimizer(await CryptoOptimizer.resume({ ...c, storage: c.storage ?? '.cryptotune/store', study: ctx.options.study }), ctx);
  },
);
