import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from './support/storage-contract.js';
import { LmdbStorage } from '../src/storage/lmdb.js';

describeStorageContract('LmdbStorage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-lmdb-'));
  return { storage: new LmdbStorage({ path: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
