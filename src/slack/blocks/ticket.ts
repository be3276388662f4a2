import type { Button, KnownBlock, ModalView, View } from '@slack/types';
import { SEVERITIES, type Severity, type TicketDraft } from '../../escalation/draft.ts';
import { ticketMarkdown } from '../../escalation/markdown.ts';
import type { EscalationStatus, Ticket, TicketEvent } from '../../escalation/ports.ts';
import { type AnswerLang, messages } from '../messages/index.ts';
import { escapedChunks, LIMITS, link, safe, slackDate, truncate } from './text.ts';

/** IDs the ticket listeners register. */
export const TICKET_IDS = {
  modal: 'errcode_ticket_modal',
  take: 'errcode_ticket_take',
  resolve: 'errcode_ticket_resolve',
  reopen: 'errcode_ticket_reopen',
  markdown: 'errcode_ticket_markdown',
  /** The confirmation a resolve asks for, with its optional note. */
  resolveModal: 'errcode_ticket_resolve_modal',
  resolveNote: 'resolution',
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
  /** The message the ticket is about, linked from the card (its permalink is asked for once the form is sent). */
  sourceTs?: string;
}

/** How much of the paste the form shows, as a reminder of what goes into the ticket. */
const PASTE_PREVIEW = 1200;

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

/** A text as one or more sections of a code block, every character of it kept (at most `max` sections). */
function codeSections(text: string, max: number): KnownBlock[] {
  return escapedChunks(text, 2900)
    .slice(0, max)
    .map((c): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${c}\`\`\`` } }));
}

/** When the form is opened: now, in whole seconds, as Slack's datetimepicker takes it. */
function initialTime(draft: TicketDraft, now: number): number {
  const at = Date.parse(draft.occurredAt);
  return Math.floor((Number.isNaN(at) ? now : at) / 1000);
}

/**
 * The ticket form, prefilled from the answer and the paste: title, message as received, request id, region or
 * endpoint, when (a date and time picker, at now), severity, what the user was doing (required) and what they tried
 * (theirs to say). The catalog's handling measure is shown as read-only guidance, and the paste as what goes into
 * the ticket. When tickets cannot be posted it says why before anyone types, gives the ticket as text, and offers no
 * Submit.
 */
export function ticketModal(
  draft: TicketDraft,
  metadata: TicketModalMetadata,
  status: EscalationStatus,
  lang: AnswerLang = 'en',
  now = Date.now(),
): ModalView {
  const T = messages(lang).ticket;
  const blocks: KnownBlock[] = [];
  if (!status.ok) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: T.cannotPost(safe(status.problem, 2500)) } });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: T.asText } });
    blocks.push(...codeSections(ticketMarkdown(draft), 20));
    return {
      type: 'modal',
      callback_id: TICKET_IDS.modal,
      title: plain(T.modalTitle, LIMITS.modalTitle),
      close: plain(T.close, 24),
      private_metadata: JSON.stringify(metadata),
      blocks,
    };
  }
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*${T.service}*\n${draft.serviceName ? safe(draft.serviceName, 500) : '—'}` },
      { type: 'mrkdwn', text: `*${T.code}*\n${draft.code ? `\`${safe(draft.code, 60)}\`` : '—'}` },
      { type: 'mrkdwn', text: `*${T.status}*\n${draft.status ?? '—'}` },
      { type: 'mrkdwn', text: `*${T.postedTo}*\n<#${safe(status.channel, 30)}>` },
      ...(draft.reporter ? [{ type: 'mrkdwn' as const, text: `*${T.reporter}*\n<@${safe(draft.reporter, 30)}>` }] : []),
    ],
  });
  if (draft.measure?.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${T.guidance}*\n${safe(draft.measure, 2800)}` },
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: T.guidanceHint }] });
  }
  if (draft.paste?.trim()) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: T.pasteAttached(draft.paste.length) }] });
    blocks.push(...codeSections(truncate(draft.paste.trim(), PASTE_PREVIEW), 1));
  }
  blocks.push(textInput(FIELDS.title, T.title, draft.title, { optional: false, max: 150 }));
  blocks.push(textInput(FIELDS.message, T.message, draft.message, { multiline: true, max: 3000 }));
  blocks.push(
    textInput(FIELDS.requestId, T.requestId, draft.requestId, { max: 128, placeholder: T.requestIdPlaceholder }),
  );
  blocks.push(
    textInput(FIELDS.region, T.region, draft.region ?? draft.endpoint, { max: 500, placeholder: T.regionPlaceholder }),
  );
  blocks.push({
    type: 'input',
    block_id: FIELDS.occurredAt,
    label: plain(T.when, 2000),
    hint: plain(T.whenHint, 2000),
    element: { type: 'datetimepicker', action_id: FIELDS.occurredAt, initial_date_time: initialTime(draft, now) },
  });
  blocks.push({
    type: 'input',
    block_id: FIELDS.severity,
    label: plain(T.severity),
    element: {
      type: 'static_select',
      action_id: FIELDS.severity,
      initial_option: { text: plain(T.severities[draft.severity]), value: draft.severity },
      options: SEVERITIES.map((s) => ({ text: plain(T.severities[s]), value: s })),
    },
  });
  blocks.push(
    textInput(FIELDS.doing, T.doing, draft.doing, {
      multiline: true,
      optional: false,
      max: 3000,
      placeholder: T.doingPlaceholder,
    }),
  );
  blocks.push(
    textInput(FIELDS.tried, T.tried, draft.tried, { multiline: true, max: 3000, placeholder: T.triedPlaceholder }),
  );
  return {
    type: 'modal',
    callback_id: TICKET_IDS.modal,
    title: plain(T.modalTitle, LIMITS.modalTitle),
    submit: plain(T.submit, 24),
    close: plain(T.cancel, 24),
    private_metadata: JSON.stringify(metadata),
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** Values read back from a submitted ticket form; `occurredAt` is the picker's UNIX time in seconds. */
export type TicketForm = Record<keyof typeof FIELDS, string | undefined>;

/** How far ahead of now a "when" may be (clocks differ a little). */
const FUTURE_SLACK_MS = 10 * 60_000;

/** Field errors for `response_action: errors`, keyed by block id; empty when the form is valid. */
export function validateTicketForm(
  form: TicketForm,
  lang: AnswerLang = 'en',
  now = Date.now(),
): Record<string, string> {
  const E = messages(lang).ticket.errors;
  const errors: Record<string, string> = {};
  if (!form.title?.trim()) errors[FIELDS.title] = E.title;
  if ((form.doing?.trim().length ?? 0) < 10) errors[FIELDS.doing] = E.doing;
  if (form.requestId && !/^[A-Za-z0-9][A-Za-z0-9_-]{3,127}$/.test(form.requestId.trim()))
    errors[FIELDS.requestId] = E.requestId;
  const seconds = Number(form.occurredAt);
  if (!form.occurredAt || !Number.isInteger(seconds) || seconds <= 0) errors[FIELDS.occurredAt] = E.when;
  else if (seconds * 1000 > now + FUTURE_SLACK_MS) errors[FIELDS.occurredAt] = E.future;
  if (form.severity && !SEVERITIES.includes(form.severity as Severity)) errors[FIELDS.severity] = E.severity;
  return errors;
}

/** The draft as the user edited it in the form. */
export function applyForm(draft: TicketDraft, form: TicketForm): TicketDraft {
  const region = form.region?.trim();
  const isUrl = region ? /^https?:\/\/|\//.test(region) || region.includes('.') : false;
  const seconds = Number(form.occurredAt);
  return {
    ...draft,
    title: form.title?.trim() || draft.title,
    message: form.message?.trim() ?? '',
    requestId: form.requestId?.trim() || undefined,
    region: region && !isUrl ? region : draft.region,
    endpoint: region && isUrl ? region : draft.endpoint,
    occurredAt: Number.isInteger(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : draft.occurredAt,
    severity: (form.severity as Severity | undefined) ?? draft.severity,
    doing: form.doing?.trim() ?? '',
    tried: form.tried?.trim() ?? '',
  };
}

function stateLine(t: Ticket, lang: AnswerLang): string {
  const T = messages(lang).ticket;
  if (t.state === 'resolved')
    return T.resolved(`<@${safe(t.resolvedBy ?? '', 30)}>`, slackDate(t.resolvedAt ?? t.updatedAt));
  if (t.state === 'taken') return T.taken(`<@${safe(t.assignee ?? '', 30)}>`);
  return T.open;
}

/** A date the draft holds as ISO text, as Slack shows dates; the text itself when it is not one. */
function when(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? safe(iso, 60) : slackDate(at);
}

/**
 * The ticket card in the escalation channel, in the reporter's language: the ticket with its times as each reader's
 * own, its severity by name, the catalog's measure, the paste (as much as a block holds), the resolution, and the
 * buttons to take, resolve, reopen or copy it.
 */
export function ticketCard(t: Ticket): { text: string; blocks: KnownBlock[] } {
  const d = t.draft;
  const lang = d.lang ?? 'en';
  const T = messages(lang).ticket;
  const A = messages(lang).answer;
  const field = (label: string, value: string | undefined, escaped = false) => ({
    type: 'mrkdwn' as const,
    text: `*${label}*\n${value ? (escaped ? value : safe(value, 900)) : '—'}`,
  });
  const state = [
    stateLine(t, lang),
    T.opened(slackDate(t.createdAt)),
    ...(t.repeats ? [T.reported(t.repeats + 1)] : []),
  ].join('  ·  ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${t.number} · ${d.title}`, LIMITS.header) },
    { type: 'section', text: { type: 'mrkdwn', text: state } },
    {
      type: 'section',
      fields: [
        field(T.service, d.serviceName),
        field(T.code, d.code),
        field(T.status, d.status?.toString()),
        field(T.severity, T.severities[d.severity] ?? d.severity),
        field(T.requestId, d.requestId),
        field(T.regionEndpoint, d.region ?? d.endpoint),
        field(T.whenField, when(d.occurredAt), true),
        { type: 'mrkdwn', text: `*${T.reporter}*\n<@${safe(t.reporter, 30)}>` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*${T.doingField}*\n${safe(d.doing || '—', 2800)}` } },
  ];
  if (d.tried.trim())
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${T.triedField}*\n${safe(d.tried, 2800)}` } });
  if (d.measure?.trim())
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${T.measureField}*\n${safe(d.measure, 2800)}` } });
  if (d.message)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${T.messageField}*\n\`\`\`${safe(d.message, 2700)}\`\`\`` },
    });
  if (d.paste?.trim()) {
    const pieces = escapedChunks(d.paste.trim(), 2800);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${T.pasteField}*\n\`\`\`${pieces[0] ?? ''}\`\`\`` },
    });
    if (pieces.length > 1) {
      // Characters of the paste shown, each entity counting as the one character it stands for.
      const shown = (pieces[0] ?? '').replace(/&(?:amp|lt|gt);/g, '_').length;
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: T.pasteCut(shown, d.paste.trim().length) }] });
    }
  }
  if (t.state === 'resolved' && t.resolution)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${T.resolution}*\n${safe(t.resolution, 2800)}` } });
  if (d.sourceLink)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${link(d.sourceLink, T.sourceMessage)} · ${T.discuss}` }],
    });
  const buttons: Button[] = [];
  const value = String(t.id);
  if (t.state !== 'resolved') {
    buttons.push({
      type: 'button',
      action_id: TICKET_IDS.take,
      value,
      text: plain(t.state === 'taken' ? T.takeOver : T.take),
      ...(t.state === 'open' ? { style: 'primary' as const } : {}),
    });
    buttons.push({ type: 'button', action_id: TICKET_IDS.resolve, value, text: plain(T.resolve) });
  } else {
    buttons.push({ type: 'button', action_id: TICKET_IDS.reopen, value, text: plain(T.reopen) });
  }
  buttons.push({ type: 'button', action_id: TICKET_IDS.markdown, value, text: plain(T.copy) });
  blocks.push({ type: 'actions', block_id: 'errcode_ticket_card', elements: buttons });
  const text = safe(`${t.number} ${T.states[t.state]}${A.colon}${d.title}`, LIMITS.messageText);
  return { text, blocks };
}

/** The reply in the source thread for each thing that happens to a ticket, in the reporter's language. */
export function sourceReply(t: Ticket, event: TicketEvent, user: string, cardLink?: string, note?: string): string {
  const R = messages(t.draft.lang).ticket.replies;
  const ref = cardLink ? link(cardLink, t.number) : t.number;
  const who = `<@${safe(user, 30)}>`;
  switch (event) {
    case 'opened':
      return R.opened(who, ref, safe(t.draft.title, 500));
    case 'linked':
      return R.linked(who, ref, safe(t.draft.title, 300));
    case 'taken':
      return R.taken(who, ref);
    case 'resolved':
      return note?.trim()
        ? R.resolvedWithNote(who, ref, safe(note.trim(), 2500).replace(/\n/g, '\n>'))
        : R.resolved(who, ref);
    case 'reopened':
      return R.reopened(who, ref);
  }
}

/** What the resolve confirmation carries to its submission. */
export interface ResolveModalMetadata {
  ticket: number;
}

/** "Resolved" asks first: a confirmation naming the ticket, with an optional note for the thread it came from. */
export function resolveModal(t: Ticket, lang: AnswerLang = 'en'): ModalView {
  const T = messages(lang).ticket;
  const metadata: ResolveModalMetadata = { ticket: t.id };
  return {
    type: 'modal',
    callback_id: TICKET_IDS.resolveModal,
    title: plain(T.resolveTitle(t.number), LIMITS.modalTitle),
    submit: plain(T.resolveSubmit, 24),
    close: plain(T.cancel, 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: T.resolveConfirm(t.number, safe(t.draft.title, 500)) } },
      textInput(TICKET_IDS.resolveNote, T.resolveNote, undefined, {
        multiline: true,
        max: 2000,
        hint: T.resolveNoteHint,
        placeholder: T.resolveNotePlaceholder,
      }),
    ],
  };
}

/** A modal showing the ticket as Markdown, whole, to copy into the provider's service-ticket form. */
export function markdownModal(t: Ticket, markdown: string, lang: AnswerLang = 'en'): View {
  const T = messages(lang).ticket;
  return {
    type: 'modal',
    title: plain(T.markdownTitle(t.number), LIMITS.modalTitle),
    close: plain(T.done, 24),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: T.markdownIntro }] },
      ...codeSections(markdown, LIMITS.viewBlocks - 1),
    ],
  };
}
