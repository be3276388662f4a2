import BetterSqlite3 from 'better-sqlite3';
import type { Database, Params, Sql } from './sql.ts';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * SQLite through better-sqlite3. Calls are synchronous underneath and resolve at once; prepared statements are kept
 * per SQL text, so the hot paths (claiming a message) cost one lookup and one step. One connection: a transaction
 * holds it across its awaits, and other calls wait for the transaction to end instead of slipping into it.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  /** Settles when the open transaction ends; undefined when none is open. */
  private busy: Promise<void> | undefined;

  constructor(readonly raw: BetterSqlite3.Database) {}

  /** Opens a file (or `:memory:`) in WAL mode, waiting up to 5 s for a lock held by another connection. */
  static open(file: string): SqliteDatabase {
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    return new SqliteDatabase(raw);
  }

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    while (this.busy) await this.busy;
    return this.prepare(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    while (this.busy) await this.busy;
    return this.prepare(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: Params = []): Promise<number> {
    while (this.busy) await this.busy;
    return this.prepare(sql).run(...params).changes;
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    let release = () => {};
    this.busy = new Promise((resolve) => {
      release = resolve;
    });
    const tx = new SqliteTransaction(this);
    try {
      this.raw.exec('BEGIN IMMEDIATE');
      const result = await work(tx);
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      throw error;
    } finally {
      tx.open = false;
      this.busy = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    while (this.busy) await this.busy;
    this.raw.close();
  }
}

/** The connection as seen from inside a transaction: no waiting for itself. */
class SqliteTransaction implements Sql {
  readonly dialect = 'sqlite' as const;
  open = true;

  constructor(private readonly db: SqliteDatabase) {}

  private statement(sql: string): Statement {
    if (!this.open) throw new Error('this transaction has ended; use the store outside it');
    return this.db.prepare(sql);
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.statement(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: Params = []): Promise<number> {
    return this.statement(sql).run(...params).changes;
  }
}
