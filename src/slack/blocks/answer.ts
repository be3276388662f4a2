import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Answer, AnswerItem } from '../../engine/answer.ts';
import { type AnswerLang, type CatalogCoverage, messages } from '../messages/index.ts';
import { LIMITS, link, safe, truncate } from './text.ts';

export type { AnswerLang, CatalogCoverage } from '../messages/index.ts';

/** Action IDs of the buttons on an answer; listeners register these. */
export const ACTIONS = {
  share: 'errcode_share',
  /** The first ticket button; the others are `errcode_ticket.1`, `errcode_ticket.2` (unique within their block). */
  ticket: 'errcode_ticket',
  up: 'errcode_vote_up',
  down: 'errcode_vote_down',
  remove: 'errcode_remove_answer',
} as const;

/** Every ticket button's action ID: `errcode_ticket`, `errcode_ticket.1`… (never a ticket card's buttons). */
export const TICKET_ACTION = /^errcode_ticket(?:\.\d+)?$/;

/** The block of an answer's buttons. */
export const ANSWER_ACTIONS_BLOCK = 'errcode_answer_actions';

/** Where an entry was published, as an answer cites it. */
export type ItemSource = NonNullable<AnswerItem['source']>;

/** How to render an answer. */
export interface AnswerViewOptions {
  lang: AnswerLang;
  /** The stored answer's id, carried by the buttons; without it the answer has none (👍/👎 need it). */
  answerId?: string;
  /** Offer "Share in channel" (for an ephemeral answer). */
  shareable?: boolean;
  /** Offer "Open support ticket": on escalating entries, and on an answer that matched nothing. */
  ticketable?: boolean;
  /** Offer "Remove this answer": an answer errcode posted by itself in a channel. */
  removable?: boolean;
  /** Who shared the answer in the channel. */
  sharedBy?: string;
  /** What the catalog covers: said when nothing matched. */
  coverage?: CatalogCoverage;
  /** The vendor's error-code search for the unknown code, when configured. */
  lookup?: string;
  /** The Chinese page each item (by id) was published on, cited when its Chinese text is shown. */
  sourcesZh?: Record<string, ItemSource>;
}

/** A message ready for chat.postMessage / respond: a notification text and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The cause and measure in the wanted language, falling back to whichever the catalog has. */
function localized(item: AnswerItem, lang: AnswerLang): { cause?: string; measure?: string; chinese: boolean } {
  if (lang === 'zh') {
    const cause = item.causeZh ?? item.cause;
    const measure = item.measureZh ?? item.measure;
    return { cause, measure, chinese: !!(item.causeZh || item.measureZh) };
  }
  return { cause: item.cause ?? item.causeZh, measure: item.measure ?? item.measureZh, chinese: false };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: truncate(value, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/** A page as cited: its title, linked when its URL is known, then the file and the row. */
function citation(source: ItemSource, lang: AnswerLang): string {
  const L = messages(lang).answer;
  const title = source.url
    ? link(source.url, source.title ?? source.page, 200)
    : safe(source.title ?? source.page, 200);
  return L.citation(title, safe(source.page, 200), source.row);
}

function itemBlocks(item: AnswerItem, opts: AnswerViewOptions, host: string | undefined): KnownBlock[] {
  const L = messages(opts.lang).answer;
  const { cause, measure, chinese } = localized(item, opts.lang);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${item.code}  ${firstLine(item.message)}`, LIMITS.header) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*${L.service}*\n${safe(item.serviceName, LIMITS.field - 20)}` },
        { type: 'mrkdwn', text: `*${L.status}*\n${item.status ?? '—'}` },
        ...(item.variant
          ? [{ type: 'mrkdwn' as const, text: `*${L.variant}*\n${safe(item.variant, LIMITS.field - 20)}` }]
          : []),
      ],
    },
  ];
  if (cause)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${L.cause}*\n${safe(cause, LIMITS.sectionText - 40)}` },
    });
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `*${L.measure}*\n${measure ? safe(measure, LIMITS.sectionText - 40) : L.noMeasure}` },
  });
  const curated = [
    item.notes && `*${L.notes}${L.colon}*${safe(item.notes, 1200)}`,
    item.runbook && `*${L.runbook}${L.colon}*${link(item.runbook, item.runbook, 200)}`,
    item.owner && `*${L.owner}${L.colon}*${safe(item.owner, 200)}`,
  ].filter(Boolean);
  if (curated.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: curated.join('\n') } });
  // Chinese text shown: the Chinese page it was published on is cited, then the page the link goes to.
  const zh = chinese ? opts.sourcesZh?.[item.id] : undefined;
  const sources = [
    zh && `${L.source}${L.colon}${citation(zh, opts.lang)}`,
    item.source && `${zh ? L.alsoSource : L.source}${L.colon}${citation(item.source, opts.lang)}`,
  ];
  const context = [
    item.escalation !== 'none' && `:rotating_light: ${L.escalation[item.escalation]}`,
    ...sources,
    L.matched[item.matchedBy],
    item.alsoIn?.length && L.alsoIn(safe(item.alsoIn.join(L.listSeparator), 600)),
    host && item.alsoIn?.length && L.chosenByHost(safe(host, 100)),
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  if (context.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(context.join('  ·  '), LIMITS.sectionText) }],
    });
  return blocks;
}

/** What the paste held besides the code: request id, region, host. */
function extractedContext(answer: Answer, lang: AnswerLang): KnownBlock | undefined {
  const L = messages(lang).answer;
  const ex = answer.extracted;
  const host = ex.endpoint?.split('/')[0];
  const parts = [
    ex.requestId && `${L.requestId} \`${safe(ex.requestId, 200)}\``,
    ex.region && `${L.region} \`${safe(ex.region, 100)}\``,
    host && `${L.host} \`${safe(host, 300)}\``,
  ].filter(Boolean);
  if (!parts.length) return undefined;
  return {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: truncate(`${L.fromPaste}${L.colon}${parts.join('  ·  ')}`, LIMITS.sectionText) },
    ],
  };
}

function suggestionsBlock(answer: Answer, lang: AnswerLang): KnownBlock | undefined {
  if (!answer.suggestions.length) return undefined;
  const L = messages(lang).answer;
  const lines = answer.suggestions.map(
    (s) => `• \`${safe(s.code, 40)}\` ${safe(firstLine(s.message), 300)} _${L.paren(safe(s.serviceName, 100))}_`,
  );
  return { type: 'section', text: { type: 'mrkdwn', text: `*${L.suggestions}${L.colon}*\n${lines.join('\n')}` } };
}

/** The notification text: what Slack shows in notifications and where blocks cannot be shown. */
export function answerText(answer: Answer, lang: AnswerLang): string {
  const L = messages(lang).answer;
  const top = answer.matches[0];
  if (top) {
    const { measure } = localized(top, lang);
    return safe(
      `${top.code}: ${firstLine(top.message)}${measure ? ` — ${firstLine(measure)}` : ''}`,
      LIMITS.messageText,
    );
  }
  if (answer.unknownCode) return safe(L.unknown(answer.unknownCode).replace(/`/g, ''), LIMITS.messageText);
  return L.noMatch;
}

/** An answer that matched nothing: the unknown code, where its service publishes codes, its rule, the search. */
function unmatchedBlocks(answer: Answer, opts: AnswerViewOptions): KnownBlock[] {
  const L = messages(opts.lang).answer;
  const lines: string[] = [];
  if (answer.unknownCode) {
    const code = safe(answer.unknownCode, 60);
    lines.push(`:grey_question: ${L.unknown(code)}`);
    const service = answer.unknownService;
    if (service)
      lines.push(
        service.url
          ? L.servicePage(safe(service.serviceName, 200), link(service.url, L.servicePageLabel(service.serviceName)))
          : L.serviceNoPage(safe(service.serviceName, 200)),
      );
    if (answer.fallback)
      lines.push(
        L.fallback(
          safe(answer.fallback.serviceName, 200),
          safe(
            opts.lang === 'zh' ? (answer.fallback.measureZh ?? answer.fallback.measure) : answer.fallback.measure,
            2000,
          ),
        ),
      );
    if (opts.lookup) lines.push(`:mag: ${link(opts.lookup, L.lookup(answer.unknownCode))}`);
  } else {
    lines.push(`${L.noMatch} ${L.noMatchHint}`);
    if (answer.sharedBy) lines.push(L.sharedMessage(answer.sharedBy));
  }
  return [{ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), LIMITS.sectionText) } }];
}

/** What the catalog covers, for an answer that matched nothing. */
function coverageBlock(coverage: CatalogCoverage, lang: AnswerLang): KnownBlock {
  const L = messages(lang).answer;
  const names = safe(coverage.names.join(L.listSeparator), LIMITS.sectionText - 200);
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: L.coverage(coverage.services, coverage.codes, names) }],
  };
}

/** The buttons under an answer: tickets, share, 👍/👎, remove. */
function actionsBlock(answer: Answer, opts: AnswerViewOptions): ActionsBlock | undefined {
  const id = opts.answerId;
  if (!id) return undefined;
  const L = messages(opts.lang).answer;
  const buttons: Button[] = [];
  const shown = answer.matches.slice(0, 3);
  if (opts.ticketable) {
    const escalating = shown.map((item, i) => ({ item, i })).filter(({ item }) => item.escalation !== 'none');
    escalating.forEach(({ item, i }, n) => {
      const label = escalating.length > 1 ? L.ticketFor(item.code, item.variant) : L.ticket;
      const actionId = n === 0 ? ACTIONS.ticket : `${ACTIONS.ticket}.${n}`;
      buttons.push(button(label, actionId, `${id}:${i}`, item.escalation === 'required' ? 'primary' : undefined));
    });
    if (answer.matches.length === 0)
      buttons.push(
        button(
          L.ticket,
          ACTIONS.ticket,
          `${id}:fallback`,
          answer.fallback?.escalation === 'required' ? 'primary' : undefined,
        ),
      );
  }
  if (opts.shareable && (answer.matches.length || answer.unknownCode)) buttons.push(button(L.share, ACTIONS.share, id));
  buttons.push(button(L.up, ACTIONS.up, id), button(L.down, ACTIONS.down, id));
  if (opts.removable) {
    const remove = button(L.remove, ACTIONS.remove, id, 'danger');
    remove.confirm = {
      title: { type: 'plain_text', text: truncate(L.removeConfirm.title, 100) },
      text: { type: 'plain_text', text: L.removeConfirm.text },
      confirm: { type: 'plain_text', text: L.removeConfirm.confirm },
      deny: { type: 'plain_text', text: L.removeConfirm.deny },
      style: 'danger',
    };
    buttons.push(remove);
  }
  return { type: 'actions', block_id: ANSWER_ACTIONS_BLOCK, elements: buttons };
}

/**
 * The answer as a Slack message: each match with its cause, handling measure, meaning and source; an answer that
 * matched nothing says so with what the catalog covers, where the code's service publishes codes, and the vendor's
 * search; then what the paste held, then the buttons. Stays within Block Kit's limits however long the input: at
 * most three matches, every text cut to its field's size.
 */
export function answerMessage(answer: Answer, opts: AnswerViewOptions): SlackMessage {
  const L = messages(opts.lang).answer;
  const blocks: KnownBlock[] = [];
  answer.matches.slice(0, 3).forEach((item, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...itemBlocks(item, opts, answer.host));
  });
  if (answer.matches.length > 3)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.more(answer.matches.length - 3) }] });
  if (answer.matches.length === 0) blocks.push(...unmatchedBlocks(answer, opts));
  const suggestions = suggestionsBlock(answer, opts.lang);
  if (suggestions) blocks.push(suggestions);
  if (answer.matches.length === 0 && opts.coverage) blocks.push(coverageBlock(opts.coverage, opts.lang));
  const extracted = extractedContext(answer, opts.lang);
  if (extracted) blocks.push(extracted);
  if (answer.extracted.truncated) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.truncated }] });
  if (opts.sharedBy)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.sharedBy(safe(opts.sharedBy, 30)) }] });
  const actions = actionsBlock(answer, opts);
  // The buttons come last whatever is cut: at most 49 blocks before them.
  const body = blocks.slice(0, LIMITS.blocks - (actions ? 1 : 0));
  return { text: answerText(answer, opts.lang), blocks: actions ? [...body, actions] : body };
}
