import type { Catalog, CatalogEntry, Service } from '../catalog/catalog.ts';
import { parseCode } from '../catalog/codes.ts';

/** What narrowed a code's candidates down, in the order the rules ran. */
export type NarrowedBy = 'message' | 'host' | 'home';

/** A code found in the paste that the catalog publishes. */
export interface KnownCode {
  kind: 'known';
  /** The code as the paste wrote it. */
  input: string;
  /** The entries the answer stands behind: one, or several variants to show labelled. */
  entries: CatalogEntry[];
  /** Services that publish the code too but were not chosen. */
  others: Service[];
  narrowedBy: NarrowedBy[];
  /** The host label that chose the service, when one did. */
  host?: string;
}

/** A code found in the paste that no page publishes. */
export interface UnknownCode {
  kind: 'unknown';
  input: string;
  /** The service its prefix belongs to, where the catalog knows the prefix (or its first segment: `CCE` of `CCE_CM`). */
  service?: Service;
  /** Codes of the same prefix one digit off, or with two digits swapped: likely typos. */
  near: CatalogEntry[];
}

/** What the code stage needs besides the catalog. */
export interface CodeContext {
  /** The paste's message, if it has one. */
  message?: string;
  /** API host labels in the paste, in order. */
  hosts: readonly string[];
  /** How well the message fits an entry (0..1); see `messageFit`. */
  fit(entry: CatalogEntry, message: string): number;
}

/** A message fit at least this good chooses among a code's entries. */
const MIN_FIT = 0.5;

/**
 * Stage 2, look up a code: a code the catalog publishes answers with its own entries, never another code's. Where
 * several services or meanings publish it, the pasted message chooses first, then the API host, then the prefix's home
 * service; whatever is left is shown, labelled. A code no page publishes is unknown, with what is known about it.
 */
export function lookUpCode(catalog: Catalog, input: string, ctx: CodeContext): KnownCode | UnknownCode {
  const all = catalog.byCode(input);
  if (all.length === 0) return unknownCode(catalog, input);
  let entries = all;
  const narrowedBy: NarrowedBy[] = [];

  if (entries.length > 1 && ctx.message) {
    const message = ctx.message;
    const fits = entries.map((e) => ctx.fit(e, message));
    const best = Math.max(...fits);
    const chosen = entries.filter((_, i) => fits[i] === best);
    if (best >= MIN_FIT && chosen.length < entries.length) {
      entries = chosen;
      narrowedBy.push('message');
    }
  }
  const narrowed = narrowServices(catalog, entries, ctx.hosts, input);
  narrowedBy.push(...narrowed.narrowedBy);
  const host = narrowed.host;
  entries = narrowed.entries;
  const chosenServices = new Set(entries.map((e) => e.service));
  const others = [...new Set(all.map((e) => e.service))].filter((s) => !chosenServices.has(s));
  return { kind: 'known', input, entries, others, narrowedBy, ...(host ? { host } : {}) };
}

/**
 * Where entries of one code come from several services: the API host in the paste chooses, then the home service of
 * the code's prefix. Whatever a rule cannot decide is left as it is (the answer then shows the entries labelled).
 */
export function narrowServices(
  catalog: Catalog,
  entries: CatalogEntry[],
  hosts: readonly string[],
  code: string,
): { entries: CatalogEntry[]; narrowedBy: NarrowedBy[]; host?: string } {
  const narrowedBy: NarrowedBy[] = [];
  let host: string | undefined;
  let result = entries;
  if (new Set(result.map((e) => e.service)).size > 1) {
    for (const label of hosts) {
      const services = new Set(catalog.servicesOfHost(label));
      const chosen = result.filter((e) => services.has(e.service));
      if (chosen.length > 0 && chosen.length < result.length) {
        result = chosen;
        host = label;
        narrowedBy.push('host');
        break;
      }
    }
  }
  if (new Set(result.map((e) => e.service)).size > 1) {
    const prefix = parseCode(code)?.prefix;
    const home = prefix ? catalog.homeOfPrefix(prefix) : undefined;
    const chosen = result.filter((e) => e.service === home);
    if (chosen.length > 0) {
      result = chosen;
      narrowedBy.push('home');
    }
  }
  return { entries: result, narrowedBy, ...(host ? { host } : {}) };
}

function unknownCode(catalog: Catalog, input: string): UnknownCode {
  const parts = parseCode(input);
  const prefix = parts?.prefix ?? '';
  const first = prefix.split(/[._-]/)[0] ?? '';
  const service =
    (prefix && (catalog.homeOfPrefix(prefix) ?? catalog.servicesOfPrefix(prefix)[0])) ||
    (first && first !== prefix ? (catalog.homeOfPrefix(first) ?? catalog.servicesOfPrefix(first)[0]) : undefined) ||
    undefined;
  return { kind: 'unknown', input, ...(service ? { service } : {}), near: parts ? nearCodes(catalog, parts) : [] };
}

/** Codes of the same prefix one digit off, or with two neighbouring digits swapped. */
function nearCodes(catalog: Catalog, parts: { prefix: string; number: string }): CatalogEntry[] {
  const found = new Map<string, CatalogEntry>();
  const digits = parts.number.split('');
  const tryNumber = (n: string) => {
    if (n === parts.number) return;
    const [e] = catalog.byCode(parts.prefix ? `${parts.prefix}.${n}` : n);
    if (e) found.set(e.key, e);
  };
  for (let i = 0; i + 1 < digits.length; i++) {
    const swapped = [...digits];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1] as string, swapped[i] as string];
    tryNumber(swapped.join(''));
  }
  for (let i = 0; i < digits.length; i++) {
    if (!/\d/.test(digits[i] ?? '')) continue;
    for (let d = 0; d <= 9; d++) {
      const changed = [...digits];
      changed[i] = String(d);
      tryNumber(changed.join(''));
    }
  }
  return [...found.values()];
}
