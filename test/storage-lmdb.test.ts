// sync: 'none' keeps commit latency low so the contract's 30 ms heartbeat window holds under load;
// the crash tests exercise the 'full' default.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from './support/storage-contract.js';
import { LmdbStorage } from '../src/storage/lmdb.js';

describeStorageContract('LmdbStorage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-lmdb-'));
  return { storage: new LmdbStorage({ path: dir, sync: 'none' }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
