/**
 * `npm run bench:store`: the store on each adapter — message claims per second (alone, and as chat answering makes
 * them: claim + lookup + answer + job in one unit of work), ticket submit p50/p99 — and the replica scenario's figures
 * (two processes on one PostgreSQL). PostgreSQL parts run when 127.0.0.1:5432 answers; BENCH_REPLICAS=0 skips the
 * scenario.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredAnswer } from '../src/answers.ts';
import { loadCatalog } from '../src/catalog/load.ts';
import { createEngine } from '../src/engine/engine.ts';
import { draftFromAnswer, type TicketDraft } from '../src/escalation/draft.ts';
import type { TicketNotifier } from '../src/escalation/ports.ts';
import { EscalationService } from '../src/escalation/service.ts';
import { DEFAULT_CATALOG_DIR } from '../src/paths.ts';
import { openStorage, type Storage } from '../src/store/storage.ts';
import { freshDatabase, PG_HOST, postgresReachable } from '../test/support/databases.ts';
import { runReplicaScenario } from '../test/support/replicas.ts';

const engine = createEngine(loadCatalog(DEFAULT_CATALOG_DIR));
const drafted = draftFromAnswer(engine.answer('{"error_code":"IMG.0014","error_msg":"x"}'), {
  now: new Date(),
  reporter: 'U1',
  doing: 'Creating an image',
});
if (!drafted) throw new Error('IMG.0014 no longer drafts a ticket');
const draft: TicketDraft = drafted;
const stored: StoredAnswer = {
  id: randomUUID(),
  query: '{"error_code":"IMG.0024","error_msg":"x"}',
  answer: engine.answer('{"error_code":"IMG.0024","error_msg":"x"}'),
  via: 'message',
  channel: 'C1',
};
/** Tickets are stored, not posted, here. */
const notifier: TicketNotifier = {
  check: async () => ({ ok: true, channel: 'CESC' }),
  isMember: async () => true,
  postCard: async () => 'CESC:1',
  updateCard: async () => {},
  replySource: async () => {},
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;

/** Median of `rounds` timings of `n` calls of `call`, with `width` running at once. */
async function perSecond(rounds: number, n: number, width: number, call: (i: number) => Promise<unknown>) {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const base = r * n;
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < n) await call(base + next++);
      }),
    );
    rates.push(performance.now() - start);
  }
  rates.sort((a, b) => a - b);
  return rate(n, percentile(rates, 50));
}

async function bench(name: string, storage: Storage, scale: number): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const claims = 20_000 / scale;
  console.log(`${name}`);
  console.log(
    `  message claims:               ${await perSecond(3, claims, 1, (i) => storage.ledger.claim(run, `a${i}`))}`,
  );
  if (storage.dialect === 'postgres')
    console.log(
      `  message claims, 16 at once:   ${await perSecond(3, claims, 16, (i) => storage.ledger.claim(run, `b${i}`))}`,
    );
  console.log(
    `  claim + mark answered:        ${await perSecond(3, claims, 1, async (i) => {
      await storage.ledger.claim(run, `c${i}`);
      await storage.ledger.markAnswered(run, `c${i}`, 'x');
    })}`,
  );
  console.log(
    `  chat answering unit of work:  ${await perSecond(3, claims / 2, 1, (i) =>
      storage.transaction(async (tx) => {
        if ((await tx.ledger.claim(run, `d${i}`)) !== 'claimed') return;
        await tx.lookups.record({ code: 'IMG.0024', service: 'ims', found: true, via: 'message' });
        await tx.answers.save(`${run}-${i}`, stored);
        await tx.jobs.enqueue({ key: `answer:${run}:d${i}`, kind: 'post_answer', payload: { answerId: stored.id } });
      }),
    )}  (claim, lookup, stored answer and job together)`,
  );
  const escalation = new EscalationService({
    transaction: storage.transaction,
    tickets: storage.tickets,
    notifier,
    kick: () => {},
    initial: { ok: true, channel: 'CESC' },
  });
  const times: number[] = [];
  const n = 2000 / scale;
  let created = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const result = await escalation.submit(
      { ...draft, requestId: `req-${run}-${i}` },
      {
        key: `${run}:${i}`,
        reporter: 'U1',
        source: `C1:${i}.1`,
      },
    );
    times.push(performance.now() - start);
    if (result.kind === 'created') created++;
  }
  const timed = times.slice(n / 10).sort((a, b) => a - b);
  console.log(
    `  ticket submit:                p50 ${percentile(timed, 50).toFixed(3)} ms, p99 ${percentile(timed, 99).toFixed(3)} ms (${created} tickets created, the first ${n / 10} not timed)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'errcode-bench-'));
try {
  const file = await openStorage({ dataDir: dir });
  await bench('SQLite, a file in WAL mode (the default)', file, 1);
  await file.close();
  if (!postgresReachable) {
    console.log(`\nPostgreSQL at ${PG_HOST} not reachable: its figures and the replica scenario are skipped`);
  } else {
    const db = await freshDatabase();
    try {
      const storage = await openStorage({ databaseUrl: db.url });
      console.log('');
      await bench(`PostgreSQL at ${PG_HOST}, a fresh database`, storage, 4);
      await storage.close();
    } finally {
      await db.drop();
    }
    if (process.env.BENCH_REPLICAS !== '0') {
      console.log('\nreplica scenario: two processes on one PostgreSQL, each paste delivered to both, one SIGKILL');
      const f = await runReplicaScenario();
      console.log(
        `  ${f.messages} messages (${f.deliveries} deliveries, ${f.failedDeliveries} refused by the killed process), ${f.tickets} tickets (${f.ticketRequests} clicks and submissions)`,
      );
      console.log(`  everything posted in ${f.seconds} s; replica B killed after message ${f.killedAfterMessages}`);
      console.log(
        `  answers ${f.answers} (missing ${f.messagesWithoutAnswer}, duplicates ${f.duplicateAnswers}); cards ${f.cards} (${f.uniqueTicketNumbers} unique numbers, duplicates ${f.duplicateCards}); source replies ${f.sourceReplies} (duplicates ${f.duplicateSourceReplies}); jobs left ${f.jobsLeft}; jobs taken over from the killed replica ${f.jobsTakenOver}, look-before-repost calls ${f.lookups}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
