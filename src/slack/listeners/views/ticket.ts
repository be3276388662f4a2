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

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function isMetadata(value: unknown): value is TicketModalMetadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TicketModalMetadata).answerId === 'string' &&
    typeof (value as TicketModalMetadata).item === 'string'
  );
}

/** Reads the form's values by field. */
function readForm(view: ViewSubmitAction['view']): TicketForm {
  const values = view.state.values;
  const read = (id: string) => {
    const v = values[id]?.[id];
    return (v?.type === 'static_select' ? v.selected_option?.value : v?.value) ?? undefined;
  };
  return Object.fromEntries(Object.entries(FIELDS).map(([key, id]) => [key, read(id)])) as TicketForm;
}

/**
 * The submitted ticket form: field errors go back inline; a valid ticket is stored first, numbered, and its card and
 * thread reply are queued in the same transaction, then delivered. A retried or double submission makes one ticket.
 */
export function submitTicket(deps: ListenerDeps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const form = readForm(view);
    const errors = validateTicketForm(form);
    const status = deps.escalation.current;
    if (!status.ok) errors[FIELDS.title] = status.problem.replace(/<#(\w+)>/g, '$1');
    let metadata: unknown;
    try {
      metadata = JSON.parse(view.private_metadata || '{}');
    } catch {
      metadata = undefined;
    }
    const stored = isMetadata(metadata) ? await deps.answers.load(metadata.answerId) : undefined;
    const base =
      stored && isMetadata(metadata)
        ? draftFor(stored.answer, metadata.item === 'fallback' ? 'fallback' : Number(metadata.item), {
            now: new Date(),
            reporter: body.user.id,
            sourceLink: metadata.sourceLink,
          })
        : undefined;
    if (!base)
      errors[FIELDS.title] = 'This form has expired; ask again with /errcode and open the ticket from the new answer.';
    if (Object.keys(errors).length > 0 || !base || !isMetadata(metadata) || !status.ok) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const result = await deps.escalation.submit(applyForm(base, form), {
      key: `${metadata.answerId}:${metadata.item}`,
      reporter: body.user.id,
      ...(metadata.sourceChannel && metadata.sourceThreadTs
        ? { source: slackRef(metadata.sourceChannel, metadata.sourceThreadTs) }
        : {}),
    });
    deps.logger.info(`ticket ${result.ticket.number} ${result.kind} by ${body.user.id}`);
  };
}
