import type { App, ViewSubmitAction } from '@slack/bolt';
import { FEEDBACK_IDS } from '../../blocks/feedback.ts';
import { TICKET_IDS } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { submitFeedback } from './feedback.ts';
import { submitResolve } from './resolve.ts';
import { submitTicket } from './ticket.ts';

/** Modal submissions. */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(TICKET_IDS.modal, submitTicket(deps));
  app.view<ViewSubmitAction>(TICKET_IDS.resolveModal, submitResolve(deps));
  app.view<ViewSubmitAction>(FEEDBACK_IDS.modal, submitFeedback(deps));
}
