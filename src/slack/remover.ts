import type { WebClient } from '@slack/web-api';
import type { AnswerPlace } from '../feedback/ports.ts';
import type { AnswerRemover } from '../feedback/service.ts';

const MEMBERS_TTL_MS = 5 * 60_000;
/** Pages of 1,000 members read at most: a bigger channel is a public one, where errcode is one member among many. */
const MEMBER_PAGES = 20;

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/** Removing errcode's answers on Slack: channel membership (cached five minutes per channel) and chat.delete. */
export class SlackAnswerRemover implements AnswerRemover {
  private readonly members = new Map<string, { at: number; ids: Set<string> }>();

  constructor(
    private readonly client: WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(channel: string, user: string): Promise<boolean> {
    const cached = this.members.get(channel);
    if (cached && this.now() - cached.at < MEMBERS_TTL_MS) return cached.ids.has(user);
    const ids = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MEMBER_PAGES; page++) {
      const result = await this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const id of result.members ?? []) ids.add(id);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.members.set(channel, { at: this.now(), ids });
    return ids.has(user);
  }

  async delete(place: AnswerPlace): Promise<void> {
    try {
      await this.client.chat.delete({ channel: place.channel, ts: place.ts });
    } catch (error) {
      // Someone else removed it a moment ago: the answer is gone, which is what was asked.
      if (slackError(error) !== 'message_not_found') throw error;
    }
  }
}
