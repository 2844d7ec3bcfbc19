import { CliError } from '../../errors.js';
import { ResultCache } from '../../cache/result-cache.js';
import { defineCommand, defineGroup } from '../command.js';
import { storageOption, withLmdbStorage } from '../storage-option.js';
import { renderKeyValues } from '../table.js';

const CACHE_OPTIONS = {
  storage: storageOption('the store directory holding the cache', 'DIR'),
  json: { type: 'boolean', description: 'print JSON' },
} as const;

/** The cache shares the store's LMDB environment (one directory for studies and cache). */
async function withCache<T>(url: string, fn: (c: ResultCache) => Promise<T>): Promise<T> {
  return withLmdbStorage(url, async (storage) => {
    const cache = ResultCache.open({ storage });
    try {
      return await fn(cache);
    } finally {
      await cache.close();
    }
  });
}

const stats = defineCommand(
  { name: 'cache stats', summary: 'hits, misses, hit rate, entries, bytes and evictions of the result cache', options: CACHE_OPTIONS },
  async ({ options, print, printJson }) => {
    const s = await withCache(options.storage, async (c) => ({ ...c.stats() }));
    if (options.json) printJson(s);
    else print(renderKeyValues(s));
  },
);

const clear = defineCommand(
  { name: 'cache clear', summary: 'drop every cached result (studies are kept)', options: { ...CACHE_OPTIONS, yes: { type: 'boolean', short: 'y', description: 'confirm' } } },
  async ({ options, print, printJson }) => {
    if (!options.yes) throw new CliError('ERR_CLI_USAGE', 'clearing the cache drops every cached result; add --yes to confirm');
    const before = await withCache(options.storage, async (c) => {
      const s = await c.stats();
      await c.clear();
      return s;
    });
    if (options.json) printJson({ cleared: true, before });
    else print(`cleared the result cache at ${options.storage}`);
  },
);

export const cacheCommand = defineGroup('cache', 'inspect or clear the result cache', [stats, clear]);
