import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/store/errors.ts';
import { openStorage, sqliteFile } from '../../src/store/storage.ts';
import { checkWal } from '../../src/store/wal.ts';
import { tempDir } from '../helpers.ts';
import { describePostgres, freshDatabase } from '../support/postgres.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const dir = () => {
  const t = tempDir('errcode-start-');
  cleanups.push(t.cleanup);
  return t.dir;
};

/** What opening the store threw. */
async function failure(location: Parameters<typeof openStorage>[0]): Promise<StorageError> {
  const error = await openStorage(location).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!(error instanceof StorageError)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

/**
 * A data directory as a crash leaves it: an errcode database with `rows` answered messages committed in its
 * write-ahead log and not yet checkpointed (copied while the writer still had it open).
 */
async function crashImage(rows: number): Promise<string> {
  const live = dir();
  await (await openStorage({ dataDir: live })).close();
  const db = new BetterSqlite3(sqliteFile(live));
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  const insert = db.prepare(
    "INSERT INTO messages (channel, ts, state, reply_ts, claimed_at) VALUES ('C1', ?, 'answered', 'C1:2', 1)",
  );
  for (let i = 0; i < rows; i++) insert.run(`1700000000.${String(i).padStart(6, '0')}`);
  const crashed = dir();
  for (const suffix of ['', '-wal']) copyFileSync(sqliteFile(live) + suffix, sqliteFile(crashed) + suffix);
  db.close();
  return crashed;
}

const answered = async (dataDir: string) => {
  const db = new BetterSqlite3(sqliteFile(dataDir), { readonly: true });
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number };
  db.close();
  return n;
};

describe('opening the SQLite store at start', () => {
  it('refuses a data directory that is a file, naming the path, the variable and the fix', async () => {
    const file = join(dir(), 'data');
    writeFileSync(file, 'not a directory');
    const error = await failure({ dataDir: file });
    expect(error.message).toBe(
      `ERRCODE_DATA_DIR (${file}): it is a file, not a directory. Set ERRCODE_DATA_DIR to a writable directory on a disk (it is created if missing)`,
    );
    const below = await failure({ dataDir: join(file, 'below') });
    expect(below.message).toContain(`${file} is a file, not a directory`);
  });

  it('refuses a directory under /proc at once, instead of spinning for ever', async () => {
    const started = Date.now();
    const error = await failure({ dataDir: '/proc/errcode-data' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.variable).toBe('ERRCODE_DATA_DIR');
    expect(error.message).toMatch(/^ERRCODE_DATA_DIR \(\/proc\/errcode-data\): it is on proc|cannot be created/);
  });

  it('moves a file that is not a database aside and says so, never using it', async () => {
    const data = dir();
    writeFileSync(sqliteFile(data), 'x'.repeat(8192));
    const error = await failure({ dataDir: data });
    expect(error.message).toMatch(/the database is corrupt \(.+\), so it was moved to .+errcode\.sqlite\.corrupt-/);
    expect(existsSync(sqliteFile(data))).toBe(false);
    expect(readdirSync(data).some((f) => f.startsWith('errcode.sqlite.corrupt-'))).toBe(true);
    await (await openStorage({ dataDir: data })).close(); // the next start begins afresh, as the message said
  });

  it('moves a truncated database aside: the integrity check sees what opening does not', async () => {
    const data = dir();
    const storage = await openStorage({ dataDir: data });
    for (let i = 0; i < 2000; i++) await storage.ledger.claim('C1', `1700000000.${String(i).padStart(6, '0')}`);
    await storage.close();
    truncateSync(sqliteFile(data), Math.floor(statSync(sqliteFile(data)).size / 2));
    const error = await failure({ dataDir: data });
    expect(error.message).toContain('the database is corrupt');
    expect(error.message).toContain('Restore a backup');
  });

  it('refuses once, loudly, a write-ahead log with garbage over it after a crash, keeping a copy', async () => {
    const data = await crashImage(50);
    const wal = `${sqliteFile(data)}-wal`;
    expect(checkWal(wal, statSync(wal).size)).toEqual({ ok: true, frames: expect.any(Number) });
    writeFileSync(wal, Buffer.alloc(statSync(wal).size, 0x5a));
    const error = await failure({ dataDir: data });
    expect(error.message).toContain("the database's write-ahead log was damaged after a crash");
    expect(error.message).toContain('a message Slack delivers again may be answered twice');
    expect(readdirSync(data).some((f) => f.startsWith('errcode.sqlite-wal.damaged-'))).toBe(true);
    // The next start carries on with what could be read (here: nothing of the 50), without a word more.
    const storage = await openStorage({ dataDir: data });
    await storage.close();
    expect(await answered(data)).toBe(0);
  });

  it('keeps the transactions before damage in the middle of the log, and refuses once', async () => {
    const data = await crashImage(50);
    const wal = `${sqliteFile(data)}-wal`;
    const frame = 24 + 4096;
    const bytes = readFileSync(wal);
    bytes.fill(0x00, 32 + 20 * frame, 32 + 21 * frame);
    writeFileSync(wal, bytes);
    const check = checkWal(wal, bytes.length);
    expect(check).toMatchObject({ ok: false, problem: 'bytes after frame 20 are not frames SQLite wrote' });
    await failure({ dataDir: data });
    await (await openStorage({ dataDir: data })).close();
    const kept = await answered(data);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(50);
  });

  it('starts silently on a log a crash left whole', async () => {
    const data = await crashImage(50);
    await (await openStorage({ dataDir: data })).close();
    expect(await answered(data)).toBe(50);
  });

  it('refuses a database path that is a directory', async () => {
    const data = dir();
    mkdirSync(sqliteFile(data));
    expect((await failure({ dataDir: data })).message).toContain('the database is not a file');
  });
});

describePostgres('opening the PostgreSQL store at start', () => {
  it('names DATABASE_URL, without its password, when the server cannot be reached', async () => {
    const error = await failure({ databaseUrl: 'postgres://errcode:s3cret-pw@127.0.0.1:1/errcode' });
    expect(error.message).toBe(
      'DATABASE_URL (postgres://errcode:***@127.0.0.1:1/errcode): PostgreSQL at 127.0.0.1:1 cannot be reached (ECONNREFUSED). Check that the server runs and that this host can reach it, or correct the host and port in DATABASE_URL',
    );
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('names DATABASE_URL when the database does not exist', async () => {
    const error = await failure({ databaseUrl: 'postgres://postgres:pw@127.0.0.1:5432/errcode_no_such_db' });
    expect(error.message).toContain('the database does not exist');
    expect(error.message).not.toContain(':pw@');
  });

  it('opens a database that exists', async () => {
    const db = await freshDatabase();
    cleanups.push(() => void db.drop());
    await (await openStorage({ databaseUrl: db.url })).close();
  });
});
