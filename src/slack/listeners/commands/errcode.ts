import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { tell } from '../../apology.ts';
import { errorMessage, muteMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/errcode [text]`: acknowledged at once (Slack allows 3 s), then answered privately through the response URL with a
 * "Share in channel" button, in the user's language. `help`/empty → usage; `mute`/`unmute` → this channel's setting
 * for pasted errors. A failure is apologised for (through the response URL, else by direct message), then reported.
 */
export function errcodeCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = command.user_id;
    try {
      const text = command.text.trim();
      const word = text.toLowerCase();
      const lang = await deps.language(user);
      if (word === '' || word === 'help') {
        await respond({ response_type: 'ephemeral', ...deps.render.help(lang) });
        return;
      }
      if (word === 'mute' || word === 'unmute') {
        await deps.channels.setMuted(command.channel_id, word === 'mute', user);
        await respond({ response_type: 'ephemeral', ...muteMessage(word === 'mute', command.channel_id, lang) });
        return;
      }
      const stored = await deps.answers.ask(text, { via: 'command', channel: command.channel_id, user });
      await respond({ response_type: 'ephemeral', ...deps.render.answer(stored, lang, { shareable: true }) });
    } catch (error) {
      await tell(client, user, errorMessage(await deps.language(user)), respond);
      throw error;
    }
  };
}
