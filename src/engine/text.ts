/**
 * Text handling shared by the index and the queries: one tokenizer that keeps error codes whole and splits Chinese
 * into bigrams, one term normaliser with light stemming and domain synonyms.
 */

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
/** Word-ish runs: letters and digits, joined by `.`, `-` or `_` inside a token (`IMG.0012`, `x-auth-token`). */
const WORD = /[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*/gu;
const CODE_LIKE = /^[a-z][a-z0-9]*[._-]?\d{2,}$/i;

/** Words too common in the catalog's wording to tell entries apart. */
export const STOP_WORDS = new Set(
  (
    'a an the of to in on for by with from at as is are was were be been being it its this that these those ' +
    'and or not no do does did has have had can cannot could would should will shall may might must than then ' +
    'please i we you he she they me my our your their there here what which who whom when where why how ' +
    'if else so but just also only very too about into over under again further once all any both each few more ' +
    'most other some such own same s t now get got getting am hi hello hey thanks thank'
  ).split(' '),
);

/** Groups of words users use for the same thing; each maps to the group's first word. */
const SYNONYM_GROUPS = [
  ['quota', 'limit', 'maximum', 'max', 'exceed', 'exceeds', 'exceeded', 'reached', 'allowed', 'upper'],
  ['ecs', 'vm', 'server', 'servers', 'instance', 'instances', 'machine'],
  ['delete', 'remove', 'removed', 'deleted', 'deleting', 'deletion'],
  ['invalid', 'incorrect', 'wrong', 'illegal', 'malformed', 'bad'],
  ['exist', 'exists', 'found', 'missing', 'nonexistent'],
  ['create', 'creating', 'created', 'creation', 'make'],
  ['permission', 'permissions', 'rights', 'authorized', 'unauthorized', 'forbidden', 'denied'],
  ['token', 'tokens'],
  ['empty', 'blank'],
  ['used', 'use', 'using', 'usage'],
  ['fail', 'failed', 'fails', 'failure', 'error', 'exception'],
  ['frozen', 'freeze', 'suspended', 'arrears'],
  ['disk', 'disks', 'volume', 'volumes', 'evs'],
  ['image', 'images', 'ims'],
  ['backup', 'backups', 'cbr', 'csbs'],
  ['long', 'length', 'characters', 'size', 'big', 'large', 'oversized'],
];
const SYNONYMS = new Map<string, string>();
for (const group of SYNONYM_GROUPS) for (const word of group) SYNONYMS.set(word, group[0] as string);

/** Crude English stemming that is enough for the catalog's vocabulary: plural and `-ed`/`-ing` endings. */
function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Splits text into raw tokens: codes and words whole, Chinese as overlapping character bigrams. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    if (run.length === 1) tokens.push(run);
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
  }
  const latin = text.replace(CJK_RUN, ' ');
  for (const word of latin.match(WORD) ?? []) {
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

/** Normalises one token for the index and for queries; null drops it. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (HAS_CJK.test(lower)) return lower;
  if (STOP_WORDS.has(lower) || lower.length < 2) return null;
  if (CODE_LIKE.test(lower)) return lower.replace(/[._-]/g, '');
  const stemmed = stem(lower);
  return SYNONYMS.get(lower) ?? SYNONYMS.get(stemmed) ?? stemmed;
}

/** The distinct processed terms of a text, as the index sees them. */
export function terms(text: string): string[] {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const t = processTerm(token);
    if (t) out.add(t);
  }
  return [...out];
}

/** Folds a message for exact comparison: case, spacing, quotes and closing punctuation. */
export function foldMessage(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[\s.。!！]+$/u, '')
    .trim();
}
