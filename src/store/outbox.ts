import type { Store } from './store.ts';

/** A queued job: its kind and payload, as the enqueuer gave them. */
export interface Job {
  id: number;
  payload: unknown;
  attempts: number;
}

/** What a handler says about a job that failed. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Delays between attempts: 1 s, 2 s, 4 s … capped at five minutes. Transient failures are retried for ever. */
export function backoff(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY, payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error TEXT, state TEXT NOT NULL DEFAULT 'pending')`;

/**
 * A durable queue of work that must happen (posting a ticket card, replying in a thread). Jobs are written in the
 * caller's transaction, run in order, retried with backoff until they succeed, and survive restarts. A handler throws
 * PermanentJobError for failures no retry can fix (the bot was removed from the channel): those are kept as `dead`,
 * with the error, for an operator to see.
 */
export class Outbox {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly handle: (job: Job) => Promise<void>,
    private readonly onError: (job: Job, error: unknown, permanent: boolean) => void = () => {},
  ) {
    store.database.exec(SCHEMA);
  }

  /** Queues a job; call inside the transaction that makes it necessary. */
  enqueue(payload: unknown): void {
    this.store.database
      .prepare('INSERT INTO outbox (payload, next_attempt_at) VALUES (?, ?)')
      .run(JSON.stringify(payload), this.store.clock());
  }

  /** Runs every due job once, in order; a job that fails holds back the later ones (a card before its updates). */
  drain(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Drains now and then every `intervalMs` until `stop`. */
  start(intervalMs = 1000): void {
    void this.drain();
    this.timer = setInterval(() => void this.drain(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Jobs not yet done: pending and dead. */
  pending(): { id: number; payload: unknown; attempts: number; state: string; lastError?: string }[] {
    return (
      this.store.database.prepare("SELECT * FROM outbox WHERE state != 'done' ORDER BY id").all() as {
        id: number;
        payload: string;
        attempts: number;
        state: string;
        last_error: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      payload: JSON.parse(r.payload),
      attempts: r.attempts,
      state: r.state,
      ...(r.last_error ? { lastError: r.last_error } : {}),
    }));
  }

  private async run(): Promise<void> {
    const db = this.store.database;
    for (;;) {
      const row = db
        .prepare(
          "SELECT id, payload, attempts, next_attempt_at FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1",
        )
        .get() as { id: number; payload: string; attempts: number; next_attempt_at: number } | undefined;
      if (!row || row.next_attempt_at > this.store.clock()) return;
      const job: Job = { id: row.id, payload: JSON.parse(row.payload), attempts: row.attempts };
      try {
        await this.handle(job);
        db.prepare("UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = NULL WHERE id = ?").run(
          job.id,
        );
      } catch (error) {
        const permanent = error instanceof PermanentJobError;
        const attempts = job.attempts + 1;
        db.prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? WHERE id = ?').run(
          attempts,
          this.store.clock() + backoff(attempts),
          String((error as Error).message ?? error),
          permanent ? 'dead' : 'pending',
          job.id,
        );
        this.onError(job, error, permanent);
        if (!permanent) return;
      }
    }
  }
}
