import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerMessage } from '../../blocks/answer.ts';
import { errorMessage, helpMessage, muteMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/errcode [text]`: acknowledged at once (Slack allows 3 s), then answered privately through the response URL with a
 * "Share in channel" button. `help`/empty → usage; `mute`/`unmute` → this channel's setting for pasted errors.
 */
export function errcodeCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: Args): Promise<void> => {
    await ack();
    try {
      const text = command.text.trim();
      const word = text.toLowerCase();
      if (word === '' || word === 'help') {
        await respond({
          response_type: 'ephemeral',
          ...helpMessage({ codes: deps.answers.catalog.codes, services: deps.answers.catalog.services.length }),
        });
        return;
      }
      if (word === 'mute' || word === 'unmute') {
        await deps.channels.setMuted(command.channel_id, word === 'mute', command.user_id);
        await respond({ response_type: 'ephemeral', ...muteMessage(word === 'mute', command.channel_id) });
        return;
      }
      const stored = await deps.answers.ask(text, {
        via: 'command',
        channel: command.channel_id,
        user: command.user_id,
      });
      const lang = await deps.language(command.user_id);
      const ticketable = true;
      await respond({
        response_type: 'ephemeral',
        ...answerMessage(stored.answer, { lang, answerId: stored.id, shareable: true, ticketable }),
      });
    } catch (error) {
      await respond({ response_type: 'ephemeral', ...errorMessage() }).catch(() => undefined);
      throw error;
    }
  };
}
