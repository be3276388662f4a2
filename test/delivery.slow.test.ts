import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Call, FakeSlack } from './support/fake-slack.ts';
import { deliver, FORM, healthy, JSON_TYPE, type Replica, SECRET, startReplica, until } from './support/replicas.ts';
import { eventBody, formValues, interactionBody } from './support/slack-requests.ts';

const TEAM = 'T0TEAM01';
const BOT = 'UBOT0001';
const SOURCE = 'C0CHAN001';
const ESCALATION = 'C0ESCAL01';
const USER = 'U0USER001';
const THREAD = '1700000000.000100';
/** Slack takes this long to apply a post errcode is killed or stopped in the middle of. */
const SLACK_TAKES_MS = 3000;

let slack: FakeSlack;
let dataDir: string;
const processes: Replica[] = [];

/**
 * errcode as `npm start` runs it, on SQLite in one data directory (so a restart finds its jobs): leases of 6 s (the
 * outbox's calls time out at 2 s), and 1 s of grace on SIGTERM.
 */
async function errcode(): Promise<Replica> {
  const replica = await startReplica(`errcode-${processes.length + 1}`, {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    ERRCODE_ESCALATION_CHANNEL: ESCALATION,
    ERRCODE_OUTBOX_LEASE_SECONDS: '6',
    ERRCODE_SHUTDOWN_GRACE_SECONDS: '1',
    ERRCODE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  processes.push(replica);
  await healthy(replica);
  return replica;
}

const exited = (replica: Replica) =>
  new Promise<void>((resolve) => (replica.alive ? replica.child.once('exit', () => resolve()) : resolve()));

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'errcode-kill-'));
  slack = await new FakeSlack({ botUserId: BOT, teamId: TEAM, members: [USER] }).start();
});
afterEach(async () => {
  for (const p of processes.splice(0)) if (p.alive) p.child.kill('SIGKILL');
  await slack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const isCard = (call: Call) => call.method === 'chat.postMessage' && call.args.channel === ESCALATION;
const isAnswer = (call: Call) => call.method === 'chat.postMessage' && call.args.channel === SOURCE;
const cards = () => slack.messages.filter((m) => m.channel === ESCALATION && !m.thread_ts);
const answers = () =>
  slack.repliesIn(SOURCE, THREAD).filter((m) => m.metadata?.event_payload.key === `answer:${SOURCE}:${THREAD}`);
const notes = () => slack.repliesIn(SOURCE, THREAD).filter((m) => /opened support ticket/.test(m.text ?? ''));

/** The first call `which` picks takes SLACK_TAKES_MS, and is applied then (whoever is still there to hear of it). */
function slowFirst(which: (call: Call) => boolean): void {
  let first = true;
  slack.fault = (call) => {
    if (!which(call) || !first) return undefined;
    first = false;
    return { delayMs: SLACK_TAKES_MS, afterEffect: true };
  };
}

const pasteBody = eventBody(
  {
    type: 'message',
    channel: SOURCE,
    channel_type: 'channel',
    user: USER,
    text: '{"error_code":"IMG.0014","error_msg":"boom","request_id":"req-0001abc"}',
    ts: THREAD,
    event_ts: THREAD,
  },
  'Ev1',
  TEAM,
  BOT,
);

/** Pastes an error whose answer offers a ticket, opens the form from it and submits it. */
async function submitTicket(app: Replica): Promise<void> {
  await deliver(app, pasteBody, JSON_TYPE);
  await until(() => answers().length === 1, 15_000, 'the answer');
  const value = /"action_id":"errcode_ticket","value":"([^"]+)"/.exec(JSON.stringify(answers()[0]?.blocks))?.[1];
  await deliver(
    app,
    interactionBody({
      type: 'block_actions',
      user: { id: USER, name: 'alice', team_id: TEAM },
      team: { id: TEAM, domain: 'acme' },
      api_app_id: 'A0APP001',
      trigger_id: 'trigger.1',
      response_url: 'https://hooks.slack.invalid/actions/1',
      container: { type: 'message', message_ts: answers()[0]?.ts, channel_id: SOURCE },
      channel: { id: SOURCE, name: 'support' },
      actions: [{ type: 'button', action_id: 'errcode_ticket', block_id: 'errcode_item_0', value, action_ts: '1.1' }],
    }),
    FORM,
  );
  await until(() => slack.callsOf('views.open').length === 1, 10_000, 'the form');
  const view = slack.callsOf('views.open')[0]?.args.view as Record<string, unknown>;
  const submitted = await deliver(
    app,
    interactionBody({
      type: 'view_submission',
      team: { id: TEAM, domain: 'acme' },
      user: { id: USER, name: 'alice', team_id: TEAM },
      api_app_id: 'A0APP001',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        hash: 'h1',
        state: { values: formValues(view, { doing: 'Creating an image from ecs-prod-01' }) },
      },
    }),
    FORM,
  );
  expect(submitted.status).toBe(200);
}

describe('delivery across process deaths (slow: real processes, SIGKILL and SIGTERM)', () => {
  it('SIGTERM with a card post in flight: /healthz says 503 at once, the process exits within its grace, and the card is posted once after the restart (defect 7)', async () => {
    const first = await errcode();
    slowFirst(isCard);
    await submitTicket(first);
    await until(() => slack.callsOf('chat.postMessage').some(isCard), 10_000, 'the card post');
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    // The signal and the request race to the process's event loop: ask until the answer changes, briefly.
    let health = await fetch(`${first.url}/healthz`);
    while (health.status === 200 && Date.now() - signalled < 1000) health = await fetch(`${first.url}/healthz`);
    const healthMs = Date.now() - signalled;
    expect(health.status).toBe(503);
    expect(healthMs).toBeLessThan(500);
    expect(await health.json()).toEqual({
      ok: false,
      reason: 'stopping: finishing the work in flight, taking no more',
    });
    await exited(first);
    const exitMs = Date.now() - signalled;
    console.log(
      `SIGTERM: /healthz 503 after ${healthMs} ms, exit after ${exitMs} ms (grace 1 s, a card post in flight)`,
    );
    expect(exitMs).toBeLessThan(4000);

    await errcode();
    await until(() => cards().length === 1 && notes().length === 1, 30_000, 'the card and its note');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
  }, 60_000);

  it('SIGKILL with a card post in flight: the card is posted once after the restart (defect 3)', async () => {
    const first = await errcode();
    slowFirst(isCard);
    await submitTicket(first);
    await until(() => slack.callsOf('chat.postMessage').some(isCard), 10_000, 'the card post');
    first.child.kill('SIGKILL');
    await exited(first);
    await errcode();
    await until(() => cards().length === 1 && notes().length === 1, 30_000, 'the card and its note');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(1);
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(0);
  }, 60_000);

  it('SIGKILL with a thread answer in flight: answered once after the restart, nothing lost (defect 4)', async () => {
    const first = await errcode();
    slowFirst(isAnswer);
    await deliver(first, pasteBody, JSON_TYPE);
    await until(() => slack.callsOf('chat.postMessage').some(isAnswer), 10_000, 'the answer post');
    first.child.kill('SIGKILL');
    await exited(first);
    await errcode();
    // The post lands while the job's lease still holds; once it ends, the restarted process looks, and adopts it.
    await until(() => slack.callsOf('conversations.replies').length > 0, 30_000, 'the look before posting again');
    await new Promise((r) => setTimeout(r, 1000));
    expect(answers()).toHaveLength(1);
  }, 60_000);
});
