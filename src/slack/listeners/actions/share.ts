import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerMessage } from '../../blocks/answer.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Share in channel": posts the private answer for everyone (through the response URL) and removes the private copy. */
export function shareAnswer(deps: ListenerDeps) {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const stored = await deps.answers.load(action.value ?? '');
    if (!stored) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That answer has expired; ask again with /errcode.',
      });
      return;
    }
    const lang = await deps.language(body.user.id);
    const message = answerMessage(stored.answer, {
      lang,
      answerId: stored.id,
      ticketable: true,
    });
    message.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${body.user.id}>` }] });
    await respond({ response_type: 'in_channel', replace_original: false, ...message });
    await respond({ delete_original: true });
  };
}
