import type { Candidate, WordQuery } from './search-words.ts';

/** The thresholds the decide stage holds a words answer to. */
export interface DecideOptions {
  /** Share of the query's known words a candidate must cover to be a match rather than a suggestion. */
  minCoverage: number;
  /**
   * The coverage that suffices on strong evidence: `strongTelling` telling words covered and a lead of `strongLead`
   * over the runner-up (a paraphrase says more than the message: "… when creating the CCE cluster").
   */
  strongCoverage: number;
  strongTelling: number;
  strongLead: number;
  /** Telling (not generic) words a match must cover. */
  minTelling: number;
  /**
   * Least information a match must carry: the summed IDF of the telling words it covers, in units of the IDF of a word
   * found in one entry only. "the request failed" covers an entry but says too little to stand behind.
   */
  minInformation: number;
  /** How far ahead of the runner-up (a candidate with other text) a match must rank. */
  minLead: number;
  /** Least precision of a match that covers only `minTelling` telling words: two words must say most of it. */
  minShortPrecision: number;
  /** Most codes one answer may name: a text published by more codes says too little to answer with. */
  maxCodes: number;
  /** Least coverage of a suggestion. */
  minSuggestion: number;
  /** Most suggestions. */
  maxSuggestions: number;
}

/** What the decide stage stands behind, and what it only suggests. */
export interface Decision {
  matches: Candidate[];
  suggestions: Candidate[];
  /** Why the top candidate is not a match, when it is not (for tests and the eval's detail). */
  reason?:
    | 'no-candidates'
    | 'too-few-known-words'
    | 'low-coverage'
    | 'too-few-telling-words'
    | 'too-little-information'
    | 'no-clear-lead'
    | 'too-many-codes';
}

/**
 * A tie the answer can stand behind: the candidates that cover every word of the query (synonyms included) with most
 * of their own wording, at most `maxCodes` codes of them, and nothing else close (every other candidate misses words
 * the tie covers). Like a message several codes publish, the answer then names each. Undefined when there is none.
 */
function tie(ranked: readonly Candidate[], top: Candidate, opts: DecideOptions): Candidate[] | undefined {
  const fits = (c: Candidate) => c.coverage >= FULL && c.precision >= TIE_PRECISION && rank(top) - rank(c) < TIE_SPREAD;
  const tied = ranked.filter(fits);
  const codes = new Set(tied.map((c) => c.code));
  if (!fits(top) || codes.size < 2 || codes.size > opts.maxCodes) return undefined;
  const rest = ranked.find((c) => !codes.has(c.code));
  return !rest || rest.coverage < TIE_GAP ? tied : undefined;
}

/** How much of their own wording tied candidates must account for. */
const TIE_PRECISION = 0.6;
/** How far below the top a tied candidate may rank. */
const TIE_SPREAD = 0.15;
/** The coverage every candidate outside a tie must stay under. */
const TIE_GAP = 0.85;

/** How much precision (the share of the entry's own message the query accounts for) adds to coverage in ranking. */
const PRECISION_WEIGHT = 0.3;
/**
 * How far ahead in phrasing (word pairs shared, stop words kept) a candidate tied on rank must be to lead: "is being
 * exported" against "cannot be exported" (0.6 ahead), not "the password is weak" against "weak password" (0.33).
 */
const PHRASE_LEAD = 0.5;
/** How many more of the query's words, as written, a near-tied top must use where the runner-up misses one. */
const MENTIONS_LEAD = 0.2;
/** Coverage that counts as covering every word (synonyms included). */
const FULL = 0.95;
/**
 * Leads in phrasing and mentions are differences of shares of a few words: one word of five is 1 − 0.8, which floating
 * point makes 0.19999999999999996. Compared with this much slack, a lead of exactly the threshold counts.
 */
const SLACK = 1e-9;

/**
 * A chat question says more than the message it is about ("subnet delete fails, some private IPs in it are still
 * allocated"), so it may cover little of itself and still name one entry beyond doubt: one whose own wording it
 * mostly accounts for, with telling words of real information, well ahead of any other answer in rank and in
 * information. Information in units of a word found in one entry only.
 */
const CLEAR_AHEAD = { precision: 0.5, covered: 3, information: 1.2, lead: 0.1, informationLead: 0.25 };

function clearAhead(top: Candidate, second: Candidate | undefined, unit: number): boolean {
  return (
    top.precision >= CLEAR_AHEAD.precision &&
    top.covered >= CLEAR_AHEAD.covered &&
    top.information >= CLEAR_AHEAD.information * unit &&
    (!second ||
      (rank(second) <= rank(top) - CLEAR_AHEAD.lead &&
        second.information <= top.information - CLEAR_AHEAD.informationLead * unit))
  );
}

/** The rank of a candidate: coverage first, then precision. */
export function rank(c: Pick<Candidate, 'coverage' | 'precision'>): number {
  return c.coverage + PRECISION_WEIGHT * c.precision;
}

/**
 * Stage 5, decide: a words candidate is a match only if it covers most of the query, covers enough telling words,
 * carries enough information at this catalog's size (`entryCount`), leads the runner-up clearly, and its text is not
 * published by more codes than an answer can name. Everything else is a suggestion. Pure: tested on tables of
 * candidate statistics. `codesOf(text, within)` says how many distinct codes publish a text (within one service).
 */
export function decide(
  query: WordQuery,
  candidates: readonly Candidate[],
  entryCount: number,
  opts: DecideOptions,
  codesOf: (text: string, within?: string) => number = () => 1,
): Decision {
  // Among candidates that rank alike, phrasing orders them; BM25 score only breaks what remains.
  const near = (a: Candidate, b: Candidate) => Math.abs(rank(a) - rank(b)) < opts.minLead;
  const ranked = [...candidates].sort(
    (a, b) =>
      (near(a, b) ? b.phrase - a.phrase : rank(b) - rank(a)) ||
      rank(b) - rank(a) ||
      b.mentions - a.mentions ||
      b.score - a.score,
  );
  const [top] = ranked;
  if (!top) return { matches: [], suggestions: [], reason: 'no-candidates' };
  // The runner-up is another answer: neither the same text nor the same code (its variants and other services).
  const second = ranked.find((c) => c.text !== top.text && c.code !== top.code);
  // The lead must come from what the words say (coverage, precision, phrasing): at this catalog's size a lead in BM25
  // score alone is how "password is too weak" would pick one of five services' "weak password".
  const clear =
    !second ||
    rank(second) <= rank(top) - opts.minLead ||
    (near(top, second) &&
      (top.phrase - second.phrase >= PHRASE_LEAD - SLACK ||
        // The runner-up misses a word outright (not for a synonym), and the top uses more of them as written.
        (second.coverage < FULL &&
          top.phrase >= second.phrase &&
          top.mentions - second.mentions >= MENTIONS_LEAD - SLACK)));
  const unit = Math.log(1 + entryCount);
  let reason: Decision['reason'];
  if (query.known < query.words * (query.chinese ? CJK_KNOWN : 0.5)) reason = 'too-few-known-words';
  else if (
    top.coverage < opts.minCoverage &&
    !(
      top.coverage >= opts.strongCoverage &&
      top.covered >= opts.strongTelling &&
      (!second || rank(second) <= rank(top) - opts.strongLead)
    ) &&
    !clearAhead(top, second, unit)
  )
    reason = 'low-coverage';
  else if (top.covered < opts.minTelling) reason = 'too-few-telling-words';
  else if (top.covered <= opts.minTelling && top.precision < opts.minShortPrecision) reason = 'too-few-telling-words';
  // Words matched as written in sequence ("is being deleted") say more than each common word does alone: a sixth of
  // the unit for each pair of them, up to four.
  else if (top.information + (Math.min(top.pairs, 4) * unit) / 6 < opts.minInformation * unit)
    reason = 'too-little-information';
  else if (!clear && !tie(ranked, top, opts)) reason = 'no-clear-lead';
  // A text many codes publish says too little; within the service the query names, it may say enough.
  else if (codesOf(top.text, top.named ? top.service : undefined) > opts.maxCodes) reason = 'too-many-codes';
  const confident = reason === undefined;
  // A clear lead answers with its text (and its code's other entries); a tie with every code in the tie.
  const answered = confident && !clear ? new Set(tie(ranked, top, opts)?.map((c) => c.code)) : undefined;
  const matches: Candidate[] = [];
  const suggestions: Candidate[] = [];
  for (const c of ranked) {
    if (confident && (c.text === top.text || c.code === top.code || answered?.has(c.code))) matches.push(c);
    else if (c.coverage >= opts.minSuggestion && suggestions.length < opts.maxSuggestions) suggestions.push(c);
  }
  return { matches, suggestions, ...(reason ? { reason } : {}) };
}

const CJK_KNOWN = 0.4;
