import type { App, MessageShortcut } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { EXPLAIN_SHORTCUT, explainShortcut } from './explain.ts';
import { TICKET_SHORTCUT, ticketShortcut } from './ticket.ts';

/** Shortcuts. */
export function register(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: EXPLAIN_SHORTCUT, type: 'message_action' }, explainShortcut(deps));
  app.shortcut<MessageShortcut>({ callback_id: TICKET_SHORTCUT, type: 'message_action' }, ticketShortcut(deps));
}
