import { codeKey, parseCode } from './codes.ts';
import type { Entry, Escalation, Fallback, PageInfo, ServiceFile } from './schema.ts';

/** A service as the engine sees it. */
export interface Service {
  id: string;
  name: string;
  prefixes: readonly string[];
  aliases: Readonly<Record<string, string>>;
  pages: readonly PageInfo[];
  fallback?: Fallback;
  /** How many codes the service has in the catalog. */
  codes: number;
}

/** One catalog entry with curated overrides applied: what users are shown. */
export interface CatalogEntry {
  service: Service;
  code: string;
  key: string;
  status: number;
  /** The message as the primary page publishes it. */
  message: string;
  /** Every published wording of the message, primary first. */
  messages: readonly string[];
  cause?: string;
  measure?: string;
  causeZh?: string;
  measureZh?: string;
  escalation: Escalation;
  sources: readonly { page: PageInfo; row: number; line: number }[];
  notes?: string;
  runbook?: string;
  owner?: string;
}

/** The whole catalog, ready for lookups. Built once at start. */
export interface Catalog {
  readonly services: readonly Service[];
  readonly entries: readonly CatalogEntry[];
  /** The entry for a code in any spelling or alias, if the catalog has it. */
  byCode(raw: string): CatalogEntry | undefined;
  /** The service that owns a code's prefix (aliases included), if any. */
  serviceOfPrefix(prefix: string): Service | undefined;
}

/** Builds the in-memory catalog from validated service files. */
export function buildCatalog(files: readonly ServiceFile[]): Catalog {
  const services: Service[] = [];
  const entries: CatalogEntry[] = [];
  const byKey = new Map<string, CatalogEntry>();
  const prefixes = new Map<string, { service: Service; canonical: string }>();
  for (const file of files) {
    const service: Service = {
      id: file.service,
      name: file.name,
      prefixes: file.prefixes,
      aliases: file.aliases,
      pages: file.pages,
      ...(file.fallback ? { fallback: file.fallback } : {}),
      codes: file.entries.length,
    };
    services.push(service);
    for (const p of file.prefixes) prefixes.set(p.toLowerCase(), { service, canonical: p });
    for (const [alias, target] of Object.entries(file.aliases))
      prefixes.set(alias.toLowerCase(), { service, canonical: target });
    const pageOf = new Map(file.pages.map((p) => [p.file, p]));
    for (const e of file.entries) {
      const entry = toCatalogEntry(e, service, pageOf);
      entries.push(entry);
      byKey.set(entry.key, entry);
    }
  }
  const canonicalKey = (raw: string) => {
    const parts = parseCode(raw);
    if (!parts) return undefined;
    const mapped = prefixes.get(parts.prefix.toLowerCase());
    return codeKey(mapped ? { prefix: mapped.canonical, number: parts.number } : parts);
  };
  return {
    services,
    entries,
    byCode(raw) {
      const key = canonicalKey(raw);
      return key === undefined ? undefined : byKey.get(key);
    },
    serviceOfPrefix(prefix) {
      return prefixes.get(prefix.toLowerCase())?.service;
    },
  };
}

function toCatalogEntry(e: Entry, service: Service, pageOf: Map<string, PageInfo>): CatalogEntry {
  const messages = [e.message, ...e.sources.map((s) => s.message).filter((m): m is string => !!m)];
  const parts = parseCode(e.code);
  return {
    service,
    code: e.code,
    key: parts ? codeKey(parts) : e.code.toLowerCase(),
    status: e.local?.status ?? e.status,
    message: e.message,
    messages: [...new Set(messages)],
    cause: e.cause,
    causeZh: e.cause_zh,
    measure: e.measure,
    measureZh: e.measure_zh,
    escalation: e.local?.escalation ?? e.escalation,
    sources: e.sources.flatMap((s) => {
      const page = pageOf.get(s.page);
      return page ? [{ page, row: s.row, line: s.line }] : [];
    }),
    notes: e.local?.notes,
    runbook: e.local?.runbook,
    owner: e.local?.owner,
  };
}
