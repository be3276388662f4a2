import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { Answers } from '../../src/answers.ts';
import { loadConfig } from '../../src/config.ts';
import { createSlackBot, type SlackBot } from '../../src/slack/app.ts';
import { openStorage } from '../../src/store/storage.ts';
import { shippedEngine } from '../engine/shared.ts';
import { BOT_USER, loopbackOnly, parseBody, SLACK, TEAM, until } from './harness.ts';

let server: WebSocketServer;
let bot: SlackBot | undefined;

loopbackOnly();
afterEach(async () => {
  await bot?.stop();
  server?.close();
  nock.cleanAll();
});

/** A stand-in for Slack's Socket Mode endpoint on loopback: says hello, then lets the test send envelopes. */
async function fakeSocketMode(): Promise<{ url: string; connected: Promise<WebSocket>; received: unknown[] }> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.on('listening', () => r()));
  const received: unknown[] = [];
  const connected = new Promise<WebSocket>((resolve) => {
    server.on('connection', (socket) => {
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake' },
          connection_info: { app_id: 'A0APP001' },
        }),
      );
      resolve(socket);
    });
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, connected, received };
}

describe('Socket Mode', () => {
  it('connects through apps.connections.open, acknowledges a slash command envelope and answers it', async () => {
    const socket = await fakeSocketMode();
    nock(SLACK)
      .post('/api/auth.test')
      .times(2)
      .reply(200, { ok: true, user_id: BOT_USER, bot_id: 'BBOT0001', team_id: TEAM });
    nock(SLACK).post('/api/apps.connections.open').reply(200, { ok: true, url: socket.url });
    nock(SLACK)
      .post('/api/users.info')
      .reply(200, { ok: true, user: { id: 'U0USER001', locale: 'en-US' } });
    const replies: Record<string, unknown>[] = [];
    nock('https://hooks.slack.com')
      .post('/commands/T0TEAM01/1/sock', (body) => {
        replies.push(parseBody(body));
        return true;
      })
      .reply(200, 'ok');

    const store = await openStorage({ memory: true });
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-1-test', LOG_LEVEL: 'error' });
    bot = createSlackBot({
      config,
      answers: new Answers(shippedEngine(), store),
      storage: store,
      logger: silentLogger(),
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await bot.start(0);
    const ws = await socket.connected;
    ws.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'legacy',
          team_id: TEAM,
          channel_id: 'C0CHAN001',
          user_id: 'U0USER001',
          command: '/errcode',
          text: 'APIGW.0301',
          response_url: 'https://hooks.slack.com/commands/T0TEAM01/1/sock',
          trigger_id: '1.2.3',
          api_app_id: 'A0APP001',
        },
      }),
    );
    await until(() => socket.received.some((m) => (m as { envelope_id?: string }).envelope_id === 'env-1'));
    await until(() => replies.length === 1);
    expect(String(replies[0]?.text)).toContain('APIG.0301');
  });
});

function silentLogger() {
  const noop = () => {};
  return {
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    setLevel: noop,
    getLevel: () => 'error' as never,
    setName: noop,
  };
}
