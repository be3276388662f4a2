import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { StoredAnswer } from '../../../answers.ts';
import { type DraftTarget, draftFor } from '../../../escalation/draft.ts';
import { ticketMarkdown } from '../../../escalation/markdown.ts';
import { slackReason, tell } from '../../apology.ts';
import { noticeMessage } from '../../blocks/help.ts';
import { markdownModal, resolveModal, type TicketModalMetadata, ticketModal } from '../../blocks/ticket.ts';
import type { ListenerDeps } from '../../deps.ts';
import { languageWithin } from '../../locale.ts';
import { messages } from '../../messages/index.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** An item of a button's value (`<answer>:<item>`) as a draft target. */
export function parseTarget(item: string): DraftTarget | undefined {
  if (item === 'fallback') return 'fallback';
  return /^\d+$/.test(item) ? Number(item) : undefined;
}

/** Where a form was asked for: who, with which trigger, and how to reach them if it cannot open. */
interface FormRequest {
  user: string;
  triggerId: string;
  client: WebClient;
  respond?: RespondFn;
}

/** Opens a modal through the modals' client; a modal Slack refuses is said to the user (then the error travels on). */
async function openModal(
  deps: ListenerDeps,
  request: FormRequest,
  view: Parameters<WebClient['views']['open']>[0]['view'],
  lang: 'en' | 'zh',
): Promise<string | undefined> {
  try {
    const opened = await deps.ui.views.open({ trigger_id: request.triggerId, view });
    return opened.view?.id;
  } catch (error) {
    await tell(
      request.client,
      request.user,
      noticeMessage(messages(lang).sorry.form(slackReason(error))),
      request.respond,
    );
    throw error;
  }
}

/**
 * Opens the ticket form for an answer's item, prefilled from the answer and the paste. Nothing but the form stands
 * between the click and views.open (the trigger lives 3 s). When tickets could not be posted at the last check, the
 * form says so; the escalation channel is then looked at again, and if errcode can post there now (it was invited
 * since), the form becomes the real one.
 */
export async function openTicketForm(
  deps: ListenerDeps,
  request: FormRequest,
  stored: StoredAnswer,
  target: DraftTarget,
): Promise<void> {
  const lang = await languageWithin(deps.language, request.user);
  const draft = draftFor(stored.answer, target, {
    now: new Date(),
    reporter: request.user,
    paste: stored.query,
    lang,
  });
  if (!draft) {
    await tell(request.client, request.user, noticeMessage(messages(lang).sorry.expiredTicket), request.respond);
    return;
  }
  const metadata: TicketModalMetadata = {
    answerId: stored.id,
    item: String(target),
    ...(stored.channel && stored.threadTs ? { sourceChannel: stored.channel, sourceThreadTs: stored.threadTs } : {}),
    ...(stored.channel && stored.messageTs ? { sourceTs: stored.messageTs } : {}),
  };
  const status = deps.escalation.current;
  const viewId = await openModal(deps, request, ticketModal(draft, metadata, status, lang), lang);
  if (status.ok || !viewId) return;
  const now = await deps.recheckEscalation();
  if (now.ok) await deps.ui.views.update({ view_id: viewId, view: ticketModal(draft, metadata, now, lang) });
}

/** "Open support ticket" on an answer: the ticket form for that item of the answer. */
export function openTicket(deps: ListenerDeps) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const [answerId = '', item = ''] = (action.value ?? '').split(':');
    const stored = await deps.answers.load(answerId);
    const target = parseTarget(item);
    if (!stored || target === undefined) {
      const lang = await deps.language(body.user.id);
      await tell(client, body.user.id, noticeMessage(messages(lang).sorry.expiredTicket), respond);
      return;
    }
    await openTicketForm(deps, { user: body.user.id, triggerId: body.trigger_id, client, respond }, stored, target);
  };
}

/** "Take it" and "Reopen" on a ticket card; only members of the escalation channel may change a ticket. */
export function changeTicket(deps: ListenerDeps, to: 'take' | 'reopen') {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const id = Number(action.value);
    const user = body.user.id;
    const { escalation } = deps;
    const result = to === 'take' ? await escalation.take(id, user) : await escalation.reopen(id, user);
    if (result.kind === 'changed') return;
    const T = messages(await deps.language(user)).ticket;
    const text = result.kind === 'not-member' ? T.notMember(`<#${deps.escalationChannel}>`) : T.unchanged;
    await tell(client, user, noticeMessage(text), respond);
  };
}

/** "Resolved" on a ticket card: asks for confirmation, with an optional note for the thread it came from. */
export function confirmResolve(deps: ListenerDeps) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = body.user.id;
    const lang = await languageWithin(deps.language, user);
    const ticket = await deps.escalation.get(Number(action.value));
    if (!ticket || ticket.state === 'resolved') {
      await tell(client, user, noticeMessage(messages(lang).ticket.unchanged), respond);
      return;
    }
    await openModal(deps, { user, triggerId: body.trigger_id, client, respond }, resolveModal(ticket, lang), lang);
  };
}

/** "Copy as text" on a ticket card: the whole ticket as Markdown in a modal, for the provider's own ticket form. */
export function copyTicket(deps: ListenerDeps) {
  return async ({ action, body, ack, respond, client }: Args): Promise<void> => {
    await ack();
    const user = body.user.id;
    const lang = await languageWithin(deps.language, user);
    const ticket = await deps.escalation.get(Number(action.value));
    if (!ticket) return;
    const markdown = ticketMarkdown(ticket.draft, {
      number: ticket.number,
      state: ticket.state,
      assignee: ticket.assignee,
      repeats: ticket.repeats,
      resolution: ticket.resolution,
    });
    await openModal(
      deps,
      { user, triggerId: body.trigger_id, client, respond },
      markdownModal(ticket, markdown, lang),
      lang,
    );
  };
}
