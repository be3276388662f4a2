import { describe, it } from 'vitest';
import { PG_HOST, postgresReachable } from './databases.ts';

export { freshDatabase, PG_HOST, postgresReachable } from './databases.ts';

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
