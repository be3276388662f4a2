import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { worthAnsweringInChat } from '../../../answers.ts';
import { answerMessage } from '../../blocks/answer.ts';
import { helpMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Message subtypes that are a person posting something new; edits, deletions, joins and bots are not. */
const USER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * A message in a channel errcode is in: if it holds an error (a catalog code, a known body), answer once in its
 * thread; in a direct message, answer whatever was asked. Stays quiet for chit-chat, bots (itself included), edits
 * and deletions, and in muted channels. Exactly one answer per message: the store claims it first, so Slack's
 * retries and redeliveries after a restart find it taken.
 */
export function pastedError(deps: ListenerDeps) {
  return async ({ event, client, context }: Args): Promise<void> => {
    if (!USER_SUBTYPES.has(event.subtype)) return;
    if (!('user' in event) || !event.user || ('bot_id' in event && event.bot_id)) return;
    if (event.user === context.botUserId) return;
    const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
    if (text.trim() === '' || deps.store.isMuted(event.channel)) return;

    const inThread = 'thread_ts' in event && event.thread_ts ? event.thread_ts : undefined;
    const threadTs = inThread ?? event.ts;
    // A direct message is a question to errcode: every one gets an answer, in place rather than in a thread.
    const direct = event.channel_type === 'im';
    const isHelp = /^\s*(help|\?)\s*$/i.test(text);
    const stored = deps.answers.ask(
      text,
      { via: 'message', channel: event.channel, messageTs: event.ts, threadTs, user: event.user },
      false,
    );
    if (!direct && !worthAnsweringInChat(stored.answer, deps.answers.catalog)) return;
    if (deps.store.claimMessage(event.channel, event.ts) !== 'claimed') return;
    try {
      if (!isHelp) deps.answers.record(stored);
      const lang = await deps.language(event.user);
      const message =
        direct && isHelp
          ? helpMessage(deps.answers.catalog.entries.length)
          : answerMessage(stored.answer, { lang, answerId: stored.id, ticketable: true });
      const posted = await client.chat.postMessage({
        channel: event.channel,
        ...(direct ? (inThread ? { thread_ts: inThread } : {}) : { thread_ts: threadTs }),
        unfurl_links: false,
        unfurl_media: false,
        ...message,
      });
      deps.store.markAnswered(event.channel, event.ts, posted.ts ?? 'unknown');
    } catch (error) {
      // Let a retry of this event answer it: nothing was posted.
      deps.store.releaseMessage(event.channel, event.ts);
      throw error;
    }
  };
}
