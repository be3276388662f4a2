import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { ticketTarget } from '../../../escalation/draft.ts';
import { tell } from '../../apology.ts';
import { errorMessage } from '../../blocks/help.ts';
import type { ListenerDeps } from '../../deps.ts';
import { openTicketForm } from '../actions/ticket.ts';
import { messageText } from './explain.ts';

/** Callback ID of the "Open support ticket" message shortcut, as declared in both manifests. */
export const TICKET_SHORTCUT = 'open_ticket';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Open support ticket" on any message: the message is answered (and recorded) like a question, and the ticket form
 * opens for what it is about: the first match calling for support, else the first match, else the message as a whole
 * (an unknown code, or nothing the catalog knows: exactly what support gets asked about).
 */
export function ticketShortcut(deps: ListenerDeps) {
  return async ({ shortcut, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = shortcut.user.id;
    let stored: Awaited<ReturnType<ListenerDeps['answers']['ask']>>;
    try {
      stored = await deps.answers.ask(messageText(shortcut.message), {
        via: 'shortcut',
        channel: shortcut.channel.id,
        messageTs: shortcut.message.ts,
        threadTs: shortcut.message.thread_ts ?? shortcut.message.ts,
        user,
      });
    } catch (error) {
      await tell(client, user, errorMessage(await deps.language(user)), respond);
      throw error;
    }
    await openTicketForm(
      deps,
      { user, triggerId: shortcut.trigger_id, client, respond },
      stored,
      ticketTarget(stored.answer),
    );
  };
}
