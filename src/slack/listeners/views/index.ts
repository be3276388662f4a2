import type { App, ViewSubmitAction } from '@slack/bolt';
import { TICKET_IDS } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { submitTicket } from './ticket.ts';

/** Modal submissions. */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(TICKET_IDS.modal, submitTicket(deps));
}
