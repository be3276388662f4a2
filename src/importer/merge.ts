import { keyWithAliases, parseCode } from '../catalog/codes.ts';
import { deriveEscalation } from '../catalog/escalation.ts';
import type { Cloud, Entry, Fallback, Lang, PageInfo, ServiceFile, SourceRef, Status } from '../catalog/schema.ts';
import type { PageRow } from './layouts/index.ts';

/** A page's rows, ready to build a service from. */
export interface PageImport {
  page: PageInfo;
  rows: PageRow[];
  /** Each row's 1-based position among all the page's rows, where only some rows are imported (`only`/`except`). */
  positions?: number[];
}

/** Two pages of one cloud that disagree on a code's status. */
export interface Conflict {
  code: string;
  variant?: string;
  field: 'status';
  values: Record<string, Status>;
  /** The value the team chose (`local.status`), or undefined while the conflict is open. */
  resolvedAs: number | undefined;
}

/** What a build changed against the file it replaces, for the importer's report. */
export interface MergeReport {
  /** Entries added, updated and removed, as `CODE` or `CODE#variant`. */
  added: string[];
  updated: string[];
  removed: string[];
  /** Codes whose message is worded differently on different pages (all wordings are kept and matched). */
  wordings: string[];
  /** Codes the service publishes with several meanings (one entry each, told apart by `variant`). */
  variants: string[];
  conflicts: Conflict[];
}

/** One published row of a code, where it was read. */
interface Contribution {
  page: PageInfo;
  /** 1-based position of the row among the page's rows. */
  row: number;
  data: PageRow;
}

const FALLBACK_CODE = /^(?:Others|其他)$/i;

/** Whose pages win where several publish a code: the vendor's own first, then English first, then by file name. */
export function sortPages<P extends Pick<PageInfo, 'file' | 'lang' | 'cloud'>>(pages: readonly P[]): P[] {
  const cloudRank = (c: Cloud | undefined) => (c === 'otc' ? 1 : 0);
  return [...pages].sort(
    (a, b) =>
      cloudRank(a.cloud) - cloudRank(b.cloud) ||
      (a.lang === b.lang ? 0 : a.lang === 'en' ? -1 : 1) ||
      a.file.localeCompare(b.file),
  );
}

/** Natural order of codes: by prefix, then by number (numerically where it is one), word codes by spelling. */
export function compareCodes(a: string, b: string): number {
  const pa = parseCode(a);
  const pb = parseCode(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);
  const byPrefix = pa.prefix.toLowerCase().localeCompare(pb.prefix.toLowerCase());
  if (byPrefix !== 0) return byPrefix;
  const na = /^\d+$/.test(pa.number) ? Number(pa.number) : Number.NaN;
  const nb = /^\d+$/.test(pb.number) ? Number(pb.number) : Number.NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return pa.number.localeCompare(pb.number) || a.localeCompare(b);
}

/** A new, empty service file for `service`; curated fields start with neutral defaults. */
export function emptyServiceFile(service: string): ServiceFile {
  return { service, name: service, prefixes: [], owns: [], aliases: {}, hosts: [], pages: [], entries: [] };
}

/** The name of an entry in reports: its code, and its variant if it has one. */
export function entryName(e: Pick<Entry, 'code' | 'variant'>): string {
  return e.variant ? `${e.code}#${e.variant}` : e.code;
}

/**
 * Builds a service's file from every page it is imported from, keeping what the team curated in `base` (name, home
 * prefixes, aliases, hosts, page URLs, each entry's `local:` block). A pure function of the pages and the curated
 * fields: the order pages were imported in cannot change the result.
 *
 * Every published row is kept as a source. Rows of one code are one entry, unless one page publishes the code on
 * several rows that differ: then each distinct row is a variant, labelled by what tells them apart (the row's module,
 * its status, its message), and the other pages' rows join the variant they match.
 */
export function buildServiceFile(
  base: ServiceFile,
  pages: readonly PageImport[],
): { file: ServiceFile; report: MergeReport } {
  const curatedUrl = new Map(base.pages.flatMap((p) => (p.url ? [[p.file, p.url] as const] : [])));
  const ordered = sortPages(pages.map((p) => p.page)).map((page) =>
    page.url || !curatedUrl.has(page.file) ? page : { ...page, url: curatedUrl.get(page.file) },
  );
  const rank = new Map(ordered.map((p, i) => [p.file, i]));
  // A code spelt with an alias of the service's prefix (`APIGW.0101` in API Gateway) is the same error.
  const keyOf = (code: string) => keyWithAliases(code, base.aliases);
  const entryId = (e: Pick<Entry, 'code' | 'variant'>) => `${keyOf(e.code)}#${e.variant ?? ''}`;
  const rowsOf = new Map(pages.map((p) => [p.page.file, p]));

  const byCode = new Map<string, Contribution[]>();
  let fallback: Fallback | undefined;
  for (const page of ordered) {
    const imported = rowsOf.get(page.file);
    (imported?.rows ?? []).forEach((data, index) => {
      const row = imported?.positions?.[index] ?? index + 1;
      if (FALLBACK_CODE.test(data.code)) {
        fallback ??= toFallback(data, page, { page: page.file, row, line: data.line });
        return;
      }
      const key = keyOf(data.code);
      const list = byCode.get(key) ?? [];
      list.push({ page, row, data });
      byCode.set(key, list);
    });
  }

  const previous = new Map(base.entries.map((e) => [entryId(e), e]));
  const report: MergeReport = { added: [], updated: [], removed: [], wordings: [], variants: [], conflicts: [] };
  const entries: Entry[] = [];
  for (const contributions of byCode.values()) {
    const variants = splitVariants(contributions, rank);
    if (variants.length > 1) report.variants.push(variants[0]?.contributions[0]?.data.code ?? '');
    for (const variant of variants) {
      const entry = toEntry(
        variant,
        previous.get(entryId({ code: variant.contributions[0]?.data.code ?? '', variant: variant.label })),
      );
      entries.push(entry);
      if (new Set(variant.contributions.map((c) => messageOf(c.data))).size > 1) report.wordings.push(entryName(entry));
      const conflict = conflictOf(entry, variant.contributions);
      if (conflict) report.conflicts.push(conflict);
    }
  }
  // Curated entries no page lists any more are kept, with no sources, for `catalog check` to point at.
  const built = new Set(entries.map(entryId));
  for (const old of base.entries) {
    if (built.has(entryId(old))) continue;
    if (old.local) entries.push({ ...old, sources: [] });
    else report.removed.push(entryName(old));
  }
  // A stable sort: a code's variants keep the order of their rows on the page that defines them.
  entries.sort((a, b) => compareCodes(a.code, b.code));

  for (const e of entries) {
    const was = previous.get(entryId(e));
    if (!was) report.added.push(entryName(e));
    else if (JSON.stringify(was) !== JSON.stringify(e)) report.updated.push(entryName(e));
  }
  report.wordings.sort(compareCodes);
  report.variants.sort(compareCodes);

  const prefixes = new Map<string, string>();
  const aliased = new Set(Object.keys(base.aliases).map((a) => a.toLowerCase()));
  for (const e of entries) {
    const prefix = parseCode(e.code)?.prefix;
    if (prefix && !aliased.has(prefix.toLowerCase()) && !prefixes.has(prefix.toLowerCase()))
      prefixes.set(prefix.toLowerCase(), prefix);
  }
  const file: ServiceFile = {
    service: base.service,
    name: base.name,
    prefixes: [...prefixes.values()].sort((a, b) => a.localeCompare(b)),
    owns: base.owns,
    aliases: base.aliases,
    hosts: base.hosts,
    ...(base.docs ? { docs: base.docs } : {}),
    pages: ordered,
    ...(fallback ? { fallback } : {}),
    entries,
  };
  return { file, report };
}

/** A row's message: the message cell, or the description where the table has no message column. */
function messageOf(row: PageRow): string {
  return row.message || row.description;
}

function statusOf(row: PageRow): Status | undefined {
  if (row.statuses && row.statuses.length > 1) return row.statuses;
  return row.status;
}

const sameStatus = (a: Status | undefined, b: Status | undefined) => JSON.stringify(a) === JSON.stringify(b);
const fold = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.。]+$/u, '')
    .trim();

interface Variant {
  label?: string;
  contributions: Contribution[];
}

/**
 * Splits a code's rows into variants. Rows of a page that say the same are one (a page that lists a code twice the
 * same way, under two modules, say);
 * if no page has more than one distinct row, all rows are one entry; otherwise the page with the most distinct rows
 * defines the variants and the other pages' rows join the one whose message (then module, then status) they share.
 */
function splitVariants(contributions: Contribution[], rank: Map<string, number>): Variant[] {
  const perPage = new Map<string, { signature: string; contributions: Contribution[] }[]>();
  for (const c of contributions) {
    const distinct = perPage.get(c.page.file) ?? [];
    perPage.set(c.page.file, distinct);
    // What a row says, not where it is listed: the same row under two modules is one meaning.
    const { line: _line, group: _group, table: _table, ...content } = c.data;
    const signature = JSON.stringify(content);
    const same = distinct.find((d) => d.signature === signature);
    if (same) same.contributions.push(c);
    else distinct.push({ signature, contributions: [c] });
  }
  const pagesInRank = [...perPage.keys()].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const most = Math.max(...[...perPage.values()].map((d) => d.length));
  if (most <= 1) return [{ contributions: sortContributions(contributions, rank) }];

  const defining = pagesInRank.find((p) => perPage.get(p)?.length === most) as string;
  const variants: (Variant & { seed: PageRow })[] = (perPage.get(defining) ?? []).map((d) => ({
    seed: d.contributions[0]?.data as PageRow,
    contributions: [...d.contributions],
  }));
  for (const page of pagesInRank) {
    if (page === defining) continue;
    for (const d of perPage.get(page) ?? []) {
      const row = d.contributions[0]?.data as PageRow;
      const head = (v: { seed: PageRow }) => v.seed;
      const match =
        variants.find((v) => fold(messageOf(head(v))) === fold(messageOf(row)) && head(v).group === row.group) ??
        variants.find((v) => fold(messageOf(head(v))) === fold(messageOf(row))) ??
        variants.find((v) => !!row.group && head(v).group === row.group) ??
        variants.find((v) => sameStatus(statusOf(head(v)), statusOf(row)));
      if (match) match.contributions.push(...d.contributions);
      else variants.push({ seed: row, contributions: [...d.contributions] });
    }
  }
  // Labels come from the rows that define the variants, whichever page ranks first for each.
  const labels = labelVariants(variants.map((v) => v.seed));
  return variants.map((v, i) => ({ label: labels[i], contributions: sortContributions(v.contributions, rank) }));
}

function sortContributions(list: Contribution[], rank: Map<string, number>): Contribution[] {
  return [...list].sort((a, b) => (rank.get(a.page.file) ?? 0) - (rank.get(b.page.file) ?? 0) || a.row - b.row);
}

const statusText = (s: Status | undefined) =>
  Array.isArray(s) ? s.join('/') : s === undefined ? undefined : String(s);
const shortMessage = (text: string) => {
  const first = (text.split('\n')[0] ?? '').trim();
  return first.length > 60 ? `${first.slice(0, 59).trimEnd()}…` : first;
};

/**
 * Labels that tell a code's variants apart, from what people see of them: the module the row is listed under, then
 * its HTTP status, then its message; the first way that names every variant differently wins.
 */
export function labelVariants(rows: readonly PageRow[]): string[] {
  const schemes: ((r: PageRow) => string | undefined)[] = [
    (r) => r.group,
    (r) => (r.group && statusOf(r) !== undefined ? `${r.group} (HTTP ${statusText(statusOf(r))})` : undefined),
    (r) => (statusOf(r) !== undefined ? `HTTP ${statusText(statusOf(r))}` : undefined),
    (r) => (r.table ? `${r.table}: ${shortMessage(messageOf(r))}` : undefined),
    (r) => shortMessage(messageOf(r)) || undefined,
  ];
  for (const scheme of schemes) {
    const labels = rows.map(scheme);
    if (labels.every((l) => !!l) && new Set(labels.map((l) => l?.toLowerCase())).size === labels.length)
      return labels as string[];
  }
  return rows.map((_, i) => `#${i + 1}`);
}

function toEntry(variant: Variant, previous: Entry | undefined): Entry {
  const [primary] = variant.contributions as [Contribution, ...Contribution[]];
  const status = statusOf(primary.data);
  const message = messageOf(primary.data);
  const sources: SourceRef[] = variant.contributions.map((c) => ({
    page: c.page.file,
    row: c.row,
    line: c.data.line,
    ...(!sameStatus(statusOf(c.data), status) && statusOf(c.data) !== undefined ? { status: statusOf(c.data) } : {}),
    ...(messageOf(c.data) !== message ? { message: messageOf(c.data) } : {}),
  }));
  const textOf = (lang: Lang) => {
    const from = variant.contributions.find((c) => c.page.lang === lang && (c.data.description || c.data.measure));
    return from && { cause: from.data.description || undefined, measure: from.data.measure || undefined };
  };
  const en = textOf('en');
  const zh = textOf('zh');
  const entry: Entry = {
    code: primary.data.code,
    variant: variant.label,
    status,
    message,
    cause: en?.cause,
    measure: en?.measure,
    cause_zh: zh?.cause,
    measure_zh: zh?.measure,
    escalation: deriveEscalation(en?.measure, zh?.measure),
    sources,
    local: previous?.local,
  };
  for (const k of Object.keys(entry) as (keyof Entry)[]) if (entry[k] === undefined) delete entry[k];
  return entry;
}

/** Pages of the primary page's cloud must agree on the status; the sister cloud's own status is only recorded. */
function conflictOf(entry: Entry, contributions: Contribution[]): Conflict | undefined {
  const cloud = contributions[0]?.page.cloud;
  const own = contributions.filter((c) => c.page.cloud === cloud && statusOf(c.data) !== undefined);
  const values = new Map(own.map((c) => [c.page.file, statusOf(c.data) as Status]));
  if (new Set([...values.values()].map((v) => JSON.stringify(v))).size <= 1) return undefined;
  return {
    code: entry.code,
    ...(entry.variant ? { variant: entry.variant } : {}),
    field: 'status',
    values: Object.fromEntries(values),
    resolvedAs: entry.local?.status,
  };
}

function toFallback(row: PageRow, page: PageInfo, source: Fallback['source']): Fallback {
  return {
    ...(row.status ? { status: row.status } : {}),
    ...(page.lang === 'zh' ? { measure: row.measure, measure_zh: row.measure } : { measure: row.measure }),
    escalation: deriveEscalation(row.measure),
    source,
  };
}
