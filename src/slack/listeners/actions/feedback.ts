import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { StoredAnswer } from '../../../answers.ts';
import type { AnswerPlace, Vote } from '../../../feedback/ports.ts';
import { slackReason, tell } from '../../apology.ts';
import { feedbackModal } from '../../blocks/feedback.ts';
import { noticeMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';
import { languageWithin } from '../../locale.ts';
import { messages } from '../../messages/index.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The message a button was clicked on, when it is one everybody can open again (not an ephemeral one). */
function clickedMessage(body: BlockButtonAction): AnswerPlace | undefined {
  const container = body.container as { message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  const channel = container.channel_id ?? body.channel?.id;
  if (container.is_ephemeral || !channel || !container.message_ts) return undefined;
  return { channel, ts: container.message_ts };
}

/** Where a vote's answer can be seen again: the message clicked, else the message the answer was about. */
function placeOf(body: BlockButtonAction, stored: StoredAnswer): AnswerPlace | undefined {
  return (
    clickedMessage(body) ??
    (stored.channel && stored.messageTs ? { channel: stored.channel, ts: stored.messageTs } : undefined)
  );
}

/**
 * 👍 or 👎 on an answer: one vote per person per answer, a second click replacing the first. 👎 first opens a short
 * optional form (the trigger lives 3 s, so the form comes before anything else), then the vote is counted whether or
 * not the form could open.
 */
export function voteOnAnswer(deps: ListenerDeps, vote: Vote) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = body.user.id;
    const answerId = action.value ?? '';
    const lang = await languageWithin(deps.language, user);
    const F = messages(lang).feedback;
    let formError: unknown;
    if (vote === 'down') {
      try {
        await deps.ui.views.open({ trigger_id: body.trigger_id, view: feedbackModal(answerId, lang) });
      } catch (error) {
        formError = error;
      }
    }
    const stored = await deps.answers.load(answerId);
    if (!stored) {
      await tell(client, user, noticeMessage(messages(lang).sorry.expired), respond);
      return;
    }
    await deps.feedback.vote(stored, user, vote, placeOf(body, stored));
    if (vote === 'up') await tell(client, user, noticeMessage(F.thanksUp), respond);
    if (formError) {
      await tell(
        client,
        user,
        noticeMessage(`${F.thanksDown} ${messages(lang).sorry.form(slackReason(formError))}`),
        respond,
      );
      throw formError;
    }
  };
}

/**
 * "Remove this answer" under an answer errcode posted by itself: the person who pasted, or anyone in the channel,
 * deletes it; the removal is counted as feedback on its code.
 */
export function removeAnswer(deps: ListenerDeps) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = body.user.id;
    const lang = await deps.language(user);
    const F = messages(lang).feedback;
    const stored = await deps.answers.load(action.value ?? '');
    const place = clickedMessage(body);
    if (!stored || !place) {
      await tell(client, user, noticeMessage(messages(lang).sorry.expired), respond);
      return;
    }
    try {
      const result = await deps.feedback.remove(stored, user, place);
      const text = result === 'removed' ? F.removed : F.notAllowed(`<#${place.channel}>`);
      await tell(client, user, noticeMessage(text), respond);
    } catch (error) {
      await tell(client, user, noticeMessage(messages(lang).sorry.remove(slackReason(error))), respond);
      throw error;
    }
  };
}
