import type { CatalogEntry, Service } from '../catalog/catalog.ts';
import type { Answer, AnswerItem, FallbackAnswer, MatchKind, ServiceRef } from './answer.ts';
import type { Extracted } from './extract.ts';
import type { UnknownCode } from './lookup-code.ts';
import type { Candidate } from './search-words.ts';

/** An answer's item for a catalog entry: its text, its source and link, and how it was matched. */
export function toItem(
  entry: CatalogEntry,
  matchedBy: MatchKind,
  confidence: number,
  extra: Partial<AnswerItem> = {},
): AnswerItem {
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

/** How sure a words answer is: its coverage, discounted when it is only a suggestion. */
export function confidenceOf(c: Candidate, confident: boolean): number {
  return Math.round(Math.min(0.95, c.coverage * (confident ? 1 : 0.7)) * 100) / 100;
}

/** The unknown-code part of an answer: the code, its prefix's service, and that service's rule for such codes. */
export function unknownFields(unknown: UnknownCode): Pick<Answer, 'unknownCode' | 'unknownService' | 'fallback'> {
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

/** What the extractor found, codes and messages as text. */
export function summarise(ex: Extracted): Answer['extracted'] {
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
