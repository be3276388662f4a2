import { codeKey, foldPrefix, keyOfCode, parseCode } from './codes.ts';
import type { Entry, Escalation, Fallback, PageInfo, ServiceFile, Status } from './schema.ts';

/** A service as the engine sees it. */
export interface Service {
  id: string;
  name: string;
  prefixes: readonly string[];
  /** Prefixes this service is the home of although others publish codes under them too. */
  owns: readonly string[];
  aliases: Readonly<Record<string, string>>;
  /** API host labels that identify the service in a paste (`ecs`, `vpc`). */
  hosts: readonly string[];
  /** Where the vendor documents the service's error codes, when no page of an entry has a known URL. */
  docs?: string;
  pages: readonly PageInfo[];
  fallback?: Fallback;
  /** How many distinct codes the service publishes. */
  codes: number;
  /** How many entries it has (a code with several published meanings counts once per meaning). */
  entries: number;
}

/** One catalog entry with curated overrides applied: what users are shown. */
export interface CatalogEntry {
  service: Service;
  code: string;
  /** Which published meaning of the code this is, where the service publishes several. */
  variant?: string;
  /** The code's lookup key (`img.0012`): every spelling of the code has it. */
  key: string;
  /** Unique over the catalog: service, code and variant. */
  id: string;
  /** The status users are shown (the first, where a row names several); undefined where the page gives none. */
  status?: number;
  /** Every status the primary page names for it (`404/500` → both). */
  statuses: readonly number[];
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
  /** The first page among its sources that has a known URL, else the service's `docs`. */
  url?: string;
  notes?: string;
  runbook?: string;
  owner?: string;
}

/** The whole catalog, ready for lookups. Built once at start. */
export interface Catalog {
  readonly services: readonly Service[];
  readonly entries: readonly CatalogEntry[];
  /** Distinct codes over all services (every spelling of a code counts once). */
  readonly codes: number;
  /**
   * Every entry published under a code in any spelling or alias: the home service's first, then the others in
   * catalog order; empty when no service publishes it.
   */
  byCode(raw: string): CatalogEntry[];
  /** The services that publish codes under a prefix (aliases included), home first. */
  servicesOfPrefix(prefix: string): Service[];
  /** The service a prefix belongs to: its only publisher, the one that `owns` it, or an alias's owner. */
  homeOfPrefix(prefix: string): Service | undefined;
  /** The services whose API host label this is (`vpc` → VPC). */
  servicesOfHost(label: string): Service[];
  /** A service by id. */
  service(id: string): Service | undefined;
}

interface PrefixInfo {
  services: Service[];
  home?: Service;
  /** For an alias: the service that declares it and the prefix it stands for. */
  alias?: { service: Service; canonical: string };
}

/** The primary status of a status field. */
export function firstStatus(status: Status | undefined): number | undefined {
  return Array.isArray(status) ? status[0] : status;
}

/** Builds the in-memory catalog from validated service files. */
export function buildCatalog(files: readonly ServiceFile[]): Catalog {
  const services: Service[] = [];
  const entries: CatalogEntry[] = [];
  const byKey = new Map<string, CatalogEntry[]>();
  const prefixes = new Map<string, PrefixInfo>();
  const byHost = new Map<string, Service[]>();
  const byId = new Map<string, Service>();
  const prefixInfo = (folded: string) => {
    const known = prefixes.get(folded);
    if (known) return known;
    const info: PrefixInfo = { services: [] };
    prefixes.set(folded, info);
    return info;
  };

  for (const file of files) {
    const codes = new Set(file.entries.map((e) => keyOfCode(e.code)));
    const service: Service = {
      id: file.service,
      name: file.name,
      prefixes: file.prefixes,
      owns: file.owns,
      aliases: file.aliases,
      hosts: file.hosts,
      ...(file.docs ? { docs: file.docs } : {}),
      pages: file.pages,
      ...(file.fallback ? { fallback: file.fallback } : {}),
      codes: codes.size,
      entries: file.entries.length,
    };
    services.push(service);
    byId.set(service.id, service);
    for (const p of file.prefixes) prefixInfo(foldPrefix(p)).services.push(service);
    for (const p of file.owns) prefixInfo(foldPrefix(p)).home = service;
    for (const [alias, target] of Object.entries(file.aliases))
      prefixInfo(foldPrefix(alias)).alias = { service, canonical: target };
    for (const host of file.hosts) byHost.set(host, [...(byHost.get(host) ?? []), service]);
    const pageOf = new Map(file.pages.map((p) => [p.file, p]));
    for (const e of file.entries) {
      const entry = toCatalogEntry(e, service, pageOf);
      entries.push(entry);
      const list = byKey.get(entry.key);
      if (list) list.push(entry);
      else byKey.set(entry.key, [entry]);
    }
  }
  for (const info of prefixes.values()) {
    if (!info.home && info.services.length === 1) info.home = info.services[0];
    if (!info.home && info.alias) info.home = info.alias.service;
  }

  const homeOf = (prefix: string) => prefixes.get(foldPrefix(prefix))?.home;
  const homeFirst = (found: CatalogEntry[], home: Service | undefined) =>
    home ? [...found.filter((e) => e.service === home), ...found.filter((e) => e.service !== home)] : found;

  return {
    services,
    entries,
    codes: byKey.size,
    byCode(raw) {
      const parts = parseCode(raw);
      if (!parts) return byKey.get(keyOfCode(raw)) ?? [];
      const found = [...(byKey.get(codeKey(parts)) ?? [])];
      const alias = parts.prefix ? prefixes.get(foldPrefix(parts.prefix))?.alias : undefined;
      if (alias) {
        for (const e of byKey.get(codeKey({ prefix: alias.canonical, number: parts.number })) ?? [])
          if (!found.includes(e)) found.push(e);
      }
      return homeFirst(found, parts.prefix ? homeOf(parts.prefix) : undefined);
    },
    servicesOfPrefix(prefix) {
      const info = prefixes.get(foldPrefix(prefix));
      if (!info) return [];
      const all = [...info.services];
      if (info.alias && !all.includes(info.alias.service)) all.push(info.alias.service);
      return info.home ? [info.home, ...all.filter((s) => s !== info.home)] : all;
    },
    homeOfPrefix: homeOf,
    servicesOfHost: (label) => byHost.get(label.toLowerCase()) ?? [],
    service: (id) => byId.get(id),
  };
}

function toCatalogEntry(e: Entry, service: Service, pageOf: Map<string, PageInfo>): CatalogEntry {
  const messages = [e.message, ...e.sources.map((s) => s.message).filter((m): m is string => !!m)];
  const sources = e.sources.flatMap((s) => {
    const page = pageOf.get(s.page);
    return page ? [{ page, row: s.row, line: s.line }] : [];
  });
  const statuses = Array.isArray(e.status) ? e.status : e.status === undefined ? [] : [e.status];
  const status = e.local?.status ?? statuses[0];
  return {
    service,
    code: e.code,
    ...(e.variant ? { variant: e.variant } : {}),
    key: keyOfCode(e.code),
    id: `${service.id}:${e.code}${e.variant ? `#${e.variant}` : ''}`,
    ...(status !== undefined ? { status } : {}),
    statuses: e.local?.status !== undefined ? [e.local.status] : statuses,
    message: e.message,
    messages: [...new Set(messages)],
    cause: e.cause,
    causeZh: e.cause_zh,
    measure: e.measure,
    measureZh: e.measure_zh,
    escalation: e.local?.escalation ?? e.escalation,
    sources,
    url: sources.find((s) => s.page.url)?.page.url ?? service.docs,
    notes: e.local?.notes,
    runbook: e.local?.runbook,
    owner: e.local?.owner,
  };
}
