import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS } from '../../blocks/answer.ts';
import { RETRY_JOB_ACTION } from '../../blocks/failures.ts';
import { TICKET_IDS } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { retryJob } from './retry.ts';
import { shareAnswer } from './share.ts';
import { changeTicket, copyTicket, openTicket } from './ticket.ts';

/** Buttons. */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.share, shareAnswer(deps));
  app.action<BlockButtonAction>(ACTIONS.ticket, openTicket(deps));
  app.action<BlockButtonAction>(TICKET_IDS.take, changeTicket(deps, 'take'));
  app.action<BlockButtonAction>(TICKET_IDS.resolve, changeTicket(deps, 'resolve'));
  app.action<BlockButtonAction>(TICKET_IDS.markdown, copyTicket(deps));
  app.action<BlockButtonAction>(RETRY_JOB_ACTION, retryJob(deps));
}
