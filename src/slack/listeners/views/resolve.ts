import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tell } from '../../apology.ts';
import { noticeMessage } from '../../blocks/help.ts';
import { type ResolveModalMetadata, TICKET_IDS } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { messages } from '../../messages/index.ts';
import { readMetadata } from './ticket.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function isMetadata(value: unknown): value is ResolveModalMetadata {
  return typeof value === 'object' && value !== null && typeof (value as ResolveModalMetadata).ticket === 'number';
}

/**
 * The resolve confirmation, sent: acknowledged at once, then the ticket is resolved with its note (which goes to the
 * thread it came from). Someone outside the escalation channel is told, by direct message, that they cannot.
 */
export function submitResolve(deps: ListenerDeps) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    await ack();
    const metadata = readMetadata(view);
    if (!isMetadata(metadata)) return;
    const user = body.user.id;
    const note = view.state.values[TICKET_IDS.resolveNote]?.[TICKET_IDS.resolveNote]?.value ?? undefined;
    const result = await deps.escalation.resolve(metadata.ticket, user, note);
    if (result.kind === 'changed') return;
    const T = messages(await deps.language(user)).ticket;
    await tell(
      client,
      user,
      noticeMessage(result.kind === 'not-member' ? T.notMember(`<#${deps.escalationChannel}>`) : T.unchanged),
    );
  };
}
