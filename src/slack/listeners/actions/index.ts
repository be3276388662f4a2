import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS, TICKET_ACTION } from '../../blocks/answer.ts';
import { RETRY_JOB_ACTION } from '../../blocks/failures.ts';
import { TICKET_IDS } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { removeAnswer, voteOnAnswer } from './feedback.ts';
import { retryJob } from './retry.ts';
import { shareAnswer } from './share.ts';
import { changeTicket, confirmResolve, copyTicket, openTicket } from './ticket.ts';

/** Buttons. */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.share, shareAnswer(deps));
  app.action<BlockButtonAction>({ action_id: TICKET_ACTION }, openTicket(deps));
  app.action<BlockButtonAction>(ACTIONS.up, voteOnAnswer(deps, 'up'));
  app.action<BlockButtonAction>(ACTIONS.down, voteOnAnswer(deps, 'down'));
  app.action<BlockButtonAction>(ACTIONS.remove, removeAnswer(deps));
  app.action<BlockButtonAction>(TICKET_IDS.take, changeTicket(deps, 'take'));
  app.action<BlockButtonAction>(TICKET_IDS.resolve, confirmResolve(deps));
  app.action<BlockButtonAction>(TICKET_IDS.reopen, changeTicket(deps, 'reopen'));
  app.action<BlockButtonAction>(TICKET_IDS.markdown, copyTicket(deps));
  app.action<BlockButtonAction>(RETRY_JOB_ACTION, retryJob(deps));
}
