import type { PeriodicRuns } from '../periodic.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

/** Periodic runs on SQL: claiming a period is one upsert whose update only happens once the period has passed. */
export class SqlPeriodicRuns implements PeriodicRuns {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async claim(name: string, periodMs: number, owner: string): Promise<boolean> {
    const now = this.now();
    const changed = await this.db.run(
      `INSERT INTO periodic_runs (name, last_run_at, owner) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, owner = excluded.owner
       WHERE periodic_runs.last_run_at <= ?`,
      [name, now, owner, now - periodMs],
    );
    return changed === 1;
  }

  async record(name: string, result: string): Promise<void> {
    await this.db.run('UPDATE periodic_runs SET result = ? WHERE name = ?', [result, name]);
  }

  async last(name: string): Promise<{ at: number; owner?: string; result?: string } | undefined> {
    const row = await this.db.get<{ last_run_at: number; owner: string | null; result: string | null }>(
      'SELECT last_run_at, owner, result FROM periodic_runs WHERE name = ?',
      [name],
    );
    if (!row) return undefined;
    return {
      at: row.last_run_at,
      ...(row.owner ? { owner: row.owner } : {}),
      ...(row.result !== null ? { result: row.result } : {}),
    };
  }
}
