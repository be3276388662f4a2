import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { slackReason, tell } from '../../apology.ts';
import { noticeMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';
import { messages } from '../../messages/index.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Share in channel": posts the private answer for everyone (through the response URL) and removes the private copy.
 * A share Slack refuses is said to the user, and the private copy stays.
 */
export function shareAnswer(deps: ListenerDeps) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = body.user.id;
    const lang = await deps.language(user);
    const stored = await deps.answers.load(action.value ?? '');
    if (!stored) {
      await tell(client, user, noticeMessage(messages(lang).sorry.expired), respond);
      return;
    }
    const message = deps.render.answer(stored, lang, { sharedBy: user });
    try {
      await respond({ response_type: 'in_channel', replace_original: false, ...message });
    } catch (error) {
      await tell(client, user, noticeMessage(messages(lang).sorry.share(slackReason(error))), respond);
      throw error;
    }
    // The shared copy is there; a private copy that stays is harmless.
    await respond({ delete_original: true }).catch(() => undefined);
  };
}
