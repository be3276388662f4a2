import { holds, type QueryTerm, type SearchIndex } from './search-index.ts';
import { expandTerm, foldMessage, groupOf, isGenericWord, phrasePairs, type QueryWord, queryWords } from './text.ts';

/** What the words of a query carry, before any candidate is looked at. */
export interface WordQuery {
  /** Words after stop words. */
  words: number;
  /** Words the catalog uses. */
  known: number;
  /** Known words that are not generic ("error", "failed"…). */
  telling: number;
  chinese: boolean;
}

/** One entry the words found, with the statistics the decide stage judges it by. */
export interface Candidate {
  /** The entry's position in the catalog. */
  id: number;
  /** Entries with the same text are one answer (several codes publish one message): this is that text, folded. */
  text: string;
  /** The entry's code key: entries of one code (its variants, its other services) are one answer too. */
  code: string;
  /** The entry's service. */
  service: string;
  /** BM25 score from retrieval. */
  score: number;
  /** Share of the query's known words (rarity-weighted) found in what the entry says (the measure counts half). */
  coverage: number;
  /** Telling (not generic) query words found in what the entry says. */
  covered: number;
  /** Summed rarity (IDF) of those telling words. */
  information: number;
  /** Share of the entry's own wording the query accounts for (synonyms count). */
  precision: number;
  /** Share of the query's word pairs, as written (stop words kept), that the entry's message or cause has. */
  phrase: number;
  /** How many of the query's word pairs it has. */
  pairs: number;
  /** Share of the query's known words the entry uses as written (not as a synonym) anywhere, its measure included. */
  mentions: number;
  /** Whether the query names the entry's service ("image search instance …"). */
  named: boolean;
}

/** Tuning of the words stage. */
export interface SearchOptions {
  /** Most index postings a query may touch: keeps latency flat as the catalog grows. */
  retrievalBudget: number;
  /** Candidates ranked in full after retrieval. */
  candidates: number;
}

/**
 * Share of a word's weight earned when it is found only in the measure: the code, message, cause and Chinese text say
 * what the error is, the service name what it is about (full credit, but no information); the measure says what to do.
 */
const WEAK_CREDIT = 0.5;
const HAS_CJK = /[\u3400-\u9fff]/u;

/**
 * Stage 4, search words: candidates are retrieved by the query's rarest words (within a budget of postings), then each
 * is measured by how much of the query it covers in its own wording, each word weighted by its rarity in the catalog.
 * Words the catalog never uses count neither way; a few of them may be typos and join retrieval fuzzily.
 */
export function searchWords(
  index: SearchIndex,
  entryCount: number,
  query: string,
  opts: SearchOptions,
  pairsOf: (id: number) => Uint32Array = () => new Uint32Array(0),
): { query: WordQuery; candidates: Candidate[] } {
  const words = queryWords(query);
  const chinese = HAS_CJK.test(query);
  const dfOf = (t: string) => {
    const id = index.termId(t);
    return id === undefined ? 0 : (index.df[id] ?? 0);
  };
  const known = words.filter((w) => w.terms.some((t) => dfOf(t) > 0));
  const telling = known.filter((w) => !isGenericWord(w.word));
  const stats: WordQuery = { words: words.length, known: known.length, telling: telling.length, chinese };
  if (known.length === 0) return { query: stats, candidates: [] };

  const idf = (w: QueryWord) => Math.max(...w.terms.map((t) => Math.log(1 + entryCount / (dfOf(t) || entryCount))));
  // Coverage weighs words by the square root of their rarity: rare words matter more, but one unmatched rare word
  // ("right now") must not sink an otherwise complete match.
  const weight = (w: QueryWord) => Math.sqrt(idf(w));
  const total = known.reduce((n, w) => n + weight(w), 0);
  const byCost = known
    .map((w) => ({ w, cost: w.terms.reduce((n, t) => n + dfOf(t), 0) }))
    .sort((a, b) => a.cost - b.cost);
  if ((byCost[0]?.cost ?? 0) > opts.retrievalBudget * 4) return { query: stats, candidates: [] };
  const retrieval: QueryTerm[] = [];
  const seen = new Set<number>();
  let spent = 0;
  byCost.forEach(({ w, cost }, word) => {
    if (retrieval.length > 0 && spent + cost > opts.retrievalBudget) return;
    spent += cost;
    for (const t of w.terms) {
      for (const member of expandTerm(t)) {
        const id = index.termId(member);
        if (id !== undefined && !seen.has(id)) {
          seen.add(id);
          retrieval.push({ term: id, weight: 1, word });
        }
      }
    }
  });
  // At most two unknown words, of a plausible length, one edit away: they may be typos (they never count as covered).
  words
    .filter((w) => !known.includes(w) && /^[a-z]{5,12}$/.test(w.terms[0] ?? ''))
    .slice(0, 2)
    .forEach((w, i) => {
      for (const { term } of index.fuzzy(w.terms[0] as string, 1))
        if (!seen.has(term)) retrieval.push({ term, weight: 0.3, word: byCost.length + i });
    });
  const results = index.retrieve(retrieval, opts.candidates);

  const wordStats = known.map((w) => ({
    ids: w.terms.map((t) => index.termId(t)).filter((id): id is number => id !== undefined),
    /** The word itself, without its synonym group: what the tie-breaker counts. */
    own: index.termId(w.terms[0] ?? ''),
    idf: idf(w),
    weight: weight(w),
    generic: isGenericWord(w.word),
  }));
  const said = new Set(wordStats.flatMap((w) => w.ids));
  const pairs = new Set(phrasePairs(query));
  const candidates = results.map((r): Candidate => {
    const id = r.id;
    const strong = index.strong(id);
    const context = index.context(id);
    const weak = index.weak(id);
    let credit = 0;
    let covered = 0;
    let information = 0;
    let mentioned = 0;
    let named = false;
    for (const w of wordStats) {
      if (w.own !== undefined && (holds(strong, w.own) || holds(context, w.own) || holds(weak, w.own))) mentioned++;
      if (w.ids.some((t) => holds(strong, t))) {
        credit += w.weight;
        if (!w.generic) {
          covered++;
          information += w.idf;
        }
      } else if (w.ids.some((t) => holds(context, t))) {
        // The service the query names narrows the answer down: half the information of a word of the error.
        credit += w.weight;
        named = true;
        if (!w.generic) information += w.idf / 2;
      } else if (w.ids.some((t) => holds(weak, t))) credit += w.weight * WEAK_CREDIT;
    }
    // Precision: how much of the entry's own wording the query accounts for. A synonym group the query names accounts
    // for one of the entry's words, not for every synonym it uses ("exceeds the maximum allowed" is one idea).
    const own = index.own(id, chinese);
    let accounted = 0;
    const groupsUsed = new Set<number>();
    for (const t of own) {
      if (said.has(t)) {
        accounted++;
        continue;
      }
      const group = groupOf(index.terms[t] ?? '');
      const groupId = group === undefined ? undefined : index.termId(group);
      if (groupId !== undefined && said.has(groupId) && !groupsUsed.has(groupId)) {
        groupsUsed.add(groupId);
        accounted++;
      }
    }
    let shared = 0;
    if (pairs.size > 0) {
      for (const p of pairsOf(id)) if (pairs.has(p)) shared++;
    }
    return {
      id,
      text: '',
      code: '',
      service: '',
      score: r.score,
      coverage: credit / total,
      covered,
      information,
      precision: own.length ? accounted / own.length : 0,
      phrase: pairs.size ? shared / pairs.size : 0,
      pairs: shared,
      named,
      mentions: wordStats.length ? mentioned / wordStats.length : 0,
    };
  });
  return { query: stats, candidates };
}

/** The text that makes candidates one answer: entries publishing the same message are one. */
export function textOf(message: string): string {
  return foldMessage(message);
}
