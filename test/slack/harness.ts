import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import type { WebClientOptions } from '@slack/web-api';
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';
import { Answers } from '../../src/answers.ts';
import { loadConfig } from '../../src/config.ts';
import type { OutboxOptions } from '../../src/outbox/outbox.ts';
import { createSlackBot, type SlackBot } from '../../src/slack/app.ts';
import { openStorage, type Storage } from '../../src/store/storage.ts';
import { shippedEngine } from '../engine/shared.ts';
import { FakeSlack, type FakeSlackOptions } from '../support/fake-slack.ts';

export const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
export const BOT_USER = 'UBOT0001';
export const TEAM = 'T0TEAM01';
export const SLACK = 'https://slack.com';

/** A running errcode app on loopback, driven with signed requests as Slack sends them. */
export interface Harness {
  app: App;
  server: Server;
  bot: SlackBot;
  storage: Storage;
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Intercepts auth.test, called twice at start: errcode's fail-fast token check, then Bolt learning its bot user. */
export function nockAuth(): nock.Scope {
  return nock(SLACK)
    .post('/api/auth.test')
    .times(2)
    .reply(200, { ok: true, user_id: BOT_USER, bot_id: 'BBOT0001', team_id: TEAM, user: 'errcode', team: 'Test' });
}

/** Starts the real HTTP receiver on a free port. Pass the same data directory to simulate a restart. */
export async function startApp(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    clientOptions?: WebClientOptions;
    /** Outbox options (tests with faults make retries quick). */
    outbox?: Partial<OutboxOptions>;
  } = {},
): Promise<Harness> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '3000',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const storage = await openStorage(options.dataDir ? { dataDir: options.dataDir } : { memory: true });
  const logs: string[] = [];
  const logger = new ConsoleLogger();
  logger.setLevel(LogLevel.ERROR);
  logger.error = (...msgs: unknown[]) => void logs.push(msgs.map(String).join(' '));
  nockAuth();
  const bot = createSlackBot({
    config,
    answers: new Answers(shippedEngine(), storage),
    storage,
    logger,
    // Outbox jobs are looked for every 50 ms here, so a retried job does not keep a test waiting.
    outboxIntervalMs: 50,
    clientOptions: { retryConfig: { retries: 0 }, ...options.clientOptions },
    // An attempt that may have reached Slack is followed by a look 100 ms later (production waits 30 s for it).
    outbox: { settleMs: 100, ...options.outbox },
  });
  const server = await bot.start(0, config.host);
  if (!server) throw new Error('the HTTP receiver did not start a server');
  const { port } = server.address() as AddressInfo;
  return {
    app: bot.app,
    server,
    bot,
    storage,
    url: `http://127.0.0.1:${port}`,
    logs,
    stop: async () => {
      await bot.stop();
      await storage.close();
    },
  };
}

/** Signs a body as Slack does (v0 HMAC-SHA256 over `v0:timestamp:body`). */
export function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/** POSTs a signed request to /slack/events. */
export async function post(
  h: Harness,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...sign(body), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - start };
}

let seq = 0;

/** An Events API delivery of `event`. */
export function eventBody(event: Record<string, unknown>, eventId = `Ev${++seq}`): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0APP001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
  });
}

/** A slash command as Slack posts it (form-encoded). */
export function commandBody(
  text: string,
  responsePath = '/commands/T0TEAM01/1/abc',
  extra: Record<string, string> = {},
): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: TEAM,
    team_domain: 'test',
    channel_id: 'C0CHAN001',
    channel_name: 'support',
    user_id: 'U0USER001',
    user_name: 'alice',
    command: '/errcode',
    text,
    api_app_id: 'A0APP001',
    response_url: `https://hooks.slack.com${responsePath}`,
    trigger_id: '123.456.abc',
    ...extra,
  }).toString();
}

/** An interactivity payload (buttons, shortcuts, modals) as Slack posts it. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** Waits until every interceptor of the scopes was used, or fails after `ms`. */
export async function settled(scopes: nock.Scope[], ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (scopes.every((s) => s.isDone())) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const s of scopes) s.done();
}

/** Gives in-flight listeners time to (not) act, for tests that expect nothing to happen. */
export function quiet(ms = 150): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A users.info reply with a locale. */
export function nockLocale(user: string, locale: string): nock.Scope {
  return nock(SLACK)
    .post('/api/users.info', (body) => body.user === user)
    .reply(200, { ok: true, user: { id: user, locale } });
}

/** Parses a Web API or response_url body, whichever encoding the client used; JSON-valued fields decoded. */
export function parseBody(body: unknown): Record<string, unknown> {
  const raw =
    typeof body === 'string'
      ? body.startsWith('{')
        ? JSON.parse(body)
        : Object.fromEntries(new URLSearchParams(body))
      : (body as Record<string, unknown>);
  const out: Record<string, unknown> = { ...raw };
  for (const k of ['blocks', 'view', 'metadata']) if (typeof out[k] === 'string') out[k] = JSON.parse(out[k] as string);
  return out;
}

/** Waits until `check` holds, or fails after `ms`. */
export async function until(check: () => boolean, ms = 6000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error('condition not met in time');
}

/** Lets a test file reach loopback only: anything else must be intercepted by nock. */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
  });
  afterAll(() => nock.enableNetConnect());
}

/** A fake Web API and an app started over it, with a data directory of their own. */
export interface Started {
  slack: FakeSlack;
  h: Harness;
  dataDir: string;
  /** Stops both, forgets nock's interceptors and removes the data directory. */
  stop(): Promise<void>;
}

/** Starts a fake Slack (`slack` options) and the app over it (`env` added to the app's environment). */
export async function startOverFakeSlack(
  slack: Partial<FakeSlackOptions> = {},
  env: Record<string, string> = {},
): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'errcode-slack-'));
  const fake = await new FakeSlack({ botUserId: BOT_USER, teamId: TEAM, ...slack }).start();
  const h = await startApp({ dataDir, env: { SLACK_API_URL: fake.url, ...env } });
  return {
    slack: fake,
    h,
    dataDir,
    stop: async () => {
      await h.stop();
      await fake.stop();
      nock.cleanAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
