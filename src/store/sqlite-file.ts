import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  realpathSync,
  renameSync,
  type Stats,
  statfsSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from './errors.ts';
import { SqliteDatabase } from './sqlite.ts';
import { checkWal } from './wal.ts';

const VARIABLE = 'ERRCODE_DATA_DIR';
const DATA_DIR_FIX = 'Set ERRCODE_DATA_DIR to a writable directory on a disk (it is created if missing)';

/** Filesystems that hold no files of their own (Linux statfs magic numbers): a database cannot live there. */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x74726163, 'tracefs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
]);

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Why a file operation failed, in words. */
function because(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the filesystem is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    default:
      return code ?? (error as Error).message;
  }
}

/**
 * Creates the data directory and its missing parents one level at a time. (Node's recursive mkdir loops for ever
 * on a path under /proc, where mkdir answers ENOENT for a parent that exists.)
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (let stat = statOrUndefined(at); !stat; stat = statOrUndefined(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const existing = statOrUndefined(at);
  if (existing && !existing.isDirectory())
    throw new StorageError(VARIABLE, dir, `${at === dir ? 'it' : at} is a file, not a directory`, DATA_DIR_FIX);
  refusePseudoFilesystem(dir, at);
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw new StorageError(VARIABLE, dir, `the directory cannot be created (${because(error)})`, DATA_DIR_FIX);
    }
  }
}

function refusePseudoFilesystem(dir: string, existing: string): void {
  let type: number | undefined;
  try {
    type = statfsSync(realpathSync(existing)).type;
  } catch {
    return; // statfs is best effort: the checks that follow still stand
  }
  const name = PSEUDO_FILESYSTEMS.get(type);
  if (name)
    throw new StorageError(VARIABLE, dir, `it is on ${name}, a filesystem that cannot hold a database`, DATA_DIR_FIX);
}

/** A name beside `file` for a copy kept aside: `errcode.sqlite.corrupt-2026-11-23T10-00-00Z`. */
function aside(file: string, what: string, now: Date): string {
  return `${file}.${what}-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** SQLite's result codes that mean the file is not a sound database. */
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE']);

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return CORRUPT.has(code) || code.startsWith('SQLITE_CORRUPT');
}

/**
 * Opens `errcode.sqlite` under a data directory, refusing to start on anything unsound, each time naming the path,
 * ERRCODE_DATA_DIR and the fix: a directory that is a file, cannot be created, is read-only or on a pseudo
 * filesystem; a database file that is not one. A database that fails `PRAGMA quick_check` is moved aside, never
 * used. A write-ahead log damaged after a crash (SQLite would silently drop the transactions after the damage) is
 * copied aside, what can be read of it is kept, and the start is refused once, so that someone hears of it.
 */
export function openSqliteFile(dir: string, file: string, now: Date = new Date()): SqliteDatabase {
  makeDirectory(dir);
  const stat = statOrUndefined(dir);
  if (!stat?.isDirectory()) throw new StorageError(VARIABLE, dir, 'it is a file, not a directory', DATA_DIR_FIX);
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StorageError(VARIABLE, dir, `errcode cannot write there (${because(error)})`, DATA_DIR_FIX);
  }
  const existing = statOrUndefined(file);
  if (existing && !existing.isFile())
    throw new StorageError(VARIABLE, file, 'the database is not a file', `Move it away, or ${DATA_DIR_FIX}`);
  if (existing) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StorageError(
        VARIABLE,
        file,
        `errcode cannot write the database (${because(error)})`,
        'Give the user errcode runs as write access to it, or set ERRCODE_DATA_DIR to another directory',
      );
    }
  }

  const wal = `${file}-wal`;
  const walSize = statOrUndefined(wal)?.size ?? 0;
  const walCheck = existing && walSize > 0 ? checkWal(wal, walSize) : { ok: true as const, frames: 0 };
  const damagedCopy = walCheck.ok ? undefined : aside(wal, 'damaged', now);
  if (damagedCopy) copyFileSync(wal, damagedCopy);

  let db: SqliteDatabase | undefined;
  try {
    db = SqliteDatabase.open(file);
    const rows = db.raw.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0)
      throw Object.assign(new Error(problems.slice(0, 3).join('; ')), { code: 'SQLITE_CORRUPT' });
    if (damagedCopy) {
      // SQLite has read what it could of the log; keep that in the database, and start the next run clean.
      db.raw.pragma('wal_checkpoint(TRUNCATE)');
      db.raw.close();
      const lost = walCheck.ok ? '' : walCheck.problem;
      throw new StorageError(
        VARIABLE,
        file,
        `the database's write-ahead log was damaged after a crash: ${lost}. errcode kept what could be read (up to frame ${walCheck.ok ? 0 : walCheck.usable}); the transactions after it are lost, answered messages among them, so a message Slack delivers again may be answered twice. A copy of the log is at ${damagedCopy}`,
        'Start errcode again to carry on with what was kept, or restore a backup of the data directory first',
      );
    }
    return db;
  } catch (error) {
    if (error instanceof StorageError) throw error;
    if (db?.raw.open) db.raw.close();
    if (isCorruption(error)) {
      const moved = aside(file, 'corrupt', now);
      renameSync(file, moved);
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, moved + suffix);
      throw new StorageError(
        VARIABLE,
        file,
        `the database is corrupt (${(error as Error).message}), so it was moved to ${moved} and not used`,
        'Restore a backup to the data directory, or start errcode again to begin with an empty store (tickets and answered messages start over)',
      );
    }
    throw new StorageError(
      VARIABLE,
      file,
      `the database cannot be opened (${(error as { code?: string }).code ?? ''} ${(error as Error).message})`.replace(
        '( ',
        '(',
      ),
      DATA_DIR_FIX,
    );
  }
}
