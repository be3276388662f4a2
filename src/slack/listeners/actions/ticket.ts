import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { draftFor } from '../../../escalation/draft.ts';
import { ticketMarkdown } from '../../../escalation/markdown.ts';
import { markdownModal, type TicketModalMetadata, ticketModal } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A link to a message, built locally (no API call stands between the click and the modal). */
export function messageLink(
  domain: string | undefined,
  channel: string | undefined,
  ts: string | undefined,
  threadTs?: string,
): string | undefined {
  if (!domain || !channel || !ts) return undefined;
  const base = `https://${domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

/**
 * "Open support ticket" on an answer: opens the ticket form prefilled from the answer and the paste. Acknowledged
 * first and nothing but `views.open` before the form, so it opens well within the trigger's 3 s.
 */
export function openTicket(deps: ListenerDeps) {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const [answerId = '', item = ''] = (action.value ?? '').split(':');
    const stored = await deps.answers.load(answerId);
    const target = item === 'fallback' ? 'fallback' : Number(item);
    const sourceLink = stored && messageLink(body.team?.domain, stored.channel, stored.messageTs, stored.threadTs);
    const draft = stored && draftFor(stored.answer, target, { now: new Date(), reporter: body.user.id, sourceLink });
    if (!stored || !draft) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That answer has expired; ask again with /errcode to open a ticket.',
      });
      return;
    }
    const metadata: TicketModalMetadata = {
      answerId,
      item,
      ...(stored.channel && stored.threadTs ? { sourceChannel: stored.channel, sourceThreadTs: stored.threadTs } : {}),
      ...(sourceLink ? { sourceLink } : {}),
    };
    // Modals' own client: no rate-limited call elsewhere can hold the form past its trigger's 3 s.
    const client = deps.ui;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: ticketModal(draft, metadata, deps.escalation.current),
    });
  };
}

/** "Take it" and "Resolved" on a ticket card; only members of the escalation channel may change a ticket. */
export function changeTicket(deps: ListenerDeps, to: 'take' | 'resolve') {
  return async ({ action, body, ack, respond }: Args): Promise<void> => {
    await ack();
    const id = Number(action.value);
    const { escalation } = deps;
    const result = to === 'take' ? await escalation.take(id, body.user.id) : await escalation.resolve(id, body.user.id);
    if (result.kind === 'changed') return;
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text:
        result.kind === 'not-member'
          ? `Only members of <#${deps.escalationChannel}> can change tickets.`
          : 'Nothing to change: the ticket is already in that state.',
    });
  };
}

/** "Copy as text" on a ticket card: the ticket as Markdown in a modal, for the provider's own ticket form. */
export function copyTicket(deps: ListenerDeps) {
  return async ({ action, body, ack }: Args): Promise<void> => {
    await ack();
    const ticket = await deps.escalation.get(Number(action.value));
    if (!ticket) return;
    const markdown = ticketMarkdown(ticket.draft, {
      number: ticket.number,
      state: ticket.state,
      assignee: ticket.assignee,
      repeats: ticket.repeats,
    });
    const client = deps.ui;
    await client.views.open({ trigger_id: body.trigger_id, view: markdownModal(ticket, markdown) });
  };
}
