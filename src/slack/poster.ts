import type { WebClient } from '@slack/web-api';
import type { StoredAnswer } from '../answers.ts';
import type { AnswerJob, AnswerPoster } from '../chat/answering.ts';
import type { Delivery } from '../escalation/ports.ts';
import { PermanentJobError } from '../outbox/outbox.ts';
import { answerMessage } from './blocks/answer.ts';
import { helpMessage } from './blocks/help.ts';
import { jobError, postOnce, slackRef } from './delivery.ts';
import type { LanguageResolver } from './locale.ts';

/** Posts queued chat answers in Slack, in the asker's language, through the outbox's client. */
export class SlackAnswerPoster implements AnswerPoster {
  constructor(
    private readonly posts: WebClient,
    private readonly language: LanguageResolver,
    private readonly catalogSize: { codes: number; services: number },
  ) {}

  async post(job: AnswerJob, stored: StoredAnswer | undefined, delivery: Delivery): Promise<string> {
    if (!job.help && !stored)
      throw new PermanentJobError(`no answer to post for ${job.channel}/${job.ts}`, { reason: 'expired' });
    const lang = await this.language(job.user);
    const message =
      job.help || !stored
        ? helpMessage(this.catalogSize)
        : answerMessage(stored.answer, { lang, answerId: stored.id, ticketable: true });
    try {
      const ts = await postOnce(
        this.posts,
        {
          channel: job.channel,
          ...(job.threadTs ? { thread_ts: job.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
          ...message,
        },
        delivery,
      );
      return slackRef(job.channel, ts);
    } catch (error) {
      throw jobError(error, `answer to ${job.channel}/${job.ts}`, job.channel);
    }
  }
}
