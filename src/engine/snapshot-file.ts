import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogFiles } from '../catalog/files.ts';

/**
 * What a snapshot is keyed by and where it is kept: the part of snapshots that `--help` needs too, without loading
 * the engine.
 */

/** Bumped when the snapshot's layout changes in a way the code fingerprint would not show. */
export const FORMAT = 1;

/** How big a catalog is, as banners and help say it. */
export interface CatalogSummary {
  codes: number;
  entries: number;
  services: number;
}

/** Where snapshots are looked for. */
export interface SnapshotPlaces {
  /** Snapshots shipped with the package, read first (never written). */
  shipped?: string;
  /** Where snapshots are written and read; undefined to never write one. */
  cacheDir?: string;
}

const CODE_DIRS = ['../catalog', '.'].map((d) => join(dirname(fileURLToPath(import.meta.url)), d));

/**
 * The key a snapshot is valid for: the catalog's YAML files (names and bytes), and the code that parses them and
 * builds the index (every module of `catalog/` and `engine/`, as run: `.ts` sources or compiled `.js`). Any change to
 * either gives another key, so a snapshot cannot go stale unnoticed.
 */
export function snapshotKey(catalogDir: string): string {
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(dir)
      .filter((n) => /\.(?:ts|js)$/.test(n) && !n.endsWith('.d.ts'))
      .sort()) {
      hash.update(`code ${name}\n`).update(readFileSync(join(dir, name)));
    }
  }
  for (const path of catalogFiles(catalogDir))
    hash.update(`yaml ${path.replace(/^.*[\\/]/, '')}\n`).update(readFileSync(path));
  return hash.digest('hex');
}

/** The default place for snapshots: `ERRCODE_CACHE_DIR`, else the user's cache directory. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ERRCODE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'errcode');
}

/**
 * The size of a catalog, from the head of a snapshot built from exactly this catalog and code (a few hundred bytes
 * read, no index loaded): what `errcode --help` says. Undefined when no such snapshot exists yet.
 */
export function catalogSummary(options: SnapshotPlaces & { catalogDir: string }): CatalogSummary | undefined {
  const key = snapshotKey(options.catalogDir);
  for (const path of snapshotPaths(options, key)) {
    let head: string;
    try {
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.alloc(512);
        head = buffer.subarray(0, readSync(fd, buffer, 0, 512, 0)).toString('latin1');
      } finally {
        closeSync(fd);
      }
    } catch {
      continue;
    }
    if (!head.includes(`"key":"${key}"`)) continue;
    const m = /"summary":\{"codes":(\d+),"entries":(\d+),"services":(\d+)\}/.exec(head);
    if (m) return { codes: Number(m[1]), entries: Number(m[2]), services: Number(m[3]) };
  }
  return undefined;
}

export function snapshotPaths(options: SnapshotPlaces, key: string): string[] {
  return [
    ...(options.shipped ? [options.shipped] : []),
    ...(options.cacheDir ? [join(options.cacheDir, `catalog-${key.slice(0, 16)}.json`)] : []),
  ];
}
