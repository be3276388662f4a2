import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { TicketJob, Tickets } from '../escalation/tickets.ts';
import { type Job, type Outbox, PermanentJobError } from '../store/outbox.ts';
import { type EscalationStatus, sourceReply, ticketCard } from './blocks/ticket.ts';

/** Slack errors no retry can fix: the job is kept as dead, with the error, and the queue moves on. */
const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'msg_too_long',
  'invalid_blocks',
  'no_permission',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
]);

const METADATA_TYPE = 'errcode_ticket';
const MEMBERS_TTL_MS = 5 * 60_000;

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/**
 * The Slack side of escalation: whether the escalation channel is usable, who may change tickets (its members), and
 * the outbox jobs that post and update ticket cards and reply in source threads.
 */
export class EscalationDesk {
  private status: EscalationStatus;
  private members: { at: number; ids: Set<string> } | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly tickets: Tickets,
    private readonly logger: Logger,
    readonly channel: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.status = channel
      ? { ok: true, channel }
      : {
          ok: false,
          problem:
            'No escalation channel is configured: an admin sets ERRCODE_ESCALATION_CHANNEL to a channel ID and invites errcode there.',
        };
  }

  /** Whether tickets can be posted, as last checked. */
  get current(): EscalationStatus {
    return this.status;
  }

  /** Checks the escalation channel exists and errcode is in it; logs how to fix it when not. */
  async check(): Promise<EscalationStatus> {
    if (!this.channel) {
      this.logger.warn('support tickets are off: ERRCODE_ESCALATION_CHANNEL is not set');
      return this.status;
    }
    try {
      const info = await this.client.conversations.info({ channel: this.channel });
      this.status = info.channel?.is_member
        ? { ok: true, channel: this.channel }
        : {
            ok: false,
            problem: `errcode is not a member of <#${this.channel}>: invite it there with /invite @errcode.`,
          };
    } catch (error) {
      const code = slackError(error) ?? (error as Error).message;
      this.status = {
        ok: false,
        problem: `The escalation channel ${this.channel} cannot be used (${code}): check ERRCODE_ESCALATION_CHANNEL and invite errcode to it.`,
      };
    }
    if (!this.status.ok) this.logger.warn(`support tickets are off: ${this.status.problem.replace(/<#(\w+)>/, '$1')}`);
    return this.status;
  }

  /** Whether `user` is a member of the escalation channel (cached five minutes): only they may change tickets. */
  async isMember(user: string): Promise<boolean> {
    if (!this.channel) return false;
    if (!this.members || this.now() - this.members.at > MEMBERS_TTL_MS) {
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await this.client.conversations.members({
          channel: this.channel,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        for (const id of page.members ?? []) ids.add(id);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      this.members = { at: this.now(), ids };
    }
    return this.members.ids.has(user);
  }

  /** Runs one outbox job. Throws to retry later; throws PermanentJobError when retrying cannot help. */
  async run(job: Job): Promise<void> {
    const payload = job.payload as TicketJob;
    try {
      if (payload.kind === 'post_card') await this.postCard(payload.ticket, job.attempts > 0);
      else if (payload.kind === 'update_card') await this.updateCard(payload.ticket);
      else await this.replySource(payload);
    } catch (error) {
      const code = slackError(error);
      if (code && PERMANENT.has(code))
        throw new PermanentJobError(`${payload.kind} for ticket ${payload.ticket}: ${code}`);
      throw error;
    }
  }

  private async postCard(id: number, retry: boolean): Promise<void> {
    const ticket = this.tickets.get(id);
    if (!ticket || ticket.cardTs) return;
    const channel = ticket.cardChannel ?? this.channel;
    if (!channel) throw new PermanentJobError(`ticket ${ticket.number}: no escalation channel`);
    // A retry may follow a post Slack accepted but we never heard back from: look for the card before posting again.
    if (retry) {
      const history = await this.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
      const found = history.messages?.find(
        (m) =>
          m.metadata?.event_type === METADATA_TYPE &&
          (m.metadata.event_payload as { ticket?: string } | undefined)?.ticket === ticket.number,
      );
      if (found?.ts) {
        this.tickets.setCard(id, channel, found.ts);
        return;
      }
    }
    const card = ticketCard(ticket);
    const posted = await this.client.chat.postMessage({
      channel,
      ...card,
      unfurl_links: false,
      metadata: { event_type: METADATA_TYPE, event_payload: { ticket: ticket.number } },
    });
    if (!posted.ts) throw new Error(`chat.postMessage returned no ts for ${ticket.number}`);
    this.tickets.setCard(id, channel, posted.ts);
  }

  private async updateCard(id: number): Promise<void> {
    const ticket = this.tickets.get(id);
    if (!ticket) return;
    // Jobs run in order, so a card still missing here was never posted (its job is dead): nothing to update.
    if (!ticket.cardTs || !ticket.cardChannel) throw new PermanentJobError(`card of ${ticket.number} was never posted`);
    await this.client.chat.update({ channel: ticket.cardChannel, ts: ticket.cardTs, ...ticketCard(ticket) });
  }

  private async replySource(job: Extract<TicketJob, { kind: 'reply_source' }>): Promise<void> {
    const ticket = this.tickets.get(job.ticket);
    if (!ticket) return;
    if (!ticket.cardTs || !ticket.cardChannel) throw new PermanentJobError(`card of ${ticket.number} was never posted`);
    const link = await this.client.chat.getPermalink({ channel: ticket.cardChannel, message_ts: ticket.cardTs });
    const text = sourceReply(ticket, job.event, job.user, link.permalink);
    await this.client.chat.postMessage({ channel: job.channel, thread_ts: job.threadTs, text, unfurl_links: false });
  }
}

/** Connects the desk to an outbox: failures are logged, dead jobs loudly. */
export function logJobErrors(logger: Logger) {
  return (job: Job, error: unknown, permanent: boolean) => {
    const message = `outbox job ${job.id} (${JSON.stringify(job.payload)}) failed${permanent ? ' for good' : `, attempt ${job.attempts + 1}; will retry`}: ${(error as Error).message}`;
    if (permanent) logger.error(message);
    else logger.warn(message);
  };
}

/** The escalation pieces listeners use. */
export interface Escalation {
  desk: EscalationDesk;
  tickets: Tickets;
  outbox: Outbox;
}
