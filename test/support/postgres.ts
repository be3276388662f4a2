import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The PostgreSQL every machine of this project runs (CI's too): trust auth, user postgres, database test. */
export const PG_HOST = '127.0.0.1:5432';
const ADMIN_URL = `postgres://postgres@${PG_HOST}/test`;

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether PostgreSQL answers, probed once per test file. */
export const postgresReachable = await probe();

/** Why PostgreSQL suites did not run, as printed. */
export const SKIPPED = `PostgreSQL at ${PG_HOST} not reachable: skipped (runs under CI=true)`;

/**
 * A describe block that needs PostgreSQL: runs when the server answers; under CI=true it must run, so an unreachable
 * server fails it loudly; elsewhere it is skipped, saying so.
 */
export function describePostgres(name: string, body: () => void): void {
  if (postgresReachable) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`reaches PostgreSQL at ${PG_HOST}`, () => {
        throw new Error(`PostgreSQL at ${PG_HOST} is not reachable, and under CI=true its suites must run`);
      });
    });
    return;
  }
  console.log(`${name}: ${SKIPPED}`);
  describe.skip(`${name} (${SKIPPED})`, body);
}

/** A database of its own for one test (or file): created from `test`, dropped by `drop`. Never the shared one. */
export async function freshDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `errcode_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: `postgres://postgres@${PG_HOST}/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
