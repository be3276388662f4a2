import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { tell } from '../../apology.ts';
import { errorMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';

/** Callback ID of the message shortcut, as declared in manifest.yml. */
export const EXPLAIN_SHORTCUT = 'explain_error';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** All the text of a message a person can see: its text, its attachments (bots use them) and its blocks' text. */
export function messageText(message: MessageShortcut['message']): string {
  const parts: string[] = [];
  const visit = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (['text', 'fallback', 'pretext', 'title', 'value'].includes(key)) parts.push(value);
      return;
    }
    if (Array.isArray(value)) for (const v of value) visit(v, key);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(message.text ?? '', 'text');
  visit((message as { attachments?: unknown }).attachments);
  visit((message as { blocks?: unknown }).blocks);
  return [...new Set(parts)].join('\n').slice(0, 1024 * 1024);
}

/** "Explain this error" on any message, bots' included: the answer goes privately to whoever asked. */
export function explainShortcut(deps: ListenerDeps) {
  return async ({ shortcut, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = shortcut.user.id;
    try {
      const stored = await deps.answers.ask(messageText(shortcut.message), {
        via: 'shortcut',
        channel: shortcut.channel.id,
        messageTs: shortcut.message.ts,
        threadTs: shortcut.message.thread_ts ?? shortcut.message.ts,
        user,
      });
      const lang = await deps.language(user);
      await respond({ response_type: 'ephemeral', ...deps.render.answer(stored, lang, { shareable: true }) });
    } catch (error) {
      await tell(client, user, errorMessage(await deps.language(user)), respond);
      throw error;
    }
  };
}
