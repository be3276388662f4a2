import { codeKey, foldPrefix, keyWithAliases, parseCode } from './codes.ts';
import { ESCALATIONS } from './kinds.ts';
import type { Escalation, Fallback, PageInfo, ServiceFile, Status } from './schema.ts';

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
  /** The entry's position in the catalog (`catalog.entry(index)`). */
  index: number;
  service: Service;
  code: string;
  /** Which published meaning of the code this is, where the service publishes several. */
  variant?: string;
  /** The code's lookup key (`img.0012`): every spelling of the code has it, aliases applied. */
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
  /** Its primary page's URL, else the service's `docs`, else another of its pages' URL. */
  url?: string;
  notes?: string;
  runbook?: string;
  owner?: string;
}

/** The whole catalog, ready for lookups. Built once at start. */
export interface Catalog {
  readonly services: readonly Service[];
  /** How many entries the catalog has. */
  readonly size: number;
  /** The entry at a position (0 ≤ index < size). */
  entry(index: number): CatalogEntry;
  /** Every entry, in catalog order (built on first use: lookups do not need them all). */
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
  /**
   * The services a text names by their short name or host label (`the EIP`, `obs won't delete`, `AS group`); a short
   * name that is also a word (`as`, `er`, `dis`) only in capitals.
   */
  servicesNamedIn(text: string): Service[];
  /** A service by id. */
  service(id: string): Service | undefined;
}

/** How much of a text is read for service names: a question, or the head of a paste, names its service early. */
const NAMING_SPAN = 2000;
/** Short names that are also words, or parts of them, in chat: they name a service only when written in capitals. */
const WORDLIKE_NAMES = new Set(['as', 'er', 'dc', 'rf', 'dis', 'is', 'config']);

/** The texts of an entry, in the order a packed catalog keeps them. */
export const TEXT_SLOTS = [
  'code',
  'variant',
  'key',
  'message',
  'cause',
  'measure',
  'causeZh',
  'measureZh',
  'url',
] as const;
export type TextSlot = (typeof TEXT_SLOTS)[number];

/** Curated notes of an entry, where it has any. */
export type EntryNotes = { notes?: string; runbook?: string; owner?: string };

/**
 * The catalog compiled to plain data: services, and entries by column. What a snapshot stores, and what the catalog
 * reads its entries from as they are asked for: opening it allocates little, so a CLI answers in milliseconds. Texts
 * are read through `text` (a snapshot cuts them out of one string only when an entry is shown).
 */
export interface CatalogData {
  services: Service[];
  entries: {
    size: number;
    /** An entry's text in a slot; null where it has none. */
    text(slot: TextSlot, index: number): string | null;
    /** Further published wordings of the message (most entries have none). */
    wordings(index: number): string[] | null;
    local(index: number): EntryNotes | null;
    service: ArrayLike<number>;
    /** Every status of every entry, one after another; entry i's are `statusBounds[i]..statusBounds[i + 1]`. */
    statuses: ArrayLike<number>;
    statusBounds: ArrayLike<number>;
    /** The status shown, 0 for none: `local.status` where the team chose one. */
    status: ArrayLike<number>;
    /** Index into ESCALATIONS. */
    escalation: ArrayLike<number>;
    /** `[page, row, line]` triples, `page` indexing the service's pages; entry i's are cut by `sourceBounds`. */
    sources: ArrayLike<number>;
    sourceBounds: ArrayLike<number>;
  };
}

/** The primary status of a status field. */
export function firstStatus(status: Status | undefined): number | undefined {
  return Array.isArray(status) ? status[0] : status;
}

/** Compiles validated service files to catalog data. */
export function compileCatalog(files: readonly ServiceFile[]): CatalogData {
  const texts = Object.fromEntries(TEXT_SLOTS.map((slot) => [slot, [] as (string | null)[]])) as Record<
    TextSlot,
    (string | null)[]
  >;
  const wordings: (string[] | null)[] = [];
  const locals: (EntryNotes | null)[] = [];
  const c = {
    service: [] as number[],
    statuses: [] as number[],
    statusBounds: [0],
    status: [] as number[],
    escalation: [] as number[],
    sources: [] as number[],
    sourceBounds: [0],
  };
  const services: Service[] = [];
  files.forEach((file, s) => {
    const keys = file.entries.map((e) => keyWithAliases(e.code, file.aliases));
    services.push({
      id: file.service,
      name: file.name,
      prefixes: file.prefixes,
      owns: file.owns,
      aliases: file.aliases,
      hosts: file.hosts,
      ...(file.docs ? { docs: file.docs } : {}),
      pages: file.pages,
      ...(file.fallback ? { fallback: file.fallback } : {}),
      codes: new Set(keys).size,
      entries: file.entries.length,
    });
    const pageIndex = new Map(file.pages.map((p, i) => [p.file, i]));
    file.entries.forEach((e, i) => {
      const more: string[] = [];
      let other: string | undefined;
      for (const src of e.sources) {
        if (src.message && src.message !== e.message && !more.includes(src.message)) more.push(src.message);
        const page = pageIndex.get(src.page);
        if (page === undefined) continue;
        c.sources.push(page, src.row, src.line);
        other ??= file.pages[page]?.url;
      }
      // The link: the primary page's, else where the service documents its codes, else another page that lists it.
      const primary = e.sources[0] && file.pages[pageIndex.get(e.sources[0].page) ?? -1];
      const url = primary?.url ?? file.docs ?? other;
      c.sourceBounds.push(c.sources.length);
      const statuses = Array.isArray(e.status) ? e.status : e.status === undefined ? [] : [e.status];
      c.statuses.push(...(e.local?.status !== undefined ? [e.local.status] : statuses));
      c.statusBounds.push(c.statuses.length);
      c.status.push(e.local?.status ?? statuses[0] ?? 0);
      c.service.push(s);
      c.escalation.push(ESCALATIONS.indexOf(e.local?.escalation ?? e.escalation));
      const values: Record<TextSlot, string | undefined> = {
        code: e.code,
        variant: e.variant,
        key: keys[i],
        message: e.message,
        cause: e.cause,
        measure: e.measure,
        causeZh: e.cause_zh,
        measureZh: e.measure_zh,
        url,
      };
      for (const slot of TEXT_SLOTS) texts[slot].push(values[slot] ?? null);
      wordings.push(more.length ? more : null);
      const notes: EntryNotes = {
        ...(e.local?.notes ? { notes: e.local.notes } : {}),
        ...(e.local?.runbook ? { runbook: e.local.runbook } : {}),
        ...(e.local?.owner ? { owner: e.local.owner } : {}),
      };
      locals.push(Object.keys(notes).length ? notes : null);
    });
  });
  return {
    services,
    entries: {
      size: texts.code.length,
      text: (slot, i) => texts[slot][i] ?? null,
      wordings: (i) => wordings[i] ?? null,
      local: (i) => locals[i] ?? null,
      ...c,
    },
  };
}

/** Builds the in-memory catalog from validated service files. */
export function buildCatalog(files: readonly ServiceFile[]): Catalog {
  return openCatalog(compileCatalog(files));
}

interface PrefixInfo {
  services: Service[];
  home?: Service;
  /** For an alias: the service that declares it and the prefix it stands for. */
  alias?: { service: Service; canonical: string };
}

/** The catalog over compiled data; entries are made as they are asked for. */
export function openCatalog(data: CatalogData): Catalog {
  const services: Service[] = data.services;
  const c = data.entries;
  const size = c.size;
  const made: (CatalogEntry | undefined)[] = new Array(size);
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < size; i++) {
    const key = c.text('key', i) as string;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
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
  for (const service of services) {
    byId.set(service.id, service);
    for (const p of service.prefixes) prefixInfo(foldPrefix(p)).services.push(service);
    for (const p of service.owns) prefixInfo(foldPrefix(p)).home = service;
    for (const [alias, target] of Object.entries(service.aliases))
      prefixInfo(foldPrefix(alias)).alias = { service, canonical: target };
    for (const host of service.hosts) byHost.set(host, [...(byHost.get(host) ?? []), service]);
  }
  for (const info of prefixes.values()) {
    if (!info.home && info.services.length === 1) info.home = info.services[0];
    if (!info.home && info.alias) info.home = info.alias.service;
  }

  const entry = (i: number): CatalogEntry => {
    const existing = made[i];
    if (existing) return existing;
    const service = services[c.service[i] as number] as Service;
    const sources: { page: PageInfo; row: number; line: number }[] = [];
    for (let s = c.sourceBounds[i] as number; s + 2 < (c.sourceBounds[i + 1] as number); s += 3) {
      const page = service.pages[c.sources[s] as number];
      if (page) sources.push({ page, row: c.sources[s + 1] as number, line: c.sources[s + 2] as number });
    }
    const statuses: number[] = [];
    for (let s = c.statusBounds[i] as number; s < (c.statusBounds[i + 1] as number); s++)
      statuses.push(c.statuses[s] as number);
    const code = c.text('code', i) as string;
    const variant = c.text('variant', i) ?? undefined;
    const message = c.text('message', i) as string;
    const status = c.status[i] || undefined;
    const local = c.local(i);
    const built: CatalogEntry = {
      index: i,
      service,
      code,
      ...(variant ? { variant } : {}),
      key: c.text('key', i) as string,
      id: `${service.id}:${code}${variant ? `#${variant}` : ''}`,
      ...(status !== undefined ? { status } : {}),
      statuses,
      message,
      messages: [message, ...(c.wordings(i) ?? [])],
      cause: c.text('cause', i) ?? undefined,
      measure: c.text('measure', i) ?? undefined,
      causeZh: c.text('causeZh', i) ?? undefined,
      measureZh: c.text('measureZh', i) ?? undefined,
      escalation: ESCALATIONS[c.escalation[i] as number] as Escalation,
      sources,
      url: c.text('url', i) ?? undefined,
      notes: local?.notes,
      runbook: local?.runbook,
      owner: local?.owner,
    };
    made[i] = built;
    return built;
  };
  let all: CatalogEntry[] | undefined;

  // A service is named by its short name (`Elastic IP (EIP)`) or id; by a host label only where no service has that
  // short name (`vpc` is VPC's name, though EIP's API is served from the vpc host too).
  const byShortName = new Map<string, Service[]>();
  const addName = (name: string, service: Service) => {
    const list = byShortName.get(name) ?? [];
    if (!list.includes(service)) byShortName.set(name, [...list, service]);
  };
  for (const service of services) {
    const short = /\(([A-Za-z][A-Za-z0-9 -]*)\)\s*$/.exec(service.name)?.[1];
    if (short) addName(short.toLowerCase(), service);
    addName(service.id, service);
  }
  const names = new Set(byShortName.keys());
  for (const service of services) for (const host of service.hosts) if (!names.has(host)) addName(host, service);

  const homeOf = (prefix: string) => prefixes.get(foldPrefix(prefix))?.home;
  const homeFirst = (found: CatalogEntry[], home: Service | undefined) =>
    home ? [...found.filter((e) => e.service === home), ...found.filter((e) => e.service !== home)] : found;
  const lookup = (key: string) => (byKey.get(key) ?? []).map(entry);

  return {
    services,
    size,
    entry,
    get entries() {
      all ??= Array.from({ length: size }, (_, i) => entry(i));
      return all;
    },
    codes: byKey.size,
    byCode(raw) {
      const parts = parseCode(raw);
      if (!parts) return lookup(foldPrefix(raw.trim()));
      const found = lookup(codeKey(parts));
      const alias = parts.prefix ? prefixes.get(foldPrefix(parts.prefix))?.alias : undefined;
      if (alias) {
        for (const e of lookup(codeKey({ prefix: alias.canonical, number: parts.number })))
          if (!found.includes(e)) found.push(e);
      }
      return homeFirst(found, parts.prefix ? homeOf(parts.prefix) : undefined);
    },
    servicesOfPrefix(prefix) {
      const info = prefixes.get(foldPrefix(prefix));
      if (!info) return [];
      const services = [...info.services];
      if (info.alias && !services.includes(info.alias.service)) services.push(info.alias.service);
      return info.home ? [info.home, ...services.filter((s) => s !== info.home)] : services;
    },
    homeOfPrefix: homeOf,
    servicesOfHost: (label) => byHost.get(label.toLowerCase()) ?? [],
    servicesNamedIn(text) {
      const named = new Set<Service>();
      // Whole tokens only: the prefix of a code (`APIG.0101`) or a host (`ecs.eu-de…`) names nothing by itself.
      for (const [word] of text.slice(0, NAMING_SPAN).matchAll(/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*/g)) {
        if (!/^[A-Za-z]+$/.test(word)) continue;
        const lower = word.toLowerCase();
        const found = byShortName.get(lower);
        if (found && (!WORDLIKE_NAMES.has(lower) || word === word.toUpperCase())) for (const s of found) named.add(s);
      }
      return [...named];
    },
    service: (id) => byId.get(id),
  };
}
