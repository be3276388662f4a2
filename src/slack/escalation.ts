import type { Logger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { Delivery, EscalationStatus, PlaceRef, Ticket, TicketEvent, TicketNotifier } from '../escalation/ports.ts';
import { PermanentJobError } from '../outbox/outbox.ts';
import type { Job } from '../outbox/ports.ts';
import { sourceReply, ticketCard } from './blocks/ticket.ts';
import { jobError, parseSlackRef, postOnce, slackRef } from './delivery.ts';

/** The metadata older errcode versions put on ticket cards: a card they posted is still found, not posted again. */
const LEGACY_CARD_TYPE = 'errcode_ticket';
const MEMBERS_TTL_MS = 5 * 60_000;

/** What an admin reads when no escalation channel is configured. */
export const NO_ESCALATION_CHANNEL =
  'No escalation channel is configured: an admin sets ERRCODE_ESCALATION_CHANNEL to a channel ID and invites errcode there.';

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/**
 * The ticket notifier on Slack: cards in the escalation channel, replies in source threads, membership of the
 * escalation channel. Reads go through the app's client; posts through the outbox's client, which never retries on
 * its own (the outbox does, looking for the post first when an attempt may have got through).
 */
export class SlackTicketNotifier implements TicketNotifier {
  private members: { at: number; ids: Set<string> } | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly posts: WebClient,
    readonly channel: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async check(): Promise<EscalationStatus> {
    if (!this.channel) return { ok: false, problem: NO_ESCALATION_CHANNEL };
    try {
      const info = await this.client.conversations.info({ channel: this.channel });
      return info.channel?.is_member
        ? { ok: true, channel: this.channel }
        : {
            ok: false,
            problem: `errcode is not a member of <#${this.channel}>: invite it there with /invite @errcode.`,
          };
    } catch (error) {
      const code = slackError(error) ?? (error as Error).message;
      return {
        ok: false,
        problem: `The escalation channel ${this.channel} cannot be used (${code}): check ERRCODE_ESCALATION_CHANNEL and invite errcode to it.`,
      };
    }
  }

  /** Whether `user` is a member of the escalation channel (cached five minutes). */
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

  async postCard(ticket: Ticket, delivery: Delivery): Promise<PlaceRef> {
    const channel = this.channel;
    if (!channel)
      throw new PermanentJobError(`card of ${ticket.number}: no escalation channel`, {
        reason: 'no_escalation_channel',
      });
    try {
      const ts = await postOnce(
        this.posts,
        { channel, ...ticketCard(ticket), unfurl_links: false },
        delivery,
        (m) =>
          m.metadata?.event_type === LEGACY_CARD_TYPE &&
          (m.metadata.event_payload as { ticket?: unknown } | undefined)?.ticket === ticket.number,
      );
      return slackRef(channel, ts);
    } catch (error) {
      throw jobError(error, `card of ${ticket.number}`, channel);
    }
  }

  async updateCard(ticket: Ticket, card: PlaceRef): Promise<void> {
    const { channel, ts } = parseSlackRef(card);
    const client = this.posts;
    try {
      await client.chat.update({ channel, ts, ...ticketCard(ticket) });
    } catch (error) {
      throw jobError(error, `card update of ${ticket.number}`, channel);
    }
  }

  async replySource(
    ticket: Ticket,
    card: PlaceRef,
    to: PlaceRef,
    event: TicketEvent,
    user: string,
    delivery: Delivery,
    note?: string,
  ): Promise<void> {
    const c = parseSlackRef(card);
    const source = parseSlackRef(to);
    const client = this.posts;
    try {
      const link = await client.chat.getPermalink({ channel: c.channel, message_ts: c.ts });
      const text = sourceReply(ticket, event, user, link.permalink, note);
      await postOnce(
        this.posts,
        { channel: source.channel, thread_ts: source.ts, text, unfurl_links: false },
        delivery,
      );
    } catch (error) {
      throw jobError(error, `${event} reply for ${ticket.number}`, source.channel);
    }
  }
}

/** Logs outbox failures: retries as warnings, dead jobs as errors. */
export function logJobErrors(logger: Logger) {
  return (job: Job, error: unknown, outcome: 'retry' | 'dead') => {
    const message = `outbox job ${job.id} ${job.key} failed${outcome === 'dead' ? ' for good' : `, attempt ${job.attempts}; will retry`}: ${(error as Error).message}`;
    if (outcome === 'dead') logger.error(message);
    else logger.warn(message);
  };
}
