import { buildCatalog, type Catalog } from '../../src/catalog/catalog.ts';
import { parseCode } from '../../src/catalog/codes.ts';
import { loadServiceFiles } from '../../src/catalog/load.ts';
import type { Entry, ServiceFile } from '../../src/catalog/schema.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { buildIndex, type SearchIndex } from '../../src/engine/search-index.ts';
import { defaultCacheDir, openEngineSync } from '../../src/engine/snapshot.ts';
import { CATALOG_DIR } from '../helpers.ts';

let engine: Engine | undefined;

/**
 * One engine on the shipped catalog, for all tests in a file: from the snapshot the test run caches (vitest sets
 * ERRCODE_CACHE_DIR), built from the YAML by whichever file comes first.
 */
export function shippedEngine(): Engine {
  engine ??= openEngineSync({ catalogDir: CATALOG_DIR, cacheDir: defaultCacheDir() }, loadServiceFiles).engine;
  return engine;
}

/** The page every hand-made service file lists. */
const PAGE = 'page.txt';

/** An entry of a hand-made service file: status 400, its message repeated as its cause, unless `fields` say otherwise. */
export function entry(code: string, message: string, fields: Partial<Entry> = {}): Entry {
  return {
    code,
    status: 400,
    message,
    cause: message,
    measure: 'Check the request.',
    escalation: 'none',
    sources: [{ page: PAGE, row: 1, line: 1 }],
    ...fields,
  };
}

/** A hand-made service file with one page; its prefixes are those of its entries' codes. */
export function serviceFile(
  service: string,
  name: string,
  entries: Entry[],
  fields: Partial<ServiceFile> = {},
): ServiceFile {
  const prefixes = [...new Set(entries.map((e) => parseCode(e.code)?.prefix).filter((p): p is string => !!p))];
  return {
    service,
    name,
    prefixes,
    owns: [],
    aliases: {},
    hosts: [],
    pages: [{ file: PAGE, lang: 'en', layout: 'pipe-rows' }],
    entries,
    ...fields,
  };
}

/** A small catalog of hand-made service files, and its index: what a stage is tested on. */
export function smallCatalog(files: ServiceFile[]): { catalog: Catalog; index: SearchIndex } {
  const catalog = buildCatalog(files);
  return { catalog, index: buildIndex(catalog) };
}

/** The codes of a list of entries or answer items, in order. */
export const codesOf = (list: readonly { code: string }[]) => list.map((e) => e.code);
/** The service ids of a list of entries or answer items, in order. */
export const servicesOf = (list: readonly { service: string | { id: string } }[]) =>
  list.map((e) => (typeof e.service === 'string' ? e.service : e.service.id));

/** Table rows as `[name, row]` for `it.each(…)('%s', …)`: each test is named by its row's name, in full. */
export const named = <T extends { name: string }>(rows: T[]) => rows.map((row) => [row.name, row] as [string, T]);
