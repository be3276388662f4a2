import type { Button, KnownBlock, ModalView, View } from '@slack/types';
import { SEVERITIES, type Severity, type TicketDraft } from '../../escalation/draft.ts';
import { ticketMarkdown } from '../../escalation/markdown.ts';
import type { EscalationStatus, Ticket } from '../../escalation/ports.ts';
import { LIMITS, safe, truncate } from './text.ts';

/** IDs the ticket listeners register. */
export const TICKET_IDS = {
  modal: 'errcode_ticket_modal',
  take: 'errcode_ticket_take',
  resolve: 'errcode_ticket_resolve',
  markdown: 'errcode_ticket_markdown',
} as const;

/** Block and action IDs of the modal's inputs (the keys of `view.state.values`). */
export const FIELDS = {
  title: 'title',
  message: 'message',
  requestId: 'request_id',
  region: 'region',
  occurredAt: 'occurred_at',
  severity: 'severity',
  doing: 'doing',
  tried: 'tried',
} as const;

/** What the modal carries through to the submission (Slack's private_metadata, 3,000 characters at most). */
export interface TicketModalMetadata {
  answerId: string;
  item: string;
  sourceChannel?: string;
  sourceThreadTs?: string;
  sourceLink?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical — production down',
  high: 'High — production impaired',
  medium: 'Medium — work blocked',
  low: 'Low — question or minor',
};

const plain = (text: string, max: number = LIMITS.option) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
});

function textInput(
  blockId: string,
  label: string,
  initial: string | undefined,
  options: { multiline?: boolean; optional?: boolean; max?: number; hint?: string; placeholder?: string } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? true,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: blockId,
      multiline: options.multiline ?? false,
      max_length: options.max ?? LIMITS.plainInput,
      ...(initial ? { initial_value: truncate(initial, options.max ?? LIMITS.plainInput) } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
    },
  } as KnownBlock;
}

/**
 * The ticket form, prefilled from the answer and the paste: title, message as received, request id, region or
 * endpoint, when, severity, what the user was doing (required) and what was already tried (the handling measure).
 * When tickets cannot be posted it says why before anyone types, and offers no Submit.
 */
export function ticketModal(draft: TicketDraft, metadata: TicketModalMetadata, status: EscalationStatus): ModalView {
  const blocks: KnownBlock[] = [];
  if (!status.ok) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:warning: *Tickets cannot be posted right now.* ${safe(status.problem, 2500)}` },
    });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Here is the ticket as text, for the cloud provider's own form:\n\`\`\`${safe(ticketMarkdown(draft), 2600)}\`\`\``,
      },
    });
    return {
      type: 'modal',
      callback_id: TICKET_IDS.modal,
      title: plain('Support ticket', LIMITS.modalTitle),
      close: plain('Close', 24),
      blocks,
    };
  }
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Service*\n${safe(draft.serviceName, 500)}` },
      { type: 'mrkdwn', text: `*Error code*\n\`${safe(draft.code, 60)}\`` },
      { type: 'mrkdwn', text: `*HTTP status*\n${draft.status ?? '—'}` },
      { type: 'mrkdwn', text: `*Posted to*\n<#${safe(status.channel, 30)}>` },
      ...(draft.reporter ? [{ type: 'mrkdwn' as const, text: `*Reporter*\n<@${safe(draft.reporter, 30)}>` }] : []),
    ],
  });
  blocks.push(textInput(FIELDS.title, 'Title', draft.title, { optional: false, max: 150 }));
  blocks.push(textInput(FIELDS.message, 'Message as received', draft.message, { multiline: true, max: 3000 }));
  blocks.push(
    textInput(FIELDS.requestId, 'Request ID', draft.requestId, {
      max: 128,
      placeholder: 'X-Request-Id or request_id from the response',
    }),
  );
  blocks.push(
    textInput(FIELDS.region, 'Region or endpoint', draft.region ?? draft.endpoint, {
      max: 500,
      placeholder: 'cn-north-4, or the URL that failed',
    }),
  );
  blocks.push(
    textInput(FIELDS.occurredAt, 'When it happened', draft.occurredAt, {
      optional: false,
      max: 40,
      hint: 'ISO date and time, e.g. 2026-11-23T14:05:00Z',
    }),
  );
  blocks.push({
    type: 'input',
    block_id: FIELDS.severity,
    label: plain('Severity'),
    element: {
      type: 'static_select',
      action_id: FIELDS.severity,
      initial_option: { text: plain(SEVERITY_LABEL[draft.severity]), value: draft.severity },
      options: SEVERITIES.map((s) => ({ text: plain(SEVERITY_LABEL[s]), value: s })),
    },
  });
  blocks.push(
    textInput(FIELDS.doing, 'What were you doing?', draft.doing, {
      multiline: true,
      optional: false,
      max: 3000,
      placeholder: 'e.g. creating a full-ECS image from ecs-prod-01 with Terraform',
    }),
  );
  blocks.push(textInput(FIELDS.tried, 'What have you already tried?', draft.tried, { multiline: true, max: 3000 }));
  if (draft.sourceLink)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${draft.sourceLink.replace(/[<>|]/g, '')}|Source message>` }],
    });
  return {
    type: 'modal',
    callback_id: TICKET_IDS.modal,
    title: plain('Support ticket', LIMITS.modalTitle),
    submit: plain('Open ticket', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** Values read back from a submitted ticket form. */
export type TicketForm = Record<keyof typeof FIELDS, string | undefined>;

/** Field errors for `response_action: errors`, keyed by block id; empty when the form is valid. */
export function validateTicketForm(form: TicketForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.title?.trim()) errors[FIELDS.title] = 'Give the ticket a title.';
  if ((form.doing?.trim().length ?? 0) < 10)
    errors[FIELDS.doing] = 'Say what you were doing, in a sentence (at least 10 characters): support will ask.';
  if (form.requestId && !/^[A-Za-z0-9][A-Za-z0-9_-]{3,127}$/.test(form.requestId.trim())) {
    errors[FIELDS.requestId] =
      'A request ID is letters, digits, dashes and underscores (as in the X-Request-Id header).';
  }
  if (!form.occurredAt || Number.isNaN(Date.parse(form.occurredAt)))
    errors[FIELDS.occurredAt] = 'Use a date and time such as 2026-11-23T14:05:00Z.';
  if (form.severity && !SEVERITIES.includes(form.severity as Severity)) errors[FIELDS.severity] = 'Choose a severity.';
  return errors;
}

/** The draft as the user edited it in the form. */
export function applyForm(draft: TicketDraft, form: TicketForm): TicketDraft {
  const region = form.region?.trim();
  const isUrl = region ? /^https?:\/\/|\//.test(region) || region.includes('.') : false;
  return {
    ...draft,
    title: form.title?.trim() || draft.title,
    message: form.message?.trim() ?? '',
    requestId: form.requestId?.trim() || undefined,
    region: region && !isUrl ? region : draft.region,
    endpoint: region && isUrl ? region : draft.endpoint,
    occurredAt: form.occurredAt ? new Date(form.occurredAt).toISOString() : draft.occurredAt,
    severity: (form.severity as Severity | undefined) ?? draft.severity,
    doing: form.doing?.trim() ?? '',
    tried: form.tried?.trim() ?? '',
  };
}

const STATE_LINE = (t: Ticket) =>
  t.state === 'resolved'
    ? `:white_check_mark: *Resolved* by <@${safe(t.resolvedBy ?? '', 30)}>`
    : t.state === 'taken'
      ? `:hammer_and_wrench: *Taken* by <@${safe(t.assignee ?? '', 30)}>`
      : ':red_circle: *Open* — nobody has taken it yet';

/** The ticket card in the escalation channel: the ticket, its state, and the buttons to take, resolve or copy it. */
export function ticketCard(t: Ticket): { text: string; blocks: KnownBlock[] } {
  const d = t.draft;
  const field = (label: string, value: string | undefined) => ({
    type: 'mrkdwn' as const,
    text: `*${label}*\n${value ? safe(value, 900) : '—'}`,
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${t.number} · ${d.title}`, LIMITS.header) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: STATE_LINE(t) + (t.repeats ? `  ·  reported ${t.repeats + 1} times` : '') },
    },
    {
      type: 'section',
      fields: [
        field('Service', d.serviceName),
        field('Error code', d.code),
        field('HTTP status', d.status?.toString()),
        field('Severity', d.severity),
        field('Request ID', d.requestId),
        field('Region / endpoint', d.region ?? d.endpoint),
        field('When', d.occurredAt),
        { type: 'mrkdwn', text: `*Reporter*\n<@${safe(t.reporter, 30)}>` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*What they were doing*\n${safe(d.doing || '—', 2800)}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Already tried*\n${safe(d.tried || '—', 2800)}` } },
  ];
  if (d.message)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Message as received*\n\`\`\`${safe(d.message, 2700)}\`\`\`` },
    });
  if (d.sourceLink)
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `<${d.sourceLink.replace(/[<>|]/g, '')}|Source message> · discuss in this thread` },
      ],
    });
  const buttons: Button[] = [];
  const value = String(t.id);
  if (t.state !== 'resolved') {
    buttons.push({
      type: 'button',
      action_id: TICKET_IDS.take,
      value,
      text: plain(t.state === 'taken' ? 'Take over' : 'Take it'),
      ...(t.state === 'open' ? { style: 'primary' as const } : {}),
    });
    buttons.push({ type: 'button', action_id: TICKET_IDS.resolve, value, text: plain('Resolved') });
  }
  buttons.push({ type: 'button', action_id: TICKET_IDS.markdown, value, text: plain('Copy as text') });
  blocks.push({ type: 'actions', block_id: 'errcode_ticket_card', elements: buttons });
  const text = safe(`${t.number} ${t.state}: ${d.title}`, LIMITS.messageText);
  return { text, blocks };
}

/** The reply in the source thread for each thing that happens to a ticket. */
export function sourceReply(
  t: Ticket,
  event: 'opened' | 'linked' | 'taken' | 'resolved',
  user: string,
  cardLink?: string,
): string {
  const ref = cardLink ? `<${cardLink.replace(/[<>|]/g, '')}|${t.number}>` : t.number;
  const who = `<@${safe(user, 30)}>`;
  switch (event) {
    case 'opened':
      return `:ticket: ${who} opened support ticket ${ref}: ${safe(t.draft.title, 500)}. Follow it in the ticket's thread.`;
    case 'linked':
      return `:ticket: This is already being handled as ${ref} (${safe(t.draft.title, 300)}); ${who}'s report was added to it.`;
    case 'taken':
      return `:hammer_and_wrench: ${who} took ${ref}.`;
    case 'resolved':
      return `:white_check_mark: ${ref} was resolved by ${who}.`;
  }
}

/** A modal showing the ticket as Markdown, to copy into the provider's service-ticket form. */
export function markdownModal(t: Ticket, markdown: string): View {
  const chunks: string[] = [];
  for (let i = 0; i < markdown.length && chunks.length < 20; i += 2800) chunks.push(markdown.slice(i, i + 2800));
  return {
    type: 'modal',
    title: plain(`${t.number} as text`, LIMITS.modalTitle),
    close: plain('Done', 24),
    blocks: [
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: "Copy this into the cloud provider's service-ticket form." }],
      },
      ...chunks.map(
        (c): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${safe(c, 2950)}\`\`\`` } }),
      ),
    ],
  };
}
