import { isWordCode, MAX_CODE_LENGTH, parseCode } from '../catalog/codes.ts';
import { STOP_WORDS } from './text.ts';

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
  /**
   * `key`: the value of an error-code key (JSON, SDK text, XML `<Code>`); `bracket`: `[APIGW.0301]message`; `text`: a
   * code-shaped word, a typed spelling (`IMG 0099`) or a number after "errorcode".
   */
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
  /** The first label of every cloud API host in the text (`vpc` of `vpc.eu-de.otc.t-systems.com`), in order. */
  hosts: string[];
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
/**
 * Word codes an error-code key may hold whatever the catalog knows: `NoSuchKey`, `Throttling`, `RESOURCE_NOT_FOUND`.
 * A capital is required: `"code": "error"` or `"code": "success"` are not codes.
 */
const CAMEL_CODE = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$/;
const UPPER_CODE = /^[A-Z][A-Z0-9]*(?:[._-][A-Z0-9]+)+$/;
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

const BRACKET_CODE = /\[([A-Za-z][A-Za-z0-9._-]{0,40}?\d{2,10})\][ \t]*([^\n[\]{}"]{3,300})?/g;
/** Runs of code characters; each is then checked as a whole (no lookaround, no backtracking). */
const TOKEN = /[A-Za-z0-9][A-Za-z0-9._-]*/g;
/**
 * Codes as people type them: a prefix, a space (or `. `), the number: `IMG 0099`, `DCS. 4855`. A prefix that is an
 * English word counts only in capitals (`AS 2024`, not "saved as 2024").
 */
const SPACED_CODE = /(?<![A-Za-z0-9._-])([A-Za-z][A-Za-z0-9_]{0,19})(\.? )(\d{3,10})(?![A-Za-z0-9])/g;
/** A bare number that the words before it call an error code: `IAM returned errorcode 1100`, `error code: 0171`. */
const NAMED_NUMBER = /\b(?:error[ _-]?code|errcode|err[ _-]?code|code)[ \t]*[:=#]?[ \t]*(\d{4,12})(?![\d.])/gi;
const HTTP_LINE = /\bHTTP\/\d(?:\.\d)?[ \t]+([1-5]\d\d)\b/;
const URL = /\bhttps?:\/\/([A-Za-z0-9.-]{1,253})(?::\d{1,5})?(\/[^\s"'<>\]),]{0,500})?/g;
const REGION = /\b([a-z]{2}-[a-z]{2,12}-\d{1,3})\b/;
/** Domains of the clouds' API hosts: `iam.cn-north-4.myhuaweicloud.com`, `vpc.eu-de.otc.t-systems.com`. */
const CLOUD_DOMAINS = [
  '.myhuaweicloud.com',
  '.myhuaweicloud.eu',
  '.huaweicloud.com',
  '.otc.t-systems.com',
  '.hwclouds.com',
];

/**
 * The cloud API hosts in the text, as label lists, found by looking for the clouds' domains and walking back over the
 * host name: linear in the text, whatever it holds.
 */
function cloudHosts(text: string, limit = 50): string[][] {
  const lower = text.toLowerCase();
  const found: { at: number; labels: string[] }[] = [];
  for (const domain of CLOUD_DOMAINS) {
    for (let at = lower.indexOf(domain); at >= 0 && found.length < limit; at = lower.indexOf(domain, at + 1)) {
      let start = at;
      while (start > 0 && at - start < 253 && /[a-z0-9.-]/.test(lower.charAt(start - 1))) start--;
      const labels = lower.slice(start, at).split('.').filter(Boolean);
      if (labels.length > 0) found.push({ at, labels });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.labels);
}
const XML_FIELD = /<(Code|ErrorCode|Message|ErrorMessage|RequestId)>([^<]{0,2000})<\/\1>/gi;

/** What the extractor asks the catalog. */
export interface ExtractContext {
  /** Whether a code prefix belongs to a catalog service (aliases included). */
  knownPrefix(prefix: string): boolean;
  /** Whether the catalog publishes this word code (`NoSuchKey`). */
  knownWordCode(word: string): boolean;
}

const NO_CATALOG: ExtractContext = { knownPrefix: () => false, knownWordCode: () => false };

/**
 * Whether a code-shaped word outside any key is an error code: a known service prefix in any spelling, or else only
 * the canonical shape of a code of a service the catalog does not have: a capitalised prefix, `.` or `_`, at least
 * three digits (`CBC.30000067`, `CCE_CM.0201`). So `ps-001`, `v1.234` or `utf-8` are not codes.
 */
function isCodeWord(word: string, ctx: ExtractContext): boolean {
  const parts = parseCode(word);
  if (!parts?.prefix || !/\d{3}/.test(parts.number)) return false;
  if (ctx.knownPrefix(parts.prefix)) return true;
  const sep = word.charAt(word.length - parts.number.length - 1);
  return (sep === '.' || sep === '_') && /^[A-Z][A-Za-z]/.test(parts.prefix);
}

/** Whether an error-code key's value is an error code: any code shape, a bare number, or a word code. */
function isCodeValue(value: string, ctx: ExtractContext): boolean {
  if (value.length === 0 || value.length > MAX_CODE_LENGTH) return false;
  if (parseCode(value)) return true;
  return isWordCode(value) && (ctx.knownWordCode(value) || CAMEL_CODE.test(value) || UPPER_CODE.test(value));
}

/** A predicate telling whether a code-shaped word's prefix belongs to a catalog service. */
export type KnownPrefix = (prefix: string) => boolean;

/** Extracts every error candidate from pasted text. Never throws; bounded time for any input up to MAX_INPUT. */
export function extract(raw: string, context: Partial<ExtractContext> | KnownPrefix = NO_CATALOG): Extracted {
  const ctx: ExtractContext =
    typeof context === 'function' ? { ...NO_CATALOG, knownPrefix: context } : { ...NO_CATALOG, ...context };
  const { text, truncated } = prepare(raw);
  const out: Extracted = { codes: [], messages: [], hosts: [], structured: false, truncated };
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
      // A quoted value is the whole code (`"DCS. 4855"`); a bare one ends at the next separator.
      const bare = (read.quoted && parseCode(value) ? value : value.split(/[\s,;}\])'"]/)[0]) ?? '';
      if (HTTP_STATUS.test(bare) && (key.toLowerCase() === 'code' || !read.quoted)) {
        // Keystone's {"error": {"code": 401, ...}}: an HTTP status, not an error code.
        out.status ??= Number(bare);
        out.structured = true;
      } else if (isCodeValue(bare, ctx)) {
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

  // XML error bodies (OBS, S3-compatible APIs): <Code>NoSuchKey</Code><Message>…</Message>.
  XML_FIELD.lastIndex = 0;
  let xml = 0;
  for (let m = XML_FIELD.exec(text); m !== null && xml++ < MAX_KEYS; m = XML_FIELD.exec(text)) {
    const tag = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if ((tag === 'code' || tag === 'errorcode') && isCodeValue(value, ctx)) addCode(value, 'key', m.index);
    else if (tag === 'message' || tag === 'errormessage') addMessage(value);
    else if (tag === 'requestid' && !out.requestId && /^[A-Za-z0-9][A-Za-z0-9_-]{5,127}$/.test(value))
      out.requestId = value;
    out.structured = true;
  }

  BRACKET_CODE.lastIndex = 0;
  for (let m = BRACKET_CODE.exec(text); m !== null; m = BRACKET_CODE.exec(text)) {
    const code = m[1] ?? '';
    if (!isCodeWord(code, ctx)) continue;
    addCode(code, 'bracket', m.index);
    if (m[2]) addMessage(m[2]);
    out.structured = true;
  }

  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const word = m[0].replace(/[._-]+$/, '');
    if (word.length <= MAX_CODE_LENGTH && isCodeWord(word, ctx)) addCode(word, 'text', m.index);
  }
  SPACED_CODE.lastIndex = 0;
  for (let m = SPACED_CODE.exec(text); m !== null; m = SPACED_CODE.exec(text)) {
    const prefix = m[1] ?? '';
    // Auto Scaling's `AS` and Image Search's `IS` are English words too: "released as 2024", "the year is 2019".
    const word = STOP_WORDS.has(prefix.toLowerCase()) && prefix !== prefix.toUpperCase();
    if (!word && ctx.knownPrefix(prefix)) addCode(m[0], 'text', m.index);
  }
  NAMED_NUMBER.lastIndex = 0;
  for (let m = NAMED_NUMBER.exec(text); m !== null; m = NAMED_NUMBER.exec(text)) addCode(m[1] ?? '', 'text', m.index);

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
  for (const labels of cloudHosts(text)) {
    const first = labels[0];
    if (first && !out.hosts.includes(first)) out.hosts.push(first);
    // `vpc.eu-de.otc.t-systems.com`: the sister cloud's regions have no number.
    const region = labels[1];
    if (!out.region && region && /^[a-z]{2}-[a-z0-9]{2,12}(?:-\d{1,3})?$/.test(region)) out.region = region;
  }
  if (!out.region) {
    const region = /\bregion[ \t]*[:=][ \t]*["']?([a-z]{2}-[a-z]{2,12}-\d{1,3})/i.exec(text)?.[1];
    if (region) out.region = region;
  }
  // Codes found inside the key scan come first, then in the order they appear.
  const rank = { key: 0, bracket: 1, text: 2 } as const;
  out.codes.sort((a, b) => rank[a.via] - rank[b.via] || a.index - b.index);
  // A code written in a line of text (`VPC.0101: Delete router error … is invalid.`): the rest of its line is the
  // message it came with, where no key gave one.
  const [first] = out.codes;
  if (out.messages.length === 0 && first && first.via === 'text') {
    const from = first.index + first.code.length;
    const end = text.indexOf('\n', from);
    const rest = text.slice(from, end < 0 ? from + 500 : Math.min(end, from + 500));
    const message = rest.replace(/^[\s:：,;|\])-]+/, '').trim();
    if (message.split(/\s+/).length >= 3) addMessage(message);
  }
  return out;
}
