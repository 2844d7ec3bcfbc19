/** Worker-thread body for the cache sharing test: stores `n` entries `w<i>` → { values: [i] }. */
import { workerData } from 'node:worker_threads';
import { ResultCache } from '../../src/cache/result-cache.js';

const { path, n } = workerData as { path: string; n: number };
const cache = ResultCache.open({ path });
for (let i = 0; i < n; i++) cache.set(`w${i}`, { values: [i] });
await cache.close();
