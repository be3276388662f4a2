/** The periodic-runs port: which process ran a periodic task last, and when, shared by every replica. */
export interface PeriodicRuns {
  /** Claims this period's run of `name` for `owner`: true for exactly one caller per `periodMs`, across processes. */
  claim(name: string, periodMs: number, owner: string): Promise<boolean>;
  /** Keeps what the run found, for the processes that did not run it. */
  record(name: string, result: string): Promise<void>;
  last(name: string): Promise<{ at: number; owner?: string; result?: string } | undefined>;
}

/** A task that runs once per period across all replicas. */
export interface PeriodicTask {
  name: string;
  periodMs: number;
  /** Does the work; what it resolves to is kept for the others (`adopt`). */
  run: () => Promise<string | undefined>;
  /** Takes on another replica's newer result. */
  adopt?: (result: string) => void;
}

/** Options of a scheduler. */
export interface SchedulerOptions {
  owner: string;
  /** How often each task's turn is tried (default one minute). */
  tickMs: number;
  onError: (task: string, error: unknown) => void;
}

/**
 * Runs periodic tasks (housekeeping, the escalation-channel check) once per period whatever the number of replicas:
 * each tick, every process tries to claim each task's period in the store, and only the winner runs it.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly seen = new Map<string, number>();
  private readonly options: SchedulerOptions;

  constructor(
    private readonly runs: PeriodicRuns,
    private readonly tasks: PeriodicTask[],
    options: Partial<SchedulerOptions> & { owner: string },
  ) {
    this.options = { tickMs: 60_000, onError: () => {}, ...options };
  }

  /** Gives every task its chance once; resolves to the names of the tasks this process ran. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of this.tasks) {
      try {
        if (await this.runs.claim(task.name, task.periodMs, this.options.owner)) {
          ran.push(task.name);
          const result = await task.run();
          if (result !== undefined) await this.runs.record(task.name, result);
          if (task.adopt) this.seen.set(task.name, (await this.runs.last(task.name))?.at ?? 0);
        } else if (task.adopt) {
          const last = await this.runs.last(task.name);
          if (
            last?.result !== undefined &&
            last.owner !== this.options.owner &&
            last.at > (this.seen.get(task.name) ?? 0)
          ) {
            this.seen.set(task.name, last.at);
            task.adopt(last.result);
          }
        }
      } catch (error) {
        this.options.onError(task.name, error);
      }
    }
    return ran;
  }

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
