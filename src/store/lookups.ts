import type { AnswerCache, LookupRecord, LookupStats } from '../answers.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

/** Stored answers back buttons ("Share in channel", "Open support ticket"); older ones are dropped. */
export const ANSWER_TTL_MS = 7 * 24 * 3600_000;

/** Lookup statistics on SQL. */
export class SqlLookupStats implements LookupStats {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async record(lookup: LookupRecord): Promise<void> {
    await this.db.run('INSERT INTO lookups (code, service, found, via, at) VALUES (?, ?, ?, ?, ?)', [
      lookup.code,
      lookup.service ?? null,
      lookup.found ? 1 : 0,
      lookup.via,
      this.now(),
    ]);
  }

  async topCodes(limit: number, since = 0): Promise<{ code: string; service?: string; count: number }[]> {
    const rows = await this.db.all<{ code: string; service: string | null; count: number }>(
      `SELECT code, service, COUNT(*) AS count FROM lookups WHERE found = 1 AND at >= ?
       GROUP BY code, service ORDER BY count DESC, code LIMIT ?`,
      [since, limit],
    );
    return rows.map((r) => ({ code: r.code, count: r.count, ...(r.service ? { service: r.service } : {}) }));
  }

  async recentUnknownCodes(limit: number): Promise<{ code: string; count: number; lastAt: number }[]> {
    return this.db.all(
      `SELECT code, COUNT(*) AS count, MAX(at) AS "lastAt" FROM lookups WHERE found = 0
       GROUP BY code ORDER BY "lastAt" DESC LIMIT ?`,
      [limit],
    );
  }
}

/** The answer cache on SQL. */
export class SqlAnswerCache implements AnswerCache {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async save(id: string, payload: unknown): Promise<void> {
    await this.db.run(
      `INSERT INTO answers (id, payload, created_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at`,
      [id, JSON.stringify(payload), this.now()],
    );
  }

  async load(id: string): Promise<unknown> {
    const row = await this.db.get<{ payload: string }>('SELECT payload FROM answers WHERE id = ? AND created_at >= ?', [
      id,
      this.now() - ANSWER_TTL_MS,
    ]);
    return row ? JSON.parse(row.payload) : undefined;
  }
}
