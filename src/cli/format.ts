import type { Answer, AnswerItem } from '../engine/answer.ts';
import { ticketCommand } from './hint.ts';
import { plain, type Style } from './style.ts';
import { hang } from './wrap.ts';

/** Which language to show causes and measures in; the other is the fallback when the catalog lacks one. */
export type TextLang = 'en' | 'zh';

/** Chinese for a question asked in Chinese, English otherwise. */
export function languageOf(query: string): TextLang {
  return /[\u3400-\u9fff]/.test(query) ? 'zh' : 'en';
}

/** How an answer is laid out. */
export interface FormatOptions {
  /** Language of causes and measures. */
  lang: TextLang;
  /** Columns to wrap to: the terminal's width, 80 when not a terminal. */
  width: number;
  /** Bold and colour, or plain text. */
  style: Style;
}

export const defaultFormatOptions: FormatOptions = { lang: 'en', width: 80, style: plain };

/** Narrower than this, a hanging indent leaves no room for the text: wrap as if this wide. */
const MIN_WIDTH = 40;

const ESCALATION_LABEL = {
  required: 'Escalate: contact technical support.',
  suggested: 'Escalation possible: support is one of the options.',
  none: '',
} as const;

/** Where the ticket command is introduced. */
export const TICKET_HINT = "A ticket for the provider's form:";

/** Labels of an item's fields, padded to one width so the texts align. */
const LABEL_WIDTH = 11;

/** The first line of a message, without the list numbering some pages put there (`1. `, `1) `, `(1) `, `1、`). */
export function headline(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^\s*\(?\d{1,3}[.)、]\s*/u, '').trim();
}

/** Case, width and punctuation folded away: two texts that say the same thing compare equal. */
function folded(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function describeItem(item: AnswerItem, opts: FormatOptions, ticket: string | undefined): string[] {
  const { style: s, width } = opts;
  const title = headline(item.message);
  const lines = hang(`${item.code}  `, title, width).map((l, i) =>
    i === 0 ? s.bold(s.cyan(item.code)) + l.slice(item.code.length) : l,
  );
  const field = (label: string, text: string) => {
    const head = `  ${label}`.padEnd(LABEL_WIDTH);
    return hang(head, text, width).map((l, i) => (i === 0 ? `  ${s.bold(label)}${l.slice(label.length + 2)}` : l));
  };
  const about = [
    item.serviceName,
    item.variant,
    item.status !== undefined ? `HTTP ${item.status}` : undefined,
    item.matchedBy === 'alias' ? 'matched by alias' : undefined,
  ].filter((x): x is string => !!x);
  lines.push(...field('Service:', about.join(' · ')));
  const cause = opts.lang === 'zh' ? (item.causeZh ?? item.cause) : (item.cause ?? item.causeZh);
  // Many pages repeat the message as the cause: printed once, as the headline.
  if (cause && folded(cause) !== folded(title)) lines.push(...field('Cause:', cause));
  const measure = opts.lang === 'zh' ? (item.measureZh ?? item.measure) : (item.measure ?? item.measureZh);
  lines.push(...field('Measure:', measure ?? '(the page gives no handling measure)'));
  if (item.notes) lines.push(...field('Notes:', item.notes));
  if (item.runbook) lines.push(...field('Runbook:', item.runbook));
  if (item.source) lines.push(...field('Source:', `${item.source.page}, row ${item.source.row}`));
  if (item.source?.url) lines.push(...field('Link:', item.source.url));
  if (item.alsoIn?.length) lines.push(...field('Also in:', item.alsoIn.join(', ')));
  const escalation = ESCALATION_LABEL[item.escalation];
  if (escalation) {
    const text = ticket ? `${escalation} ${TICKET_HINT}` : escalation;
    lines.push(...hang('  ', text, width).map((l) => s.yellow(l)));
    // Never wrapped: a command broken over lines cannot be copied as it stands.
    if (ticket) lines.push(`    ${ticket}`);
  }
  return lines;
}

/** The answer as text for a terminal: what the bot would say, wrapped to the width, without Slack formatting. */
export function formatAnswer(answer: Answer, options: Partial<FormatOptions> = {}): string {
  const opts: FormatOptions = { ...defaultFormatOptions, ...options };
  opts.width = Math.max(opts.width, MIN_WIDTH);
  const { style: s, width } = opts;
  const out: string[] = [];
  const ex = answer.extracted;
  const ticket = ticketCommand(answer);
  const ticketed = answer.matches.find((m) => m.escalation !== 'none');
  for (const m of answer.matches) out.push(...describeItem(m, opts, m === ticketed ? ticket : undefined), '');
  if (answer.unknownCode) {
    out.push(`${s.bold(answer.unknownCode)} is not in the catalog.`);
    const owner = answer.unknownService;
    if (owner) {
      const where = owner.url ? ` (${owner.url})` : '';
      out.push(...hang('  ', `Its prefix belongs to ${owner.serviceName}${where}.`, width, 4));
    }
    if (answer.fallback) {
      out.push(
        ...hang(
          '  ',
          `${answer.fallback.serviceName} says for codes it does not list: ${fallbackMeasure(answer, opts)}`,
          width,
          4,
        ),
      );
      if (ticket && !ticketed) out.push(...hang('  ', TICKET_HINT, width).map((l) => s.yellow(l)), `    ${ticket}`);
    }
    out.push('');
  }
  if (answer.matches.length === 0 && !answer.unknownCode) {
    out.push('No matching error code found.');
    if (answer.sharedBy)
      out.push(
        ...hang('  ', `${answer.sharedBy} codes publish that message; the code itself would tell which.`, width),
      );
    out.push('');
  }
  if (answer.suggestions.length) {
    out.push(s.bold('Did you mean:'));
    for (const m of answer.suggestions) {
      const lines = hang(`  ${m.code}  `, `${headline(m.message)} (${m.serviceName})`, width);
      out.push(...lines.map((l, i) => (i === 0 ? `  ${s.cyan(m.code)}${l.slice(m.code.length + 2)}` : l)));
    }
    out.push('');
  }
  const seen = [
    ex.status && `HTTP ${ex.status}`,
    answer.host && `host ${answer.host}`,
    ex.requestId && `request id ${ex.requestId}`,
    ex.region && `region ${ex.region}`,
    ex.endpoint && `endpoint ${ex.endpoint}`,
  ].filter((x): x is string => Boolean(x));
  if (seen.length) out.push(...hang('From the paste: ', seen.join(' · '), width));
  return out.join('\n').trimEnd();
}

function fallbackMeasure(answer: Answer, opts: FormatOptions): string {
  const f = answer.fallback;
  if (!f) return '';
  return opts.lang === 'zh' ? (f.measureZh ?? f.measure) : f.measure;
}
