import type { WebClient } from '@slack/web-api';
import type { StoredAnswer } from '../answers.ts';
import type { AnswerJob, AnswerPoster } from '../chat/answering.ts';
import type { Delivery } from '../escalation/ports.ts';
import { PermanentJobError } from '../outbox/outbox.ts';
import { jobError, postOnce, slackRef } from './delivery.ts';
import type { LanguageResolver } from './locale.ts';
import type { AnswerRenderer } from './render.ts';

/** Whether a Slack channel id is a direct message (errcode's DMs start with D). */
function isDirect(job: AnswerJob): boolean {
  return job.direct === true || job.channel.startsWith('D');
}

/** Posts queued chat answers in Slack, in the asker's language, through the outbox's client. */
export class SlackAnswerPoster implements AnswerPoster {
  constructor(
    private readonly posts: WebClient,
    private readonly language: LanguageResolver,
    private readonly render: AnswerRenderer,
  ) {}

  async post(job: AnswerJob, stored: StoredAnswer | undefined, delivery: Delivery): Promise<string> {
    if (!job.help && !stored)
      throw new PermanentJobError(`no answer to post for ${job.channel}/${job.ts}`, { reason: 'expired' });
    const lang = await this.language(job.user);
    // An answer in a channel can be removed as wrong by whoever pasted, or anyone there.
    const message =
      job.help || !stored ? this.render.help(lang) : this.render.answer(stored, lang, { removable: !isDirect(job) });
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
