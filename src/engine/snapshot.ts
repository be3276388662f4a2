import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CatalogData, compileCatalog, openCatalog } from '../catalog/catalog.ts';
import { type PackedCatalog, packCatalog, unpackCatalog } from '../catalog/pack.ts';
import type { ServiceFile } from '../catalog/schema.ts';
import { createEngine, type Engine, type EngineOptions } from './engine.ts';
import { type IndexSnapshot, restoreIndex, snapshotOf } from './search-index.ts';
import { type CatalogSummary, FORMAT, type SnapshotPlaces, snapshotKey, snapshotPaths } from './snapshot-file.ts';

export { type CatalogSummary, catalogSummary, defaultCacheDir, snapshotKey } from './snapshot-file.ts';

/** A compiled catalog and its built index, keyed by what they were built from. */
interface Snapshot {
  format: number;
  key: string;
  /** Kept near the start of the file, for `catalogSummary` to read without the rest. */
  summary: CatalogSummary;
  catalog: PackedCatalog;
  index: IndexSnapshot;
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
  const key = snapshotKey(options.catalogDir);
  const found = fromSnapshot(options, key, start);
  if (found) return found;
  // The YAML reader (and its validator) is loaded only when there is no snapshot to read.
  const { loadServiceFiles } = await import('../catalog/load.ts');
  return fromYaml(options, key, loadServiceFiles(options.catalogDir), start);
}

/** `openEngine` with the YAML reader given, for callers that cannot wait (test helpers). */
export function openEngineSync(options: OpenOptions, loadServiceFiles: (dir: string) => ServiceFile[]): Opened {
  const start = performance.now();
  const key = snapshotKey(options.catalogDir);
  return fromSnapshot(options, key, start) ?? fromYaml(options, key, loadServiceFiles(options.catalogDir), start);
}

function fromSnapshot(options: OpenOptions, key: string, start: number): Opened | undefined {
  for (const path of snapshotPaths(options, key)) {
    const snapshot = readSnapshot(path, key);
    if (!snapshot) continue;
    let engine: Engine;
    try {
      engine = createEngine(openCatalog(unpackCatalog(snapshot.catalog)), options.engine, restoreIndex(snapshot.index));
    } catch {
      // Damaged inside though it parses, with the right key: ignored like a stale one, and the rebuild from the YAML
      // writes a good one over it. Throwing would fail every start, before anything could repair it.
      continue;
    }
    return { engine, from: 'snapshot', path, key, ms: performance.now() - start };
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
      .filter((name) => /^catalog-[0-9a-f]{16}\.json(?:\.\d+\.tmp)?$/.test(name))
      .map((name) => {
        const path = join(dir, name);
        return { path, temp: name.endsWith('.tmp'), mtime: statSync(path).mtimeMs };
      })
      .sort((a, b) => b.mtime - a.mtime);
    const hourAgo = Date.now() - 3_600_000;
    const snapshots = files.filter((f) => !f.temp && f.path !== current);
    const doomed = [
      ...snapshots.slice(KEEP_CACHED - 1),
      // A temp file is another process writing, unless it is old: then its writer died.
      ...files.filter((f) => f.temp && f.mtime < hourAgo),
    ];
    for (const f of doomed) unlinkSync(f.path);
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

function readSnapshot(path: string, key: string): Snapshot | undefined {
  let text: string;
  try {
    // Written as pure ASCII (see writeSnapshot): read as Latin-1, it is a one-byte string, twice as fast to decode
    // and to parse as the UTF-8 reading of the same bytes.
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  // The key sits near the start: a stale snapshot is rejected without parsing megabytes of it.
  if (!text.slice(0, 200).includes(`"key":"${key}"`)) return undefined;
  try {
    const snapshot: unknown = JSON.parse(text);
    return isSnapshot(snapshot, key) ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether parsed JSON is a snapshot of this format and key with the parts read after opening (on first use, where a
 * failure could no longer fall back to the YAML). The parts read at opening are checked by unpacking them.
 */
function isSnapshot(value: unknown, key: string): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as { format?: unknown; key?: unknown; catalog?: { text?: unknown }; index?: Record<string, unknown> };
  const index = s.index;
  return (
    s.format === FORMAT &&
    s.key === key &&
    typeof s.catalog?.text === 'string' &&
    typeof index === 'object' &&
    index !== null &&
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
  const snapshot: Snapshot = {
    format: FORMAT,
    key,
    summary,
    catalog: packCatalog(catalog),
    index: snapshotOf(engine.index),
  };
  const text = JSON.stringify(snapshot).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed, so a reader (another process starting) never sees half a snapshot.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
    return true;
  } catch (error) {
    if (strict) throw error;
    return false;
  }
}
