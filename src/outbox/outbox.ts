import { randomUUID } from 'node:crypto';
import type { Job, JobFailure, JobQueue } from './ports.ts';

/**
 * A failure no retry can fix as things stand (the bot was removed from the channel): the job is kept as dead, with
 * the error and why (`failure`: a reason, and the place that must change, when one must).
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
  readonly code = 'E_JOB_PERMANENT';
  constructor(
    message: string,
    readonly failure: JobFailure = { reason: 'permanent' },
  ) {
    super(message);
  }
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

/**
 * Called before a job is kept as dead: tells the people concerned (by queuing a job of its own, idempotently) and
 * resolves to the failure to keep, completed with who was told.
 */
export type DeadJobHook = (job: Job, failure: JobFailure) => Promise<JobFailure>;

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
  /** The wait before attempt `attempts + 1` (default `backoff`: 1 s doubling to 5 min, with jitter). */
  retryDelay: (attempts: number, random: () => number) => number;
  /**
   * After an attempt that may have reached Slack (a timeout, a 5xx, a reset), the next one waits at least this long
   * (default 30 s): a post Slack was still working on when errcode gave up on it has landed by then, so the look
   * before posting again sees it.
   */
  settleMs: number;
  /** Told about each failed attempt. */
  onError: (job: Job, error: unknown, outcome: JobOutcome) => void;
  /** Told about each job about to die, before it is kept as dead (default: nobody is told). */
  onDead: DeadJobHook;
}

const defaultOptions: OutboxOptions = {
  owner: `worker-${randomUUID().slice(0, 8)}`,
  leaseMs: 60_000,
  concurrency: 4,
  giveUpAfterMs: 6 * 3600_000,
  clock: Date.now,
  random: Math.random,
  retryDelay: (attempts, random) => backoff(attempts, random),
  settleMs: 30_000,
  onError: () => {},
  onDead: async (_job, failure) => failure,
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
  /** Past the shutdown grace: attempts still running leave their jobs to the lease, and record nothing. */
  private abandoned = false;
  private readonly attempts = new Set<Promise<void>>();

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
    this.abandoned = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the ones running. Resolves to how many were still running then:
   * those keep their lease, so no other worker posts them while the call may still land; once it runs out, the next
   * worker (another replica, or this one restarted) takes them in doubt and looks before posting.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<number> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      if (Number.isFinite(graceMs)) timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.running?.catch(() => undefined), grace]);
    if (timer) clearTimeout(timer);
    const left = this.attempts.size;
    if (left > 0) this.abandoned = true;
    return left;
  }

  private async run(): Promise<void> {
    const { concurrency, owner, leaseMs } = this.options;
    const inFlight = this.attempts;
    for (;;) {
      this.again = false;
      const free = concurrency - inFlight.size;
      const jobs = this.stopped || free === 0 ? [] : await this.queue.lease(owner, leaseMs, free);
      for (const job of jobs) {
        const running = this.attempt(job).finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      if (inFlight.size === 0 && !this.again) return;
      if (inFlight.size === 0 && this.stopped) return;
      // Wait for a slot, then lease again: more may be due by then (queued meanwhile, or a kick during the drain).
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
  }

  private async attempt(job: Job): Promise<void> {
    const { clock, random, giveUpAfterMs, onError, leaseMs, retryDelay, settleMs } = this.options;
    const handler = this.handlers[job.kind];
    // A job may make several calls, each with its own timeout: the lease is renewed while it runs, so no other
    // worker takes it over from a live one. A worker that dies stops renewing, and the lease runs out.
    const renewal = setInterval(
      () => {
        if (!this.abandoned) void this.queue.renew(job, leaseMs).catch(() => undefined);
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    try {
      if (!handler) throw new PermanentJobError(`no handler for jobs of kind ${job.kind}`, { reason: 'no_handler' });
      await handler(job);
      clearInterval(renewal);
      if (this.abandoned) return;
      await this.queue.complete(job);
    } catch (error) {
      clearInterval(renewal);
      if (this.abandoned) return;
      const message = describe(error);
      const now = clock();
      const failure: JobFailure | undefined =
        error instanceof PermanentJobError
          ? error.failure
          : now - job.createdAt > giveUpAfterMs
            ? { reason: error instanceof NotReadyError ? 'gave_up_waiting' : 'gave_up' }
            : undefined;
      if (failure) {
        const kept = await this.options.onDead(job, failure);
        const text = failure.reason.startsWith('gave_up')
          ? `gave up after ${Math.round(giveUpAfterMs / 3600_000)} h: ${message}`
          : message;
        await this.queue.bury(job, text, kept);
        onError(job, error, 'dead');
        return;
      }
      const maybeSent =
        error instanceof NotReadyError ? false : error instanceof TransientJobError ? error.maybeSent : true;
      const wait = Math.max(
        retryDelay(job.attempts, random),
        error instanceof TransientJobError ? error.retryAfterMs : 0,
        maybeSent ? settleMs : 0,
      );
      await this.queue.retry(job, now + wait, message, maybeSent);
      onError(job, error, 'retry');
    } finally {
      clearInterval(renewal);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stands for "no particular job" when a drain itself fails (the store is unreachable). */
const noJob: Job = {
  id: 0,
  key: '',
  kind: 'drain',
  payload: null,
  attempts: 0,
  doubt: false,
  createdAt: 0,
  firstAt: 0,
  lease: '',
};
