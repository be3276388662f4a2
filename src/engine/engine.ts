import type { Catalog, CatalogEntry, Service } from '../catalog/catalog.ts';
import { isWordCode, keyOfCode, MAX_CODE_LENGTH } from '../catalog/codes.ts';
import type { Answer, AnswerItem, FallbackAnswer, MatchKind, ServiceRef } from './answer.ts';
import { type DecideOptions, type Decision, decide, rank } from './decide.ts';
import { type ExtractContext, type Extracted, extract } from './extract.ts';
import { type KnownCode, lookUpCode, narrowServices, type UnknownCode } from './lookup-code.ts';
import { isGenericHttp, lookUpMessage, type MessageHit, messageFit, summaryOf } from './lookup-message.ts';
import { buildIndex, type SearchIndex } from './search-index.ts';
import { type Candidate, type SearchOptions, searchWords, type WordQuery } from './search-words.ts';
import { foldMessage } from './text.ts';

/** Tuning of the engine; every field has a default. */
export interface EngineOptions extends DecideOptions, SearchOptions {
  /** At most this many matches in an answer. */
  maxMatches: number;
  /** Free-text queries longer than this (characters) are not searched as words: a paste is not a question. */
  maxTextQuery: number;
}

export const defaultEngineOptions: EngineOptions = {
  maxMatches: 3,
  maxSuggestions: 3,
  maxTextQuery: 400,
  minCoverage: 0.7,
  strongCoverage: 0.55,
  strongTelling: 4,
  strongLead: 0.15,
  minTelling: 2,
  minLead: 0.04,
  minShortPrecision: 0.5,
  minInformation: 0.9,
  maxCodes: 3,
  minSuggestion: 0.5,
  retrievalBudget: 4000,
  candidates: 30,
};

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

  const item = (entry: CatalogEntry, matchedBy: MatchKind, confidence: number, extra: Partial<AnswerItem> = {}) =>
    toItem(entry, matchedBy, confidence, extra);

  /** Words: candidates measured, then decided. Entries publishing one text, or of one code, are one answer. */
  const measure = (query: string) => {
    const found = searchWords(index, catalog.size, query, opts, (id) => {
      const e = entryAt(id);
      return e ? `${e.message}\n${e.cause ?? ''}` : '';
    });
    const candidates = found.candidates.map((c) => {
      const e = entryAt(c.id);
      return { ...c, text: foldMessage(e?.message ?? ''), code: e?.key ?? '', service: e?.service.id ?? '' };
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
  const words = (query: string) => {
    const { query: stats, candidates } = measure(query);
    return decide(stats, candidates, catalog.size, opts, codesOf);
  };

  const byCodes = (ex: Extracted, message: string | undefined, exactHit: MessageHit | undefined): Answer => {
    const matches = new Map<string, AnswerItem>();
    const suggestions = new Map<string, AnswerItem>();
    let unknown: UnknownCode | undefined;
    let host: string | undefined;
    const fit = (entry: CatalogEntry, m: string) =>
      messageFit(index, entry.index, m, m === message ? exactHit : undefined);
    for (const candidate of ex.codes) {
      if (matches.size >= opts.maxMatches * 3) break;
      const found: KnownCode | UnknownCode = lookUpCode(catalog, candidate.code, { message, hosts: ex.hosts, fit });
      if (found.kind === 'unknown') {
        unknown ??= found;
        for (const near of found.near) suggestions.set(near.id, item(near, 'near-code', 0.5));
        continue;
      }
      host ??= found.host;
      const alias = keyOfCode(candidate.code) !== keyOfCode(found.entries[0]?.code ?? '');
      const alsoIn = found.others.map((s) => s.name);
      for (const entry of found.entries) {
        if (matches.has(entry.id)) continue;
        matches.set(
          entry.id,
          item(entry, alias ? 'alias' : 'code', 1, { input: candidate.code, ...(alsoIn.length ? { alsoIn } : {}) }),
        );
      }
    }
    if (matches.size === 0 && unknown && message) {
      // A similar text may appear only as a suggestion, labelled as a different code: never as the answer.
      const similar = exactHit ? undefined : words(message);
      const ids = exactHit?.ids ?? [...(similar?.matches ?? []), ...(similar?.suggestions ?? [])].map((c) => c.id);
      for (const id of ids) {
        const e = entryAt(id);
        if (e && suggestions.size < opts.maxSuggestions * 2) suggestions.set(e.id, item(e, 'text', 0.5));
      }
    }
    for (const k of matches.keys()) suggestions.delete(k);
    return {
      // A code's variants are all shown, up to a bound that any answer view can hold.
      matches: [...matches.values()].slice(0, opts.maxMatches * 3),
      suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
      extracted: summarise(ex),
      decidedBy: 'code',
      ...(host ? { host } : {}),
      // An unknown code is always named; its service's rule only matters when nothing else was answered.
      ...(unknown ? (matches.size === 0 ? unknownFields(unknown) : { unknownCode: unknown.input }) : {}),
    };
  };

  /**
   * Entries a message or words found, by code: where several services publish one code under that text, the host
   * chooses, then the code's home service (the others are named). How many codes remain decides if it is an answer.
   */
  const byCode = (found: CatalogEntry[], hosts: readonly string[], matchedBy: MatchKind, confidence = 1) => {
    const groups = new Map<string, CatalogEntry[]>();
    for (const e of found) groups.set(e.key, [...(groups.get(e.key) ?? []), e]);
    const items: AnswerItem[] = [];
    let host: string | undefined;
    for (const group of groups.values()) {
      const narrowed = narrowServices(catalog, group, hosts, group[0]?.code ?? '');
      host ??= narrowed.host;
      const chosen = new Set(narrowed.entries.map((e) => e.service));
      const alsoIn = [...new Set(group.map((e) => e.service))].filter((s) => !chosen.has(s)).map((s) => s.name);
      for (const e of narrowed.entries) items.push(item(e, matchedBy, confidence, alsoIn.length ? { alsoIn } : {}));
    }
    return { items, codes: groups.size, host };
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
      if (ex.codes.length > 0) return byCodes(ex, message, exactHit);

      const base = { extracted: summarise(ex) };
      const queries = ex.messages.length ? ex.messages : trimmed.length <= opts.maxTextQuery ? [trimmed] : [];
      const suggestions = new Map<string, AnswerItem>();
      let sharedBy: number | undefined;
      for (const query of queries) {
        const hit = query === message ? exactHit : lookUpMessage(index, query);
        if (hit) {
          const found = byCode(
            hit.ids.map(entryAt).filter((e): e is CatalogEntry => !!e),
            ex.hosts,
            hit.kind,
          );
          if (found.codes <= opts.maxCodes) {
            return {
              ...base,
              matches: found.items.slice(0, opts.maxMatches * 3),
              suggestions: [],
              decidedBy: 'message',
              ...(found.host ? { host: found.host } : {}),
            };
          }
          sharedBy ??= found.codes;
          continue;
        }
        if (query.length > opts.maxTextQuery * 2 || isGenericHttp(query)) continue;
        // Words of the whole message; then its summary before a colon, as a message and as words (`Incorrect IAM
        // authentication information: <detail>`, `calc aksk signature fail:body too large`).
        const summary = summaryOf(query);
        for (const form of summary ? [query, summary] : [query]) {
          if (form === summary) {
            const head = lookUpMessage(index, summary, [summary]);
            const found =
              head &&
              byCode(
                head.ids.map(entryAt).filter((e): e is CatalogEntry => !!e),
                ex.hosts,
                head.kind,
              );
            if (found && found.codes <= opts.maxCodes) {
              return {
                ...base,
                matches: found.items,
                suggestions: [],
                decidedBy: 'message',
                ...(found.host ? { host: found.host } : {}),
              };
            }
          }
          const decision = words(form);
          for (const c of decision.suggestions) {
            const e = entryAt(c.id);
            if (e && !suggestions.has(e.id)) suggestions.set(e.id, item(e, 'text', confidenceOf(c, false)));
          }
          if (decision.matches.length === 0) continue;
          const confidence = confidenceOf(decision.matches[0] as Candidate, true);
          const found = byCode(
            decision.matches.map((c) => entryAt(c.id)).filter((e): e is CatalogEntry => !!e),
            ex.hosts,
            'text',
            confidence,
          );
          for (const m of found.items) suggestions.delete(m.id);
          return {
            ...base,
            matches: found.items.slice(0, opts.maxMatches),
            suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
            decidedBy: 'words',
            ...(found.host ? { host: found.host } : {}),
          };
        }
      }
      return {
        ...base,
        matches: [],
        suggestions: [...suggestions.values()].slice(0, opts.maxSuggestions),
        decidedBy: 'none',
        ...(sharedBy ? { sharedBy } : {}),
      };
    },
  };
}

/** How sure a words answer is: its coverage, discounted when it is only a suggestion. */
function confidenceOf(c: Candidate, confident: boolean): number {
  return Math.round(Math.min(0.95, c.coverage * (confident ? 1 : 0.7)) * 100) / 100;
}

/** The unknown-code part of an answer: the code, its prefix's service, and that service's rule for such codes. */
function unknownFields(unknown: UnknownCode): Pick<Answer, 'unknownCode' | 'unknownService' | 'fallback'> {
  const s = unknown.service;
  return {
    unknownCode: unknown.input,
    ...(s ? { unknownService: serviceRef(s) } : {}),
    ...(s?.fallback ? { fallback: fallbackOf(s) } : {}),
  };
}

function serviceRef(s: Service): ServiceRef {
  const url = s.pages.find((p) => p.url)?.url ?? s.docs;
  return { service: s.id, serviceName: s.name, ...(url ? { url } : {}) };
}

function fallbackOf(service: Service): FallbackAnswer | undefined {
  const f = service.fallback;
  if (!f) return undefined;
  return {
    service: service.id,
    serviceName: service.name,
    status: f.status,
    measure: f.measure,
    measureZh: f.measure_zh,
    escalation: f.escalation,
  };
}

function toItem(entry: CatalogEntry, matchedBy: MatchKind, confidence: number, extra: Partial<AnswerItem>): AnswerItem {
  const src = entry.sources[0];
  return {
    id: entry.id,
    code: entry.code,
    ...(entry.variant ? { variant: entry.variant } : {}),
    service: entry.service.id,
    serviceName: entry.service.name,
    ...(entry.status !== undefined ? { status: entry.status } : {}),
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
    ...extra,
  };
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
    hosts: ex.hosts,
    structured: ex.structured,
    truncated: ex.truncated,
  };
}

export { isGenericHttp } from './lookup-message.ts';
