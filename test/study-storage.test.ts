import { describeStorageContract } from './support/storage-contract.js';
import { MemoryStorage } from '../src/storage/memory.js';

describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
