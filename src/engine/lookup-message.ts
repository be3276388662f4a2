import { holds, type SearchIndex, WORD_SPLIT } from './search-index.ts';
import { literalLength, literalWords, matchesTemplate, type Template } from './templates.ts';
import { foldMessage, isGenericWord, queryWords, STOP_WORDS } from './text.ts';

/** How a message was found in the catalog. */
export type MessageKind = 'message' | 'template';

/** Entries that publish a message, and how they were found. */
export interface MessageHit {
  ids: number[];
  kind: MessageKind;
}

/** A wrapper around the real message: `The error message "…" is displayed.`, `报错信息“…”`. */
const WRAPPERS = [
  /^(?:the )?(?:following )?error (?:message|information) ["“'](.+)["”'] (?:is|was) (?:displayed|returned|reported)$/i,
  /^(?:error|message|error message|error_msg|errmsg)\s*[:=]\s*(.+)$/i,
  /^(?:报错|错误)(?:信息|提示)?[:：]?\s*[“"](.+)[”"]/,
];
/** A tail after the message that names what failed: `…: identity:list_agencies`, `…, request_id: 1b2c…`. */
const TAIL = /(?:[:：,]\s*(?:request[_ ]?id\s*[:=]\s*)?[\w.:/{}$-]{1,120}|\s*\([^()]{1,120}\))$/u;

/** A `summary: detail` message (the gateway's `Incorrect IAM authentication information: calc aksk …`). */
const SUMMARY = /^([^:：]{7,120}?[^\d\s:：])\s*[:：]\s*[\p{L}]/u;

/**
 * The forms a pasted message is looked up in: as pasted, unwrapped, and with a tail cut (repeatedly, up to three
 * times), all folded. The published message is usually the longest of them the catalog has.
 */
export function messageForms(message: string): string[] {
  const forms: string[] = [];
  const add = (text: string) => {
    const folded = foldMessage(text);
    if (folded.length >= 3 && !forms.includes(folded)) forms.push(folded);
  };
  let text = message.trim();
  add(text);
  for (const wrapper of WRAPPERS) {
    const inner = wrapper.exec(foldMessage(text))?.[1] ?? wrapper.exec(text)?.[1];
    if (inner) {
      text = inner;
      add(text);
    }
  }
  for (let i = 0; i < 3; i++) {
    const cut = text.replace(TAIL, '').trim();
    if (cut === text || cut.length < 8) break;
    text = cut;
    add(text);
  }
  return forms;
}

/** The summary of a `summary: detail` message, folded; undefined when it has none of two words or more. */
export function summaryOf(message: string): string | undefined {
  const summary = SUMMARY.exec(message.trim())?.[1];
  return summary && summary.trim().split(/\s+/).length >= 2 ? foldMessage(summary) : undefined;
}

/**
 * Whether a template says enough to stand for a message: two telling words of its own ("Subnet not found: %s"), or
 * one where its own text is most of the filled message ("Invalid type %s"). "%s failed" and "Invalid {param}." say
 * nothing a paste could be recognised by.
 */
function specific(template: Template, filled: string): boolean {
  const telling = literalWords(template).filter((w) => !STOP_WORDS.has(w) && !isGenericWord(w)).length;
  return telling >= 2 || (telling === 1 && literalLength(template) * 5 >= filled.length * 2);
}

/**
 * Stage 3, look up a message: the entries that publish it exactly (in any published wording, or as a filled-in
 * template), trying each of its forms in turn; else the entries whose cause it is. A bare HTTP reason phrase
 * ("Unauthorized") says nothing specific.
 */
export function lookUpMessage(
  index: SearchIndex,
  message: string,
  forms = messageForms(message),
): MessageHit | undefined {
  for (const form of forms) {
    if (isGenericHttp(form)) continue;
    const ids = index.exact.get(form);
    if (ids) return { ids: [...ids], kind: 'message' };
    // A template counts where it says something specific, and the most specific of those that match wins.
    const hits = [...new Set(form.split(WORD_SPLIT))]
      .flatMap((word) => index.templates.get(word) ?? [])
      .filter(
        (t) => form.includes(t.template.anchor) && specific(t.template, form) && matchesTemplate(t.template, form),
      );
    const best = Math.max(0, ...hits.map((h) => literalLength(h.template)));
    const chosen = hits.filter((h) => literalLength(h.template) === best);
    if (chosen.length) return { ids: [...new Set(chosen.map((h) => h.id))], kind: 'template' };
  }
  for (const form of forms) {
    const ids = index.causes.get(form);
    if (ids && !isGenericHttp(form)) return { ids: [...ids], kind: 'message' };
  }
  return undefined;
}

/**
 * How well a pasted message fits an entry's own wording, from 0 to 1: 1 when the entry publishes it (exactly or as a
 * template); otherwise the share of the message's telling words (generic ones aside) that the entry's message and
 * cause use, scaled below 1. Chooses among the entries a code has, where a service publishes a code with several meanings.
 */
export function messageFit(index: SearchIndex, id: number, message: string, exact?: MessageHit): number {
  if (exact?.ids.includes(id)) return 1;
  const words = queryWords(message).filter((w) => !isGenericWord(w.word));
  if (words.length === 0) return 0;
  const strong = index.strong(id);
  let found = 0;
  for (const w of words) {
    if (
      w.terms.some((t) => {
        const termId = index.termId(t);
        return termId !== undefined && holds(strong, termId);
      })
    )
      found++;
  }
  // Below 1: a wording published as pasted fits better than any that merely uses the same words.
  return (0.95 * found) / words.length;
}

const HTTP_REASONS =
  'bad request|unauthorized|payment required|forbidden|not found|method not allowed|not acceptable|request timeout|' +
  'conflict|gone|payload too large|too many requests|internal server error|internal error|not implemented|bad gateway|' +
  'service unavailable|gateway timeout|unknown error|error|failed';
const GENERIC_HTTP = new RegExp(
  `^\\s*(?:http/\\d(?:\\.\\d)?\\s+)?(?:(?:status|code|http)\\s*:?\\s*)?(?:[1-5]\\d\\d\\s*)?(?:${HTTP_REASONS})?\\s*[.!]?\\s*$`,
  'i',
);

/** A status line or reason phrase alone ("HTTP/1.1 502 Bad Gateway", "Unauthorized") names no specific error. */
export function isGenericHttp(text: string): boolean {
  return text.length < 80 && GENERIC_HTTP.test(text);
}
