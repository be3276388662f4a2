import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/** The text of a message without errcode's own mention (`<@U0BOT>` or `<@U0BOT|errcode>`). */
export function withoutMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim();
}

/**
 * `@errcode …` in a channel: answered in the message's thread like a direct message (words and `help` too, the
 * channel's mute notwithstanding). The same message also arrives as a plain `message` event: chat answering's claim
 * makes the two one answer.
 */
export function appMention(deps: ListenerDeps) {
  return async ({ event, context }: Args): Promise<void> => {
    if (!event.user || event.bot_id || event.user === context.botUserId) return;
    await deps.chat.handle({
      channel: event.channel,
      ts: event.ts,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      user: event.user,
      text: withoutMention(event.text ?? '', context.botUserId),
      direct: false,
      mention: true,
    });
  };
}
