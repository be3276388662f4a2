import type { Concerned } from '../outbox/failures.ts';
import { type JobHandler, NotReadyError, PermanentJobError, TransientJobError } from '../outbox/outbox.ts';
import type { Job, UnitOfWork } from '../outbox/ports.ts';
import type { TicketDraft } from './draft.ts';
import type { EscalationStatus, EscalationTx, Ticket, TicketEvent, TicketNotifier, TicketRepository } from './ports.ts';
import {
  type ChangeResult,
  isTicketJob,
  type Submission,
  type SubmitResult,
  type TicketJob,
  ticketGroup,
} from './tickets.ts';

/** How many times a card update renders again when the ticket changed while it was being updated. */
const UPDATE_ROUNDS = 3;

/** What a card shows of a ticket: when this changed during an update, the card may show an older state. */
function shown(ticket: Ticket): string {
  return JSON.stringify([ticket.state, ticket.assignee, ticket.resolvedBy, ticket.resolution, ticket.repeats]);
}

/** A ticket change a member of the escalation channel asks for. */
type Change = { to: 'taken' } | { to: 'resolved'; note?: string } | { to: 'reopened' };

/** What the escalation service is built from. */
export interface EscalationDeps {
  transaction: UnitOfWork<EscalationTx>;
  /** Reads outside a unit of work. */
  tickets: TicketRepository;
  notifier: TicketNotifier;
  /** Asks the outbox to deliver soon (after queuing jobs). */
  kick: () => void;
  /** Whether a channel is configured at all; the problem to show when not. */
  initial: EscalationStatus;
  clock?: () => number;
}

/**
 * Support tickets: numbered, deduplicated, with a small lifecycle. Every change is written together with the jobs
 * that tell people about it, in one unit of work, so a crash loses neither the ticket nor the work of announcing it;
 * the outbox then runs those jobs through the notifier. Knows nothing of Slack.
 */
export class EscalationService {
  private status: EscalationStatus;
  private readonly now: () => number;

  constructor(private readonly deps: EscalationDeps) {
    this.status = deps.initial;
    this.now = deps.clock ?? Date.now;
  }

  /** Whether tickets can be posted, as last checked (here or, through `adopt`, by another replica). */
  get current(): EscalationStatus {
    return this.status;
  }

  /** Checks the escalation channel now. */
  async check(): Promise<EscalationStatus> {
    if (this.deps.initial.ok) this.status = await this.deps.notifier.check();
    return this.status;
  }

  /** Takes on a status another replica found. */
  adopt(status: EscalationStatus): void {
    if (this.deps.initial.ok) this.status = status;
  }

  /** Whether `user` looks after tickets (a member of the escalation channel); false when that cannot be told. */
  async isSupport(user: string): Promise<boolean> {
    try {
      return await this.deps.notifier.isMember(user);
    } catch {
      return false;
    }
  }

  get(id: number): Promise<Ticket | undefined> {
    return this.deps.tickets.get(id);
  }

  /** Stores a ticket, or links the open one it duplicates, and queues what must be posted. */
  async submit(draft: TicketDraft, s: Submission): Promise<SubmitResult> {
    const result = await this.deps.transaction(async ({ tickets, jobs }): Promise<SubmitResult> => {
      await tickets.serializeSubmissions();
      const previous = await tickets.bySubmission(s.key);
      if (previous) return { kind: 'resubmitted', ticket: previous };

      const byRequest = draft.requestId ? await tickets.openByRequestId(draft.requestId) : undefined;
      // Without a code, two tickets from one thread may well be about different things: only a code links them.
      const byThread =
        !byRequest && s.source && draft.code ? await tickets.openBySource(draft.code, s.source) : undefined;
      const existing = byRequest ?? byThread;
      const enqueue = (job: TicketJob, key: string) =>
        jobs.enqueue({ key, kind: job.kind, payload: job, group: ticketGroup(job.ticket) });
      if (existing) {
        await tickets.countRepeat(existing.id);
        await tickets.addSubmission(s.key, existing.id);
        await enqueue(
          { kind: 'update_card', ticket: existing.id, user: s.reporter },
          `update_card:${existing.id}:linked:${s.key}`,
        );
        if (s.source)
          await enqueue(
            { kind: 'reply_source', ticket: existing.id, source: s.source, event: 'linked', user: s.reporter },
            `reply_source:${existing.id}:linked:${s.key}`,
          );
        const ticket = (await tickets.get(existing.id)) ?? existing;
        return { kind: 'linked', ticket, reason: byRequest ? 'request-id' : 'same-thread' };
      }

      const ticket = await tickets.create({ draft, reporter: s.reporter, source: s.source, submissionKey: s.key });
      await tickets.addSubmission(s.key, ticket.id);
      await enqueue({ kind: 'post_card', ticket: ticket.id }, `post_card:${ticket.id}`);
      if (s.source)
        await enqueue(
          { kind: 'reply_source', ticket: ticket.id, source: s.source, event: 'opened', user: s.reporter },
          `reply_source:${ticket.id}:opened`,
        );
      return { kind: 'created', ticket };
    });
    if (result.kind !== 'resubmitted') this.deps.kick();
    return result;
  }

  /** Assigns a ticket to whoever took it. Resolved tickets stay resolved. */
  take(id: number, user: string): Promise<ChangeResult> {
    return this.change(id, user, { to: 'taken' });
  }

  /** Marks a ticket resolved, with the resolver's note (told in the thread it came from). */
  resolve(id: number, user: string, note?: string): Promise<ChangeResult> {
    const text = note?.trim();
    return this.change(id, user, text ? { to: 'resolved', note: text } : { to: 'resolved' });
  }

  /** Opens a resolved ticket again. */
  reopen(id: number, user: string): Promise<ChangeResult> {
    return this.change(id, user, { to: 'reopened' });
  }

  /** The outbox's handlers for ticket jobs. */
  handlers(): Record<TicketJob['kind'], JobHandler> {
    const run = (job: Job) => this.run(job);
    return { post_card: run, update_card: run, reply_source: run };
  }

  /**
   * Who is told when a ticket job dies: the reporter, whose ticket or thread it is (or, for a card update, whoever
   * made the change). Nobody for jobs that gave up waiting for a card that never came: its reporter was told.
   */
  concerned(): Record<TicketJob['kind'], Concerned> {
    const concerned: Concerned = async (job, failure) => {
      if (failure.reason === 'gave_up_waiting' || !isTicketJob(job.payload)) return undefined;
      const ticket = await this.deps.tickets.get(job.payload.ticket);
      if (!ticket) return undefined;
      const user = job.payload.kind === 'update_card' ? (job.payload.user ?? ticket.reporter) : ticket.reporter;
      return { user, about: ticket.number };
    };
    return { post_card: concerned, update_card: concerned, reply_source: concerned };
  }

  private async change(id: number, user: string, change: Change): Promise<ChangeResult> {
    if (!(await this.deps.notifier.isMember(user))) return { kind: 'not-member' };
    const at = this.now();
    const { to } = change;
    const result = await this.deps.transaction(async ({ tickets, jobs }): Promise<ChangeResult> => {
      const ticket = await tickets.get(id);
      if (!ticket) return { kind: 'unchanged' };
      if (to === 'reopened' ? ticket.state !== 'resolved' : ticket.state === 'resolved') return { kind: 'unchanged' };
      if (to === 'taken' && ticket.assignee === user) return { kind: 'unchanged' };
      if (to === 'taken') await tickets.setState(id, { state: 'taken', assignee: user });
      else if (to === 'resolved')
        await tickets.setState(id, {
          state: 'resolved',
          resolvedBy: user,
          ...(change.note ? { resolution: change.note } : {}),
        });
      else await tickets.reopen(id);
      const key = `${to}:${user}:${at}`;
      const update: TicketJob = { kind: 'update_card', ticket: id, user };
      await jobs.enqueue({
        key: `update_card:${id}:${key}`,
        kind: update.kind,
        payload: update,
        group: ticketGroup(id),
      });
      if (ticket.source) {
        const job: TicketJob = {
          kind: 'reply_source',
          ticket: id,
          source: ticket.source,
          event: to,
          user,
          ...(change.to === 'resolved' && change.note ? { note: change.note } : {}),
        };
        await jobs.enqueue({
          key: `reply_source:${id}:${key}`,
          kind: job.kind,
          payload: job,
          group: ticketGroup(id),
        });
      }
      const changed = await tickets.get(id);
      return changed ? { kind: 'changed', ticket: changed } : { kind: 'unchanged' };
    });
    if (result.kind === 'changed') this.deps.kick();
    return result;
  }

  /** Runs one ticket job. A card not posted yet holds back its updates and replies (NotReadyError), nothing else. */
  private async run(job: Job): Promise<void> {
    const payload = job.payload;
    if (!isTicketJob(payload)) throw new PermanentJobError(`not a ticket job: ${JSON.stringify(payload)}`);
    const ticket = await this.deps.tickets.get(payload.ticket);
    if (!ticket) return; // pruned or never committed: nothing left to tell
    const delivery = { key: job.key, doubt: job.doubt, since: job.firstAt };
    if (payload.kind === 'post_card') {
      if (ticket.card) return;
      const card = await this.deps.notifier.postCard(ticket, delivery);
      await this.deps.tickets.setCard(ticket.id, card);
      return;
    }
    if (!ticket.card) throw new NotReadyError(`the card of ${ticket.number} is not posted yet`);
    if (payload.kind === 'update_card') await this.updateCard(ticket, ticket.card);
    else
      await this.deps.notifier.replySource(
        ticket,
        ticket.card,
        payload.source,
        payload.event as TicketEvent,
        payload.user,
        delivery,
        payload.note,
      );
  }

  /**
   * Updates a card to the ticket as it stands. Two updates of one card may run at once (a take, then a resolve, on
   * two workers): the one that read the older state could land last. So after updating, the ticket is read again,
   * and a card that no longer shows it is updated again: whichever update finishes last shows the latest state.
   */
  private async updateCard(first: Ticket, card: string): Promise<void> {
    let ticket = first;
    for (let round = 0; round < UPDATE_ROUNDS; round++) {
      await this.deps.notifier.updateCard(ticket, card);
      const now = await this.deps.tickets.get(ticket.id);
      if (!now || shown(now) === shown(ticket)) return;
      ticket = now;
    }
    throw new TransientJobError(`the card of ${ticket.number} kept changing while it was updated`, false);
  }
}
