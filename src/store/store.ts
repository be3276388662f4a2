import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

/** How a claim on a message ended. */
export type ClaimResult = 'claimed' | 'answered' | 'in-progress';

/** A code looked up, for App Home's statistics. */
export interface LookupRecord {
  code: string;
  service?: string;
  found: boolean;
  via: 'command' | 'message' | 'shortcut' | 'console';
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS messages (
     channel TEXT NOT NULL, ts TEXT NOT NULL, state TEXT NOT NULL, reply_ts TEXT, claimed_at INTEGER NOT NULL,
     PRIMARY KEY (channel, ts))`,
  `CREATE TABLE IF NOT EXISTS channels (
     channel TEXT PRIMARY KEY, muted INTEGER NOT NULL DEFAULT 0, updated_by TEXT, updated_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lookups (
     id INTEGER PRIMARY KEY, code TEXT NOT NULL, service TEXT, found INTEGER NOT NULL, via TEXT NOT NULL, at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS lookups_at ON lookups (at)',
  `CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS answers_created ON answers (created_at)',
  'CREATE INDEX IF NOT EXISTS messages_claimed ON messages (claimed_at)',
];

/** A claim older than this is from a delivery that died before answering; a later delivery may take it over. */
const STALE_CLAIM_MS = 60_000;
/** Stored answers back buttons ("Share in channel", "Open support ticket"); older ones are dropped. */
const ANSWER_TTL_MS = 7 * 24 * 3600_000;
/** Slack redelivers an event for five minutes at most; a week of answered messages is plenty to stay exactly-once. */
const MESSAGE_TTL_MS = 7 * 24 * 3600_000;
/** App Home's statistics look back this far. */
const LOOKUP_TTL_MS = 180 * 24 * 3600_000;

/**
 * errcode's embedded store: which messages were answered (so retries and restarts never answer twice), channel
 * settings, lookup statistics, answers behind buttons, tickets and the outbox of Slack calls still to make.
 */
export class Store {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly now: Clock = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    for (const statement of SCHEMA) this.db.exec(statement);
  }

  /** Opens (creating if needed) the store under a data directory. */
  static open(dataDir: string, now: Clock = Date.now): Store {
    mkdirSync(dataDir, { recursive: true });
    return new Store(join(dataDir, 'errcode.sqlite'), now);
  }

  /** An in-memory store, for tests and the console. */
  static memory(now: Clock = Date.now): Store {
    return new Store(':memory:', now);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Claims a message for answering. `claimed`: go ahead and answer, then call `markAnswered`. `answered`: it was
   * answered before (a retry, or a redelivery after a restart). `in-progress`: another delivery holds a fresh claim.
   */
  claimMessage(channel: string, ts: string): ClaimResult {
    const now = this.now();
    return this.db.transaction((): ClaimResult => {
      const row = this.db
        .prepare('SELECT state, claimed_at FROM messages WHERE channel = ? AND ts = ?')
        .get(channel, ts) as { state: string; claimed_at: number } | undefined;
      if (!row) {
        this.db
          .prepare("INSERT INTO messages (channel, ts, state, claimed_at) VALUES (?, ?, 'pending', ?)")
          .run(channel, ts, now);
        return 'claimed';
      }
      if (row.state !== 'pending') return 'answered';
      if (now - row.claimed_at < STALE_CLAIM_MS) return 'in-progress';
      this.db.prepare('UPDATE messages SET claimed_at = ? WHERE channel = ? AND ts = ?').run(now, channel, ts);
      return 'claimed';
    })();
  }

  /** Records that a claimed message was answered (or deliberately left unanswered: `replyTs` undefined). */
  markAnswered(channel: string, ts: string, replyTs?: string): void {
    this.db
      .prepare('UPDATE messages SET state = ?, reply_ts = ? WHERE channel = ? AND ts = ?')
      .run(replyTs ? 'answered' : 'skipped', replyTs ?? null, channel, ts);
  }

  /** Gives up a claim so a retry can answer (the answer failed to post). */
  releaseMessage(channel: string, ts: string): void {
    this.db.prepare("DELETE FROM messages WHERE channel = ? AND ts = ? AND state = 'pending'").run(channel, ts);
  }

  isMuted(channel: string): boolean {
    const row = this.db.prepare('SELECT muted FROM channels WHERE channel = ?').get(channel) as
      | { muted: number }
      | undefined;
    return row?.muted === 1;
  }

  setMuted(channel: string, muted: boolean, by: string): void {
    this.db
      .prepare(
        'INSERT INTO channels (channel, muted, updated_by, updated_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT(channel) DO UPDATE SET muted = excluded.muted, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
      )
      .run(channel, muted ? 1 : 0, by, this.now());
  }

  recordLookup(lookup: LookupRecord): void {
    this.db
      .prepare('INSERT INTO lookups (code, service, found, via, at) VALUES (?, ?, ?, ?, ?)')
      .run(lookup.code, lookup.service ?? null, lookup.found ? 1 : 0, lookup.via, this.now());
  }

  /** The codes asked most often since `since`, most first. */
  topCodes(limit: number, since = 0): { code: string; service?: string; count: number }[] {
    return (
      this.db
        .prepare(
          'SELECT code, service, COUNT(*) AS count FROM lookups WHERE found = 1 AND at >= ? GROUP BY code, service ORDER BY count DESC, code LIMIT ?',
        )
        .all(since, limit) as { code: string; service: string | null; count: number }[]
    ).map((r) => ({ code: r.code, count: r.count, ...(r.service ? { service: r.service } : {}) }));
  }

  /** Codes people asked about that the catalog lacks, most recent first: what to import next. */
  recentUnknownCodes(limit: number): { code: string; count: number; lastAt: number }[] {
    return this.db
      .prepare(
        'SELECT code, COUNT(*) AS count, MAX(at) AS lastAt FROM lookups WHERE found = 0 GROUP BY code ORDER BY lastAt DESC LIMIT ?',
      )
      .all(limit) as { code: string; count: number; lastAt: number }[];
  }

  /** Drops what is no longer needed: old answered messages, expired answers, lookups older than the statistics use. */
  prune(): void {
    const now = this.now();
    this.db.prepare('DELETE FROM messages WHERE claimed_at < ?').run(now - MESSAGE_TTL_MS);
    this.db.prepare('DELETE FROM answers WHERE created_at < ?').run(now - ANSWER_TTL_MS);
    this.db.prepare('DELETE FROM lookups WHERE at < ?').run(now - LOOKUP_TTL_MS);
  }

  /** Keeps an answer so a button on it can act later. */
  saveAnswer(id: string, payload: unknown): void {
    const now = this.now();
    this.db
      .prepare('INSERT OR REPLACE INTO answers (id, payload, created_at) VALUES (?, ?, ?)')
      .run(id, JSON.stringify(payload), now);
  }

  /** A kept answer, if it has not expired. */
  loadAnswer(id: string): unknown {
    const row = this.db
      .prepare('SELECT payload FROM answers WHERE id = ? AND created_at >= ?')
      .get(id, this.now() - ANSWER_TTL_MS) as { payload: string } | undefined;
    return row ? JSON.parse(row.payload) : undefined;
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The underlying database, for the modules that own their own tables (tickets, outbox). */
  get database(): Database.Database {
    return this.db;
  }

  get clock(): Clock {
    return this.now;
  }
}
