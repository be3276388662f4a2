/** Which SQL engine a database speaks; the few statements that differ switch on it. */
export type Dialect = 'sqlite' | 'postgres';

/** Statement parameters: errcode stores text and integers only (times are milliseconds, flags 0/1). */
export type Params = readonly (string | number | null)[];

/**
 * The one query layer both adapters share: SQL with `?` placeholders (rewritten to `$n` for PostgreSQL), run on a
 * connection or inside a transaction. Rows come back as plain objects; 64-bit integers as numbers.
 */
export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query (or of a statement with RETURNING). */
  all<T>(sql: string, params?: Params): Promise<T[]>;
  /** The first row, if any. */
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
}

/** A database: queries, plus transactions that commit or roll back as one. */
export interface Database extends Sql {
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
