import { stemmer } from 'stemmer';

/**
 * Text handling shared by the index and the queries: one tokenizer that keeps error codes whole and splits Chinese
 * into bigrams, one term normaliser with Porter stemming and domain synonyms.
 */

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
/** Word-ish runs: letters and digits, joined by `.`, `-` or `_` inside a token (`IMG.0012`, `x-auth-token`). */
const WORD = /[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu;
/** The same for plain ASCII text (nearly all of it), which V8 matches several times faster. */
const ASCII_WORD = /[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*/g;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
const CODE_LIKE = /^[a-z][a-z0-9]*[._-]?\d{2,}$/i;

/** Words too common in the catalog's wording, or in chat, to tell entries apart. */
export const STOP_WORDS = new Set(
  (
    'a an the of to in on for by with from at as is are was were be been being it its this that these those ' +
    'and or not no do does did has have had can cannot could would should will shall may might must than then ' +
    'please i we you he she they me my our your their there here what which who whom when where why how ' +
    'if else so but just also only very too about into again further once all any both each few more ' +
    'most other some such same s t now get got getting am hi hello hey thanks thank ' +
    // Chat around a question: words that say nothing about the error.
    'right still keep keeps kept seems seem says say said happened happens happening wait waiting currently ' +
    'actually suddenly today yesterday anymore ever even guys anyone someone help'
  ).split(' '),
);

/**
 * Words every error says: they may help rank what other words found, but never make a match on their own and carry no
 * information at this catalog's size ("code", "error", "failed", "request", "invalid", "system", "internal"…).
 */
const GENERIC_WORDS = new Set(
  (
    'code codes error errors err fail fails failed failure request requests invalid system internal exception ' +
    'exceptions occurred occur unknown problem issue issues message response status http try later retry'
  ).split(' '),
);

/** Whether a query word is one every error says (see GENERIC_WORDS). */
export function isGenericWord(word: string): boolean {
  return GENERIC_WORDS.has(word.toLowerCase());
}

/**
 * Groups of words users use for the same thing. A word of a group is indexed and searched both as itself and as the
 * group, so a paraphrase finds the entry and the entry's own wording still ranks first.
 */
const SYNONYM_GROUPS = [
  ['quota', 'limit', 'maximum', 'max', 'exceed', 'reached', 'allowed', 'upper', 'many', 'hit'],
  ['ecs', 'vm', 'server', 'machine', 'host'],
  ['delete', 'remove', 'deletion'],
  ['invalid', 'incorrect', 'wrong', 'illegal', 'malformed', 'bad', 'unsupported'],
  ['exist', 'found', 'missing', 'nonexistent', 'find'],
  ['create', 'make', 'creation', 'build'],
  ['permission', 'authorized', 'unauthorized', 'forbidden', 'denied', 'authorization'],
  ['empty', 'blank'],
  ['use', 'usage'],
  ['fail', 'failure', 'error', 'exception', 'unable'],
  ['frozen', 'freeze', 'suspended', 'arrears'],
  ['disk', 'volume', 'evs'],
  ['image', 'ims'],
  ['backup', 'cbr', 'csbs'],
  ['long', 'length', 'characters'],
  ['big', 'large', 'oversized', 'size', 'huge'],
  ['insufficient', 'enough', 'lack', 'shortage'],
  ['self', 'yourself', 'myself', 'own'],
  ['apig', 'apigw', 'gateway'],
  ['imetal', 'bare', 'metal', 'bms', 'physical'],
  ['fast', 'rate', 'throttling', 'throttled', 'frequent'],
  ['stop', 'shutdown', 'stopped', 'poweroff'],
  ['damaged', 'broken', 'corrupt', 'corrupted'],
  ['already', 'before', 'previously'],
  ['conflict', 'overlap', 'clash'],
];
const SYNONYMS = new Map<string, string>();
const MEMBERS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  const canonical = `~${stemmer(group[0] as string)}`;
  const stems = [...new Set(group.map((word) => stemmer(word)))];
  for (const stem of stems) SYNONYMS.set(stem, canonical);
  MEMBERS.set(canonical, stems);
}

/** The synonym group term of a stem (`limit` → `~quota`), if it belongs to one. */
export function groupOf(term: string): string | undefined {
  return SYNONYMS.get(term);
}

/**
 * The words of a text as they are written, stemmed but with stop words kept: for comparing phrasing ("is being
 * exported" against "cannot be exported"), where the analysed terms see the same words.
 */
export function phraseWords(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(PHRASE_WORD) ?? []) out.push(STOP_WORDS.has(word) ? word : stemmer(word));
  return out;
}

const PHRASE_WORD = /[\p{L}\p{N}]+/gu;

/**
 * The neighbouring pairs of a text's phrase words, each as a 32-bit hash (FNV-1a of `first second`), without repeats:
 * what phrasing is compared by. Small enough to keep for every entry once computed.
 */
export function phrasePairs(text: string): Uint32Array {
  const words = phraseWords(text);
  const pairs = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(fnv1a(`${words[i]} ${words[i + 1]}`));
  return Uint32Array.from(pairs);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The stems a synonym group term (`~quota`) stands for; a plain term stands for itself. */
export function expandTerm(term: string): readonly string[] {
  return MEMBERS.get(term) ?? [term];
}

/** Whether a term is a synonym group rather than a word. */
export function isGroupTerm(term: string): boolean {
  return term.startsWith('~');
}

/**
 * Chinese phrasings of one meaning, rewritten to the catalog's usual wording before bigrams are taken ("备份找不到"
 * must meet "备份不存在", not every entry that says "找不到").
 */
const CJK_PHRASES: [RegExp, string][] = [
  [/找不到|未找到|没有找到|查不到|没找到/g, '不存在'],
  [/无权限|没权限|权限不足|没有权限/g, '没有权限'],
  [/过长|太长/g, '长度超过'],
];

/** Splits text into raw tokens: codes and words whole, Chinese as overlapping character bigrams. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let latin = text;
  if (HAS_CJK.test(text)) {
    let cjk = text;
    for (const [phrase, canonical] of CJK_PHRASES) cjk = cjk.replace(phrase, canonical);
    for (const run of cjk.match(CJK_RUN) ?? []) {
      if (run.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
    }
    latin = text.replace(CJK_RUN, ' ');
  }
  for (const word of latin.match(NON_ASCII.test(latin) ? WORD : ASCII_WORD) ?? []) {
    if (CODE_LIKE.test(word)) {
      tokens.push(word);
      continue;
    }
    // Not a code: treat `.`, `-`, `_` as separators too, but keep the joined form for identifiers like x-auth-token.
    const parts = word.split(/[._-]/);
    if (parts.length > 1 && /[-_]/.test(word)) tokens.push(word);
    tokens.push(...parts);
  }
  return tokens;
}

/**
 * Normalises one token for the index and for queries: codes lose their separators, Chinese stays as it is, English
 * words are Porter-stemmed and, when they belong to a synonym group, also yield the group's term. Null drops it.
 */
export function processTerm(term: string): string | string[] | null {
  let processed = memo.get(term);
  if (processed === undefined) {
    processed = processUncached(term);
    // Stemming is the costliest step and vocabularies are small: remember results, within a bound.
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(term, processed);
  }
  return processed;
}

const MEMO_LIMIT = 200_000;
const memo = new Map<string, string | string[] | null>();

function processUncached(term: string): string | string[] | null {
  const lower = term.toLowerCase();
  if (HAS_CJK.test(lower)) return lower;
  if (STOP_WORDS.has(lower) || lower.length < 2) return null;
  if (CODE_LIKE.test(lower)) return lower.replace(/[._-]/g, '');
  const stem = /\d/.test(lower) ? lower : stemmer(lower);
  const group = SYNONYMS.get(stem);
  return group ? [stem, group] : stem;
}

/** A query word and the index terms it stands for. */
export interface QueryWord {
  word: string;
  terms: string[];
}

/** The words of a query with their index terms, duplicates and stop words removed. */
export function queryWords(text: string): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const token of tokenize(text)) {
    const processed = processTerm(token);
    if (!processed) continue;
    const list = Array.isArray(processed) ? processed : [processed];
    const key = list[0] as string;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ word: token, terms: list });
  }
  return out;
}

/** Every index term of a text, in order, synonyms included: what the index stores for a field. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const processed = processTerm(token);
    if (processed === null) continue;
    if (typeof processed === 'string') out.push(processed);
    else out.push(...processed);
  }
  return out;
}

/** Folds a message for exact comparison: case, spacing, quotes (escaped ones too) and closing punctuation. */
export function foldMessage(text: string): string {
  return text
    .toLowerCase()
    .replace(/\\+(['"])/g, '$1')
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[\s.。!！]+$/u, '')
    .trim();
}
