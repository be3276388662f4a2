import { randomUUID } from 'node:crypto';
import type { Job, JobQueue } from './ports.ts';

/** A failure no retry can fix (the bot was removed from the channel): the job is kept as dead, with the error. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
  readonly code = 'E_JOB_PERMANENT';
}

/** A failure worth retrying; `maybeSent` when Slack may have acted on the call (a 5xx, a timeout, a reset). */
export class TransientJobError extends Error {
  override readonly name = 'TransientJobError';
  readonly code = 'E_JOB_TRANSIENT';
  constructor(
    message: string,
    readonly maybeSent: boolean,
    /** The earliest retry Slack allows (Retry-After), in milliseconds. */
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/** The job depends on another that has not happened yet (a reply needs its card): try it again shortly. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  readonly code = 'E_JOB_NOT_READY';
}

/** Runs one job; throws one of the errors above (anything else counts as transient, and maybe sent). */
export type JobHandler = (job: Job) => Promise<void>;

/** What happened to a job, for logs. */
export type JobOutcome = 'retry' | 'dead';

/** Options of an outbox; every field has a default. */
export interface OutboxOptions {
  /** Names this worker in leases (default: a random id per process). */
  owner: string;
  /** How long a leased job is this worker's; after that another takes it (default 60 s, > any call's timeout). */
  leaseMs: number;
  /** Jobs run at once (default 4). */
  concurrency: number;
  /** Transient failures are retried this long after the job was queued, then it is dead (default 6 h). */
  giveUpAfterMs: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** In [0, 1): the jitter of the backoff. */
  random: () => number;
  /** Told about each failed attempt. */
  onError: (job: Job, error: unknown, outcome: JobOutcome) => void;
}

const defaultOptions: OutboxOptions = {
  owner: `worker-${randomUUID().slice(0, 8)}`,
  leaseMs: 60_000,
  concurrency: 4,
  giveUpAfterMs: 6 * 3600_000,
  clock: Date.now,
  random: Math.random,
  onError: () => {},
};

/** Delays between attempts: 1 s, 2 s, 4 s … capped at five minutes, each with up to half of it taken off at random. */
export function backoff(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (base / 2) * random());
}

/**
 * Delivers queued jobs: leases the due ones, runs them concurrently (none waits for another; a job that needs another
 * says NotReadyError), and records each outcome. Transient failures are retried with backoff and jitter for
 * `giveUpAfterMs`; permanent ones are kept as dead. Any number of processes may run an outbox on one store.
 */
export class Outbox {
  private readonly options: OutboxOptions;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...defaultOptions, ...options };
  }

  /** Runs every due job; resolves when none is left due. Calls during a drain make it look again before resolving. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Drains soon, without waiting: after queuing a job. */
  kick(): void {
    void this.drain().catch((error: unknown) => this.options.onError(noJob, error, 'retry'));
  }

  /** Drains now and then every `intervalMs` until `stop`. */
  start(intervalMs = 1000): void {
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Stops taking jobs and waits for the ones running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { concurrency, owner, leaseMs } = this.options;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      this.again = false;
      const free = concurrency - inFlight.size;
      const jobs = this.stopped || free === 0 ? [] : await this.queue.lease(owner, leaseMs, free);
      for (const job of jobs) {
        const running = this.attempt(job).finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      if (inFlight.size === 0 && !this.again) return;
      // Wait for a slot, then lease again: more may be due by then (queued meanwhile, or a kick during the drain).
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
  }

  private async attempt(job: Job): Promise<void> {
    const { clock, random, giveUpAfterMs, onError } = this.options;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`no handler for jobs of kind ${job.kind}`);
      await handler(job);
      await this.queue.complete(job);
    } catch (error) {
      const message = describe(error);
      const now = clock();
      if (error instanceof PermanentJobError) {
        await this.queue.bury(job, message);
        onError(job, error, 'dead');
        return;
      }
      if (now - job.createdAt > giveUpAfterMs) {
        await this.queue.bury(job, `gave up after ${Math.round(giveUpAfterMs / 3600_000)} h: ${message}`);
        onError(job, error, 'dead');
        return;
      }
      const maybeSent =
        error instanceof NotReadyError ? false : error instanceof TransientJobError ? error.maybeSent : true;
      const wait = Math.max(backoff(job.attempts, random), error instanceof TransientJobError ? error.retryAfterMs : 0);
      await this.queue.retry(job, now + wait, message, maybeSent);
      onError(job, error, 'retry');
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stands for "no particular job" when a drain itself fails (the store is unreachable). */
const noJob: Job = { id: 0, key: '', kind: 'drain', payload: null, attempts: 0, doubt: false, createdAt: 0, lease: '' };
