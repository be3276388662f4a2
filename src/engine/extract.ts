/**
 * Finds error candidates in whatever a user pasted: JSON bodies (also escaped inside other JSON), SDK exception
 * texts, JS object literals, Terraform and curl output, logs, chat around them.
 *
 * It is a tolerant key/value scanner, not a JSON parser: truncated, escaped and half-quoted bodies are the norm.
 * Every pattern here is linear (no nested quantifiers, bounded repeats), so hostile input cannot make it backtrack.
 */

/** Inputs longer than this are cut before anything else runs. */
export const MAX_INPUT = 1024 * 1024;

/**
 * Keys read at most. An error body has a handful; a paste with thousands is a log dump, where codes of known services
 * are still found by the code scan that follows.
 */
const MAX_KEYS = 2000;

/** An error code found in the text, with how sure we are that it is one. */
export interface CodeCandidate {
  code: string;
  /** `key`: the value of an error-code key; `bracket`: `[APIGW.0301]message`; `text`: a code-shaped word. */
  via: 'key' | 'bracket' | 'text';
  index: number;
}

/** What the extractor found. */
export interface Extracted {
  codes: CodeCandidate[];
  messages: string[];
  status?: number;
  requestId?: string;
  endpoint?: string;
  region?: string;
  /** Whether the text looks like an error body or exception (keys, HTTP status line), not just chat. */
  structured: boolean;
  /** Whether the input was longer than MAX_INPUT and was cut. */
  truncated: boolean;
}

/** Undoes what Slack and serialisers do to a pasted body: entities, links, fences, escaping, box drawing. */
export function prepare(raw: string): { text: string; truncated: boolean } {
  const truncated = raw.length > MAX_INPUT;
  let text = truncated ? raw.slice(0, MAX_INPUT) : raw;
  text = text
    .replace(/<(https?:\/\/[^|<>\s]{1,2000})(?:\|[^<>\n]{0,2000})?>/g, '$1') // Slack links
    .replace(/<[@#!][^<>\s]{1,100}>/g, ' ') // Slack mentions and specials
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\+(["'])/g, '$1') // escaped quotes, at any depth of escaping
    .replace(/\\+[nr]/g, '\n')
    .replace(/\\+t/g, ' ')
    .replace(/```/g, '\n')
    .replace(/^[ \t]*[│|┃║>]+[ \t]?/gm, ''); // Terraform's box, quote markers
  return { text, truncated };
}

const KEY =
  /(?:^|[^A-Za-z0-9_-])["']?(error_?code|errorcode|errcode|error-code|code|error_?msg|errormsg|errmsg|error_?message|errormessage|message|msg|error_description|request_?id|requestid|x-request-id|x-openstack-request-id|status_?code|statuscode|httpstatuscode|http_?status|status)["']?[ \t]{0,20}[:=][ \t]{0,20}/gi;
const CODE_KEYS = /^(?:error_?code|errorcode|errcode|error-code|code)$/i;
const MESSAGE_KEYS = /^(?:error_?msg|errormsg|errmsg|error_?message|errormessage|message|msg|error_description)$/i;
const REQUEST_KEYS = /^(?:request_?id|requestid|x-request-id|x-openstack-request-id)$/i;
const STATUS_KEYS = /^(?:status_?code|statuscode|httpstatuscode|http_?status|status)$/i;

const HTTP_STATUS = /^[1-5]\d\d$/;
const CODE_VALUE = /^(?:[A-Za-z][A-Za-z0-9]{0,19}[._-]?\d{2,6}|\d{3,6})$/;
const NULLISH = /^(?:null|none|nil|undefined|-|)$/i;

/** Reads the value that starts at `at`: quoted, a list's first item, or bare up to the end of the line. */
function readValue(text: string, at: number): { value: string; quoted: boolean } | undefined {
  const ch = text[at];
  if (ch === '{') return undefined; // an object: its own keys are scanned anyway
  // Every read is bounded: a value never runs past 2,000 characters, whatever the input.
  if (ch === '[') {
    const inner = upTo(text.slice(at + 1, at + 200), ']');
    return { value: (inner.split(',')[0] ?? '').trim().replace(/^["']|["']$/g, ''), quoted: true };
  }
  if (ch === '"' || ch === "'") {
    const window = text.slice(at + 1, at + 2001);
    const end = window.indexOf(ch);
    if (end >= 0) return { value: window.slice(0, end), quoted: true };
    return { value: upTo(window.slice(0, 500), '\n'), quoted: true };
  }
  return { value: upTo(text.slice(at, at + 500), '\n'), quoted: false };
}

function upTo(text: string, stop: string): string {
  const i = text.indexOf(stop);
  return i < 0 ? text : text.slice(0, i);
}

/** Cuts a bare message where the next `key:` or the closing brace starts (Python SDK: `error_msg:…,key:…}`). */
function trimBareMessage(value: string): string {
  let out = value;
  const nextKey = /,\s*[A-Za-z_]{2,40}\s*[:=]/.exec(out);
  if (nextKey) out = out.slice(0, nextKey.index);
  const brace = out.search(/\s*[}\]]/);
  if (brace >= 0) out = out.slice(0, brace);
  return out.replace(/[,;]\s*$/, '').trim();
}

const BRACKET_CODE = /\[([A-Za-z][A-Za-z0-9]{0,19}[._-]?\d{3,5})\][ \t]*([^\n[\]{}"]{3,300})?/g;
const TEXT_CODE = /(?<![A-Za-z0-9._-])([A-Za-z][A-Za-z0-9]{0,19}?)([._-]?)(\d{3,5})(?![A-Za-z0-9]|\.\d)/g;
const HTTP_LINE = /\bHTTP\/\d(?:\.\d)?[ \t]+([1-5]\d\d)\b/;
const URL = /\bhttps?:\/\/([A-Za-z0-9.-]{1,253})(?::\d{1,5})?(\/[^\s"'<>\]),]{0,500})?/g;
const REGION = /\b([a-z]{2}-[a-z]{2,12}-\d{1,3})\b/;

/**
 * Whether a code-shaped word outside any key is an error code: a known service prefix in any spelling, or else only
 * the canonical `PREFIX.NNNN` shape of a service the catalog does not have (so `ps-001` or `v1.234` are not codes).
 */
function isCodeWord(word: string, knownPrefix: KnownPrefix): boolean {
  const m = /^([A-Za-z][A-Za-z0-9]{0,19}?)([._-]?)(\d{3,5})$/.exec(word);
  if (!m) return false;
  const [, prefix = '', sep, digits = ''] = m;
  return knownPrefix(prefix) || (sep === '.' && digits.length === 4 && /^[A-Za-z]{2,}$/.test(prefix));
}

/** A predicate telling whether a code-shaped word's prefix belongs to a catalog service. */
export type KnownPrefix = (prefix: string) => boolean;

/** Extracts every error candidate from pasted text. Never throws; bounded time for any input up to MAX_INPUT. */
export function extract(raw: string, knownPrefix: KnownPrefix = () => false): Extracted {
  const { text, truncated } = prepare(raw);
  const out: Extracted = { codes: [], messages: [], structured: false, truncated };
  const seenCodes = new Set<string>();
  const addCode = (code: string, via: CodeCandidate['via'], index: number) => {
    const key = code.toLowerCase();
    if (seenCodes.has(key)) return;
    seenCodes.add(key);
    out.codes.push({ code, via, index });
  };
  const addMessage = (message: string) => {
    const m = message.replace(/\s+/g, ' ').trim();
    if (m.length >= 3 && !NULLISH.test(m) && !out.messages.includes(m)) out.messages.push(m);
  };

  KEY.lastIndex = 0;
  let keys = 0;
  for (let m = KEY.exec(text); m !== null && keys++ < MAX_KEYS; m = KEY.exec(text)) {
    const key = m[1] ?? '';
    const read = readValue(text, m.index + m[0].length);
    if (!read) continue;
    const value = read.value.trim();
    if (CODE_KEYS.test(key)) {
      const bare = value.split(/[\s,;}\])]/)[0] ?? '';
      if (HTTP_STATUS.test(bare) && (key.toLowerCase() === 'code' || !read.quoted)) {
        // Keystone's {"error": {"code": 401, ...}}: an HTTP status, not an error code.
        out.status ??= Number(bare);
        out.structured = true;
      } else if (CODE_VALUE.test(bare)) {
        addCode(bare, 'key', m.index);
        out.structured = true;
      }
    } else if (MESSAGE_KEYS.test(key)) {
      if (value.startsWith('{')) continue;
      addMessage(read.quoted ? value : trimBareMessage(value));
      out.structured = true;
    } else if (REQUEST_KEYS.test(key)) {
      const id = /^[A-Za-z0-9][A-Za-z0-9_-]{5,127}/.exec(value)?.[0];
      if (id && !out.requestId) out.requestId = id;
    } else if (STATUS_KEYS.test(key)) {
      const status = /^([1-5]\d\d)\b/.exec(value)?.[1];
      if (status && out.status === undefined) out.status = Number(status);
    }
  }

  BRACKET_CODE.lastIndex = 0;
  for (let m = BRACKET_CODE.exec(text); m !== null; m = BRACKET_CODE.exec(text)) {
    const code = m[1] ?? '';
    if (!isCodeWord(code, knownPrefix)) continue;
    addCode(code, 'bracket', m.index);
    if (m[2]) addMessage(m[2]);
    out.structured = true;
  }

  TEXT_CODE.lastIndex = 0;
  for (let m = TEXT_CODE.exec(text); m !== null; m = TEXT_CODE.exec(text)) {
    if (isCodeWord(m[0], knownPrefix)) addCode(m[0], 'text', m.index);
  }

  const http = HTTP_LINE.exec(text);
  if (http?.[1]) {
    out.status ??= Number(http[1]);
    out.structured = true;
  }

  URL.lastIndex = 0;
  for (let m = URL.exec(text); m !== null; m = URL.exec(text)) {
    const host = m[1] ?? '';
    if (!/huaweicloud|myhwclouds|otc\.t-systems|hwclouds/i.test(host) && out.endpoint) continue;
    out.endpoint = `${host}${m[2] ?? ''}`;
    const region = REGION.exec(host)?.[1];
    if (region) out.region = region;
    if (/huaweicloud|myhwclouds|hwclouds/i.test(host)) break;
  }
  if (!out.region) {
    const region = /\bregion[ \t]*[:=][ \t]*["']?([a-z]{2}-[a-z]{2,12}-\d{1,3})/i.exec(text)?.[1];
    if (region) out.region = region;
  }
  // Codes found inside the key scan come first, then in the order they appear.
  const rank = { key: 0, bracket: 1, text: 2 } as const;
  out.codes.sort((a, b) => rank[a.via] - rank[b.via] || a.index - b.index);
  return out;
}
