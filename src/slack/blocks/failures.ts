import type { KnownBlock } from '@slack/types';
import type { FailureNotice } from '../../outbox/failures.ts';
import type { JobFailure, JobRecord } from '../../outbox/ports.ts';
import { type AnswerLang, messages } from '../messages/index.ts';
import { NOT_LET_IN, TOKEN_PROBLEMS } from '../refusals.ts';
import { safe, slackDate } from './text.ts';

/** The action of the Retry button beside an undelivered job in App Home; its value is the job's id. */
export const RETRY_JOB_ACTION = 'errcode_retry_job';

/** How a notice ends: where the job can be retried by hand. */
export const RETRY_HINT = messages('en').notice.retryHint;

/** The App Home section's title. */
export const UNDELIVERED_TITLE = messages('en').undelivered.title;

/** A channel as mrkdwn: a link to it (a channel link notifies no one). */
function channel(place: string): string {
  return /^[CGD][A-Z0-9]+$/.test(place) ? `<#${place}>` : `\`${safe(place, 80)}\``;
}

/** What a dead job was for, as a sentence's subject. */
export function whatFailed(kind: string, about?: string, lang: AnswerLang = 'en'): string {
  const W = messages(lang).undelivered.what;
  const ticket = about ? safe(about, 40) : W.yourTicket;
  switch (kind) {
    case 'post_card':
    case 'update_card':
    case 'reply_source':
      return W[kind](ticket);
    case 'post_answer':
      return W.post_answer();
    default:
      return W.other();
  }
}

/** Why it failed and what fixes it, for the people who can act on it. */
export function howToFix(failure: JobFailure, lang: AnswerLang = 'en'): string {
  const N = messages(lang).notice;
  const { reason, place } = failure;
  if (NOT_LET_IN.has(reason) && place) return N.notLetIn(channel(place));
  if (reason === 'is_archived' && place) return N.archived(channel(place));
  if (reason === 'channel_not_found') return N.channelNotFound;
  if (TOKEN_PROBLEMS.has(reason) || reason === 'missing_scope') return N.token(safe(reason, 60));
  if (reason === 'gave_up' || reason === 'gave_up_waiting') return N.gaveUp;
  if (reason === 'expired') return N.expired;
  if (reason === 'no_escalation_channel') return N.noEscalationChannel;
  if (reason === 'permanent' || reason === 'no_handler') return N.cannot(safe(reason, 60));
  return N.refused(safe(reason, 60));
}

/** The direct message telling someone that a delivery for them failed for good, and how to fix it, in their language. */
export function failureNotice(notice: FailureNotice, lang: AnswerLang = 'en'): { text: string } {
  const N = messages(lang).notice;
  const place = notice.failure.place ? N.in(channel(notice.failure.place)) : '';
  const verb = notice.kind === 'update_card' ? N.notMade : N.notPosted;
  const what = whatFailed(notice.kind, notice.failure.about, lang);
  return { text: `${N.sentence(what, verb, place, howToFix(notice.failure, lang))}\n${N.retryHint}` };
}

/** App Home's list of jobs that died, each with a Retry button: at most `max`, newest first. */
export function undeliveredBlocks(jobs: JobRecord[], max = 10, lang: AnswerLang = 'en'): KnownBlock[] {
  if (jobs.length === 0) return [];
  const U = messages(lang).undelivered;
  const A = messages(lang).answer;
  const blocks: KnownBlock[] = [{ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: U.title } }];
  for (const job of jobs.slice(0, max)) {
    const failure = job.failure ?? { reason: 'unknown' };
    const place = failure.place ? U.in(channel(failure.place)) : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        // Every part is bounded (numbers, reasons, channel ids): far under the section's 3,000 characters.
        text: `${whatFailed(job.kind, failure.about, lang)}${place}${A.colon}\`${safe(failure.reason, 60)}\`${A.comma}${slackDate(job.updatedAt)}`,
      },
      accessory: {
        type: 'button',
        action_id: RETRY_JOB_ACTION,
        text: { type: 'plain_text', text: U.retry },
        value: String(job.id),
      },
    });
  }
  if (jobs.length > max)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: U.more(jobs.length - max) }],
    });
  return blocks;
}
