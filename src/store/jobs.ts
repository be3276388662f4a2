import type { Job, JobFailure, JobQueue, JobRecord, JobState, NewJob } from '../outbox/ports.ts';
import type { Clock } from './clock.ts';
import type { Sql } from './sql.ts';

interface Row {
  id: number;
  key: string;
  kind: string;
  payload: string;
  state: JobState;
  attempts: number;
  run_at: number;
  doubt: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  lease_owner: string | null;
  grp: string | null;
  failure: string | null;
  first_at: number | null;
}

function toRecord(r: Row): JobRecord {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    payload: JSON.parse(r.payload),
    state: r.state,
    attempts: r.attempts,
    runAt: r.run_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.grp ? { group: r.grp } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.failure ? { failure: JSON.parse(r.failure) as JobFailure } : {}),
  };
}

/**
 * The outbox on SQL. Leasing is one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`: on PostgreSQL the inner
 * select locks `FOR UPDATE SKIP LOCKED`, so concurrent workers take different jobs; on SQLite the statement runs
 * under the database's single write lock. The attempt is counted and `in_flight` set in that same statement, so a
 * worker that dies mid-call leaves a job that the next lease marks in doubt.
 */
export class SqlJobQueue implements JobQueue {
  constructor(
    private readonly db: Sql,
    private readonly now: Clock,
  ) {}

  async enqueue(job: NewJob): Promise<boolean> {
    const now = this.now();
    // A dead job of the same key comes back to life (its cause may be fixed); a pending or done one stays as it is.
    const inserted = await this.db.run(
      `INSERT INTO outbox_jobs (key, kind, payload, grp, run_at, created_at, updated_at, first_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET state = 'pending', kind = excluded.kind, payload = excluded.payload,
         grp = excluded.grp, attempts = 0, run_at = excluded.run_at, created_at = excluded.created_at,
         updated_at = excluded.updated_at, last_error = NULL, failure = NULL, in_flight = 0, lease_owner = NULL,
         lease_until = NULL
       WHERE outbox_jobs.state = 'dead'`,
      [job.key, job.kind, JSON.stringify(job.payload), job.group ?? null, now, now, now, now],
    );
    return inserted === 1;
  }

  async lease(owner: string, leaseMs: number, limit: number): Promise<Job[]> {
    const now = this.now();
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.db.all<Row>(
      `UPDATE outbox_jobs SET attempts = attempts + 1, lease_owner = CAST(? AS TEXT) || ':' || CAST(attempts + 1 AS TEXT),
         lease_until = ?, doubt = CASE WHEN in_flight = 1 THEN 1 ELSE doubt END, in_flight = 1, updated_at = ?
       WHERE id IN (
         SELECT id FROM outbox_jobs WHERE state = 'pending' AND run_at <= ? AND (in_flight = 0 OR lease_until < ?)
         ORDER BY run_at, id LIMIT ?${lock})
       RETURNING *`,
      [owner, now + leaseMs, now, now, now, limit],
    );
    return rows
      .sort((a, b) => a.run_at - b.run_at || a.id - b.id)
      .map((r) => ({
        id: r.id,
        key: r.key,
        kind: r.kind,
        payload: JSON.parse(r.payload),
        attempts: r.attempts,
        doubt: r.doubt === 1,
        createdAt: r.created_at,
        firstAt: r.first_at ?? r.created_at,
        lease: r.lease_owner ?? '',
        ...(r.grp ? { group: r.grp } : {}),
      }));
  }

  async renew(job: Job, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const changed = await this.db.run(
      "UPDATE outbox_jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'pending'",
      [now + leaseMs, job.id, job.lease],
    );
    return changed === 1;
  }

  async complete(job: Job): Promise<boolean> {
    return this.finish(job, "state = 'done', last_error = NULL", []);
  }

  async retry(job: Job, runAt: number, error: string, maybeSent: boolean): Promise<boolean> {
    return this.finish(job, 'run_at = ?, last_error = ?, doubt = CASE WHEN ? = 1 THEN 1 ELSE doubt END', [
      runAt,
      error.slice(0, 2000),
      maybeSent ? 1 : 0,
    ]);
  }

  async bury(job: Job, error: string, failure?: JobFailure): Promise<boolean> {
    return this.finish(job, "state = 'dead', last_error = ?, failure = ?", [
      error.slice(0, 2000),
      failure ? JSON.stringify(failure) : null,
    ]);
  }

  async list(states: JobState[], limit = 100): Promise<JobRecord[]> {
    if (states.length === 0) return [];
    const rows = await this.db.all<Row>(
      `SELECT * FROM outbox_jobs WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id LIMIT ?`,
      [...states, limit],
    );
    return rows.map(toRecord);
  }

  async get(id: number): Promise<JobRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM outbox_jobs WHERE id = ?', [id]);
    return row ? toRecord(row) : undefined;
  }

  async revive(ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const now = this.now();
    // created_at restarts too: the give-up bound counts from the revival, not from the first queuing.
    return this.db.run(
      `UPDATE outbox_jobs SET state = 'pending', attempts = 0, run_at = ?, created_at = ?, updated_at = ?,
         last_error = NULL, failure = NULL, in_flight = 0, lease_owner = NULL, lease_until = NULL
       WHERE state = 'dead' AND id IN (${ids.map(() => '?').join(', ')})`,
      [now, now, now, ...ids],
    );
  }

  /** Ends a lease with `set`, only if the lease is still this job's (another worker may have taken it since). */
  private async finish(job: Job, set: string, params: (string | number | null)[]): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE outbox_jobs SET ${set}, in_flight = 0, lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE id = ? AND lease_owner = ?`,
      [...params, this.now(), job.id, job.lease],
    );
    return changed === 1;
  }
}
