import type { WebClient } from '@slack/web-api';
import type { FailureNotice, FailureNotifier } from '../outbox/failures.ts';
import type { Delivery } from '../outbox/ports.ts';
import { failureNotice } from './blocks/failures.ts';
import { jobError, POST_METADATA_TYPE } from './delivery.ts';
import type { LanguageResolver } from './locale.ts';

/**
 * Tells people about deliveries that failed for good, by direct message (the app's Messages tab: a DM is still
 * there when they next look, an ephemeral message is not), in their language. Through the outbox's client.
 *
 * A notice is the one post errcode does not look for before posting again: finding it would need the DM's
 * channel id (conversations.open, another scope). A notice whose attempt timed out may, rarely, come twice.
 */
export class SlackFailureNotifier implements FailureNotifier {
  constructor(
    private readonly posts: WebClient,
    private readonly language: LanguageResolver = async () => 'en',
  ) {}

  async tell(notice: FailureNotice, delivery: Delivery): Promise<void> {
    const client = this.posts;
    const lang = await this.language(notice.user);
    try {
      await client.chat.postMessage({
        channel: notice.user,
        ...failureNotice(notice, lang),
        unfurl_links: false,
        unfurl_media: false,
        metadata: { event_type: POST_METADATA_TYPE, event_payload: { key: delivery.key } },
      });
    } catch (error) {
      throw jobError(error, `notice to ${notice.user} about ${notice.key}`);
    }
  }
}
