import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freshDatabase } from './databases.ts';
import { FakeSlack } from './fake-slack.ts';
import { eventBody, formValues, interactionBody, sign } from './slack-requests.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The signing secret the processes are started with. */
export const SECRET = '0123456789abcdef0123456789abcdef';
const TEAM = 'T0TEAM01';
const BOT = 'UBOT0001';
const SOURCE = 'C0CHAN001';
const ESCALATION = 'C0ESCAL01';
const LEASE_SECONDS = 3;

/** What the scenario measured and found. */
export interface ReplicaFigures {
  messages: number;
  deliveries: number;
  failedDeliveries: number;
  tickets: number;
  ticketRequests: number;
  /** Seconds from the first delivery until every answer, card and reply was posted. */
  seconds: number;
  killedAfterMessages: number;
  answers: number;
  messagesWithoutAnswer: number;
  duplicateAnswers: number;
  cards: number;
  duplicateCards: number;
  uniqueTicketNumbers: number;
  sourceReplies: number;
  duplicateSourceReplies: number;
  /** Jobs left pending or dead in the database at the end. */
  jobsLeft: number;
  /** Look-before-repost calls (conversations.replies/history) made by jobs in doubt. */
  lookups: number;
  /** Jobs in doubt: held by the killed replica when it died, taken over by the other once the lease ended. */
  jobsTakenOver: number;
}

/** One errcode process, as `npm start` runs it. */
export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
  alive: boolean;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts `npm start`'s entry point with only `env` (cwd: ERRCODE_DATA_DIR), on a free port of loopback. */
export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(ROOT, 'src/main.ts')],
    {
      cwd: env.ERRCODE_DATA_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const replica: Replica = { name, url: `http://127.0.0.1:${port}`, child, output: () => out, alive: true };
  child.on('exit', () => {
    replica.alive = false;
  });
  return replica;
}

/** Waits until the process's /healthz answers 200; fails if it exits first. */
export async function healthy(replica: Replica, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const status = await fetch(`${replica.url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (!replica.alive) throw new Error(`${replica.name} exited:\n${replica.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${replica.name} not healthy in time:\n${replica.output()}`);
}

/** POSTs a signed request; resolves to the status, 0 when the process is gone. */
export async function deliver(
  replica: Replica,
  body: string,
  contentType: string,
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${replica.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...sign(body, SECRET) },
      body,
    });
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

export const JSON_TYPE = 'application/json';
export const FORM = 'application/x-www-form-urlencoded';

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Waits until `check` holds, or fails after `ms` saying `what` did not happen. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not in ${ms / 1000} s: ${what}`);
}

const tsOf = (i: number) => `1700000000.${String(i).padStart(6, '0')}`;

/**
 * Two errcode processes on one fresh PostgreSQL database and one fake Slack: every pasted message is delivered to
 * both at once; tickets are clicked and submitted to both, twice over; one process is SIGKILLed midway. Resolves to
 * the figures once everything was posted (or the time ran out: the figures then show what is missing).
 */
export async function runReplicaScenario(
  options: { messages?: number; tickets?: number } = {},
): Promise<ReplicaFigures> {
  const messages = options.messages ?? 1000;
  const tickets = options.tickets ?? 50;
  const killAt = Math.floor(messages * 0.6);
  const db = await freshDatabase();
  const slack = await new FakeSlack({ botUserId: BOT, teamId: TEAM, members: ['U0USER001'] }).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'errcode-replicas-'));
  const replicas: Replica[] = [];
  let failedDeliveries = 0;
  let deliveries = 0;
  let ticketRequests = 0;
  try {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      DATABASE_URL: db.url,
      ERRCODE_ESCALATION_CHANNEL: ESCALATION,
      ERRCODE_OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      ERRCODE_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    };
    replicas.push(await startReplica('A', env), await startReplica('B', env));
    await Promise.all(replicas.map((r) => healthy(r)));
    const [a, b] = replicas as [Replica, Replica];
    const both = async (body: string, type: string) => {
      const results = await Promise.all(replicas.map((r) => deliver(r, body, type)));
      deliveries += results.length;
      failedDeliveries += results.filter((r) => r.status !== 200).length;
      return results;
    };

    const started = performance.now();
    // Messages 0 … tickets-1 hold an error whose measure is to contact support: their answers offer a ticket.
    const paste = async (i: number) => {
      const text =
        i < tickets
          ? `{"error_code":"IMG.0014","error_msg":"boom ${i}","request_id":"req-${String(i).padStart(5, '0')}"}`
          : `{"error_code":"IMG.0024","error_msg":"The image type in the request is incorrect.","request_id":"r${i}"}`;
      const event = {
        type: 'message',
        channel: SOURCE,
        channel_type: 'channel',
        user: `U0USER${String(i % 7).padStart(3, '0')}`,
        text,
        ts: tsOf(i),
        event_ts: tsOf(i),
      };
      await both(eventBody(event, `Ev${i}`, TEAM, BOT), JSON_TYPE);
    };
    const answerOf = (i: number) =>
      slack.repliesIn(SOURCE, tsOf(i)).find((m) => m.metadata?.event_payload.key === `answer:${SOURCE}:${tsOf(i)}`);

    /** Clicks "Open support ticket" on message i's answer, then submits the form to both replicas, twice. */
    const ticket = async (i: number) => {
      await until(() => answerOf(i) !== undefined, 30_000, `the answer to message ${i}`);
      const value = /"action_id":"errcode_ticket","value":"([^"]+)"/.exec(JSON.stringify(answerOf(i)?.blocks))?.[1];
      if (!value) throw new Error(`no ticket button on the answer to message ${i}`);
      const trigger = `trigger.${i}`;
      const click = interactionBody({
        type: 'block_actions',
        user: { id: 'U0USER001', name: 'alice', team_id: TEAM },
        team: { id: TEAM, domain: 'acme' },
        api_app_id: 'A0APP001',
        trigger_id: trigger,
        response_url: 'https://hooks.slack.invalid/actions/1',
        container: { type: 'message', message_ts: answerOf(i)?.ts, channel_id: SOURCE },
        channel: { id: SOURCE, name: 'support' },
        actions: [{ type: 'button', action_id: 'errcode_ticket', block_id: 'errcode_item_0', value, action_ts: '1.1' }],
      });
      // A double click: one click lands on each replica; either opens the form.
      ticketRequests += 2;
      await both(click, FORM);
      await until(() => slack.callsOf('views.open').some((c) => c.args.trigger_id === trigger), 15_000, `form ${i}`);
      const view = slack.callsOf('views.open').find((c) => c.args.trigger_id === trigger)?.args.view as Record<
        string,
        unknown
      >;
      const submission = (viewId: string) =>
        interactionBody({
          type: 'view_submission',
          team: { id: TEAM, domain: 'acme' },
          user: { id: 'U0USER001', name: 'alice', team_id: TEAM },
          api_app_id: 'A0APP001',
          view: {
            id: viewId,
            type: 'modal',
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            hash: 'h1',
            state: { values: formValues(view, { doing: `Creating image number ${i} from ecs-prod-01` }) },
          },
        });
      // Submitted to both at once (a double submission), then once more (a retry).
      ticketRequests += 3;
      await both(submission(`V${i}a`), FORM);
      const retry = await deliver(a.alive ? a : b, submission(`V${i}b`), FORM);
      deliveries += 1;
      if (retry.status !== 200) failedDeliveries += 1;
    };

    const first = Array.from({ length: killAt }, (_, i) => i);
    const rest = Array.from({ length: messages - killAt }, (_, i) => killAt + i);
    await pool(first, 16, paste);
    const half = Math.floor(tickets / 2);
    await pool(
      Array.from({ length: half }, (_, i) => i),
      4,
      ticket,
    );
    // The rest arrives while B is killed: some deliveries reach it just before, none after.
    let killedAfter = killAt;
    const flood = pool(rest, 16, async (i) => {
      await paste(i);
      if (b.alive && i === killAt + 50) {
        killedAfter = i + 1;
        b.child.kill('SIGKILL');
      }
    });
    await Promise.all([
      flood,
      pool(
        Array.from({ length: tickets - half }, (_, i) => half + i),
        4,
        ticket,
      ),
    ]);

    const cardsOf = () => slack.messages.filter((m) => m.channel === ESCALATION && !m.thread_ts);
    const openedReplies = () =>
      slack.messages.filter((m) => m.channel === SOURCE && m.thread_ts && /opened support ticket/.test(m.text ?? ''));
    const allAnswered = () => {
      for (let i = 0; i < messages; i++) if (!answerOf(i)) return false;
      return true;
    };
    await until(
      () => allAnswered() && cardsOf().length >= tickets && openedReplies().length >= tickets,
      60_000,
      'every answer, card and source reply',
    ).catch(() => undefined);
    const seconds = (performance.now() - started) / 1000;
    // Stragglers: a job whose lease ran out while it was still running would post now.
    await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 1) * 1000));

    let answers = 0;
    let withoutAnswer = 0;
    let duplicateAnswers = 0;
    for (let i = 0; i < messages; i++) {
      const n = slack
        .repliesIn(SOURCE, tsOf(i))
        .filter((m) => m.metadata?.event_payload.key === `answer:${SOURCE}:${tsOf(i)}`).length;
      answers += n;
      if (n === 0) withoutAnswer++;
      if (n > 1) duplicateAnswers += n - 1;
    }
    const cards = cardsOf();
    const numbers = new Set(cards.map((c) => /ESC-\d+/.exec(c.text ?? '')?.[0]));
    const replies = openedReplies();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const left = await client.query("SELECT COUNT(*)::int AS n FROM outbox_jobs WHERE state != 'done'");
    const again = await client.query('SELECT COUNT(*)::int AS n FROM outbox_jobs WHERE doubt = 1');
    await client.end();
    const history = slack.callsOf('conversations.replies').length + slack.callsOf('conversations.history').length;
    return {
      messages,
      deliveries,
      failedDeliveries,
      tickets,
      ticketRequests,
      seconds: Math.round(seconds * 10) / 10,
      killedAfterMessages: killedAfter,
      answers,
      messagesWithoutAnswer: withoutAnswer,
      duplicateAnswers,
      cards: cards.length,
      duplicateCards: cards.length - numbers.size,
      uniqueTicketNumbers: numbers.size,
      sourceReplies: replies.length,
      duplicateSourceReplies: replies.length - new Set(replies.map((r) => r.thread_ts)).size,
      jobsLeft: (left.rows[0] as { n: number }).n,
      lookups: history,
      jobsTakenOver: (again.rows[0] as { n: number }).n,
    };
  } finally {
    for (const r of replicas) if (r.alive) r.child.kill('SIGKILL');
    await slack.stop();
    // Let the killed processes' connections go before the database is dropped (WITH FORCE ends the rest).
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
