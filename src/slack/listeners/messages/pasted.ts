import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Message subtypes that are a person posting something new; edits, deletions, joins and bots are not. */
const USER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * A message in a channel errcode is in: people's new messages go to chat answering, which answers an error once in
 * its thread (a direct message: whatever was asked, in place). Bots (itself included), edits and deletions are
 * ignored here.
 */
export function pastedError(deps: ListenerDeps) {
  return async ({ event, context }: Args): Promise<void> => {
    if (!USER_SUBTYPES.has(event.subtype)) return;
    if (!('user' in event) || !event.user || ('bot_id' in event && event.bot_id)) return;
    if (event.user === context.botUserId) return;
    const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
    await deps.chat.handle({
      channel: event.channel,
      ts: event.ts,
      ...('thread_ts' in event && event.thread_ts ? { threadTs: event.thread_ts } : {}),
      user: event.user,
      text,
      direct: event.channel_type === 'im',
    });
  };
}
