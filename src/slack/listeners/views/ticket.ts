import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { draftFor } from '../../../escalation/draft.ts';
import {
  applyForm,
  FIELDS,
  type TicketForm,
  type TicketModalMetadata,
  validateTicketForm,
} from '../../blocks/ticket.ts';
import { slackRef } from '../../delivery.ts';
import type { ListenerDeps } from '../../deps.ts';
import { languageWithin } from '../../locale.ts';
import { messages } from '../../messages/index.ts';
import { parseTarget } from '../actions/ticket.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function isMetadata(value: unknown): value is TicketModalMetadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TicketModalMetadata).answerId === 'string' &&
    typeof (value as TicketModalMetadata).item === 'string'
  );
}

/** Parses a view's private metadata; undefined when it is not JSON. */
export function readMetadata(view: ViewSubmitAction['view']): unknown {
  try {
    return JSON.parse(view.private_metadata || '{}');
  } catch {
    return undefined;
  }
}

/** Reads the form's values by field (the date and time picker's as UNIX seconds). */
function readForm(view: ViewSubmitAction['view']): TicketForm {
  const values = view.state.values;
  const read = (id: string): string | undefined => {
    const v = values[id]?.[id];
    if (v?.type === 'static_select') return v.selected_option?.value ?? undefined;
    if (v?.type === 'datetimepicker') return v.selected_date_time ? String(v.selected_date_time) : undefined;
    return v?.value ?? undefined;
  };
  return Object.fromEntries(Object.entries(FIELDS).map(([key, id]) => [key, read(id)])) as TicketForm;
}

/**
 * The submitted ticket form: field errors go back inline, in the reporter's language; a valid form is acknowledged
 * first, then the source message's permalink is asked of Slack (chat.getPermalink: right on every Slack, GovSlack and
 * Enterprise Grid included), then the ticket is stored, numbered, and its card and thread note queued in the same
 * transaction. A retried or double submission makes one ticket.
 */
export function submitTicket(deps: ListenerDeps) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const user = body.user.id;
    const lang = await languageWithin(deps.language, user);
    const form = readForm(view);
    const errors = validateTicketForm(form, lang);
    const status = deps.escalation.current;
    if (!status.ok) errors[FIELDS.title] = status.problem.replace(/<#(\w+)>/g, '$1');
    const metadata = readMetadata(view);
    const stored = isMetadata(metadata) ? await deps.answers.load(metadata.answerId) : undefined;
    const target = isMetadata(metadata) ? parseTarget(metadata.item) : undefined;
    const base =
      stored && target !== undefined
        ? draftFor(stored.answer, target, { now: new Date(), reporter: user, paste: stored.query, lang })
        : undefined;
    if (!base) errors[FIELDS.title] = messages(lang).ticket.errors.expired;
    if (Object.keys(errors).length > 0 || !base || !isMetadata(metadata) || !status.ok) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    let sourceLink: string | undefined;
    if (metadata.sourceChannel && metadata.sourceTs) {
      try {
        sourceLink = (
          await client.chat.getPermalink({ channel: metadata.sourceChannel, message_ts: metadata.sourceTs })
        ).permalink;
      } catch (error) {
        deps.logger.warn(`no permalink for the source of a ticket: ${(error as Error).message}`);
      }
    }
    const result = await deps.escalation.submit(applyForm({ ...base, ...(sourceLink ? { sourceLink } : {}) }, form), {
      key: `${metadata.answerId}:${metadata.item}`,
      reporter: user,
      ...(metadata.sourceChannel && metadata.sourceThreadTs
        ? { source: slackRef(metadata.sourceChannel, metadata.sourceThreadTs) }
        : {}),
    });
    deps.logger.info(`ticket ${result.ticket.number} ${result.kind} by ${user}`);
  };
}
