import MiniSearch from 'minisearch';
import type { Catalog, CatalogEntry } from '../catalog/catalog.ts';
import { keyOfCode, parseCode } from '../catalog/codes.ts';
import type { Answer, AnswerItem, FallbackAnswer, MatchKind } from './answer.ts';
import { type Extracted, extract } from './extract.ts';
import { compileTemplate, matchesTemplate, type Template } from './templates.ts';
import { analyze, expandTerm, foldMessage, isGroupTerm, type QueryWord, queryWords } from './text.ts';

/** Tuning of the engine; every field has a default. */
export interface EngineOptions {
  /** At most this many matches in an answer. */
  maxMatches: number;
  /** At most this many suggestions in an answer. */
  maxSuggestions: number;
  /** Free-text queries longer than this (characters) are not searched as words: a paste is not a question. */
  maxTextQuery: number;
  /** Share of the query's terms a text hit must contain to be a match rather than a suggestion. */
  minCoverage: number;
  /** How far ahead of the runner-up a text hit must score to be a match. */
  minMargin: number;
  /** Most index postings a free-text query may touch (see `searchText`); keeps latency flat as the catalog grows. */
  retrievalBudget: number;
  /**
   * Least information a text hit must carry: the summed IDF of the query words it covers, in units of the IDF of a
   * word found in one entry only. "the request failed" covers an entry but says too little to stand behind.
   */
  minInformation: number;
}

export const defaultEngineOptions: EngineOptions = {
  maxMatches: 3,
  maxSuggestions: 3,
  maxTextQuery: 400,
  minCoverage: 0.7,
  minMargin: 1.25,
  minInformation: 1,
  retrievalBudget: 800,
};

/** Answers questions about error codes. Built once per catalog; `answer` is synchronous and allocation-light. */
export interface Engine {
  readonly catalog: Catalog;
  answer(text: string): Answer;
}

interface Doc {
  id: number;
}

const FIELDS = ['code', 'service', 'message', 'cause', 'measure', 'zh'] as const;
type Field = (typeof FIELDS)[number];
/** An entry's fields as index terms. */
type Analysed = Record<Field, string[]>;

const FIELD_BOOST = { code: 6, message: 3, cause: 2, zh: 2 };
/** How much precision (the share of the entry's own message the query accounts for) adds to coverage in ranking. */
const PRECISION_WEIGHT = 0.3;
/**
 * Share of a word's weight earned when it is found only in the measure or the service name: the code, message, cause
 * and Chinese text say what the error is; the measure says what to do and the service name is shared by all entries.
 */
const WEAK_CREDIT = 0.5;

/** Builds the engine: the MiniSearch index, the exact-message table and the message templates. */
export function createEngine(catalog: Catalog, options: Partial<EngineOptions> = {}): Engine {
  const opts: EngineOptions = { ...defaultEngineOptions, ...options };
  const entries = catalog.entries;
  // Fields are analysed once here (tokenized, stemmed, synonyms added) and handed to MiniSearch as term lists, so
  // indexing and the document-frequency table share one pass. Queries go through the same analyser at search time.
  const serviceTerms = new Map(catalog.services.map((s) => [s, analyze(s.name)]));
  const analysed: Analysed[] = entries.map((e) => {
    const message = e.messages.join('\n');
    return {
      code: codeTerms(e),
      service: serviceTerms.get(e.service) ?? [],
      message: analyze(message),
      // Many pages repeat the message as the description: index it once.
      cause: e.cause && e.cause !== message ? analyze(e.cause) : [],
      measure: analyze(e.measure ?? ''),
      zh: analyze(`${e.causeZh ?? ''}\n${e.measureZh ?? ''}`),
    };
  });
  // Only the fields that say what the error is are indexed for retrieval; the measure and the service name still
  // earn partial credit when ranking (see WEAK_CREDIT).
  const index = new MiniSearch<Doc>({
    fields: ['code', 'message', 'cause', 'zh'],
    // The terms are already analysed: a field's "text" is just its document id, which `tokenize` turns back into the
    // field's terms. Synonym groups are not indexed: a query expands a group into its member words instead.
    extractField: (doc, field) => (field === 'id' ? doc.id : String(doc.id)),
    tokenize: (id, field) => (analysed[Number(id)]?.[field as Field] ?? []).filter((t) => !isGroupTerm(t)),
    processTerm: (term) => term,
  });
  index.addAll(entries.map((_, id) => ({ id })));
  const messageTerms = analysed.map((a) => [...new Set(a.message.filter((t) => !isGroupTerm(t)))]);
  // For Chinese queries the entry's "own wording" is its Chinese cause.
  const causeZhTerms = entries.map((e) => [...new Set(analyze(e.causeZh ?? ''))]);
  // Document frequency of every index term, for weighting query words by rarity.
  const df = new Map<string, number>();
  const seen = new Set<string>();
  for (const a of analysed) {
    seen.clear();
    for (const field of FIELDS) for (const t of a[field]) seen.add(t);
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }

  const exact = new Map<string, number[]>();
  const addExact = (text: string | undefined, id: number) => {
    if (!text) return;
    const key = foldMessage(text);
    const ids = exact.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    exact.set(key, ids);
  };
  // Templates are filed under the longest word of their anchor, so a query only tries those whose word it contains.
  const templates = new Map<string, { id: number; template: Template }[]>();
  entries.forEach((e, id) => {
    for (const m of e.messages) {
      addExact(m, id);
      const template = compileTemplate(m);
      if (template) {
        const key = longestWord(template.anchor);
        templates.set(key, [...(templates.get(key) ?? []), { id, template }]);
      }
    }
  });
  // Causes are matched exactly too, after messages: a pasted cause is as good as a message, but many are shared.
  entries.forEach((e, id) => {
    if (e.cause !== e.message) addExact(e.cause, id);
    addExact(e.causeZh, id);
  });

  const knownPrefix = (prefix: string) => catalog.servicesOfPrefix(prefix).length > 0;

  const item = (entry: CatalogEntry, matchedBy: MatchKind, confidence: number): AnswerItem => {
    const src = entry.sources[0];
    return {
      code: entry.code,
      ...(entry.variant ? { variant: entry.variant } : {}),
      service: entry.service.id,
      serviceName: entry.service.name,
      status: entry.status,
      message: entry.message,
      cause: entry.cause,
      measure: entry.measure,
      causeZh: entry.causeZh,
      measureZh: entry.measureZh,
      escalation: entry.escalation,
      matchedBy,
      confidence,
      source: src && { page: src.page.file, title: src.page.title, row: src.row, line: src.line, url: entry.url },
      notes: entry.notes,
      runbook: entry.runbook,
      owner: entry.owner,
    };
  };

  /** Exact message, then filled-in template. A bare HTTP reason phrase ("Unauthorized") says nothing specific. */
  const lookupMessage = (message: string): { ids: number[]; kind: MatchKind } | undefined => {
    const folded = foldMessage(message);
    if (isGenericHttp(folded)) return undefined;
    const ids = exact.get(folded);
    if (ids) return { ids, kind: 'message' };
    const hits = [...new Set(folded.split(WORD_SPLIT))]
      .flatMap((word) => templates.get(word) ?? [])
      .filter((t) => folded.includes(t.template.anchor) && matchesTemplate(t.template, folded));
    if (hits.length) return { ids: [...new Set(hits.map((h) => h.id))], kind: 'template' };
    return undefined;
  };

  /**
   * Words: candidates are ranked by how much of the query they cover in their own wording (code, message, cause,
   * Chinese text, service name — not the measure), each word weighted by its rarity in the catalog; words the catalog
   * never uses do not count either way. A match needs most of the query covered and a clear lead over the runner-up.
   */
  const searchText = (query: string): { matches: AnswerItem[]; suggestions: AnswerItem[] } => {
    if (isGenericHttp(query)) return { matches: [], suggestions: [] };
    const words = queryWords(query);
    const chinese = HAS_CJK.test(query);
    const known = words.filter((w) => w.terms.some((t) => df.has(t)));
    if (known.length === 0) return { matches: [], suggestions: [] };
    const idf = (w: QueryWord) =>
      Math.max(...w.terms.map((t) => Math.log(1 + entries.length / (df.get(t) ?? entries.length))));
    // Coverage weighs words by the square root of their rarity: rare words matter more, but one unmatched rare word
    // ("right now") must not sink an otherwise complete match.
    const weight = (w: QueryWord) => Math.sqrt(idf(w));
    const total = known.reduce((n, w) => n + weight(w), 0);
    // Retrieval uses the rarest words first, within a budget of postings, so a query full of common words cannot make
    // the index score half the catalog; ranking below then looks at every known word of each candidate.
    const byCost = known
      .map((w) => ({ w, cost: w.terms.reduce((n, t) => n + (df.get(t) ?? 0), 0) }))
      .sort((a, b) => a.cost - b.cost);
    if ((byCost[0]?.cost ?? 0) > opts.retrievalBudget * 4) return { matches: [], suggestions: [] };
    const chosen = new Set<string>();
    let spent = 0;
    for (const { w, cost } of byCost) {
      if (chosen.size > 0 && spent + cost > opts.retrievalBudget) break;
      for (const t of w.terms) for (const member of expandTerm(t)) chosen.add(member);
      spent += cost;
    }
    // Words the catalog never uses may be typos: they join retrieval with fuzzy matching (they never count as covered).
    // At most two, of a plausible length, one edit away: fuzzy search is the costliest thing the index does.
    const typos = words
      .filter((w) => !known.includes(w) && /^[a-z]{5,12}$/.test(w.terms[0] ?? ''))
      .slice(0, 2)
      .map((w) => w.terms[0] as string);
    const results = index.search([...chosen, ...typos].join(' '), {
      tokenize: (joined) => joined.split(' '),
      processTerm: (term) => term,
      boost: FIELD_BOOST,
      combineWith: 'OR',
      fuzzy: (term) => (typos.includes(term) ? 1 : false),
      weights: { fuzzy: 0.3, prefix: 0.4 },
    });
    const wordStats = known.map((w) => ({ terms: w.terms, idf: idf(w), weight: weight(w) }));
    const said = new Set(known.flatMap((w) => w.terms));
    const ranked = results.slice(0, 20).map((r) => {
      const a = analysed[r.id] as Analysed;
      const inStrong = (t: string) =>
        a.message.includes(t) || a.cause.includes(t) || a.zh.includes(t) || a.code.includes(t);
      const inWeak = (t: string) => a.measure.includes(t) || a.service.includes(t);
      let credit = 0;
      let covered = 0;
      let information = 0;
      for (const w of wordStats) {
        if (w.terms.some(inStrong)) {
          credit += w.weight;
          information += w.idf;
          covered++;
        } else if (w.terms.some(inWeak)) credit += w.weight * WEAK_CREDIT;
      }
      // Precision: how much of the entry's own message the query accounts for ("the instance does not exist"
      // is IS.2019, not "the instance tag does not exist").
      const own = (chinese ? causeZhTerms[r.id] : messageTerms[r.id]) ?? [];
      const precision = own.length ? own.filter((t) => said.has(t)).length / own.length : 0;
      return { r, coverage: credit / total, covered, precision, information };
    });
    const rank = (c: { coverage: number; precision: number }) => c.coverage + PRECISION_WEIGHT * c.precision;
    ranked.sort((a, b) => rank(b) - rank(a) || b.r.score - a.r.score);
    const top = ranked[0];
    if (!top) return { matches: [], suggestions: [] };
    const topEntry = entries[top.r.id];
    const second = ranked.find((c) => c !== top && !sameText(entries[c.r.id], topEntry));
    // A lead in BM25 score alone is not enough for Chinese: overlapping bigrams and short fields inflate it.
    const clear =
      !second || rank(second) <= rank(top) - 0.04 || (!chinese && top.r.score >= second.r.score * opts.minMargin);
    const confident =
      top.coverage >= opts.minCoverage &&
      top.covered >= 2 &&
      top.information >= opts.minInformation * Math.log(1 + entries.length) &&
      known.length >= words.length * 0.5 &&
      clear;
    const matches: AnswerItem[] = [];
    const suggestions: AnswerItem[] = [];
    for (const c of ranked.slice(0, 8)) {
      const entry = entries[c.r.id];
      if (!entry) continue;
      const confidence = Math.round(Math.min(0.95, c.coverage * (confident ? 1 : 0.7)) * 100) / 100;
      if (confident && (c === top || sameText(entry, topEntry))) matches.push(item(entry, 'text', confidence));
      else if (c.coverage >= 0.5) suggestions.push(item(entry, 'text', confidence));
    }
    return { matches, suggestions };
  };

  const nearCodes = (code: string): CatalogEntry[] => {
    const parts = parseCode(code);
    if (!parts) return [];
    const found = new Map<string, CatalogEntry>();
    const digits = parts.number.split('');
    const tryNumber = (n: string) => {
      const [e] = catalog.byCode(parts.prefix ? `${parts.prefix}.${n}` : n);
      if (e) found.set(e.key, e);
    };
    for (let i = 0; i + 1 < digits.length; i++) {
      const swapped = [...digits];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1] as string, swapped[i] as string];
      tryNumber(swapped.join(''));
    }
    for (let i = 0; i < digits.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = [...digits];
        changed[i] = String(d);
        tryNumber(changed.join(''));
      }
    }
    found.delete(catalog.byCode(code)[0]?.key ?? '');
    return [...found.values()];
  };

  const fallbackFor = (code: string): FallbackAnswer | undefined => {
    const prefix = parseCode(code)?.prefix;
    const service = prefix ? catalog.homeOfPrefix(prefix) : undefined;
    if (!service?.fallback) return undefined;
    const f = service.fallback;
    return {
      service: service.id,
      serviceName: service.name,
      status: f.status,
      measure: f.measure,
      measureZh: f.measure_zh,
      escalation: f.escalation,
    };
  };

  return {
    catalog,
    answer(text: string): Answer {
      const ex = extract(text, knownPrefix);
      const trimmed = text.trim();
      // A bare number is an IAM-style code only when it is the whole query and not an HTTP status.
      if (ex.codes.length === 0 && /^\d{4,6}$/.test(trimmed)) ex.codes.push({ code: trimmed, via: 'text', index: 0 });

      const matches = new Map<string, AnswerItem>();
      const suggestions = new Map<string, AnswerItem>();
      let unknownCode: string | undefined;
      for (const candidate of ex.codes) {
        const found = catalog.byCode(candidate.code);
        const home = found[0]?.service;
        if (found.length > 0) {
          for (const entry of found.filter((e) => e.service === home)) {
            const alias = keyOfCode(candidate.code) !== entry.key;
            if (!matches.has(keyOf(entry))) {
              matches.set(keyOf(entry), { ...item(entry, alias ? 'alias' : 'code', 1), input: candidate.code });
            }
          }
        } else {
          unknownCode ??= candidate.code;
          for (const near of nearCodes(candidate.code)) suggestions.set(keyOf(near), item(near, 'near-code', 0.5));
        }
      }

      if (matches.size === 0) {
        const queries = ex.messages.length
          ? ex.messages
          : trimmed.length <= opts.maxTextQuery && ex.codes.length === 0
            ? [trimmed]
            : [];
        for (const query of queries) {
          const hit = lookupMessage(query);
          const found = hit
            ? {
                matches: hit.ids.flatMap((id) => (entries[id] ? [item(entries[id], hit.kind, 1)] : [])),
                suggestions: [],
              }
            : query.length <= opts.maxTextQuery * 2
              ? searchText(query)
              : { matches: [], suggestions: [] };
          // With a code the catalog lacks, a message hit is a "did you mean", not an answer.
          for (const m of found.matches) (unknownCode ? suggestions : matches).set(keyOf(m), m);
          for (const s of found.suggestions) suggestions.set(keyOf(s), s);
          if (matches.size) break;
        }
      }
      for (const k of matches.keys()) suggestions.delete(k);

      return {
        matches: [...matches.values()].slice(0, opts.maxMatches),
        suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
        extracted: summarise(ex),
        ...(unknownCode ? { unknownCode } : {}),
        ...(unknownCode && matches.size === 0 && fallbackFor(unknownCode)
          ? { fallback: fallbackFor(unknownCode) }
          : {}),
      };
    },
  };
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

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const HAS_CJK = /[\u3400-\u9fff]/u;

/** The longest word of a folded text: the key templates are filed under. */
function longestWord(text: string): string {
  return text.split(WORD_SPLIT).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Index terms of an entry's code: the separator-free code and its prefix, matching what queries produce. */
function codeTerms(e: CatalogEntry): string[] {
  const prefix = parseCode(e.code)?.prefix.toLowerCase();
  return prefix ? [e.key.replace(/[._-]/g, ''), prefix] : [e.key];
}

/** One key per catalog entry, whether it comes as an entry or as an answer item. */
function keyOf(x: AnswerItem | CatalogEntry): string {
  return `${typeof x.service === 'string' ? x.service : x.service.id}:${x.code}#${x.variant ?? ''}`.toLowerCase();
}

function sameText(a: CatalogEntry | undefined, b: CatalogEntry | undefined): boolean {
  return !!a && !!b && foldMessage(a.message) === foldMessage(b.message);
}

function summarise(ex: Extracted): Answer['extracted'] {
  return {
    code: ex.codes[0]?.code,
    codes: ex.codes.map((c) => c.code),
    message: ex.messages[0],
    status: ex.status,
    requestId: ex.requestId,
    endpoint: ex.endpoint,
    region: ex.region,
    structured: ex.structured,
    truncated: ex.truncated,
  };
}
