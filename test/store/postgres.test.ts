import { openStorage } from '../../src/store/storage.ts';
import { describePostgres, freshDatabase } from '../support/postgres.ts';
import { storageContract } from './contract.ts';

describePostgres('PostgreSQL store', () => {
  storageContract(async (now) => {
    const db = await freshDatabase();
    const storage = await openStorage({ databaseUrl: db.url, poolSize: 4 }, now);
    return {
      storage,
      // Another pool on the same database: a second replica.
      other: () => openStorage({ databaseUrl: db.url, poolSize: 4 }, now),
      close: async () => {
        await storage.close();
        await db.drop();
      },
    };
  });
});
