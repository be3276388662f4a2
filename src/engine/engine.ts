import type { Catalog, CatalogEntry } from '../catalog/catalog.ts';
import { isWordCode, MAX_CODE_LENGTH } from '../catalog/codes.ts';
import type { Answer } from './answer.ts';
import { answerByCodes } from './answer-code.ts';
import { answerByText } from './answer-text.ts';
import type { EngineContext } from './context.ts';
import { type Decision, decide, rank } from './decide.ts';
import { type ExtractContext, extract } from './extract.ts';
import { lookUpMessage } from './lookup-message.ts';
import { defaultEngineOptions, type EngineOptions } from './options.ts';
import { buildIndex, type SearchIndex } from './search-index.ts';
import { type Candidate, searchWords, type WordQuery } from './search-words.ts';
import { foldMessage, phrasePairs } from './text.ts';

/** Answers questions about error codes. Built once per catalog; `answer` is synchronous and allocation-light. */
export interface Engine {
  readonly catalog: Catalog;
  /** The search index the engine was built on (for a snapshot). */
  readonly index: SearchIndex;
  answer(text: string): Answer;
  /** What the words stage saw and decided for a text: for tuning, the eval's detail and tests. */
  explain(text: string): Decision & { query: WordQuery; candidates: Candidate[] };
}

/**
 * Builds the engine over a catalog: index (stage 1, or a prebuilt one from a snapshot), then per answer: extract what
 * the text holds, look up its codes (stage 2), else its message (stage 3), else search its words (stage 4) and decide
 * (stage 5). A paste that carries a code is decided by that code: it never gets another code's entry as its answer.
 */
export function createEngine(catalog: Catalog, options: Partial<EngineOptions> = {}, prebuilt?: SearchIndex): Engine {
  const opts: EngineOptions = { ...defaultEngineOptions, ...options };
  const index = prebuilt ?? buildIndex(catalog);
  const entryAt = (id: number): CatalogEntry | undefined =>
    id >= 0 && id < catalog.size ? catalog.entry(id) : undefined;
  const extractContext: ExtractContext = {
    knownPrefix: (prefix) => catalog.servicesOfPrefix(prefix).length > 0,
    knownWordCode: (word) => catalog.byCode(word).length > 0,
  };

  /**
   * What the words stage compares of an entry, computed on first use and kept (candidates recur across queries): its
   * message folded (entries publishing one text are one answer) and the word pairs of its message and cause.
   */
  const seen = new Map<number, { text: string; pairs: Uint32Array }>();
  const phrasing = (id: number) => {
    let found = seen.get(id);
    if (!found) {
      const e = entryAt(id);
      found = {
        text: foldMessage(e?.message ?? ''),
        pairs: phrasePairs(e ? `${e.message}\n${e.cause ?? ''}` : ''),
      };
      seen.set(id, found);
    }
    return found;
  };
  /** Stage 4: a text's candidates, measured, with what decide compares them by. */
  const measure = (query: string) => {
    const found = searchWords(index, catalog.size, query, opts, (id) => phrasing(id).pairs);
    const candidates = found.candidates.map((c) => {
      const e = entryAt(c.id);
      return { ...c, text: phrasing(c.id).text, code: e?.key ?? '', service: e?.service.id ?? '' };
    });
    return { query: found.query, candidates };
  };
  /** How many codes publish a text, over the catalog or within one service. */
  const codesOf = (text: string, within?: string) => {
    if (!within) return index.codesOf(text);
    const ids = index.exact.get(text) ?? [];
    return (
      new Set(
        ids
          .map(entryAt)
          .filter((e) => e?.service.id === within)
          .map((e) => e?.key),
      ).size || 1
    );
  };
  const ctx: EngineContext = {
    catalog,
    index,
    opts,
    entryAt,
    words(query) {
      const { query: stats, candidates } = measure(query);
      return decide(stats, candidates, catalog.size, opts, codesOf);
    },
  };

  return {
    catalog,
    index,
    explain(text) {
      const { query, candidates } = measure(text);
      const decision = decide(query, candidates, catalog.size, opts, codesOf);
      return { ...decision, query, candidates: [...candidates].sort((a, b) => rank(b) - rank(a) || b.score - a.score) };
    },
    answer(text: string): Answer {
      const ex = extract(text, extractContext);
      const trimmed = text.trim();
      // A bare number or word code is a code when it is the whole query and the catalog has it. A single word typed
      // alone ("Unauthorized", "Forbidden") is a reason phrase: as a code it needs two capitals (`NoSuchKey`) or a
      // separator (`RMS.INTERNAL.ERROR`).
      if (ex.codes.length === 0 && trimmed.length <= MAX_CODE_LENGTH) {
        const wordCode =
          isWordCode(trimmed) && /[A-Z].*[A-Z]|[._-]/.test(trimmed) && catalog.byCode(trimmed).length > 0;
        if (/^\d{4,12}$/.test(trimmed) || wordCode) ex.codes.push({ code: trimmed, via: 'text', index: 0 });
      }
      const message = ex.messages[0];
      const exactHit = message ? lookUpMessage(index, message) : undefined;
      if (ex.codes.length > 0) return answerByCodes(ctx, ex, message, exactHit);
      const queries = ex.messages.length ? ex.messages : trimmed.length <= opts.maxTextQuery ? [trimmed] : [];
      return answerByText(ctx, ex, queries, exactHit);
    },
  };
}

export { isGenericHttp } from './lookup-message.ts';
export { defaultEngineOptions, type EngineOptions } from './options.ts';
