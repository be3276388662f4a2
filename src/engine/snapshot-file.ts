import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogFiles } from '../catalog/files.ts';

/**
 * What a snapshot is keyed by and where it is kept: the part of snapshots that `--help` needs too, without loading
 * the engine.
 */

/** Bumped when the snapshot's layout changes in a way the code fingerprint would not show. */
export const FORMAT = 2;

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
 *
 * Given a cache directory, each file's digest is kept there with the file's size, times and inode, and reused while
 * they are unchanged (as git's index does): any write to a file changes its ctime, which no tool can set back. A
 * digest taken within two seconds of the file's last change is not trusted later (a second write in the same clock
 * tick could leave every stat field as it was), so that file is read again.
 */
export function snapshotKey(catalogDir: string, cacheDir?: string): string {
  const digests = new FileDigests(cacheDir);
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(dir)
      .filter((n) => /\.(?:ts|js)$/.test(n) && !n.endsWith('.d.ts'))
      .sort()) {
      hash.update(`code ${name} ${digests.of(join(dir, name))}\n`);
    }
  }
  for (const path of catalogFiles(catalogDir))
    hash.update(`yaml ${path.replace(/^.*[\\/]/, '')} ${digests.of(path)}\n`);
  digests.save();
  return hash.digest('hex');
}

/** A file's stat fields that any write changes, and its digest: `[size, mtimeMs, ctimeMs, ino, digestedAt, sha1]`. */
type Digest = [number, number, number, number, number, string];

/** Files' digests, reused while their stat fields are unchanged (see `snapshotKey`). */
class FileDigests {
  private readonly path: string | undefined;
  private readonly known: Record<string, Digest>;
  private changed = false;

  constructor(cacheDir: string | undefined) {
    this.path = cacheDir ? join(cacheDir, 'file-digests.json') : undefined;
    this.known = this.path ? readDigests(this.path) : {};
  }

  of(path: string): string {
    const st = statSync(path);
    const fields = [st.size, st.mtimeMs, st.ctimeMs, st.ino] as const;
    const known = this.known[path];
    if (known && fields.every((v, i) => known[i] === v) && known[4] - st.ctimeMs > RACY_MS) return known[5];
    const digest = createHash('sha1').update(readFileSync(path)).digest('hex');
    this.known[path] = [...fields, Date.now(), digest];
    this.changed = true;
    return digest;
  }

  /** Keeps the digests for the next start; a cache that cannot be written only costs the reading again. */
  save(): void {
    if (!this.path || !this.changed) return;
    // Files that are gone (another checkout removed, a service renamed) are forgotten.
    for (const path of Object.keys(this.known)) if (!existsSync(path)) delete this.known[path];
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.known));
      renameSync(temp, this.path);
    } catch {
      // Read-only or missing cache: nothing kept.
    }
  }
}

/** How long after a file's last change its digest is trusted: beyond any file system's timestamp granularity. */
const RACY_MS = 2000;

function readDigests(path: string): Record<string, Digest> {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const valid = Object.entries(value).filter(
      (e): e is [string, Digest] =>
        Array.isArray(e[1]) &&
        e[1].length === 6 &&
        e[1].slice(0, 5).every((v) => typeof v === 'number') &&
        typeof e[1][5] === 'string',
    );
    return Object.fromEntries(valid);
  } catch {
    return {};
  }
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
  const key = snapshotKey(options.catalogDir, options.cacheDir);
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
