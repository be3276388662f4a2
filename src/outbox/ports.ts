/** A job to queue: the Slack work a change needs done, named by an idempotency key. */
export interface NewJob {
  /** Unique per piece of work (`answer:C1:1700.1`, `post_card:7`): queuing it again is a no-op, posts carry it. */
  key: string;
  kind: string;
  payload: unknown;
  /** Jobs about one thing (`ticket:7`): reviving one dead job revives the group's other dead jobs with it. */
  group?: string;
}

/**
 * Why a job died, kept with it: a short reason (`not_in_channel`, `gave_up`), the place it could not reach when the
 * place is what must change (an opaque id the adapter chose: a channel), and who was told.
 */
export interface JobFailure {
  reason: string;
  place?: string;
  /** The person concerned, who was told and may retry it. */
  user?: string;
  /** What the job was about, when its kind does not say it all: a ticket's number (`ESC-0007`). */
  about?: string;
}

/** A job leased to one worker until `leaseUntil`. */
export interface Job extends NewJob {
  id: number;
  /** Attempts so far, this one included (counted when the job was leased, before any Slack call). */
  attempts: number;
  /** An earlier attempt may have reached Slack (it crashed, timed out, or got a 5xx): look before posting again. */
  doubt: boolean;
  /** When it was queued, or revived: the give-up bound counts from here. */
  createdAt: number;
  /** When its work was first queued (never reset): no post it made can be older. */
  firstAt: number;
  /** The lease's token: finishing a job whose lease another worker has since taken changes nothing. */
  lease: string;
}

/** One delivery of a job: its idempotency key, and whether an earlier attempt may already have posted. */
export interface Delivery {
  key: string;
  doubt: boolean;
  /** Milliseconds since the epoch: no earlier attempt can have posted before then (the look goes back that far). */
  since: number;
}

/** Where a job stands. */
export type JobState = 'pending' | 'done' | 'dead';

/** A job as an operator (or App Home) sees it. */
export interface JobRecord extends NewJob {
  id: number;
  state: JobState;
  attempts: number;
  runAt: number;
  createdAt: number;
  /** When it last changed state (for a dead job: when it died). */
  updatedAt: number;
  lastError?: string;
  /** For a dead job: why, and who was told. */
  failure?: JobFailure;
}

/**
 * The outbox port: a durable queue of jobs, leased so that each runs on one worker at a time across every process
 * sharing the store; a lease that runs out (its worker died) frees the job for another.
 */
export interface JobQueue {
  /**
   * Queues a job unless one with its key is pending or done; a dead one is queued again (attempts from zero, its
   * doubt kept). Resolves to whether it was queued.
   */
  enqueue(job: NewJob): Promise<boolean>;
  /** Leases up to `limit` due jobs to `owner` for `leaseMs`, counting an attempt on each. */
  lease(owner: string, leaseMs: number, limit: number): Promise<Job[]>;
  /** Extends a running job's lease to `leaseMs` from now. False when the lease was lost. */
  renew(job: Job, leaseMs: number): Promise<boolean>;
  /** The job succeeded. False when the lease was lost. */
  complete(job: Job): Promise<boolean>;
  /** The job failed and runs again at `runAt`; `maybeSent` when Slack may have acted on the attempt. */
  retry(job: Job, runAt: number, error: string, maybeSent: boolean): Promise<boolean>;
  /** The job can never succeed: kept as dead, with the error and why. */
  bury(job: Job, error: string, failure?: JobFailure): Promise<boolean>;
  /** Jobs in the given states, oldest first. */
  list(states: JobState[], limit?: number): Promise<JobRecord[]>;
  get(id: number): Promise<JobRecord | undefined>;
  /**
   * Queues dead jobs again, due now (attempts from zero, their doubt kept: a post that may have happened is looked
   * for first). Jobs that are not dead are left alone. Resolves to how many were revived.
   */
  revive(ids: number[]): Promise<number>;
}

/**
 * Runs `work` as one unit: the changes it makes through `tx`'s ports and the jobs it queues commit together or not
 * at all, so a ticket is never stored without its card's job, nor a message claimed without its answer's job.
 */
export type UnitOfWork<Tx> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
