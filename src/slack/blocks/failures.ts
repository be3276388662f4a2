import type { KnownBlock } from '@slack/types';
import type { FailureNotice } from '../../outbox/failures.ts';
import type { JobFailure, JobRecord } from '../../outbox/ports.ts';
import { type AnswerLang, messages } from '../messages/index.ts';
import { safe, slackDate } from './text.ts';

/** The action of the Retry button beside an undelivered job in App Home; its value is the job's id. */
export const RETRY_JOB_ACTION = 'errcode_retry_job';

/** How a notice ends: where the job can be retried by hand. */
export const RETRY_HINT = "Once it is fixed, you can also retry it from errcode's App Home (its Home tab).";

/** The App Home section's title. */
export const UNDELIVERED_TITLE = messages('en').undelivered.title;

/** Slack refusals that mean errcode cannot reach a channel until someone lets it in. */
const NOT_LET_IN = new Set([
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
]);
const TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

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
export function howToFix(failure: JobFailure): string {
  const { reason, place } = failure;
  if (NOT_LET_IN.has(reason) && place)
    return `errcode is not allowed to post in ${channel(place)}. Fix: invite it there (\`/invite @errcode\` in ${channel(place)}); what is waiting is posted as soon as it is let in.`;
  if (reason === 'is_archived' && place)
    return `${channel(place)} is archived. Fix: unarchive it, then invite errcode (\`/invite @errcode\`).`;
  if (reason === 'channel_not_found')
    return 'errcode cannot see that channel (deleted, or private without errcode). Fix: invite errcode to it; for ticket cards an admin can also check ERRCODE_ESCALATION_CHANNEL.';
  if (TOKEN.has(reason) || reason === 'missing_scope')
    return `Slack no longer accepts errcode's token (\`${safe(reason, 60)}\`). Fix: an admin reinstalls errcode to the workspace and updates SLACK_BOT_TOKEN.`;
  if (reason === 'gave_up' || reason === 'gave_up_waiting')
    return 'Slack kept failing for hours, so errcode stopped trying.';
  if (reason === 'expired') return 'It waited so long that its answer expired: ask again with `/errcode`.';
  if (reason === 'no_escalation_channel')
    return 'No escalation channel is configured. Fix: an admin sets ERRCODE_ESCALATION_CHANNEL and invites errcode there.';
  if (reason === 'permanent' || reason === 'no_handler')
    return `errcode cannot do it as things stand (\`${safe(reason, 60)}\`).`;
  return `Slack refused it (\`${safe(reason, 60)}\`).`;
}

/** The direct message telling someone that a delivery for them failed for good, and how to fix it. */
export function failureNotice(notice: FailureNotice): { text: string } {
  const place = notice.failure.place ? ` in ${channel(notice.failure.place)}` : '';
  const verb = notice.kind === 'update_card' ? 'could not be made' : 'could not be posted';
  return {
    text: `${whatFailed(notice.kind, notice.failure.about)} ${verb}${place}. ${howToFix(notice.failure)}\n${RETRY_HINT}`,
  };
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
