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
  ['exist', 'found', 'missing', 'nonexistent', 'find', 'taken', 'occupied'],
  ['create', 'make', 'creation', 'build', 'launch'],
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
  ['expire', 'expiry', 'expired', 'expiration', 'overdue'],
  ['different', 'differ', 'mismatch', 'inconsistent', 'match'],
  ['attach', 'bind', 'bound', 'mount', 'associate', 'association'],
  ['detach', 'unbind', 'unmount', 'disassociate'],
  ['expand', 'extend', 'resize', 'enlarge', 'expansion'],
  ['duplicate', 'twice', 'repeat', 'repeated', 'duplicated'],
  ['cooldown', 'cooling'],
  ['approve', 'approval', 'approved', 'audit', 'review'],
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

/** The two-character verbs the catalog writes for the one-character verbs of chat. */
const CJK_VERBS: Record<string, string> = {
  删: '删除',
  导: '导出',
  建: '创建',
  创: '创建',
  改: '修改',
  连: '连接',
  登: '登录',
  装: '安装',
  启: '启动',
  停: '停止',
  挂: '挂载',
  卸: '卸载',
  传: '上传',
};

/**
 * Chinese phrasings of one meaning, rewritten to the catalog's usual wording before bigrams are taken ("备份找不到"
 * must meet "备份不存在", not every entry that says "找不到").
 */
const CJK_PHRASES: [RegExp, string | ((match: string, verb: string) => string)][] = [
  [/找不到|未找到|没有找到|查不到|没找到/g, '不存在'],
  [/无权限|没权限|权限不足|没有权限/g, '没有权限'],
  [/过长|太长/g, '长度超过'],
  // A verb with a resultative complement says it cannot be done: 删不掉 → 无法删除, 导不出来 → 无法导出.
  [
    /([删导建创改连登装启停挂卸传])不(?:了|掉|出来|出去|出|上去|上|进去|进|动|成)/g,
    (_, verb) => `无法${CJK_VERBS[verb] ?? verb}`,
  ],
  [/不能|没法|没办法|不可以/g, '无法'],
  [/是同一个|同一个|一样|一致/g, '相同'],
];

/**
 * English spellings of one word or idea, rewritten before tokens are taken, in the catalog and in queries alike:
 * contractions (their `not` is a stop word, but `doesn`, `isn` must not become words), phrasal verbs the catalog says
 * in one word, and chat abbreviations.
 */
const EN_PHRASES: [RegExp, string][] = [
  [/\bcan['’]t\b/gi, 'cannot'],
  [/\bwon['’]t\b/gi, 'will not'],
  [/\b([a-z]+)n['’]t\b/gi, '$1 not'],
  [/\bshut(?:s|ting)?\s+down\b/gi, 'shutdown'],
  [/\bpower(?:s|ed|ing)?\s+off\b/gi, 'poweroff'],
  [/\b(?:run|runs|ran|running)\s+out\s+of\b/gi, 'insufficient'],
  [/(?<![\w.-])sgs?(?![\w.-])/gi, 'security group'],
  [/\bcerts?\b/gi, 'certificate'],
  [/\b(?:pwd|passwd)\b/gi, 'password'],
  [/\b(?:is|are|was|were)\s+(?:not\s+there|gone)\b|\bno\s+longer\s+exists?\b/gi, 'does not exist'],
];
const HAS_EN_PHRASE =
  /['’]t\b|\bshut|\bpower|\bout\s+of\b|\bsgs?\b|\bcert|\bpwd\b|\bpasswd\b|\bthere\b|\bgone\b|\blonger\b/i;

/** Splits text into raw tokens: codes and words whole, Chinese as overlapping character bigrams. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  if (HAS_EN_PHRASE.test(text)) for (const [phrase, canonical] of EN_PHRASES) text = text.replace(phrase, canonical);
  let latin = text;
  if (HAS_CJK.test(text)) {
    let cjk = text;
    for (const [phrase, canonical] of CJK_PHRASES) {
      cjk = typeof canonical === 'string' ? cjk.replace(phrase, canonical) : cjk.replace(phrase, canonical);
    }
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

/**
 * Whether a word written as two (`key pair`, `user name`, `back up`) is one the catalog also writes as one
 * (`keypair`, `username`, `backup`): given the joined word, lowercase. Such pairs are searched and indexed as the one.
 */
export type IsCompound = (joined: string) => boolean;

const LETTERS = /^[a-z]+$/i;

/** The joined word of tokens `i` and `i + 1`, if they are letters and `isCompound` accepts it. */
function compoundAt(tokens: readonly string[], i: number, isCompound: IsCompound | undefined): string | undefined {
  if (!isCompound || i + 1 >= tokens.length) return undefined;
  const a = tokens[i] as string;
  const b = tokens[i + 1] as string;
  if (a.length < 2 || b.length < 2 || !LETTERS.test(a) || !LETTERS.test(b)) return undefined;
  const joined = `${a}${b}`.toLowerCase();
  return isCompound(joined) ? joined : undefined;
}

/**
 * The words of a query with their index terms, duplicates and stop words removed. Each word of a compound written as
 * two (`key pair`) also stands for the one word (`keypair`), so either spelling in the catalog covers both.
 */
export function queryWords(text: string, isCompound?: IsCompound): QueryWord[] {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  const tokens = tokenize(text);
  const termsOf = (token: string) => {
    const processed = processTerm(token);
    return processed === null ? [] : Array.isArray(processed) ? processed : [processed];
  };
  let compound: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const joined = compoundAt(tokens, i, isCompound);
    const own = termsOf(token);
    const terms = [...own, ...compound];
    compound = joined ? termsOf(joined) : [];
    if (own.length === 0) continue;
    terms.push(...compound.filter((t) => !terms.includes(t)));
    const key = own[0] as string;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ word: token, terms });
  }
  return out;
}

/**
 * Every index term of a text, in order, synonyms included: what the index stores for a field. A compound written as
 * two words is stored as the one word too.
 */
export function analyze(text: string, isCompound?: IsCompound): string[] {
  const out: string[] = [];
  const tokens = tokenize(text);
  const push = (token: string) => {
    const processed = processTerm(token);
    if (processed === null) return;
    if (typeof processed === 'string') out.push(processed);
    else out.push(...processed);
  };
  for (let i = 0; i < tokens.length; i++) {
    push(tokens[i] as string);
    const joined = compoundAt(tokens, i, isCompound);
    if (joined) push(joined);
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
