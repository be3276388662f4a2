import MiniSearch, { type SearchResult } from 'minisearch';
import type { Catalog, CatalogEntry } from '../catalog/catalog.ts';
import { parseCode } from '../catalog/codes.ts';
import type { Answer, AnswerItem, FallbackAnswer, MatchKind } from './answer.ts';
import { type Extracted, extract } from './extract.ts';
import { compileTemplate, matchesTemplate, type Template } from './templates.ts';
import { foldMessage, processTerm, terms, tokenize } from './text.ts';

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
}

export const defaultEngineOptions: EngineOptions = {
  maxMatches: 3,
  maxSuggestions: 3,
  maxTextQuery: 400,
  minCoverage: 0.75,
  minMargin: 1.25,
};

/** Answers questions about error codes. Built once per catalog; `answer` is synchronous and allocation-light. */
export interface Engine {
  readonly catalog: Catalog;
  answer(text: string): Answer;
}

interface Doc {
  id: number;
  code: string;
  message: string;
  cause: string;
  measure: string;
  zh: string;
}

const FIELD_BOOST = { code: 6, message: 3, cause: 2, measure: 0.4, zh: 2 };

/** Builds the engine: the MiniSearch index, the exact-message table and the message templates. */
export function createEngine(catalog: Catalog, options: Partial<EngineOptions> = {}): Engine {
  const opts: EngineOptions = { ...defaultEngineOptions, ...options };
  const entries = catalog.entries;
  const index = new MiniSearch<Doc>({
    fields: ['code', 'message', 'cause', 'measure', 'zh'],
    tokenize,
    processTerm,
    searchOptions: { tokenize, processTerm },
  });
  index.addAll(
    entries.map((e, id) => ({
      id,
      code: `${e.code} ${e.key}`,
      message: e.messages.join('\n'),
      cause: e.cause ?? '',
      measure: e.measure ?? '',
      zh: `${e.causeZh ?? ''}\n${e.measureZh ?? ''}`,
    })),
  );

  const exact = new Map<string, number[]>();
  const addExact = (text: string | undefined, id: number) => {
    if (!text) return;
    const key = foldMessage(text);
    const ids = exact.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    exact.set(key, ids);
  };
  const templates: { id: number; template: Template }[] = [];
  entries.forEach((e, id) => {
    for (const m of e.messages) {
      addExact(m, id);
      const template = compileTemplate(m);
      if (template) templates.push({ id, template });
    }
  });
  // Causes are matched exactly too, after messages: a pasted cause is as good as a message, but many are shared.
  entries.forEach((e, id) => {
    addExact(e.cause, id);
    addExact(e.causeZh, id);
  });

  const knownPrefix = (prefix: string) => catalog.serviceOfPrefix(prefix) !== undefined;

  const item = (entry: CatalogEntry, matchedBy: MatchKind, confidence: number): AnswerItem => {
    const src = entry.sources[0];
    return {
      code: entry.code,
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
      source: src && { page: src.page.file, title: src.page.title, row: src.row, line: src.line, url: src.page.url },
      notes: entry.notes,
      runbook: entry.runbook,
      owner: entry.owner,
    };
  };

  /** Exact message, then filled-in template. */
  const lookupMessage = (message: string): { ids: number[]; kind: MatchKind } | undefined => {
    const folded = foldMessage(message);
    const ids = exact.get(folded);
    if (ids) return { ids, kind: 'message' };
    const hits = templates.filter((t) => folded.includes(t.template.anchor) && matchesTemplate(t.template, folded));
    if (hits.length) return { ids: [...new Set(hits.map((h) => h.id))], kind: 'template' };
    return undefined;
  };

  /** Words: a match only when the best hit covers the query and clearly beats the rest. */
  const searchText = (query: string): { matches: AnswerItem[]; suggestions: AnswerItem[] } => {
    const queryTerms = terms(query);
    if (queryTerms.length === 0) return { matches: [], suggestions: [] };
    const results = index.search(query, {
      boost: FIELD_BOOST,
      combineWith: 'OR',
      fuzzy: (term) => (term.length >= 7 && !/\d/.test(term) ? 0.15 : false),
      prefix: (term) => term.length >= 5 && !/\d/.test(term),
      weights: { fuzzy: 0.3, prefix: 0.5 },
    });
    const coverage = (r: SearchResult) => r.queryTerms.length / queryTerms.length;
    const top = results[0];
    if (!top) return { matches: [], suggestions: [] };
    const second = results.find((r) => !sameText(entries[r.id], entries[top.id]) && r.id !== top.id);
    const clear = !second || top.score >= second.score * opts.minMargin;
    const matches: AnswerItem[] = [];
    const suggestions: AnswerItem[] = [];
    const confident =
      coverage(top) >= opts.minCoverage && top.queryTerms.length >= Math.min(2, queryTerms.length) && clear;
    for (const r of results.slice(0, 8)) {
      const entry = entries[r.id];
      if (!entry) continue;
      const conf = Math.min(0.95, coverage(r) * (r === top && clear ? 1 : 0.7));
      if (confident && (r === top || sameText(entry, entries[top.id]))) matches.push(item(entry, 'text', conf));
      else if (coverage(r) >= 0.5 && r.score >= top.score * 0.5) suggestions.push(item(entry, 'text', conf));
    }
    return { matches, suggestions };
  };

  const nearCodes = (code: string): CatalogEntry[] => {
    const parts = parseCode(code);
    if (!parts) return [];
    const found = new Map<string, CatalogEntry>();
    const digits = parts.number.split('');
    const tryNumber = (n: string) => {
      const e = catalog.byCode(parts.prefix ? `${parts.prefix}.${n}` : n);
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
    found.delete(catalog.byCode(code)?.key ?? '');
    return [...found.values()];
  };

  const fallbackFor = (code: string): FallbackAnswer | undefined => {
    const prefix = parseCode(code)?.prefix;
    const service = prefix ? catalog.serviceOfPrefix(prefix) : undefined;
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
        const entry = catalog.byCode(candidate.code);
        if (entry) {
          const alias = parseCode(candidate.code)?.prefix.toLowerCase() !== parseCode(entry.code)?.prefix.toLowerCase();
          if (!matches.has(entry.key)) matches.set(entry.key, item(entry, alias ? 'alias' : 'code', 1));
        } else {
          unknownCode ??= candidate.code;
          for (const near of nearCodes(candidate.code)) suggestions.set(near.key, item(near, 'near-code', 0.5));
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

function keyOf(item: AnswerItem): string {
  return `${item.service}:${item.code}`.toLowerCase();
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
