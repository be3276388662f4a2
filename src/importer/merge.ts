import { codeKey, parseCode } from '../catalog/codes.ts';
import { deriveEscalation } from '../catalog/escalation.ts';
import type { Entry, Fallback, Lang, PageInfo, ServiceFile, SourceRef } from '../catalog/schema.ts';
import type { PageRow } from './layouts/index.ts';

/** A page's rows, ready to merge into a service. */
export interface PageImport {
  page: PageInfo;
  rows: PageRow[];
}

/** Two pages of one service that disagree on a field of one code. */
export interface Conflict {
  code: string;
  field: 'status';
  values: Record<string, number>;
  /** The value the team chose (`local.status`), or undefined while the conflict is open. */
  resolvedAs: number | undefined;
}

/** What a merge changed, for the importer's report. */
export interface MergeReport {
  added: string[];
  updated: string[];
  removed: string[];
  /** Codes whose message is worded differently on different pages (all wordings are kept and matched). */
  variants: string[];
  conflicts: Conflict[];
}

interface Contribution {
  page: string;
  row: number;
  line: number;
  code: string;
  status: number;
  message: string;
}

interface Draft {
  contributions: Contribution[];
  text: Partial<Record<Lang, { page: string; cause?: string; measure?: string }>>;
  local: Entry['local'];
}

const FALLBACK_CODE = /^(?:Others|其他)$/i;

/** Orders pages for precedence: English first, then by file name, so merges do not depend on import order. */
export function sortPages(pages: PageInfo[]): PageInfo[] {
  return [...pages].sort((a, b) => (a.lang === b.lang ? a.file.localeCompare(b.file) : a.lang === 'en' ? -1 : 1));
}

/** Natural order of codes: by prefix, then by number. */
export function compareCodes(a: string, b: string): number {
  const pa = parseCode(a);
  const pb = parseCode(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.prefix.toLowerCase().localeCompare(pb.prefix.toLowerCase()) || Number(pa.number) - Number(pb.number);
}

/** A new, empty service file for `service`; curated fields start with neutral defaults. */
export function emptyServiceFile(service: string): ServiceFile {
  return { service, name: service, prefixes: [], aliases: {}, pages: [], entries: [] };
}

/**
 * Merges one page into a service file. The page replaces whatever it contributed before; other pages' contributions
 * and every curated field stay. The result does not depend on the order pages were imported in.
 */
export function mergePage(existing: ServiceFile, incoming: PageImport): { file: ServiceFile; report: MergeReport } {
  const pageName = incoming.page.file;
  const oldPage = existing.pages.find((p) => p.file === pageName);
  const pages = sortPages([
    ...existing.pages.filter((p) => p.file !== pageName),
    { ...incoming.page, ...(oldPage?.url ? { url: oldPage.url } : {}) },
  ]);
  const langOf = new Map(pages.map((p) => [p.file, p.lang]));
  const rank = new Map(pages.map((p, i) => [p.file, i]));

  const drafts = new Map<string, Draft>();
  const before = new Map<string, string>();
  const previous = new Map<string, Entry>();
  for (const entry of existing.entries) {
    const key = keyFor(entry.code);
    before.set(key, JSON.stringify(entry));
    previous.set(key, entry);
    drafts.set(key, toDraft(entry, langOf));
  }
  for (const draft of drafts.values()) {
    draft.contributions = draft.contributions.filter((c) => c.page !== pageName);
    for (const lang of Object.keys(draft.text) as Lang[])
      if (draft.text[lang]?.page === pageName) delete draft.text[lang];
  }

  let fallback = existing.fallback?.source.page === pageName ? undefined : existing.fallback;
  incoming.rows.forEach((row, index) => {
    const source = { page: pageName, row: index + 1, line: row.line };
    if (FALLBACK_CODE.test(row.code)) {
      fallback = toFallback(row, incoming.page.lang, source);
      return;
    }
    const key = keyFor(row.code);
    const draft = drafts.get(key) ?? { contributions: [], text: {}, local: undefined };
    drafts.set(key, draft);
    draft.contributions.push({ ...source, code: row.code, status: row.status ?? 0, message: row.message });
    const lang = incoming.page.lang;
    const held = draft.text[lang];
    if (!held || (rank.get(pageName) ?? 0) < (rank.get(held.page) ?? 0)) {
      draft.text[lang] = { page: pageName, cause: row.description || undefined, measure: row.measure || undefined };
    }
  });

  const report: MergeReport = { added: [], updated: [], removed: [], variants: [], conflicts: [] };
  const entries: Entry[] = [];
  for (const [key, draft] of drafts) {
    const old = previous.get(key);
    const entry = fromDraft(draft, rank) ?? (draft.local && old ? { ...old, sources: [] } : undefined);
    if (!entry) {
      if (old) report.removed.push(old.code);
      continue;
    }
    entries.push(entry);
    const was = before.get(key);
    if (was === undefined) report.added.push(entry.code);
    else if (was !== JSON.stringify(entry)) report.updated.push(entry.code);
    const statuses = new Map(entry.sources.map((s) => [s.page, s.status ?? entry.status]));
    if (new Set(statuses.values()).size > 1) {
      report.conflicts.push({
        code: entry.code,
        field: 'status',
        values: Object.fromEntries(statuses),
        resolvedAs: entry.local?.status,
      });
    }
    if (new Set(draft.contributions.map((c) => c.message)).size > 1) report.variants.push(entry.code);
  }
  entries.sort((a, b) => compareCodes(a.code, b.code));

  const prefixes = new Set(existing.prefixes);
  for (const e of entries) {
    const prefix = parseCode(e.code)?.prefix;
    if (prefix) prefixes.add(prefix);
  }
  const file: ServiceFile = {
    service: existing.service,
    name: existing.name,
    prefixes: [...prefixes].sort((a, b) => a.localeCompare(b)),
    aliases: existing.aliases,
    pages,
    ...(fallback ? { fallback } : {}),
    entries,
  };
  return { file, report };
}

function keyFor(code: string): string {
  const parts = parseCode(code);
  return parts ? codeKey(parts) : code.toLowerCase();
}

function toDraft(entry: Entry, langOf: Map<string, Lang>): Draft {
  const contributions = entry.sources.map((s) => ({
    page: s.page,
    row: s.row,
    line: s.line,
    code: entry.code,
    status: s.status ?? entry.status,
    message: s.message ?? entry.message,
  }));
  const firstOf = (lang: Lang) => entry.sources.find((s) => langOf.get(s.page) === lang)?.page;
  const text: Draft['text'] = {};
  const en = firstOf('en');
  if (en && (entry.cause || entry.measure)) text.en = { page: en, cause: entry.cause, measure: entry.measure };
  const zh = firstOf('zh');
  if (zh && (entry.cause_zh || entry.measure_zh))
    text.zh = { page: zh, cause: entry.cause_zh, measure: entry.measure_zh };
  return { contributions, text, local: entry.local };
}

function fromDraft(draft: Draft, rank: Map<string, number>): Entry | undefined {
  const contributions = [...draft.contributions].sort((a, b) => (rank.get(a.page) ?? 0) - (rank.get(b.page) ?? 0));
  const primary = contributions[0];
  if (!primary) return undefined; // no page lists it any more
  const sources: SourceRef[] = contributions.map((c) => ({
    page: c.page,
    row: c.row,
    line: c.line,
    ...(c.status !== primary.status ? { status: c.status } : {}),
    ...(c.message !== primary.message ? { message: c.message } : {}),
  }));
  const en = draft.text.en;
  const zh = draft.text.zh;
  const entry: Entry = {
    code: primary.code,
    status: primary.status,
    message: primary.message,
    cause: en?.cause,
    measure: en?.measure,
    cause_zh: zh?.cause,
    measure_zh: zh?.measure,
    escalation: deriveEscalation(en?.measure, zh?.measure),
    sources,
    local: draft.local,
  };
  for (const k of Object.keys(entry) as (keyof Entry)[]) if (entry[k] === undefined) delete entry[k];
  return entry;
}

function toFallback(row: PageRow, lang: Lang, source: Fallback['source']): Fallback {
  return {
    ...(row.status ? { status: row.status } : {}),
    ...(lang === 'zh' ? { measure: row.measure, measure_zh: row.measure } : { measure: row.measure }),
    escalation: deriveEscalation(row.measure),
    source,
  };
}
