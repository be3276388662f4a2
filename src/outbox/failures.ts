import { type DeadJobHook, type JobHandler, PermanentJobError } from './outbox.ts';
import type { Delivery, Job, JobFailure, JobQueue, JobRecord } from './ports.ts';

/** The job kind that tells a person about a job that died. */
export const NOTICE_KIND = 'notify_failure';

/** What a person is told about a job that died: which job, why, where, and what it was about. */
export interface FailureNotice {
  /** Whom to tell. */
  user: string;
  /** The dead job's kind (`post_card`…), which says what it was for. */
  kind: string;
  key: string;
  failure: JobFailure;
}

/** Who is concerned by a job, and what it is about beyond its kind; undefined: nobody needs telling. */
export type Concerned = (job: Job, failure: JobFailure) => Promise<{ user: string; about?: string } | undefined>;

/** The failure notifier port: tells a person that something errcode owed them could not be done, and the fix. */
export interface FailureNotifier {
  tell(notice: FailureNotice, delivery: Delivery): Promise<void>;
}

/** What dead-job handling is built from. */
export interface FailuresDeps {
  jobs: JobQueue;
  /** Per job kind: who is concerned when one dies. Kinds without one die quietly (logged, listed). */
  concerned: Record<string, Concerned>;
  notifier: FailureNotifier;
  /** Whether `user` looks after every delivery (a member of the escalation channel). */
  isSupport: (user: string) => Promise<boolean>;
  /** Asks the outbox to deliver soon. */
  kick: () => void;
}

/** What came of a retry asked for by a person. */
export type RetryResult = 'retried' | 'not-allowed' | 'not-dead';

/** How many dead jobs are looked at when listing or reviving: dead jobs are few, and each is a person told. */
const DEAD_LIMIT = 1000;

function isNotice(value: unknown): value is FailureNotice {
  const v = value as FailureNotice;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof v.user === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.key === 'string' &&
    typeof v.failure === 'object' &&
    v.failure !== null &&
    typeof v.failure.reason === 'string'
  );
}

/**
 * Jobs that died: the people concerned are told (a notice job, queued before the job is kept as dead, so a crash in
 * between tells them on the next attempt, once), dead jobs are listed to those who may retry them, and come back by
 * themselves once their place can be reached again (errcode invited to the channel). Knows nothing of Slack.
 */
export class DeliveryFailures {
  constructor(private readonly deps: FailuresDeps) {}

  /** The outbox's hook for a job about to die. */
  readonly onDead: DeadJobHook = async (job, failure) => {
    const concerned = job.kind === NOTICE_KIND ? undefined : await this.deps.concerned[job.kind]?.(job, failure);
    if (!concerned) return failure;
    const kept: JobFailure = {
      ...failure,
      user: concerned.user,
      ...(concerned.about ? { about: concerned.about } : {}),
    };
    const notice: FailureNotice = { user: concerned.user, kind: job.kind, key: job.key, failure: kept };
    // One notice per death: a revived job that dies again tells again (createdAt restarts on revival).
    await this.deps.jobs.enqueue({ key: `notice:${job.key}:${job.createdAt}`, kind: NOTICE_KIND, payload: notice });
    this.deps.kick();
    return kept;
  };

  /** The outbox's handler for notices. */
  handlers(): Record<typeof NOTICE_KIND, JobHandler> {
    return {
      [NOTICE_KIND]: async (job) => {
        if (!isNotice(job.payload)) throw new PermanentJobError(`not a notice: ${JSON.stringify(job.payload)}`);
        await this.deps.notifier.tell(job.payload, { key: job.key, doubt: job.doubt, since: job.firstAt });
      },
    };
  }

  /** Dead jobs `user` may see and retry: all of them for support, else those they were told about. Newest first. */
  async visibleTo(user: string): Promise<JobRecord[]> {
    const dead = await this.deps.jobs.list(['dead'], DEAD_LIMIT);
    const all = await this.deps.isSupport(user);
    return dead.filter((job) => all || job.failure?.user === user).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Retries a dead job (and the dead jobs of its group) for someone allowed to. */
  async retry(id: number, user: string): Promise<RetryResult> {
    const job = await this.deps.jobs.get(id);
    if (job?.state !== 'dead') return 'not-dead';
    if (job.failure?.user !== user && !(await this.deps.isSupport(user))) return 'not-allowed';
    await this.revive([job]);
    return 'retried';
  }

  /**
   * errcode can reach `place` again (it was invited to the channel, the channel check passes): every job that died
   * because it could not, and the dead jobs of their groups, are queued again. Resolves to how many.
   */
  async reopened(place: string): Promise<number> {
    const dead = await this.deps.jobs.list(['dead'], DEAD_LIMIT);
    return this.revive(
      dead.filter((job) => job.failure?.place === place),
      dead,
    );
  }

  private async revive(jobs: JobRecord[], dead?: JobRecord[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const groups = new Set(jobs.flatMap((job) => (job.group ? [job.group] : [])));
    const others =
      groups.size === 0
        ? []
        : (dead ?? (await this.deps.jobs.list(['dead'], DEAD_LIMIT))).filter(
            (job) => job.group !== undefined && groups.has(job.group),
          );
    const ids = [...new Set([...jobs, ...others].map((job) => job.id))];
    const revived = await this.deps.jobs.revive(ids);
    if (revived > 0) this.deps.kick();
    return revived;
  }
}
