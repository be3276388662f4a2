import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Catalog, type CatalogData, compileCatalog, openCatalog } from '../catalog/catalog.ts';
import { type PackedCatalog, packCatalog, unpackCatalog } from '../catalog/pack.ts';
import type { ServiceFile } from '../catalog/schema.ts';
import { createEngine, type Engine, type EngineOptions } from './engine.ts';
import {
  buildIndex,
  type IndexSnapshot,
  lazyIndex,
  restoreIndex,
  type SearchIndex,
  snapshotOf,
} from './search-index.ts';
import { type CatalogSummary, FORMAT, type SnapshotPlaces, snapshotKey, snapshotPaths } from './snapshot-file.ts';

export { type CatalogSummary, catalogSummary, defaultCacheDir, snapshotKey } from './snapshot-file.ts';

/**
 * A compiled catalog, keyed by what it was built from. Its built index is kept beside it in a file of its own
 * (`indexPathOf`), read only when first needed: a code lookup never needs it.
 */
interface Snapshot {
  format: number;
  key: string;
  /** Kept near the start of the file, for `catalogSummary` to read without the rest. */
  summary: CatalogSummary;
  catalog: PackedCatalog;
}

/** The index of a snapshot, with the same format and key. */
interface IndexFile {
  format: number;
  key: string;
  index: IndexSnapshot;
}

/** Where the index of the snapshot at `path` is kept. */
export function indexPathOf(path: string): string {
  return `${path.replace(/\.json$/, '')}.index.json`;
}

/** Where `openEngine` looks for and keeps snapshots. */
export interface OpenOptions extends SnapshotPlaces {
  catalogDir: string;
  engine?: Partial<EngineOptions>;
}

/** How the engine was opened, for the bench and for `--debug` output. */
export interface Opened {
  engine: Engine;
  /** `snapshot` when a fresh snapshot was loaded, `yaml` when the catalog was parsed and indexed again. */
  from: 'snapshot' | 'yaml';
  /** Where the snapshot was read from or written to, if anywhere. */
  path?: string;
  key: string;
  ms: number;
}

/**
 * Opens the engine over a catalog directory: from a snapshot whose key matches the catalog and the code, else from the
 * YAML (validated, as `catalog check` does), writing a fresh snapshot to the cache for the next start. A missing,
 * unreadable, corrupt or stale snapshot is never used; the worst it costs is a rebuild.
 */
export async function openEngine(options: OpenOptions): Promise<Opened> {
  const start = performance.now();
  const key = snapshotKey(options.catalogDir, options.cacheDir);
  const found = fromSnapshot(options, key, start);
  if (found) return found;
  // The YAML reader (and its validator) is loaded only when there is no snapshot to read.
  const { loadServiceFiles } = await import('../catalog/load.ts');
  return fromYaml(options, key, loadServiceFiles(options.catalogDir), start);
}

/** `openEngine` with the YAML reader given, for callers that cannot wait (test helpers). */
export function openEngineSync(options: OpenOptions, loadServiceFiles: (dir: string) => ServiceFile[]): Opened {
  const start = performance.now();
  const key = snapshotKey(options.catalogDir, options.cacheDir);
  return fromSnapshot(options, key, start) ?? fromYaml(options, key, loadServiceFiles(options.catalogDir), start);
}

function fromSnapshot(options: OpenOptions, key: string, start: number): Opened | undefined {
  for (const path of snapshotPaths(options, key)) {
    const snapshot = readSnapshot(path, key);
    if (!snapshot) continue;
    let catalog: Catalog;
    try {
      catalog = openCatalog(unpackCatalog(snapshot.catalog));
    } catch {
      // Damaged inside though it parses, with the right key: ignored like a stale one, and the rebuild from the YAML
      // writes a good one over it. Throwing would fail every start, before anything could repair it.
      continue;
    }
    const index = lazyIndex(() => loadIndex(path, key, catalog));
    return {
      engine: createEngine(catalog, options.engine, index),
      from: 'snapshot',
      path,
      key,
      ms: performance.now() - start,
    };
  }
  return undefined;
}

function fromYaml(options: OpenOptions, key: string, files: ServiceFile[], start: number): Opened {
  const data = compileCatalog(files);
  const engine = createEngine(openCatalog(data), options.engine);
  let path: string | undefined;
  if (options.cacheDir) {
    path = join(options.cacheDir, `catalog-${key.slice(0, 16)}.json`);
    if (writeSnapshot(path, key, data, engine)) pruneCache(options.cacheDir, path);
    else path = undefined;
  }
  return { engine, from: 'yaml', ...(path ? { path } : {}), key, ms: performance.now() - start };
}

/**
 * How many snapshots the cache keeps: each catalog edit or errcode version makes a new one (about 6 MB), so the oldest
 * go; a few stay for the checkouts and installs that share the cache.
 */
const KEEP_CACHED = 4;

/** Removes all but the newest `KEEP_CACHED` snapshots from the cache (never `current`), and abandoned temp files. */
function pruneCache(dir: string, current: string): void {
  try {
    const files = readdirSync(dir)
      .filter((name) => /^catalog-[0-9a-f]{16}(?:\.index)?\.json(?:\.\d+\.tmp)?$/.test(name))
      .map((name) => {
        const path = join(dir, name);
        return { path, temp: name.endsWith('.tmp'), mtime: statSync(path).mtimeMs };
      })
      .sort((a, b) => b.mtime - a.mtime);
    const hourAgo = Date.now() - 3_600_000;
    const snapshots = files.filter((f) => !f.temp && !f.path.endsWith('.index.json') && f.path !== current);
    const doomed = [
      ...snapshots.slice(KEEP_CACHED - 1).flatMap((f) => [f, { path: indexPathOf(f.path) }]),
      // A temp file is another process writing, unless it is old: then its writer died.
      ...files.filter((f) => f.temp && f.mtime < hourAgo),
    ];
    for (const f of doomed) rmSync(f.path, { force: true });
  } catch {
    // Another process pruning at the same time, or a cache we may not clean: the next write tries again.
  }
}

/** Writes the snapshot of a catalog directory to `path` (the build ships one); returns its key. */
export async function writeSnapshotFile(catalogDir: string, path: string): Promise<string> {
  const key = snapshotKey(catalogDir);
  const { loadServiceFiles } = await import('../catalog/load.ts');
  const data = compileCatalog(loadServiceFiles(catalogDir));
  writeSnapshot(path, key, data, createEngine(openCatalog(data)), true);
  return key;
}

/**
 * The index of the snapshot at `path`, restored; or, where that file is missing or damaged, built again from the
 * catalog (which the snapshot gave whole) and written back for the next start. Never throws for a bad file.
 */
function loadIndex(path: string, key: string, catalog: Catalog): SearchIndex {
  const file = readJson(indexPathOf(path), key);
  if (isIndexFile(file)) {
    try {
      return restoreIndex(file.index);
    } catch {
      // Damaged inside: built again below.
    }
  }
  const index = buildIndex(catalog);
  writeAtomically(indexPathOf(path), asciiJson({ format: FORMAT, key, index: snapshotOf(index) }));
  return index;
}

function readSnapshot(path: string, key: string): Snapshot | undefined {
  const snapshot = readJson(path, key);
  return isSnapshot(snapshot) ? snapshot : undefined;
}

/** A JSON file of this format and key, parsed; undefined when it is missing, of another key, or not JSON. */
function readJson(path: string, key: string): unknown {
  let text: string;
  try {
    // Written as pure ASCII (see asciiJson): read as Latin-1, it is a one-byte string, twice as fast to decode and to
    // parse as the UTF-8 reading of the same bytes.
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  // The key sits near the start: a stale snapshot is rejected without parsing megabytes of it.
  if (!text.slice(0, 200).includes(`"key":"${key}"`)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    const head = value as { format?: unknown; key?: unknown } | null;
    return typeof head === 'object' && head !== null && head.format === FORMAT && head.key === key ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a snapshot file (of the right format and key) holds a catalog; its columns are checked by unpacking. */
function isSnapshot(value: unknown): value is Snapshot {
  return typeof (value as { catalog?: { text?: unknown } } | undefined)?.catalog?.text === 'string';
}

/**
 * Whether an index file holds the parts read after restoring (the maps built on first use, where a failure could no
 * longer fall back); its arrays are checked by restoring them.
 */
function isIndexFile(value: unknown): value is IndexFile {
  const index = (value as { index?: Record<string, unknown> } | undefined)?.index;
  return (
    typeof index === 'object' &&
    index !== null &&
    typeof index.arrays === 'object' &&
    ['terms', 'exactTexts', 'causes'].every((part) => typeof index[part] === 'string') &&
    Array.isArray(index.templates)
  );
}

function writeSnapshot(path: string, key: string, catalog: CatalogData, engine: Engine, strict = false): boolean {
  // `format` and `key` come first in the text, where `readSnapshot` looks for them.
  const summary: CatalogSummary = {
    codes: engine.catalog.codes,
    entries: engine.catalog.size,
    services: engine.catalog.services.length,
  };
  const snapshot: Snapshot = { format: FORMAT, key, summary, catalog: packCatalog(catalog) };
  const index: IndexFile = { format: FORMAT, key, index: snapshotOf(engine.index) };
  // The index first: whoever finds the snapshot finds its index.
  return (
    writeAtomically(indexPathOf(path), asciiJson(index), strict) && writeAtomically(path, asciiJson(snapshot), strict)
  );
}

/** JSON in pure ASCII (`\\uXXXX` beyond it), so that it can be read as Latin-1; `format` and `key` come first. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Writes a file aside and renames it, so that a reader (another process starting) never sees half of it. */
function writeAtomically(path: string, text: string, strict = false): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
    return true;
  } catch (error) {
    if (strict) throw error;
    return false;
  }
}
