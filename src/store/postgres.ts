import pg from 'pg';
import type { Database, Params, Sql } from './sql.ts';

const INT8 = 20;
const placeholders = new Map<string, string>();

/** `?` → `$1, $2 …`, once per SQL text. errcode's SQL never holds a `?` inside a literal. */
function numbered(sql: string): string {
  let text = placeholders.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    placeholders.set(sql, text);
  }
  return text;
}

/** Options of the connection pool. */
export interface PostgresOptions {
  /** A `postgres://` URL, as DATABASE_URL holds it. */
  connectionString: string;
  /** Connections per process (default 10): a replica runs a handful of queries at once. */
  max?: number;
  /** Told about errors of idle connections (a restarted server), which would otherwise end the process. */
  onError?: (error: Error) => void;
}

/** PostgreSQL through a `pg` pool. BIGINT columns (times, ids, counts) come back as numbers. */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;

  constructor(readonly pool: pg.Pool) {}

  static open(options: PostgresOptions): PostgresDatabase {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      // A server that drops packets must not hang the start (or a query) for ever.
      connectionTimeoutMillis: 10_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    pool.on('error', (error) => options.onError?.(error));
    return new PostgresDatabase(pool);
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.pool.query(numbered(sql), params as unknown[])).rows as T[];
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: Params = []): Promise<number> {
    return (await this.pool.query(numbered(sql), params as unknown[])).rowCount ?? 0;
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PostgresTransaction(client);
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.open = false;
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** One pooled connection inside BEGIN … COMMIT. */
class PostgresTransaction implements Sql {
  readonly dialect = 'postgres' as const;
  open = true;

  constructor(private readonly client: pg.PoolClient) {}

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    if (!this.open) throw new Error('this transaction has ended; use the store outside it');
    return (await this.client.query(numbered(sql), params as unknown[])).rows as T[];
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: Params = []): Promise<number> {
    if (!this.open) throw new Error('this transaction has ended; use the store outside it');
    return (await this.client.query(numbered(sql), params as unknown[])).rowCount ?? 0;
  }
}
