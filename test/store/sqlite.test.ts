import { describe } from 'vitest';
import { openStorage } from '../../src/store/storage.ts';
import { tempDir } from '../helpers.ts';
import { storageContract } from './contract.ts';

describe('SQLite store, in memory', () => {
  storageContract(async (now) => {
    const storage = await openStorage({ memory: true }, now);
    return { storage, close: () => storage.close() };
  });
});

// One connection per process: SQLite serves one host (replicas share PostgreSQL), so the concurrency cases run on it.
describe('SQLite store, in a file (WAL)', () => {
  storageContract(async (now) => {
    const { dir, cleanup } = tempDir('errcode-store-');
    const storage = await openStorage({ dataDir: dir }, now);
    return {
      storage,
      close: async () => {
        await storage.close();
        cleanup();
      },
    };
  });
});
