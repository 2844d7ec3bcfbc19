import { defineCommand } from '../command.js';
import { storageOption } from '../storage-option.js';
import { CryptoOptimizer } from '../../optimizer.js';

export const workerCommand = defineCommand(
  {
    name: 'worker',
    summary: 'join a running study as one more worker process (shared LMDB or PostgreSQL store)',
    description: 'Claims trials from the store until the study stops or Ctrl-C; trials are claimed in transactions, so none runs twice.',
    options: {
      storage: storageOption('the shared store'),
      study: { type: 'string', placeholder: 'NAME', description: 'the study to work on', required: true, env: 'CRYPTOTUNE_STUDY' },
      workers: { type: 'integer', short: 'w', min: 1, description: 'worker threads in this process' },
      json: { type: 'boolean', description: 'print a JSON summary at the end' },
    },
  },
  async ({ options, io, print, printJson }) => {
        const summary = (await CryptoOptimizer.runWorker({ storage: options.storage ?? '.cryptotune/store', study: options.study, signal: io.signal, ...(options.workers ? { parallel: { workers: options.workers } } : {}) })) ?? {};
    if (options.json) printJson(summary);
    else print(`worker done on ${options.study}`);
  },
);
