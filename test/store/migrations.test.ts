import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedVersions, MIGRATIONS, migrate } from '../../src/store/migrations.ts';
import { PostgresDatabase } from '../../src/store/postgres.ts';
import { openStorage, type Storage, sqliteFile, storageOver } from '../../src/store/storage.ts';
import { tempDir } from '../helpers.ts';
import { describePostgres, freshDatabase } from '../support/postgres.ts';

/** The DDL errcode shipped before migrations existed (Store, Outbox and Tickets each ran theirs at start). */
const SHIPPED_DDL = [
  `CREATE TABLE IF NOT EXISTS messages (
     channel TEXT NOT NULL, ts TEXT NOT NULL, state TEXT NOT NULL, reply_ts TEXT, claimed_at INTEGER NOT NULL,
     PRIMARY KEY (channel, ts))`,
  `CREATE TABLE IF NOT EXISTS channels (
     channel TEXT PRIMARY KEY, muted INTEGER NOT NULL DEFAULT 0, updated_by TEXT, updated_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lookups (
     id INTEGER PRIMARY KEY, code TEXT NOT NULL, service TEXT, found INTEGER NOT NULL, via TEXT NOT NULL, at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS lookups_at ON lookups (at)',
  `CREATE TABLE IF NOT EXISTS answers (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS answers_created ON answers (created_at)',
  'CREATE INDEX IF NOT EXISTS messages_claimed ON messages (claimed_at)',
  `CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY, payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  last_error TEXT, state TEXT NOT NULL DEFAULT 'pending')`,
  `CREATE TABLE IF NOT EXISTS tickets (
     id INTEGER PRIMARY KEY, state TEXT NOT NULL, code TEXT NOT NULL, request_id TEXT, draft TEXT NOT NULL,
     reporter TEXT NOT NULL, assignee TEXT, resolved_by TEXT, repeats INTEGER NOT NULL DEFAULT 0,
     source_channel TEXT, source_thread_ts TEXT, card_channel TEXT, card_ts TEXT,
     submission_key TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS tickets_request ON tickets (request_id) WHERE request_id IS NOT NULL',
  `CREATE TABLE IF NOT EXISTS ticket_submissions (key TEXT PRIMARY KEY, ticket INTEGER NOT NULL)`,
];

const NOW = 1_800_000_000_000;
const DRAFT = JSON.stringify({ title: 't', code: 'IMG.0014', requestId: 'req1234' });

/** Rows as the shipped code wrote them: one of each, plus jobs in every state the old outbox had. */
const SHIPPED_ROWS: [string, (string | number | null)[]][] = [
  ["INSERT INTO messages VALUES ('C1', '1.1', 'answered', '1.2', ?)", [NOW]],
  ["INSERT INTO messages VALUES ('C1', '1.3', 'pending', NULL, ?)", [NOW]],
  ["INSERT INTO channels VALUES ('C2', 1, 'U1', ?)", [NOW]],
  ["INSERT INTO lookups (code, service, found, via, at) VALUES ('IMG.0024', 'ims', 1, 'command', ?)", [NOW]],
  ['INSERT INTO answers VALUES (\'a1\', \'{"id":"a1"}\', ?)', [NOW]],
  [
    `INSERT INTO tickets (id, state, code, request_id, draft, reporter, source_channel, source_thread_ts, card_channel,
       card_ts, submission_key, created_at, updated_at)
     VALUES (1, 'open', 'img.0014', 'req1234', ?, 'U1', 'C1', '1.1', 'CESC', '1700.1', 'a:0', ?, ?)`,
    [DRAFT, NOW, NOW],
  ],
  [
    `INSERT INTO tickets (id, state, code, draft, reporter, card_channel, submission_key, created_at, updated_at)
     VALUES (2, 'open', 'img.0016', ?, 'U1', 'CESC', 'b:0', ?, ?)`,
    [DRAFT, NOW, NOW],
  ],
  ["INSERT INTO ticket_submissions VALUES ('a:0', 1), ('b:0', 2)", []],
  [
    `INSERT INTO outbox (payload, attempts, next_attempt_at, state) VALUES
       ('{"kind":"post_card","ticket":1}', 1, ?, 'done'),
       ('{"kind":"post_card","ticket":2}', 3, ?, 'pending'),
       ('{"kind":"reply_source","ticket":2,"channel":"C1","threadTs":"2.2","event":"opened","user":"U1"}', 0, ?, 'pending'),
       ('{"kind":"update_card","ticket":1}', 1, ?, 'dead')`,
    [NOW, NOW, NOW, NOW],
  ],
];

async function expectUpgraded(storage: Storage): Promise<void> {
  expect(await storage.ledger.claim('C1', '1.1')).toBe('answered');
  // The old process's unfinished claim is dropped: the message can be answered (through the outbox) again.
  expect(await storage.ledger.claim('C1', '1.3')).toBe('claimed');
  expect(await storage.channels.isMuted('C2')).toBe(true);
  expect(await storage.lookups.topCodes(5, 0)).toEqual([{ code: 'IMG.0024', service: 'ims', count: 1 }]);
  expect(await storage.tickets.get(1)).toMatchObject({ number: 'ESC-0001', source: 'C1:1.1', card: 'CESC:1700.1' });
  expect(await storage.tickets.get(2)).not.toHaveProperty('card');
  expect(await storage.tickets.bySubmission('b:0')).toMatchObject({ id: 2 });
  const jobs = await storage.jobs.list(['pending', 'dead']);
  expect(jobs.map((j) => [j.key, j.kind, j.state])).toEqual([
    ['post_card:2', 'post_card', 'pending'],
    [expect.stringMatching(/^legacy:/), 'reply_source', 'pending'],
    [expect.stringMatching(/^legacy:/), 'update_card', 'dead'],
  ]);
  expect(jobs[1]?.payload).toEqual({ kind: 'reply_source', ticket: 2, source: 'C1:2.2', event: 'opened', user: 'U1' });
  // The card already tried is looked for before it is posted again.
  const [card] = await storage.jobs.lease('w', 30_000, 1);
  expect(card).toMatchObject({ key: 'post_card:2', doubt: true, attempts: 4 });
  // New tickets number on from the old ones.
  const created = await storage.tickets.create({ draft: JSON.parse(DRAFT), reporter: 'U1', submissionKey: 'c:0' });
  expect(created.number).toBe('ESC-0003');
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('migrations', () => {
  it('are numbered 1, 2 … in order, each written for both dialects', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.sqlite.length > 0 && m.postgres.length > 0).toBe(true);
  });

  it('upgrade a SQLite database made by the shipped code in place, keeping its rows', async () => {
    const { dir, cleanup } = tempDir('errcode-upgrade-');
    cleanups.push(cleanup);
    const old = new BetterSqlite3(sqliteFile(dir));
    old.pragma('journal_mode = WAL');
    for (const statement of SHIPPED_DDL) old.exec(statement);
    for (const [sql, params] of SHIPPED_ROWS) old.prepare(sql).run(...params);
    old.close();

    const storage = await openStorage({ dataDir: dir }, () => NOW + 1000);
    cleanups.push(() => storage.close());
    await expectUpgraded(storage);
  });

  it('run once: opening an up-to-date store applies nothing', async () => {
    const { dir, cleanup } = tempDir('errcode-upgrade-');
    cleanups.push(cleanup);
    await (await openStorage({ dataDir: dir })).close();
    const again = await openStorage({ dataDir: dir });
    cleanups.push(() => again.close());
    const raw = new BetterSqlite3(sqliteFile(dir), { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });
});

describePostgres('migrations on PostgreSQL', () => {
  it('upgrade a database at the first schema, keeping its rows; replicas starting together migrate once', async () => {
    const fresh = await freshDatabase();
    cleanups.push(fresh.drop);
    const db = PostgresDatabase.open({ connectionString: fresh.url, max: 2 });
    await migrate(db, NOW, MIGRATIONS.slice(0, 1));
    for (const [sql, params] of SHIPPED_ROWS) await db.run(sql, params);
    // The old outbox only ever held jobs in SQLite; PostgreSQL starts from version 1 with none.
    await db.run('DELETE FROM outbox');
    const replicas = [PostgresDatabase.open({ connectionString: fresh.url, max: 2 }), db];
    const applied = await Promise.all(replicas.map((r) => migrate(r, NOW)));
    expect(applied.flat()).toEqual([2, 3, 4]);
    expect(await appliedVersions(db)).toEqual([1, 2, 3, 4]);
    await replicas[0]?.close();
    const storage = storageOver(db, () => NOW + 1000);
    cleanups.push(() => storage.close());
    expect(await storage.tickets.get(1)).toMatchObject({ source: 'C1:1.1', card: 'CESC:1700.1' });
    expect(await storage.ledger.claim('C1', '1.1')).toBe('answered');
    expect(await storage.ledger.claim('C1', '1.3')).toBe('claimed');
    // The rows above were given explicit ids, which an identity column does not see; the app never does that.
    await db.run("SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))");
    const created = await storage.tickets.create({ draft: JSON.parse(DRAFT), reporter: 'U1', submissionKey: 'c:0' });
    expect(created.number).toBe('ESC-0003');
  });
});
