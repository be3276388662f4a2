import { join } from 'node:path';
import type { AnswerCache, LookupStats } from '../answers.ts';
import type { ChannelSettings, MessageLedger } from '../chat/ports.ts';
import type { TicketRepository } from '../escalation/ports.ts';
import type { FeedbackStore } from '../feedback/ports.ts';
import type { JobQueue, UnitOfWork } from '../outbox/ports.ts';
import type { PeriodicRuns } from '../periodic.ts';
import type { Clock } from './clock.ts';
import { postgresStartError, StorageError } from './errors.ts';
import { SqlFeedbackStore } from './feedback.ts';
import { SqlJobQueue } from './jobs.ts';
import { ANSWER_TTL_MS, SqlAnswerCache, SqlLookupStats } from './lookups.ts';
import { SqlChannelSettings, SqlMessageLedger } from './messages.ts';
import { migrate } from './migrations.ts';
import { SqlPeriodicRuns } from './periodic.ts';
import { PostgresDatabase } from './postgres.ts';
import type { Database, Dialect, Sql } from './sql.ts';
import { SqliteDatabase } from './sqlite.ts';
import { openSqliteFile } from './sqlite-file.ts';
import { SqlTicketRepository } from './tickets.ts';

/** Every port the store implements, bound to the database or to one transaction. */
export interface Ports {
  ledger: MessageLedger;
  channels: ChannelSettings;
  lookups: LookupStats;
  answers: AnswerCache;
  tickets: TicketRepository;
  jobs: JobQueue;
  periodic: PeriodicRuns;
  feedback: FeedbackStore;
}

/** errcode's storage: the ports, a unit of work over them, housekeeping. */
export interface Storage extends Ports {
  readonly dialect: Dialect;
  /** Runs `work` in one transaction; the ports it is given commit together. */
  transaction: UnitOfWork<Ports>;
  /** Drops what is no longer needed: old answered messages, expired answers, old lookups and feedback, old finished jobs. */
  prune(): Promise<void>;
  close(): Promise<void>;
}

/** Slack redelivers an event for five minutes at most; a week of answered messages is plenty to stay exactly-once. */
const MESSAGE_TTL_MS = 7 * 24 * 3600_000;
/** App Home's statistics (lookups, feedback) look back this far. */
const LOOKUP_TTL_MS = 180 * 24 * 3600_000;
/** Finished jobs keep their idempotency key this long; dead ones stay until someone deals with them. */
const DONE_JOB_TTL_MS = 7 * 24 * 3600_000;

function ports(db: Sql, now: Clock): Ports {
  return {
    ledger: new SqlMessageLedger(db, now),
    channels: new SqlChannelSettings(db, now),
    lookups: new SqlLookupStats(db, now),
    answers: new SqlAnswerCache(db, now),
    tickets: new SqlTicketRepository(db, now),
    jobs: new SqlJobQueue(db, now),
    periodic: new SqlPeriodicRuns(db, now),
    feedback: new SqlFeedbackStore(db, now),
  };
}

/** The ports over an open database whose schema is up to date. */
export function storageOver(db: Database, now: Clock = Date.now): Storage {
  return {
    ...ports(db, now),
    dialect: db.dialect,
    transaction: (work) => db.transaction((tx) => work(ports(tx, now))),
    async prune() {
      const t = now();
      await db.run('DELETE FROM messages WHERE claimed_at < ?', [t - MESSAGE_TTL_MS]);
      await db.run('DELETE FROM answers WHERE created_at < ?', [t - ANSWER_TTL_MS]);
      await db.run('DELETE FROM lookups WHERE at < ?', [t - LOOKUP_TTL_MS]);
      await db.run('DELETE FROM feedback WHERE updated_at < ?', [t - LOOKUP_TTL_MS]);
      await db.run('DELETE FROM answer_removals WHERE at < ?', [t - LOOKUP_TTL_MS]);
      await db.run("DELETE FROM outbox_jobs WHERE state = 'done' AND updated_at < ?", [t - DONE_JOB_TTL_MS]);
    },
    close: () => db.close(),
  };
}

/** Where the store lives. */
export type StorageLocation =
  /** PostgreSQL, shared by every replica. */
  | { databaseUrl: string; poolSize?: number; onError?: (error: Error) => void }
  /** SQLite in `errcode.sqlite` under a data directory (created if needed). */
  | { dataDir: string }
  /** SQLite in memory: the console and tests. */
  | { memory: true };

/** The SQLite file under a data directory. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'errcode.sqlite');
}

/**
 * Opens the store and brings its schema up to date (migrations run before this resolves). What the operator can fix
 * (a data directory that cannot hold the database, a corrupt one, a PostgreSQL that cannot be reached or refuses)
 * is a StorageError naming the variable, the place and the fix.
 */
export async function openStorage(location: StorageLocation, now: Clock = Date.now): Promise<Storage> {
  let db: Database;
  if ('databaseUrl' in location) {
    db = PostgresDatabase.open({
      connectionString: location.databaseUrl,
      ...(location.poolSize ? { max: location.poolSize } : {}),
      ...(location.onError ? { onError: location.onError } : {}),
    });
  } else if ('dataDir' in location) {
    db = openSqliteFile(location.dataDir, sqliteFile(location.dataDir), new Date(now()));
  } else {
    db = SqliteDatabase.open(':memory:');
  }
  try {
    await migrate(db, now());
  } catch (error) {
    await db.close().catch(() => undefined);
    if ('databaseUrl' in location) throw postgresStartError(error, location.databaseUrl) ?? error;
    if ('dataDir' in location && (error as { code?: string }).code?.startsWith('SQLITE_'))
      throw new StorageError(
        'ERRCODE_DATA_DIR',
        sqliteFile(location.dataDir),
        `the database cannot be brought up to date (${(error as Error).message})`,
        'Check that the file and its directory are writable, or set ERRCODE_DATA_DIR to another directory',
      );
    throw error;
  }
  return storageOver(db, now);
}
